//! Embeds the content library (`building-blocks/`, `casuistiek/`, `planning/`) into the
//! binary so that `draaiboek` works from any folder.

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut entries = Vec::new();
    for dir in ["building-blocks", "casuistiek", "planning"] {
        println!("cargo:rerun-if-changed={dir}");
        let path = Path::new(&root).join(dir);
        let mut names: Vec<_> = std::fs::read_dir(&path)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        names.sort();
        for p in names {
            println!("cargo:rerun-if-changed={}", p.display());
            let name = format!("{dir}/{}", p.file_name().unwrap().to_string_lossy());
            entries.push(format!("({name:?}, include_str!({:?})),", p.display().to_string()));
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_library.rs");
    std::fs::write(out, format!("&[\n{}\n]", entries.join("\n"))).unwrap();

    // Templates: src/templates/*.j2, embedded under their file name.
    println!("cargo:rerun-if-changed=src/templates");
    let dir = Path::new(&root).join("src/templates");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "j2"));
    names.sort();
    let mut templates = Vec::new();
    for p in names {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        templates.push(format!("({name:?}, include_str!({:?})),", p.display().to_string()));
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_templates.rs");
    std::fs::write(out, format!("&[\n{}\n]", templates.join("\n"))).unwrap();
}

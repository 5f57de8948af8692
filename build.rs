//! Embeds the content library (`building-blocks/`, `casuistiek/`, `planning/`) into the
//! binary so that `draaiboek` works from any folder.

use std::path::Path;

// The one stable hash of the program, shared so that the fingerprint below
// is the same one `library::bron_vingerafdruk` computes at run time.
#[allow(dead_code)]
#[path = "src/fnv.rs"]
mod fnv;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut entries = Vec::new();
    // Fingerprint of the library sources: names and texts, in embedding order.
    let mut bron = Vec::new();
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
            bron.extend_from_slice(name.as_bytes());
            bron.push(0);
            bron.extend_from_slice(&std::fs::read(&p).unwrap());
            bron.push(0);
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_library.rs");
    std::fs::write(out, format!("&[\n{}\n]", entries.join("\n"))).unwrap();
    voorgelezen(&root, fnv::fnv64(&bron));

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

    bouw(&root);
}

/// The fingerprint of the program itself: every source file, the library,
/// the templates and the locked dependency versions. `maak` keeps it with
/// its output (`write::INVOER`), so a new or changed draaiboek never takes
/// a folder made by another build for up to date.
fn bouw(root: &str) {
    let mut paden = Vec::new();
    for p in ["src", "building-blocks", "casuistiek", "planning"] {
        println!("cargo:rerun-if-changed={p}");
        alle_bestanden(&Path::new(root).join(p), &mut paden);
    }
    for p in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={p}");
        paden.push(Path::new(root).join(p));
    }
    paden.sort();
    let mut h = fnv::FNV64_BEGIN;
    for p in &paden {
        let naam = p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        h = fnv::fnv64_verder(h, naam.as_bytes());
        h = fnv::fnv64_verder(h, &[0]);
        h = fnv::fnv64_verder(h, &std::fs::read(p).unwrap_or_default());
        h = fnv::fnv64_verder(h, &[0]);
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bouw.rs");
    std::fs::write(out, format!("0x{h:016x}")).unwrap();
}

/// Every file under `dir`, recursively.
fn alle_bestanden(dir: &Path, uit: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => alle_bestanden(&p, uit),
            Ok(t) if t.is_file() => uit.push(p),
            _ => {}
        }
    }
}

/// The library as the loader read it, saved in postcard's format by the test
/// `ingebouwde_bibliotheek_is_actueel` (see `library::VOORGELEZEN`): embedded
/// only when it was made from exactly these sources, so it can never be
/// stale. Otherwise the program reads the TOML at every start, as before,
/// and the build says how to refresh the file.
fn voorgelezen(root: &str, vingerafdruk: u64) {
    let path = Path::new(root).join(VOORGELEZEN);
    println!("cargo:rerun-if-changed={}", path.display());
    let bytes = std::fs::read(&path).unwrap_or_default();
    let kop = format!("draaiboek-bibliotheek {vingerafdruk:016x}\n");
    let code = if bytes.starts_with(kop.as_bytes()) {
        format!(
            "Some(include_bytes!({:?}).split_at({}).1)",
            path.display().to_string(),
            kop.len()
        )
    } else {
        println!(
            "cargo:warning={VOORGELEZEN} hoort niet bij de bibliotheek-TOML; draaiboek leest de TOML nu bij elke start. \
             Ververs het met: DRAAIBOEK_VERVERS=1 cargo test --test library ingebouwde_bibliotheek_is_actueel"
        );
        "None".to_string()
    };
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("voorgelezen_library.rs");
    std::fs::write(out, code).unwrap();
}

const VOORGELEZEN: &str = "src/ingebouwde-bibliotheek.bin";

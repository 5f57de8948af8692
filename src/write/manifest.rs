//! The manifest (`.draaiboek-manifest`): which files draaiboek wrote in a
//! folder, with the hash of their bytes.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path};

use anyhow::{Context, anyhow, bail};

use super::*;

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".draaiboek-manifest";

pub(super) const MANIFEST_HEADER: &str = "# Bestanden die draaiboek in deze map heeft geschreven (hash, pad).\n\
# draaiboek overschrijft alleen bestanden die hier staan en sindsdien niet met de hand zijn veranderd.\n";

/// Per relative path, the hashes of the bytes draaiboek wrote there (two
/// while a run is replacing the file, one otherwise).
pub(super) type Manifest = BTreeMap<String, Vec<u64>>;

/// The manifest text after this run, merged from the `old` entries and the
/// queued `files` (the same text as [`render_manifest`] of the merged map).
/// With `overgang` a changing file lists its old hashes and then the new
/// one; otherwise only the new one, and the paths in `gaan` are left out.
pub(super) fn manifest_naar(
    old: &Manifest,
    files: &Wachtrij,
    overgang: bool,
    gaan: &std::collections::BTreeSet<&str>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    out.write_all(MANIFEST_HEADER.as_bytes())?;
    let regel = |out: &mut dyn std::io::Write, rel: &str, h: u64| writeln!(out, "{h:016x}  {rel}");
    let oude = |out: &mut dyn std::io::Write, rel: &str, hashes: &[u64]| -> std::io::Result<()> {
        if !gaan.contains(rel) {
            for h in hashes {
                regel(out, rel, *h)?;
            }
        }
        Ok(())
    };
    let mut o = old.iter().peekable();
    for (rel, inhoud) in files {
        while let Some((r, hs)) = o.next_if(|(r, _)| r.as_str() < &**rel) {
            oude(out, r, hs)?;
        }
        let eerder = o.next_if(|(r, _)| r.as_str() == &**rel).map(|(_, hs)| hs.as_slice());
        if overgang && let Some(hs) = eerder {
            for h in hs {
                regel(out, rel, *h)?;
            }
            if !hs.contains(&inhoud.hash) {
                regel(out, rel, inhoud.hash)?;
            }
        } else {
            regel(out, rel, inhoud.hash)?;
        }
    }
    for (r, hs) in o {
        oude(out, r, hs)?;
    }
    Ok(())
}

/// [`manifest_naar`] as a String.
#[cfg(test)]
pub(super) fn manifest_na(
    old: &Manifest,
    files: &Wachtrij,
    overgang: bool,
    gaan: &std::collections::BTreeSet<&str>,
) -> String {
    let mut out = Vec::new();
    manifest_naar(old, files, overgang, gaan, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Write the manifest that `schrijf` makes (straight into the file, in
/// blocks: with tens of thousands of files it is megabytes of text).
pub(super) fn write_manifest(
    dir: &Path,
    schrijf: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let tmp = stage_met(dir, true, |f| {
        let mut w = std::io::BufWriter::with_capacity(BLOK, f);
        schrijf(&mut w)?;
        w.flush()
    })
    .context("het manifest is niet geschreven")?;
    tmp.persist(dir.join(MANIFEST)).map_err(|e| {
        anyhow!(
            "het manifest kan niet geschreven worden: {}",
            crate::io_reason(&e.error)
        )
    })?;
    Ok(())
}

/// The manifest must be draaiboek's own regular file (or absent): a folder,
/// a link or a foreign file in its place is found before anything is written.
pub(super) fn check_manifest_path(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(MANIFEST);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(());
    };
    let probleem = if meta.file_type().is_symlink() {
        Some("een koppeling (symlink)")
    } else if meta.is_dir() {
        Some("een map")
    } else if !meta.is_file() {
        Some("geen gewoon bestand")
    } else {
        let head = crate::reader::read_regular(&path, 64 * 1024 * 1024).unwrap_or_default();
        let first = MANIFEST_HEADER.lines().next().unwrap_or_default();
        (!head.starts_with(first.as_bytes())).then_some("een bestand dat niet door draaiboek is geschreven")
    };
    match probleem {
        None => Ok(()),
        Some(wat) => bail!(
            "draaiboek heeft niets geschreven: {} is {wat}, maar daar houdt draaiboek bij welke bestanden het schreef. \
             Verplaats het, of kies een andere map met --uit MAP.",
            path.display()
        ),
    }
}

pub(super) fn check_rel(rel: &str) -> anyhow::Result<()> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && rel != MANIFEST;
    if ok {
        Ok(())
    } else {
        bail!("intern: ongeldig uitvoerpad `{rel}`")
    }
}

pub(super) fn read_manifest(dir: &Path) -> Manifest {
    parse_manifest(&std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default())
}

pub(super) fn parse_manifest(text: &str) -> Manifest {
    let mut m = Manifest::new();
    for (h, rel) in manifest_regels(text) {
        m.entry(rel.to_string()).or_default().push(h);
    }
    m
}

/// The manifest's entries as (hash, path), in the file's order; comment
/// lines and lines that are no entry (or name no safe path) are skipped.
pub(super) fn manifest_regels(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let (h, rel) = l.split_once("  ")?;
        let h = u64::from_str_radix(h, 16).ok()?;
        check_rel(rel).is_ok().then_some((h, rel))
    })
}

#[cfg(test)]
pub(super) fn render_manifest(m: &Manifest) -> String {
    let mut out = MANIFEST_HEADER.to_string();
    for (rel, hashes) in m {
        for h in hashes {
            out.push_str(&format!("{h:016x}  {rel}\n"));
        }
    }
    out
}

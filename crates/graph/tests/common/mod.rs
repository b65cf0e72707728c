//! Shared helpers for the integration tests: the fixture corpus, copied into
//! the repository from /work/shared/fixtures so CI needs nothing else.

#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;

/// `tests/fixtures` of this crate.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `tests/fixtures/graph-docs` of this crate.
pub fn graph_docs_dir() -> PathBuf {
    fixtures_dir().join("graph-docs")
}

/// Reads a fixture file relative to `tests/fixtures`.
pub fn read_fixture(rel: &str) -> String {
    let path = fixtures_dir().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One body row of `graph-docs/manifest.tsv`.
#[derive(Debug, Clone)]
pub struct ManifestRow {
    /// File name in `graph-docs/`.
    pub file: String,
    /// `v1.0` or `beta`.
    pub version: String,
    /// Page path in microsoft-graph-docs-contrib.
    pub source_path: String,
    /// `request`, `response` or `representation`.
    pub kind: String,
    /// `yes` or `no`.
    pub valid_json: bool,
    /// Free-text notes (parser error of Python's json module, quirks).
    pub notes: String,
}

impl ManifestRow {
    /// The page stem, e.g. `synchronization-synchronizationjob-get`.
    pub fn page(&self) -> &str {
        self.source_path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".md")
    }

    /// The body text.
    pub fn body(&self) -> String {
        read_fixture(&format!("graph-docs/{}", self.file))
    }

    /// `(line, column)` of Python's json error in the notes, if any.
    pub fn python_error_position(&self) -> Option<(usize, usize)> {
        let rest = &self.notes[self.notes.find(": line ")? + ": line ".len()..];
        let mut words = rest.split(' ');
        let line = words.next()?.parse().ok()?;
        if words.next()? != "column" {
            return None;
        }
        let column = words.next()?.parse().ok()?;
        Some((line, column))
    }
}

/// The rows of `manifest.tsv` that have a body file.
pub fn manifest() -> Vec<ManifestRow> {
    let text = read_fixture("graph-docs/manifest.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("manifest header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("manifest has no column {name}"))
    };
    let (f, v, s, k, j, n) = (
        col("file"),
        col("version"),
        col("source_path"),
        col("kind"),
        col("valid_json"),
        col("notes"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c[f] != "-")
        .map(|c| ManifestRow {
            file: c[f].to_owned(),
            version: c[v].to_owned(),
            source_path: c[s].to_owned(),
            kind: c[k].to_owned(),
            valid_json: c[j] == "yes",
            notes: c.get(n).copied().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Every fixture file (graph-docs bodies and the top-level JSON files).
pub fn all_fixture_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [fixtures_dir(), graph_docs_dir()] {
        let mut entries: Vec<_> = fs::read_dir(&dir)
            .expect("fixture dir")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        entries.sort();
        for p in entries {
            let text = fs::read_to_string(&p).expect("fixture text");
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
        }
    }
    out
}

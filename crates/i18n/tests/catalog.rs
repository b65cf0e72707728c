//! The catalogs against the code: every text the code marks (`t!`, `tf!`, `tn!`, `n_!`) is in
//! every catalog, every catalog entry is used, placeholders agree, a Chinese text keeps only
//! the English words `locales/keep-in-english.txt` and `locales/keep/*.txt` list (Graph's names,
//! product names), and
//! no view shows a bare English literal. `locales/en.json` is the English catalog: the texts
//! the code marks, written again by `SYNCDECK_I18N_WRITE=1 cargo test -p syncdeck-i18n --test catalog`.

// It reads the repository's files: a native test (`read_fragments` is native only).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The source trees whose texts are shown.
const SOURCES: &[&str] = &[
    "src",
    "crates/graph/src",
    "crates/core/src",
    "crates/settings/src",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file of [`SOURCES`]: its path from the repository's root (`src/app.rs`) and its text.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(&root().join(dir), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let rel = p.strip_prefix(root()).unwrap_or(&p).display().to_string();
            (rel, text)
        })
        .collect()
}

/// Reads a Rust string literal at the start of `s` (after whitespace): its value and the rest.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    if let Some(raw) = s.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = body.find(&close)?;
        return Some((body[..end].to_owned(), &body[end + close.len()..]));
    }
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    '0' => out.push('\0'),
                    'u' => {
                        let rest = &body[i + 2..];
                        let close = rest.find('}')?;
                        let code = u32::from_str_radix(&rest[2..close], 16).ok()?;
                        out.push(char::from_u32(code)?);
                        for _ in 0..=close {
                            chars.next();
                        }
                    }
                    '\n' => {
                        // A line continuation: the newline and the next line's indentation go.
                        let rest = &body[i + 2..];
                        let skip = rest.len() - rest.trim_start().len();
                        for _ in 0..skip {
                            chars.next();
                        }
                    }
                    other => panic!("unexpected escape \\{other} in a catalog text"),
                }
            }
            c => out.push(c),
        }
    }
    None
}

/// Every text the code marks, with where it is marked.
fn marked() -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for (rel, text) in sources() {
        for mac in ["t!", "tf!", "tn!", "n_!"] {
            let mut from = 0;
            while let Some(at) = text[from..].find(mac) {
                let start = from + at;
                from = start + mac.len();
                let before = text[..start].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(args) = text[from..].trim_start().strip_prefix('(') else {
                    continue;
                };
                let Some((first, rest)) = literal(args) else {
                    // `macro_rules!` bodies and docs write the macros with `$english`.
                    continue;
                };
                let key = if mac == "tn!" {
                    let rest = rest
                        .trim_start()
                        .strip_prefix(',')
                        .expect("tn! has two texts");
                    literal(rest).expect("tn!'s second text is a literal").0
                } else {
                    first
                };
                let line = text[..start].lines().count();
                keys.entry(key).or_insert(format!("{rel}:{line}"));
            }
        }
    }
    keys
}

/// A language's catalog: its fragments (`locales/<lang>/*.json`) merged.
fn catalog(lang: &str) -> BTreeMap<String, String> {
    syncdeck_i18n::read_fragments(&root().join("locales").join(lang))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if !after[..close].is_empty()
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.insert(after[..close].to_owned());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

#[test]
fn the_english_catalog_is_what_the_code_marks() {
    let keys: Vec<String> = marked().into_keys().collect();
    let path = root().join("locales/en.json");
    let want = serde_json::to_string_pretty(&keys).unwrap() + "\n";
    if std::env::var_os("SYNCDECK_I18N_WRITE").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "locales/en.json is not the texts the code marks; write it again with \
         SYNCDECK_I18N_WRITE=1 cargo test -p syncdeck-i18n --test catalog"
    );
}

#[test]
fn every_marked_text_is_in_the_chinese_catalog_and_every_entry_is_used() {
    let keys = marked();
    let zh = catalog("zh-CN");
    let missing: Vec<String> = keys
        .iter()
        .filter(|(k, _)| !zh.contains_key(*k))
        .map(|(k, at)| format!("{at}: {k:?}"))
        .collect();
    let unused: Vec<&String> = zh.keys().filter(|k| !keys.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "missing in locales/zh-CN ({}):\n{}",
        missing.len(),
        missing.join("\n")
    );
    assert!(
        unused.is_empty(),
        "unused in locales/zh-CN ({}):\n{unused:#?}",
        unused.len()
    );
}

#[test]
fn translations_keep_the_placeholders() {
    for (k, v) in catalog("zh-CN") {
        assert_eq!(
            placeholders(&k),
            placeholders(&v),
            "placeholders of {k:?} → {v:?}"
        );
    }
}

#[test]
fn chinese_texts_keep_only_the_listed_english_words() {
    let mut keep_text =
        std::fs::read_to_string(root().join("locales/keep-in-english.txt")).unwrap();
    if let Ok(dir) = std::fs::read_dir(root().join("locales/keep")) {
        let mut files: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            keep_text.push('\n');
            keep_text.push_str(&std::fs::read_to_string(f).unwrap());
        }
    }
    let keep: BTreeSet<&str> = keep_text
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut bad = Vec::new();
    for (k, v) in catalog("zh-CN") {
        let mut text = v.clone();
        for p in placeholders(&v) {
            text = text.replace(&format!("{{{p}}}"), " ");
        }
        for word in text.split(|c: char| {
            !(c.is_ascii_alphanumeric()
                || c == '_'
                || c == '.'
                || c == '-'
                || c == '/'
                || c == '$'
                || c == '@')
        }) {
            let word = word.trim_matches(|c: char| c == '.' || c == '-' || c == '/');
            if word.chars().any(|c| c.is_ascii_alphabetic()) && !keep.contains(word) {
                bad.push(format!("{word:?} in {k:?} → {v:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "English words not in locales/keep-in-english.txt ({}):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn views_show_no_bare_english_literal() {
    // Text between tags, and the attributes people read, must come from the catalog.
    let attrs = [
        "aria-label=\"",
        "title=\"",
        "placeholder=\"",
        "alt=\"",
        "aria-roledescription=\"",
    ];
    let mut bad = Vec::new();
    for (rel, text) in sources() {
        if !(rel.starts_with("src/") || rel.starts_with("crates/settings/")) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.starts_with("//") {
                continue;
            }
            let mut hits = Vec::new();
            // `>"Text"` or a line that is only `"Text"` inside markup.
            for (i, _) in l.match_indices(">\"") {
                hits.push(&l[i + 2..]);
            }
            for a in attrs {
                for (i, _) in l.match_indices(a) {
                    hits.push(&l[i + a.len()..]);
                }
            }
            for h in hits {
                let value: String = h.chars().take_while(|&c| c != '"').collect();
                if value.chars().any(|c| c.is_ascii_alphabetic()) {
                    bad.push(format!("{rel}:{}: {l}", n + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "bare English in views ({}):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

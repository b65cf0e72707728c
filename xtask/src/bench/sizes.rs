//! The first-load transfer size: the files `index.html` reaches, plus MSAL, measured raw, gzip
//! and brotli.

use crate::proc::command;
use std::path::{Path, PathBuf};

/// One file of the first load.
#[derive(Debug, Clone)]
pub(super) struct Sized {
    pub(super) group: &'static str,
    pub(super) name: String,
    pub(super) raw: u64,
    pub(super) gzip: u64,
    pub(super) brotli: u64,
}

/// The files of the first load: what `index.html` reaches in `dist/` (by name, transitively
/// through its scripts), plus MSAL and its redirect bridge (dist's copies when present).
pub(super) fn first_load(root: &Path, dist: &Path) -> Result<Vec<Sized>, String> {
    let mut names = Vec::new();
    walk(dist, dist, &mut names)?;
    names.sort();
    // MSAL itself, not the app's own shim around it (`msal-shim.js`).
    let is_msal = |n: &str| n.contains("msal-browser") || n.contains("msal-redirect-bridge");
    let reached = reachable(dist, &names, "index.html");
    let mut files: Vec<(&'static str, PathBuf, String)> = Vec::new();
    for name in reached.iter().filter(|n| !is_msal(n)) {
        let group = match Path::new(name).extension().and_then(|e| e.to_str()) {
            Some("html") => "html",
            Some("wasm") => "wasm",
            Some("css") => "css",
            Some("js" | "mjs") => "js",
            _ => "other",
        };
        files.push((group, dist.join(name), name.clone()));
    }
    let lib = root.join("node_modules/@azure/msal-browser/lib");
    let bridge = |n: &str| n.contains("redirect-bridge");
    let msal_main = names
        .iter()
        .find(|n| is_msal(n) && !bridge(n) && n.ends_with(".js"));
    let msal_bridge = names
        .iter()
        .find(|n| is_msal(n) && bridge(n) && n.ends_with(".js"));
    files.push(match msal_main {
        Some(n) => ("MSAL", dist.join(n), n.clone()),
        None => (
            "MSAL",
            lib.join("msal-browser.min.js"),
            "msal-browser.min.js (node_modules; not in dist/ yet)".to_string(),
        ),
    });
    files.push(match msal_bridge {
        Some(n) => ("MSAL", dist.join(n), n.clone()),
        None => (
            "MSAL",
            lib.join("redirect-bridge/msal-redirect-bridge.min.js"),
            "msal-redirect-bridge.min.js (node_modules; not in dist/ yet)".to_string(),
        ),
    });
    let order = |g: &str| {
        ["html", "js", "wasm", "css", "MSAL", "other"]
            .iter()
            .position(|x| *x == g)
    };
    files.sort_by(|a, b| order(a.0).cmp(&order(b.0)).then(a.2.cmp(&b.2)));
    files
        .into_iter()
        .map(|(group, path, name)| sized(group, &path, name))
        .collect()
}

/// The files fetched only when needed: the settings module (`crates/settings`, built by
/// `xtask/src/build.rs`) and the Chinese catalog (`i18n-zh-CN-*.json`), which nothing of the
/// first load names.
pub(super) fn on_demand(dist: &Path) -> Result<Vec<Sized>, String> {
    let mut names = Vec::new();
    walk(dist, dist, &mut names)?;
    names.sort();
    names
        .into_iter()
        .filter(|n| n.starts_with("settings-") || n.starts_with("i18n-"))
        .map(|name| {
            let group = if name.ends_with(".wasm") {
                "wasm"
            } else if name.ends_with(".json") {
                "json"
            } else {
                "js"
            };
            sized(group, &dist.join(&name), name)
        })
        .collect()
}

/// The sizes of the file at `path`: raw, gzip -9 and brotli -q 11.
fn sized(group: &'static str, path: &Path, name: String) -> Result<Sized, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
    Ok(Sized {
        group,
        name,
        raw: bytes.len() as u64,
        gzip: compressed_len("gzip", &["-9", "-c"], path)?,
        brotli: compressed_len("brotli", &["-q", "11", "-c"], path)?,
    })
}

/// Every file below `dir`, as a path relative to `dist` with `/` separators.
fn walk(dist: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {dir:?}: {e}"))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            walk(dist, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(dist) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// The files of `names` that `start` reaches: named in it, or in a reached html/js/css file.
fn reachable(dist: &Path, names: &[String], start: &str) -> Vec<String> {
    let mut reached = vec![start.to_string()];
    let mut i = 0;
    while i < reached.len() {
        let current = reached[i].clone();
        i += 1;
        let texty = [".html", ".js", ".mjs", ".css"]
            .iter()
            .any(|e| current.ends_with(e));
        if !texty {
            continue;
        }
        let text = std::fs::read_to_string(dist.join(&current)).unwrap_or_default();
        for n in names {
            if !reached.contains(n) && references(&text, n) {
                reached.push(n.clone());
            }
        }
    }
    reached
}

/// Whether `text` names the file `name` (not as part of a longer name).
fn references(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let edge = |c: Option<char>| {
            c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        };
        edge(before) && edge(after)
    })
}

fn compressed_len(tool: &str, args: &[&str], path: &Path) -> Result<u64, String> {
    let out = command(tool)
        .args(args)
        .arg(path)
        .output()
        .map_err(|e| format!("could not run {tool}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{tool} failed on {path:?}"));
    }
    Ok(out.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_files_by_whole_name_only() {
        assert!(references("import x from '/app-1.js';", "app-1.js"));
        assert!(!references("import x from '/app-1.js.map';", "app-1.js"));
        assert!(!references("import x from '/myapp-1.js';", "app-1.js"));
    }
}

//! The release build: trunk, then the post-build step that keeps the strict Content-Security-Policy
//! of `crates/graph/src/csp.rs`.
//!
//! trunk 0.21 writes an inline `<script type="module">` that starts the wasm (trunk issue #288);
//! `script-src 'self'` blocks it. After trunk, every inline module script of `dist/index.html` is
//! moved into a content-hashed file next to it, so the policy never needs a hash or a nonce.
//!
//! trunk 0.21 cannot split the wasm either, and the first load has a size ceiling (DESIGN.md).
//! The job page's settings and schema panel (`crates/settings`) is therefore a second module,
//! built here before trunk: cargo, wasm-bindgen `--target web`, wasm-opt `-Oz`, then copied into
//! `dist/` under a content-hashed name that the app is compiled with
//! (`SYNCDECK_SETTINGS_MODULE`, read by `src/settings.rs`). Nothing in `index.html` names it, so
//! the browser fetches it only when the panel is first opened.
//!
//! The Chinese texts are one JSON file merged from `locales/zh-CN/*.json`, named by its content
//! (`i18n-zh-CN-<hash>.json`, [`catalog_file`]) and given to the app as `SYNCDECK_CATALOG_ZH_CN`
//! (`src/i18n.rs`): fetched only when Chinese is chosen.

use crate::proc::{self, command};
use std::path::PathBuf;

/// `trunk build --release` into `dist/`, then move inline scripts out of `index.html`.
pub fn release() -> Result<(), String> {
    // trunk runs offline (Trunk.toml), which passes --offline to cargo: fetch first.
    let mut fetch = command("cargo");
    fetch.args(["fetch", "--locked", "--quiet"]);
    proc::run(fetch)?;
    let (name, mut files) = settings_module()?;
    let (catalog, catalog_bytes) = catalog_file(&crate::root().join("locales"), "zh-CN")?;
    let mut trunk = command("trunk");
    trunk
        .args(["build", "--release", "--locked"])
        .env(SETTINGS_MODULE_ENV, &name)
        .env(CATALOG_ZH_CN_ENV, &catalog);
    proc::run(trunk)?;
    externalize_dist_scripts()?;
    let dist = crate::root().join("dist");
    files.push((catalog.clone(), catalog_bytes));
    for (file, bytes) in &files {
        std::fs::write(dist.join(file), bytes).map_err(|e| format!("cannot write {file}: {e}"))?;
    }
    println!("build: settings module {name}.js and {name}_bg.wasm (fetched on demand)");
    println!("build: Chinese texts {catalog} (fetched when chosen)");
    Ok(())
}

/// The variable that gives the app the Chinese catalog's hashed file name at compile time
/// (read by `src/i18n.rs`).
pub const CATALOG_ZH_CN_ENV: &str = "SYNCDECK_CATALOG_ZH_CN";

/// Merges a language's catalog fragments (`locales/<lang>/*.json`, flat objects of texts) into
/// one compact JSON object, named by its content: `i18n-<lang>-<hash>.json`. A fragment that is
/// not such an object, or a text translated twice differently, stops the build.
pub fn catalog_file(locales: &std::path::Path, lang: &str) -> Result<(String, Vec<u8>), String> {
    let all = syncdeck_i18n::read_fragments(&locales.join(lang))?;
    let bytes = serde_json::to_vec(&all).map_err(|e| e.to_string())?;
    Ok((format!("i18n-{lang}-{:016x}.json", fnv1a(&bytes)), bytes))
}

/// The variable that gives the app the settings module's hashed name at compile time.
pub const SETTINGS_MODULE_ENV: &str = "SYNCDECK_SETTINGS_MODULE";

/// A file to write: its name and its bytes.
type NamedFile = (String, Vec<u8>);

/// Builds `crates/settings` into a wasm-bindgen web module and returns its hashed base name
/// (`settings-<hash>`) with the two files to put in `dist/` (`<name>.js`, `<name>_bg.wasm`).
fn settings_module() -> Result<(String, Vec<NamedFile>), String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"));
    let mut cargo = command("cargo");
    cargo.args([
        "build",
        "--release",
        "--locked",
        "--offline",
        "--quiet",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "syncdeck-settings",
        "--lib",
    ]);
    proc::run(cargo)?;
    let out = target.join("settings-module");
    let _ = std::fs::remove_dir_all(&out);
    let mut bindgen = command("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "settings",
        ])
        .arg("--out-dir")
        .arg(&out)
        .arg(target.join("wasm32-unknown-unknown/release/syncdeck_settings.wasm"));
    proc::run(bindgen)?;
    let raw = out.join("settings_bg.wasm");
    let mut opt = command("wasm-opt");
    opt.arg("-Oz").arg(&raw).arg("-o").arg(&raw);
    proc::run(opt)?;
    let read = |n: &str| std::fs::read(out.join(n)).map_err(|e| format!("cannot read {n}: {e}"));
    let (js, wasm) = (read("settings.js")?, read("settings_bg.wasm")?);
    let mut all = js.clone();
    all.extend_from_slice(&wasm);
    let name = format!("settings-{:016x}", fnv1a(&all));
    Ok((
        name.clone(),
        vec![
            (format!("{name}.js"), js),
            (format!("{name}_bg.wasm"), wasm),
        ],
    ))
}

/// Builds the emulator binary and returns its path.
pub fn emulator() -> Result<PathBuf, String> {
    let mut c = command("cargo");
    c.args(["build", "--locked", "--quiet", "-p", "syncdeck-emulator"]);
    proc::run(c)?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"));
    Ok(target.join("debug/syncdeck-emulator"))
}

fn externalize_dist_scripts() -> Result<(), String> {
    let dist = crate::root().join("dist");
    let index = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index).map_err(|e| format!("cannot read {index:?}: {e}"))?;
    let (html, files) = externalize_inline_modules(&html);
    for (name, body) in &files {
        std::fs::write(dist.join(name), body).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    std::fs::write(&index, html).map_err(|e| format!("cannot write {index:?}: {e}"))?;
    if files.is_empty() {
        println!("build: index.html has no inline module script");
    } else {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        println!("build: moved inline module script to {}", names.join(", "));
    }
    Ok(())
}

/// Replaces each inline `<script type="module">…</script>` with
/// `<script type="module" src="/boot-<hash>.js"></script>` and returns the new HTML with the
/// files to write. Scripts with a `src` and non-module scripts are left alone.
pub fn externalize_inline_modules(html: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        let tag_end = match rest[start..].find('>') {
            Some(i) => start + i + 1,
            None => break,
        };
        let tag = &rest[start..tag_end];
        let close = match rest[tag_end..].find("</script>") {
            Some(i) => tag_end + i,
            None => break,
        };
        let body = &rest[tag_end..close];
        let is_module = tag.contains("type=\"module\"") || tag.contains("type=module");
        if is_module && !tag.contains("src=") && !body.trim().is_empty() {
            let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
            out.push_str(&format!(
                "<script type=\"module\" src=\"/{name}\"></script>"
            ));
            files.push((name, body.trim().to_string() + "\n"));
        } else {
            out.push_str(&rest[start..close + "</script>".len()]);
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, files)
}

/// 64-bit FNV-1a: a stable content hash for file names (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::{catalog_file, externalize_inline_modules, fnv1a};

    #[test]
    fn catalog_fragments_merge_into_one_hashed_file() {
        let dir = std::env::temp_dir().join(format!("sd-catalog-{}", std::process::id()));
        let zh = dir.join("zh-CN");
        std::fs::create_dir_all(&zh).unwrap();
        std::fs::write(zh.join("a.json"), r#"{"Start":"启动","Pause":"暂停"}"#).unwrap();
        std::fs::write(zh.join("b.json"), r#"{"Start":"启动","Restart":"重启"}"#).unwrap();
        let (name, bytes) = catalog_file(&dir, "zh-CN").unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(text, r#"{"Pause":"暂停","Restart":"重启","Start":"启动"}"#);
        assert_eq!(name, format!("i18n-zh-CN-{:016x}.json", fnv1a(&bytes)));
        std::fs::write(zh.join("c.json"), r#"{"Start":"开始"}"#).unwrap();
        assert!(
            catalog_file(&dir, "zh-CN")
                .unwrap_err()
                .contains("translated twice")
        );
        std::fs::write(zh.join("c.json"), "[1]").unwrap();
        assert!(
            catalog_file(&dir, "zh-CN")
                .unwrap_err()
                .contains("not a JSON object")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn moves_the_inline_module_script_into_a_hashed_file() {
        let html = "<head><script src=\"/msal.js\" integrity=\"x\"></script>\
                    <script type=\"module\">\nimport init from '/app.js';\nawait init('/app_bg.wasm');\n</script>\
                    </head><body></body>";
        let (out, files) = externalize_inline_modules(html);
        assert_eq!(files.len(), 1);
        let (name, body) = &files[0];
        assert!(name.starts_with("boot-") && name.ends_with(".js"), "{name}");
        assert_eq!(
            body,
            "import init from '/app.js';\nawait init('/app_bg.wasm');\n"
        );
        assert!(out.contains(&format!(
            "<script type=\"module\" src=\"/{name}\"></script>"
        )));
        assert!(out.contains("<script src=\"/msal.js\" integrity=\"x\"></script>"));
        assert!(!out.contains("import init"));
        assert!(out.ends_with("</head><body></body>"));
    }

    #[test]
    fn same_content_same_name_and_no_script_no_change() {
        let html = "<script type=\"module\">a()</script>";
        assert_eq!(
            externalize_inline_modules(html).1,
            externalize_inline_modules(html).1
        );
        let plain = "<html><body><p>hi</p></body></html>";
        assert_eq!(
            externalize_inline_modules(plain),
            (plain.to_string(), vec![])
        );
    }
}

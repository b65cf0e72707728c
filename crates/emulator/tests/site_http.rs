//! The app's files over real HTTP: redirect.html, hashed assets, COOP, caching.

mod http;

use std::fs;

use http::*;
use syncdeck_emulator::Options;

async fn emu_with_dist() -> (Emu, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>syncdeck</title>",
    )
    .unwrap();
    fs::write(
        dir.path().join("redirect.html"),
        "<!doctype html><title>bridge</title>",
    )
    .unwrap();
    fs::write(
        dir.path().join("syncdeck-0123456789abcdef.js"),
        "export {};",
    )
    .unwrap();
    fs::write(
        dir.path().join("syncdeck-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    fs::write(dir.path().join("msal-browser.min.js"), "var msal;").unwrap();
    let emu = Emu::start(Options {
        dist: Some(dir.path().to_path_buf()),
        ..options()
    })
    .await;
    (emu, dir)
}

#[tokio::test]
async fn redirect_html_has_no_coop_and_is_not_stored() {
    let (emu, _dir) = emu_with_dist().await;
    let r = emu.send("GET", "/redirect.html", None, &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("bridge"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r.header("cross-origin-opener-policy").is_none());
    assert!(r.header("content-security-policy").is_some());
}

#[tokio::test]
async fn other_html_is_no_cache_with_coop_same_origin() {
    let (emu, _dir) = emu_with_dist().await;
    for path in ["/", "/index.html", "/servicePrincipals/x"] {
        let r = emu.send("GET", path, None, &[]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert_eq!(
            r.header("cross-origin-opener-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    let r = emu.send("GET", "/config.json", None, &[]).await;
    assert_eq!(r.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn hashed_assets_are_immutable_others_are_not() {
    let (emu, _dir) = emu_with_dist().await;
    for path in [
        "/syncdeck-0123456789abcdef.js",
        "/syncdeck-0123456789abcdef_bg.wasm",
    ] {
        let r = emu.send("GET", path, None, &[]).await;
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
    }
    let r = emu
        .send("GET", "/syncdeck-0123456789abcdef_bg.wasm", None, &[])
        .await;
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    let r = emu.send("GET", "/msal-browser.min.js", None, &[]).await;
    assert_ne!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

//! GitHub Pages: `prepare.sh` run on a small dist/, its output checked.

use super::{deploy, sample_dist, temp_dir};
use std::process::{Command, Stdio};
use syncdeck_graph::Cloud;
use syncdeck_graph::csp;

#[test]
fn github_pages_prepare_adds_the_meta_policy_and_404_html() {
    let dir = temp_dir("ghpages");
    let dist = sample_dist(&dir);
    let out = dir.join("site");
    let status = Command::new("sh")
        .arg(deploy("github-pages/prepare.sh"))
        .arg(&dist)
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success());
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        csp::meta_content_security_policy(Cloud::Global, None)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("404.html")).unwrap(),
        index
    );
    for page in ["index.html", "redirect.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert_eq!(html.matches(&meta).count(), 1, "{page}:\n{html}");
        let referrer = format!("{meta}\n    <meta name=\"referrer\" content=\"no-referrer\" />");
        assert!(html.contains(&referrer), "{page}:\n{html}");
        // The meta element comes before any script or stylesheet.
        let at = html.find(&meta).unwrap();
        assert!(html[..at].ends_with("<head>\n    "), "{page}");
        assert!(!html.contains("frame-ancestors"), "{page}");
    }
    assert!(out.join(".nojekyll").exists());
    assert_eq!(
        std::fs::read(out.join("app-0123456789abcdef_bg.wasm")).unwrap(),
        std::fs::read(dist.join("app-0123456789abcdef_bg.wasm")).unwrap()
    );
}

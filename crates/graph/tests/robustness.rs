//! Fuzz-ish: truncations and byte mutations of every fixture never make a
//! parser panic, and a truncated body always gives a positioned error.

mod common;

use syncdeck_graph::{
    GraphError, GraphTime, IsoDuration, ParseError, parse, parse_job, parse_jobs_page,
    parse_service_principals_page,
};

fn feed(text: &str) {
    let results = [
        parse_job(text).err(),
        parse_jobs_page(text).err(),
        parse_service_principals_page(text).err(),
        parse::<syncdeck_graph::SynchronizationStatus>(text).err(),
    ];
    for err in results.into_iter().flatten() {
        let shown = err.to_string();
        assert!(
            shown.contains("line") && shown.contains("column"),
            "{shown}"
        );
    }
    let _ = GraphError::from_response(500, text);
    let _ = GraphTime::parse(text);
    let _ = IsoDuration::parse(text);
}

/// Char-boundary prefix lengths: all of them for small files, about 300
/// evenly spread ones for large files.
fn prefix_lengths(text: &str) -> Vec<usize> {
    let stride = (text.len() / 300).max(1);
    (0..text.len())
        .step_by(stride)
        .filter(|&i| text.is_char_boundary(i))
        .collect()
}

#[test]
fn truncations_of_every_fixture_never_panic() {
    let files = common::all_fixture_files();
    assert!(files.len() >= 110, "fixtures: {}", files.len());
    let mut fed = 0usize;
    for (name, text) in &files {
        for len in prefix_lengths(text) {
            let prefix = &text[..len];
            feed(prefix);
            fed += 1;
            // A proper prefix of a JSON document is never a complete job.
            if len < text.trim_end().len() && text.trim_start().starts_with('{') {
                let err = parse_job(prefix).unwrap_err();
                assert!(err.line() >= 1, "{name}[..{len}]: {err}");
            }
        }
    }
    assert!(fed > 15_000, "fed {fed}");
}

#[test]
fn byte_mutations_of_job_fixtures_never_panic() {
    // A small deterministic generator (no rand dependency).
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let replacements: &[u8] = b"{}[]\",:0123456789-.eE ntfaTZ+\\\x00\xff";
    let bodies: Vec<String> = common::all_fixture_files()
        .into_iter()
        .filter(|(name, _)| name.contains("job") || name.contains("status"))
        .map(|(_, text)| text)
        .collect();
    assert!(bodies.len() >= 10);
    let mut parsed_ok = 0;
    for body in &bodies {
        for _ in 0..150 {
            let mut bytes = body.clone().into_bytes();
            for _ in 0..(1 + next() % 3) {
                let i = (next() % bytes.len() as u64) as usize;
                bytes[i] = replacements[(next() % replacements.len() as u64) as usize];
            }
            let text = String::from_utf8_lossy(&bytes);
            feed(&text);
            if parse_job(&text).is_ok() {
                parsed_ok += 1;
            }
        }
    }
    // Some mutations hit values only, and the lenient models still parse them.
    assert!(parsed_ok > 0);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = parse::<serde_json::Value>(&deep).unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
    assert!(err.to_string().contains("recursion limit"), "{err}");
    let deep_job = format!(r#"{{"id":"x","status":{}"#, "{\"a\":".repeat(50_000));
    assert!(parse_job(&deep_job).is_err());
    let _ = GraphError::from_response(500, &deep);
}

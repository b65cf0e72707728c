//! The app's reading of the provisioning logs (`syncdeck_graph::logs::LogEvent`, a
//! `serde_json::Value` behind accessors) gives the typed model's values on every provisioning
//! log sample of Microsoft's documentation (`fixtures/graph-docs`, see `tests/conformance.rs`);
//! the emulator's logs are compared in `tests/emulator_conformance.rs`.

mod common;
#[path = "common/log_event.rs"]
mod same;

use common::manifest;
use syncdeck_graph::ParseError;
use syncdeck_graph::logs::parse_log_page;

#[test]
fn every_log_sample_reads_as_the_typed_model_does() {
    let mut entries = 0;
    let mut samples = 0;
    for row in manifest() {
        if !row.page().starts_with("provisioningobjectsummary") || row.kind != "response" {
            continue;
        }
        samples += 1;
        let mut body = row.body();
        if !row.valid_json {
            // As `tests/conformance.rs` does: the sample's one trailing comma, removed.
            let err = parse_log_page(&body).unwrap_err();
            assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
            assert_eq!(
                Some((err.line(), err.column())),
                row.python_error_position()
            );
            body = body.replacen("},\n            ],", "}\n            ],", 1);
        }
        let (events, next) = parse_log_page(&body).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(next.as_deref(), raw["@odata.nextLink"].as_str());
        let items = raw["value"].as_array().unwrap();
        assert_eq!(events.len(), items.len(), "{}", row.file);
        for (e, item) in events.iter().zip(items) {
            assert_eq!(&e.0, item);
            same::assert_same_as_typed(item);
            entries += 1;
        }
    }
    assert_eq!(samples, 4, "v1.0 and beta, examples 1 and 2");
    assert_eq!(entries, 4);
}

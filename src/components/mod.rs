//! Components, one family a file. Components never parse JSON, build URLs or call `fetch`, and
//! never reach into context services: they take data (values and signals) and callbacks from
//! their page.

pub mod account;
pub mod badge;
pub mod bulk;
pub mod error_view;
pub mod fleet_controls;
pub mod job_actions;
pub mod job_details;
pub mod logs;
pub mod new_job;
pub mod notices;
pub mod outcomes;
pub mod scan_progress;
pub mod status_card;

use syncdeck_core::AppJob;

/// The HTML id of a job's card (and the prefix of its dialogs' and descriptions' ids): safe
/// characters only, unique per service principal and job.
pub fn job_dom_id(entry: &AppJob) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("sd-job-{}-{}", safe(&entry.sp.id), safe(&entry.job.id))
}

/// A translated text whose `{name}` placeholders are views (a `<code>` name, a link), so that a
/// language can put them where its word order wants them:
/// `rich(text, vec![("mode", code_view)])` with `text` "It needs {mode}." in the language.
/// The text between placeholders becomes text nodes, as if the view had been written by hand.
pub fn rich(
    text: &str,
    parts: Vec<(&'static str, leptos::prelude::AnyView)>,
) -> impl leptos::prelude::IntoView + use<> {
    use leptos::prelude::IntoAny;
    use syncdeck_i18n::Piece;
    let names: Vec<&'static str> = parts.iter().map(|(k, _)| *k).collect();
    let mut views: Vec<Option<leptos::prelude::AnyView>> =
        parts.into_iter().map(|(_, v)| Some(v)).collect();
    let mut out = Vec::new();
    let mut plain = String::new();
    syncdeck_i18n::pieces(
        text,
        |name| names.iter().position(|k| *k == name),
        |p| match p {
            Piece::Text(t) => plain.push_str(t),
            Piece::Value(i) => match views[i].take() {
                Some(view) => {
                    if !plain.is_empty() {
                        out.push(std::mem::take(&mut plain).into_any());
                    }
                    out.push(view);
                }
                // A view is placed once; a second `{name}` stays as written.
                None => {
                    plain.push('{');
                    plain.push_str(names[i]);
                    plain.push('}');
                }
            },
        },
    );
    if !plain.is_empty() {
        out.push(plain.into_any());
    }
    out
}

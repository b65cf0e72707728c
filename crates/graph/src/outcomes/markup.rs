//! The outcomes' read-only markup, written here (pure, tested) and handed to the page as one
//! `inner_html` (`crates/graph/src/html.rs` says why): the fleet's recent-failure groups as links
//! to their job's logs, and a chart's legend, bars (inline SVG from [`BarChart`]'s whole units)
//! and figures table. Every text from Graph (app names, error codes) and every link is escaped.

use super::chart::{BASE, HEIGHT, PLOT, WIDTH};
use super::{Band, BarChart, DayCounts, EVENT_CAP, EventCap};
use crate::html::escape;
use std::fmt::Write as _;
use syncdeck_i18n::{t, tf};

/// Groups listed before "Show all".
pub const FIRST: usize = 5;

/// The recent failures: `rows` are each group's link text and href, most failures first;
/// `reading` while more pages come.
pub fn failures_html(rows: &[(String, String)], cap: &EventCap, reading: bool) -> String {
    let n = rows.len();
    let mut h = String::from("<p>");
    if n == 0 && !reading {
        h.push_str(&escape(t!(
            "No provisioning failures in the last 24 hours."
        )));
    } else {
        h.push_str(&escape(&tf!(
            "{failures} failures in {groups} groups.",
            failures = cap.taken,
            groups = n
        )));
    }
    if cap.capped {
        h.push_str(&escape(&tf!(
            " Showing the newest {cap} failures; there are more.",
            cap = EVENT_CAP
        )));
    }
    if reading {
        h.push_str(&escape(t!(" Reading more…")));
    }
    h.push_str("</p>");
    for (i, (label, href)) in rows.iter().enumerate() {
        if i == 0 {
            h.push_str(r#"<ul class="sd-outcomes__groups">"#);
        } else if i == FIRST {
            let _ = write!(
                h,
                r#"</ul><details><summary>{}</summary><ul class="sd-outcomes__groups">"#,
                escape(&tf!("Show all {n} groups", n = n))
            );
        }
        let _ = write!(
            h,
            r#"<li><a href="{}">{}</a></li>"#,
            escape(href),
            escape(label)
        );
    }
    if n > 0 {
        h.push_str("</ul>");
    }
    if n > FIRST {
        h.push_str("</details>");
    }
    h
}

/// A chart of `days` named `name` (its `role="img"` and its table's caption), with a note on
/// the events counted.
pub fn chart_html(name: &str, days: &[DayCounts], cap: &EventCap, reading: bool) -> String {
    let name = escape(name);
    let layout = BarChart::new(days);
    let mut h = String::from(r#"<ul class="sd-chart__legend">"#);
    for b in Band::ALL {
        let _ = write!(
            h,
            r#"<li><span class="sd-chart__key sd-chart__{}"></span>{}</li>"#,
            b.key(),
            escape(b.label())
        );
    }
    let (top, left) = (BASE - PLOT, layout.left());
    let _ = write!(
        h,
        r#"</ul><svg class="sd-chart__svg" role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {HEIGHT}"><line class="sd-chart__grid" x1="{left}" y1="{top}" x2="{WIDTH}" y2="{top}"/><text x="{left}" y="{top}" dy="4" text-anchor="end">{}</text><line class="sd-chart__axis" x1="{left}" y1="{BASE}" x2="{WIDTH}" y2="{BASE}"/>"#,
        layout.max
    );
    for bar in &layout.bars {
        let date = bar.day.date();
        for s in &bar.segments {
            let (k, n) = (s.band.key(), s.count);
            let _ = write!(
                h,
                r#"<rect class="sd-chart__{k}" x="{}" y="{}" width="{}" height="{}" data-day="{date}" data-band="{k}" data-count="{n}"><title>{date}: {n} {}</title></rect>"#,
                bar.x,
                s.y,
                bar.width,
                s.height,
                escape(s.band.label())
            );
        }
        let _ = write!(
            h,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            bar.mid,
            HEIGHT - 4,
            escape(&bar.day.short())
        );
    }
    h.push_str(r#"</svg><p class="sd-chart__note">"#);
    let events = cap.taken;
    let _ = if reading {
        write!(
            h,
            "{}",
            escape(&tf!("Counting… {n} events so far.", n = events))
        )
    } else if cap.capped {
        write!(
            h,
            "{}",
            escape(&tf!("Based on the newest {cap} events.", cap = EVENT_CAP))
        )
    } else if events == 0 {
        write!(
            h,
            "{}",
            escape(t!("No provisioning events in the last 7 days."))
        )
    } else {
        write!(h, "{}", escape(&tf!("{n} events.", n = events)))
    };
    let _ = write!(
        h,
        r#"</p><details class="sd-chart__figures"><summary>{}</summary><table class="sd-chart__table"><caption class="sd-visually-hidden">{name}</caption><thead><tr><th scope="col">{}</th>"#,
        escape(t!("Show the figures")),
        escape(t!("Day (UTC)"))
    );
    for b in Band::ALL {
        let _ = write!(h, r#"<th scope="col">{}</th>"#, escape(b.label()));
    }
    let _ = write!(
        h,
        r#"<th scope="col">{}</th></tr></thead><tbody>"#,
        escape(t!("Total"))
    );
    for d in days {
        let _ = write!(h, r#"<tr><th scope="row">{}</th>"#, d.date());
        for n in Band::ALL.map(|b| b.of(d)).into_iter().chain([d.total()]) {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></details>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(taken: usize, capped: bool) -> EventCap {
        EventCap {
            taken,
            pages: 1,
            capped,
        }
    }

    fn rows(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                (
                    format!("<App> {i}: 1 failure, X"),
                    format!("/j/{i}?a=1&b=2"),
                )
            })
            .collect()
    }

    #[test]
    fn groups_are_escaped_links_the_sixth_folded() {
        let h = failures_html(&rows(7), &cap(7, false), false);
        assert!(h.starts_with("<p>7 failures in 7 groups.</p><ul class=\"sd-outcomes__groups\">"));
        assert!(
            h.contains(r#"<li><a href="/j/0?a=1&amp;b=2">&lt;App&gt; 0: 1 failure, X</a></li>"#)
        );
        let fold = h
            .find("<details><summary>Show all 7 groups</summary>")
            .unwrap();
        assert!(h.find("/j/4?").unwrap() < fold && fold < h.find("/j/5?").unwrap());
        assert!(h.ends_with("</a></li></ul></details>"));
        assert_eq!(h.matches("<li>").count(), 7);
        assert!(!h.contains("<script") && !h.contains("<App>"));
    }

    #[test]
    fn few_groups_no_fold_and_the_cap_and_reading_are_said() {
        let h = failures_html(&rows(2), &cap(5000, true), false);
        assert!(!h.contains("<details>") && h.ends_with("</li></ul>"));
        assert!(h.contains(
            "5000 failures in 2 groups. Showing the newest 5000 failures; there are more."
        ));
        assert!(failures_html(&rows(1), &cap(1, false), true).contains("Reading more…"));
        assert_eq!(
            failures_html(&[], &cap(0, false), false),
            "<p>No provisioning failures in the last 24 hours.</p>"
        );
        assert_eq!(
            failures_html(&[], &cap(0, false), true),
            "<p>0 failures in 0 groups. Reading more…</p>"
        );
    }

    #[test]
    fn a_chart_has_its_bars_its_table_and_a_note() {
        let days = [
            DayCounts {
                day: 20_426,
                success: 3,
                failure: 1,
                ..DayCounts::default()
            },
            DayCounts {
                day: 20_427,
                ..DayCounts::default()
            },
        ];
        let h = chart_html("Outcomes \"x\"", &days, &cap(4, false), false);
        assert!(h.contains(r#"role="img" aria-label="Outcomes &quot;x&quot;""#));
        assert!(h.contains(r#"data-day="2025-12-04" data-band="success" data-count="3"><title>2025-12-04: 3 Success</title>"#));
        assert!(h.contains(r#"data-band="failure" data-count="1""#));
        assert_eq!(h.matches("<rect").count(), 2);
        assert!(h.contains(r#"<tr><th scope="row">2025-12-04</th><td>3</td><td>0</td><td>0</td><td>1</td><td>4</td></tr>"#));
        assert!(h.contains(r#"<tr><th scope="row">2025-12-05</th><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"#));
        assert!(h.contains(">4 events.</p>"));
        let note = |c, r| {
            let h = chart_html("n", &days, &c, r);
            let at = h.find("sd-chart__note\">").unwrap() + 16;
            h[at..at + h[at..].find("</p>").unwrap()].to_string()
        };
        assert_eq!(note(cap(9, false), true), "Counting… 9 events so far.");
        assert_eq!(
            note(cap(5000, true), false),
            "Based on the newest 5000 events."
        );
        assert_eq!(
            note(cap(0, false), false),
            "No provisioning events in the last 7 days."
        );
    }
}

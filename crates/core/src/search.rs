//! Which jobs the fleet view shows, in which order: positions into the fleet's entries, sorted
//! ([`sorted`]) then filtered ([`visible`]) with `syncdeck-graph`'s rules, the search text of
//! each job built once and kept between keystrokes ([`SearchCache`]). No entry is cloned.

use crate::fleet::FleetEntry;
use syncdeck_graph::fleet::{FleetFilter, SortOrder, search_text, sort_entries};

/// The positions of `entries` in `order`.
pub fn sorted(entries: &[FleetEntry], order: SortOrder) -> Vec<usize> {
    let mut refs: Vec<(usize, &FleetEntry)> = entries.iter().enumerate().collect();
    sort_entries(&mut refs, order, |(_, e)| (&e.job, e.sp.name()));
    refs.into_iter().map(|(i, _)| i).collect()
}

/// The positions of `order` (from [`sorted`]) whose job `filter` shows. Positions may be stale
/// (the jobs changed since they were sorted): they are read with `get`, never out of bounds.
pub fn visible(
    entries: &[FleetEntry],
    order: &[usize],
    filter: &FleetFilter,
    cache: &mut SearchCache,
) -> Vec<usize> {
    if filter.text.split_whitespace().next().is_none() {
        return order
            .iter()
            .copied()
            .filter(|&i| {
                entries
                    .get(i)
                    .is_some_and(|e| filter.matches(e.sp.name(), &e.sp.id, &e.job))
            })
            .collect();
    }
    let texts = cache.texts(entries);
    order
        .iter()
        .copied()
        .filter(|&i| match (texts.get(i), entries.get(i)) {
            (Some(t), Some(e)) => filter.matches_search_text(&t.text, &e.job),
            _ => false,
        })
        .collect()
}

/// The view's filter and order from a URL query (`?q=…&state=…&sort=…`): a filtered view is a
/// link that survives a reload.
pub fn view_from_query(pairs: &[(String, String)]) -> (FleetFilter, SortOrder) {
    let order = pairs
        .iter()
        .find(|(k, _)| k == "sort")
        .and_then(|(_, v)| SortOrder::from_key(v))
        .unwrap_or_default();
    (FleetFilter::from_query(pairs), order)
}

/// The URL query of a view (the default order is left out), as name and value pairs, not
/// yet encoded.
pub fn view_query(filter: &FleetFilter, order: SortOrder) -> Vec<(&'static str, String)> {
    let mut pairs = filter.to_query();
    if order != SortOrder::default() {
        pairs.push(("sort", order.key().to_string()));
    }
    pairs
}

/// Each job's search text, kept between keystrokes and rebuilt only for entries that changed
/// (by position: same app, job, revision and name).
#[derive(Debug, Clone, Default)]
pub struct SearchCache {
    rows: Vec<CachedText>,
}

#[derive(Debug, Clone)]
struct CachedText {
    sp_id: String,
    job_id: String,
    rev: u64,
    name: String,
    text: String,
}

impl SearchCache {
    /// Brings the texts up to date with `entries`; returns how many there are.
    pub fn warm(&mut self, entries: &[FleetEntry]) -> usize {
        self.texts(entries).len()
    }

    fn texts(&mut self, entries: &[FleetEntry]) -> &[CachedText] {
        self.rows.truncate(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let fresh = self.rows.get(i).is_some_and(|c| {
                c.rev == e.rev
                    && c.sp_id == e.sp.id
                    && c.job_id == e.job.id
                    && c.name == e.sp.name()
            });
            if fresh {
                continue;
            }
            let row = CachedText {
                sp_id: e.sp.id.clone(),
                job_id: e.job.id.clone(),
                rev: e.rev,
                name: e.sp.name().to_string(),
                text: search_text(e.sp.name(), &e.sp.id, &e.job),
            };
            match self.rows.get_mut(i) {
                Some(slot) => *slot = row,
                None => self.rows.push(row),
            }
        }
        &self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::{Fleet, JobList};
    use crate::job::JobUpdate;
    use std::collections::HashMap;
    use syncdeck_graph::{ServicePrincipal, parse_job};

    fn fleet() -> Fleet {
        let sp = |id: &str, name: &str| ServicePrincipal {
            display_name: Some(name.into()),
            ..ServicePrincipal::with_id(id)
        };
        let job = |id: &str, code: &str| {
            parse_job(&format!(
                r#"{{"id":"{id}","templateId":"scim","status":{{"code":"{code}"}}}}"#
            ))
            .unwrap()
        };
        let mut f = Fleet::default();
        f.land(
            vec![
                JobList {
                    sp: sp("a", "Zendesk"),
                    jobs: vec![job("z.1", "Active")],
                    error: None,
                    retry_at: None,
                },
                JobList {
                    sp: sp("b", "Box"),
                    jobs: vec![job("b.1", "Paused"), job("b.2", "Quarantine")],
                    error: None,
                    retry_at: None,
                },
            ],
            &HashMap::new(),
        );
        f
    }

    #[test]
    fn a_view_round_trips_through_its_query() {
        let filter = FleetFilter {
            text: "contoso hr".into(),
            ..FleetFilter::default()
        };
        let order = SortOrder::from_key("name").unwrap();
        let pairs: Vec<(String, String)> = view_query(&filter, order)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(view_from_query(&pairs), (filter, order));
        assert!(view_query(&FleetFilter::default(), SortOrder::default()).is_empty());
    }

    #[test]
    fn sorted_then_filtered_by_text_with_cached_texts() {
        let mut f = fleet();
        let order = sorted(f.entries(), SortOrder::from_key("name").unwrap());
        let names: Vec<&str> = order.iter().map(|&i| f.entries()[i].app_name()).collect();
        assert_eq!(names, ["Box", "Box", "Zendesk"]);
        let mut cache = SearchCache::default();
        let all = visible(f.entries(), &order, &FleetFilter::default(), &mut cache);
        assert_eq!(all, order);
        let zendesk = FleetFilter {
            text: "zendesk".into(),
            ..FleetFilter::default()
        };
        assert_eq!(visible(f.entries(), &order, &zendesk, &mut cache), [0]);
        // A changed job gets a new text; a stale position is skipped, not a panic.
        f.apply_update(&JobUpdate {
            sp_id: "b".into(),
            job_id: "b.2".into(),
            job: None,
        });
        assert_eq!(cache.warm(f.entries()), 2);
        let box_ = FleetFilter {
            text: "box".into(),
            ..FleetFilter::default()
        };
        assert_eq!(visible(f.entries(), &order, &box_, &mut cache), [1]);
    }
}

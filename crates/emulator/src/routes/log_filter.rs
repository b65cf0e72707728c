//! `$filter` of `GET /auditLogs/provisioning`, as Graph documents it
//! (<https://learn.microsoft.com/en-us/graph/api/provisioningobjectsummary-list?view=graph-rest-1.0>):
//! `eq` and `contains(prop,'value')` on the string properties, `eq`, `gt`, `lt`,
//! `ge`, `le` on `activityDateTime`, combined with `and`, `or` and parentheses
//! (`and` binds tighter). Values compare case-sensitively ("all filters are case
//! sensitive"); property names and operators do not. Anything else is `Err` with
//! the clause that was not understood.

use serde_json::Value;

use crate::filter::parse_quoted;
use crate::time::GraphTime;

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Every part holds.
    And(Vec<Expr>),
    /// Some part holds.
    Or(Vec<Expr>),
    /// `prop eq 'value'` (JSON pointer of the property).
    Eq(&'static str, String),
    /// `contains(prop,'value')`.
    Contains(&'static str, String),
    /// `activityDateTime <op> time` (`op` one of eq, gt, ge, lt, le).
    Time(&'static str, GraphTime),
}

/// The JSON pointer of a filterable string property (names case-insensitive;
/// `action` and `statusInfo/status` are beta's legacy names).
fn pointer(prop: &str) -> Option<&'static str> {
    Some(match prop.to_ascii_lowercase().as_str() {
        "jobid" => "/jobId",
        "cycleid" => "/cycleId",
        "changeid" => "/changeId",
        "id" => "/id",
        "provisioningaction" | "action" => "/provisioningAction",
        "provisioningstatusinfo/status" | "statusinfo/status" => "/provisioningStatusInfo/status",
        "provisioningstatusinfo/errorinformation/errorcode" | "statusinfo/errorcode" => {
            "/provisioningStatusInfo/errorInformation/errorCode"
        }
        "serviceprincipal/id" => "/servicePrincipal/id",
        "serviceprincipal/displayname" => "/servicePrincipal/displayName",
        "sourceidentity/id" => "/sourceIdentity/id",
        "sourceidentity/displayname" => "/sourceIdentity/displayName",
        "targetidentity/id" => "/targetIdentity/id",
        "targetidentity/displayname" => "/targetIdentity/displayName",
        _ => return None,
    })
}

impl Expr {
    /// Whether the entry `body` at `at` matches.
    pub fn matches(&self, at: GraphTime, body: &Value) -> bool {
        let text = |ptr: &str| body.pointer(ptr).and_then(Value::as_str);
        match self {
            Expr::And(parts) => parts.iter().all(|p| p.matches(at, body)),
            Expr::Or(parts) => parts.iter().any(|p| p.matches(at, body)),
            Expr::Eq(ptr, v) => text(ptr) == Some(v.as_str()),
            Expr::Contains(ptr, v) => text(ptr).is_some_and(|t| t.contains(v.as_str())),
            Expr::Time(op, t) => match *op {
                "ge" => at >= *t,
                "gt" => at > *t,
                "le" => at <= *t,
                "lt" => at < *t,
                _ => at == *t,
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Comma,
    Quoted(String),
    Word(String),
}

/// Tokens with their byte spans in the text.
fn tokenize(text: &str) -> Result<Vec<(Tok, usize, usize)>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' | b')' | b',' => {
                let t = match c {
                    b'(' => Tok::Open,
                    b')' => Tok::Close,
                    _ => Tok::Comma,
                };
                out.push((t, i, i + 1));
                i += 1;
            }
            b'\'' => {
                let (value, rest) =
                    parse_quoted(&text[i..]).ok_or_else(|| text[i..].trim().to_string())?;
                let end = text.len() - rest.len();
                out.push((Tok::Quoted(value), i, end));
                i = end;
            }
            _ => {
                let start = i;
                while i < bytes.len() && !b" \t\n\r(),'".contains(&bytes[i]) {
                    i += 1;
                }
                out.push((Tok::Word(text[start..i].to_string()), start, i));
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    /// The clause starting at token `from`: up to the next `and`/`or`/`)` at its depth.
    fn clause_from(&self, from: usize) -> String {
        let mut depth = 0i32;
        let mut end = from;
        while let Some((t, ..)) = self.toks.get(end) {
            match t {
                Tok::Open => depth += 1,
                Tok::Close if depth == 0 => break,
                Tok::Close => depth -= 1,
                Tok::Word(w)
                    if depth == 0
                        && end > from
                        && (w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or")) =>
                {
                    break;
                }
                _ => {}
            }
            end += 1;
        }
        let start = self.toks.get(from).map_or(self.text.len(), |t| t.1);
        let stop = if end > from {
            self.toks[end - 1].2
        } else {
            self.text.len()
        };
        self.text[start..stop.max(start)].trim().to_string()
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.and()?];
        while self.is_word("or") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.primary()?];
        while self.is_word("and") {
            self.pos += 1;
            parts.push(self.primary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let from = self.pos;
        let bad = |p: &Self| p.clause_from(from);
        match self.peek().cloned() {
            Some(Tok::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.clause_from(from));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("contains") => {
                let args = (|| {
                    self.pos += 1;
                    (self.peek() == Some(&Tok::Open)).then_some(())?;
                    self.pos += 1;
                    let Some(Tok::Word(prop)) = self.peek().cloned() else {
                        return None;
                    };
                    self.pos += 1;
                    (self.peek() == Some(&Tok::Comma)).then_some(())?;
                    self.pos += 1;
                    let Some(Tok::Quoted(value)) = self.peek().cloned() else {
                        return None;
                    };
                    self.pos += 1;
                    (self.peek() == Some(&Tok::Close)).then_some(())?;
                    self.pos += 1;
                    Some((pointer(&prop)?, value))
                })();
                args.map(|(ptr, v)| Expr::Contains(ptr, v))
                    .ok_or_else(|| bad(self))
            }
            Some(Tok::Word(prop)) => {
                let parsed = (|| {
                    self.pos += 1;
                    let Some(Tok::Word(op)) = self.peek().cloned() else {
                        return None;
                    };
                    self.pos += 1;
                    let value = match self.peek().cloned() {
                        Some(Tok::Quoted(v)) => (v, true),
                        Some(Tok::Word(v)) => (v, false),
                        _ => return None,
                    };
                    self.pos += 1;
                    let op = op.to_ascii_lowercase();
                    if prop.eq_ignore_ascii_case("activityDateTime") {
                        let op: &'static str = match op.as_str() {
                            "eq" => "eq",
                            "gt" => "gt",
                            "ge" => "ge",
                            "lt" => "lt",
                            "le" => "le",
                            _ => return None,
                        };
                        return Some(Expr::Time(op, GraphTime::parse(&value.0)?));
                    }
                    if op != "eq" {
                        return None;
                    }
                    let ptr = pointer(&prop)?;
                    // Unquoted values are taken as they are, as the emulator always did.
                    Some(Expr::Eq(ptr, value.0))
                })();
                parsed.ok_or_else(|| bad(self))
            }
            _ => Err(bad(self)),
        }
    }
}

/// Parses a whole `$filter`; `Err` carries the clause that was not understood.
pub fn parse(text: &str) -> Result<Expr, String> {
    let toks = tokenize(text)?;
    if toks.is_empty() {
        return Err(text.to_string());
    }
    let mut p = Parser { text, toks, pos: 0 };
    let expr = p.or()?;
    if p.pos < p.toks.len() {
        return Err(p.clause_from(p.pos));
    }
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(s: &str) -> GraphTime {
        GraphTime::parse(s).unwrap()
    }

    #[test]
    fn parses_and_or_parentheses_and_contains() {
        let e = parse(
            "jobId eq 'X' and activityDateTime ge 2026-11-28T10:00:00Z and (provisioningStatusInfo/status eq 'failure' or provisioningStatusInfo/status eq 'skipped') and (contains(sourceIdentity/displayName,'Adele') or targetIdentity/id eq 'Adele')",
        )
        .unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                Expr::Eq("/jobId", "X".into()),
                Expr::Time("ge", t("2026-11-28T10:00:00Z")),
                Expr::Or(vec![
                    Expr::Eq("/provisioningStatusInfo/status", "failure".into()),
                    Expr::Eq("/provisioningStatusInfo/status", "skipped".into()),
                ]),
                Expr::Or(vec![
                    Expr::Contains("/sourceIdentity/displayName", "Adele".into()),
                    Expr::Eq("/targetIdentity/id", "Adele".into()),
                ]),
            ])
        );
        // `and` binds tighter than `or`; names and operators ignore case; quotes double.
        assert_eq!(
            parse("JOBID EQ 'a' or jobid eq 'O''Neil' AND cycleId eq 'c'").unwrap(),
            Expr::Or(vec![
                Expr::Eq("/jobId", "a".into()),
                Expr::And(vec![
                    Expr::Eq("/jobId", "O'Neil".into()),
                    Expr::Eq("/cycleId", "c".into()),
                ]),
            ])
        );
        assert_eq!(
            parse("((provisioningStatusInfo/errorInformation/errorCode eq 'E'))").unwrap(),
            Expr::Eq(
                "/provisioningStatusInfo/errorInformation/errorCode",
                "E".into()
            )
        );
    }

    #[test]
    fn errors_name_the_clause() {
        assert_eq!(parse("foo eq 'x'").unwrap_err(), "foo eq 'x'");
        assert_eq!(
            parse("jobId eq 'a' and jobId ne 'b'").unwrap_err(),
            "jobId ne 'b'"
        );
        assert_eq!(
            parse("jobId eq 'a' or startswith(jobId,'b')").unwrap_err(),
            "startswith(jobId,'b')"
        );
        assert_eq!(
            parse("activityDateTime ge yesterday").unwrap_err(),
            "activityDateTime ge yesterday"
        );
        assert_eq!(parse("jobId gt 'a'").unwrap_err(), "jobId gt 'a'");
        assert!(parse("(jobId eq 'a'").is_err());
        assert!(parse("jobId eq 'a')").is_err());
        assert!(parse("jobId eq 'a").is_err());
        assert!(parse("contains(foo,'a')").is_err());
        assert!(parse("").is_err());
        assert!(parse("jobId eq 'a' and").is_err());
    }

    #[test]
    fn matching_is_case_sensitive_on_values() {
        let body = json!({
            "jobId": "J",
            "provisioningStatusInfo": { "status": "failure", "errorInformation": { "errorCode": "E1" } },
            "sourceIdentity": { "id": "s", "displayName": "Adele Vance" },
            "targetIdentity": { "id": "t", "displayName": "Adele Vance" },
        });
        let at = t("2026-11-28T12:00:00Z");
        let m = |f: &str| parse(f).unwrap().matches(at, &body);
        assert!(m("provisioningStatusInfo/status eq 'failure'"));
        assert!(!m("provisioningStatusInfo/status eq 'Failure'"));
        assert!(m("contains(sourceIdentity/displayName,'Adele')"));
        assert!(!m("contains(sourceIdentity/displayName,'adele')"));
        assert!(m(
            "provisioningStatusInfo/errorInformation/errorCode eq 'E1'"
        ));
        assert!(m(
            "activityDateTime ge 2026-11-28T12:00:00Z and activityDateTime lt 2026-11-28T12:00:01Z"
        ));
        assert!(!m("activityDateTime gt 2026-11-28T12:00:00Z"));
        assert!(m(
            "jobId eq 'X' or (jobId eq 'J' and activityDateTime le 2026-11-29T00:00:00Z)"
        ));
        assert!(!m(
            "jobId eq 'J' and (sourceIdentity/id eq 'x' or targetIdentity/id eq 'y')"
        ));
    }
}

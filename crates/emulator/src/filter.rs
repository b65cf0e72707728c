//! The little of OData `$filter` the emulator understands: `and`-joined
//! clauses `prop eq 'value'`, `prop ge|gt|le|lt value` and
//! `startswith(prop,'value')`, with quotes in values doubled (`'O''Neil'`).

/// One comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// `prop eq 'value'` (or an unquoted value).
    Eq(String, String),
    /// `prop ge|gt|le|lt value`.
    Cmp(String, &'static str, String),
    /// `startswith(prop,'value')`.
    StartsWith(String, String),
}

/// Parses `'...'` at the start of `text` (quotes doubled inside); returns the
/// value and the rest.
pub fn parse_quoted(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                value.push('\'');
            } else {
                return Some((value, &rest[i + 1..]));
            }
        } else {
            value.push(c);
        }
    }
    None
}

/// Splits `text` at ` and ` outside quotes (case-insensitive).
fn split_and(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            in_quote = !in_quote;
        } else if !in_quote && lower[i..].starts_with(" and ") {
            parts.push(&text[start..i]);
            i += 5;
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// Parses a whole `$filter`; `Err` carries the clause that was not understood.
pub fn parse(text: &str) -> Result<Vec<Clause>, String> {
    split_and(text.trim())
        .into_iter()
        .map(|clause| parse_clause(clause.trim()).ok_or_else(|| clause.trim().to_string()))
        .collect()
}

fn parse_clause(text: &str) -> Option<Clause> {
    if text.len() > 11 && text[..11].eq_ignore_ascii_case("startswith(") {
        let inner = text[11..].trim_start();
        let (prop, rest) = inner.split_once(',')?;
        let (value, rest) = parse_quoted(rest.trim_start())?;
        if rest.trim() != ")" {
            return None;
        }
        return Some(Clause::StartsWith(prop.trim().to_string(), value));
    }
    let (prop, rest) = text.split_once(' ')?;
    let rest = rest.trim_start();
    let (op, value) = rest.split_once(' ')?;
    let value = value.trim();
    let value = if value.starts_with('\'') {
        let (v, tail) = parse_quoted(value)?;
        if !tail.trim().is_empty() {
            return None;
        }
        v
    } else {
        value.to_string()
    };
    let prop = prop.to_string();
    match op.to_ascii_lowercase().as_str() {
        "eq" => Some(Clause::Eq(prop, value)),
        "ge" => Some(Clause::Cmp(prop, "ge", value)),
        "gt" => Some(Clause::Cmp(prop, "gt", value)),
        "le" => Some(Clause::Cmp(prop, "le", value)),
        "lt" => Some(Clause::Cmp(prop, "lt", value)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_clauses() {
        assert_eq!(
            parse("startswith(displayName,'O''Neil and co')").unwrap(),
            vec![Clause::StartsWith(
                "displayName".into(),
                "O'Neil and co".into()
            )]
        );
        assert_eq!(
            parse("jobId eq 'a.b' and activityDateTime ge 2026-01-01T00:00:00Z").unwrap(),
            vec![
                Clause::Eq("jobId".into(), "a.b".into()),
                Clause::Cmp(
                    "activityDateTime".into(),
                    "ge",
                    "2026-01-01T00:00:00Z".into()
                )
            ]
        );
        assert!(parse("jobId has 'x'").is_err());
        assert!(parse("startswith(displayName,'x'").is_err());
    }
}

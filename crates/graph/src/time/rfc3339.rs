//! RFC 3339 text: the hand-written parser behind
//! [`GraphTime::parse`](super::GraphTime::parse)
//! (`parse_rfc3339_millis`) and [`format_rfc3339_millis`].

use super::civil::{DAY, MINUTE, SECOND, civil_from_unix_millis, days_from_civil, days_in_month};

/// Formats a Unix millisecond instant as RFC 3339 in UTC
/// (`2025-02-13T10:17:06.250Z`; no fraction when the milliseconds are zero).
pub fn format_rfc3339_millis(unix_millis: i64) -> String {
    let (y, mo, d, h, mi, s, ms) = civil_from_unix_millis(unix_millis);
    if ms == 0 {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }
}

/// A tiny byte cursor for the hand-written parsers.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// Parses an RFC 3339 timestamp into UTC Unix milliseconds (see
/// [`GraphTime::parse`](super::GraphTime::parse) for the accepted forms).
pub(super) fn parse_rfc3339_millis(text: &str) -> Option<i64> {
    let mut c = Cursor::new(text.trim());
    let year = i64::from(c.digits(4)?);
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let second = c.digits(2)?;
    let mut millis: u32 = 0;
    if c.eat(b'.') || c.eat(b',') {
        let mut n = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if n < 3 {
                millis = millis * 10 + u32::from(d - b'0');
            }
            n += 1;
            c.i += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }
    // Offset east of UTC, in minutes.
    let offset_minutes: i64 = if c.at_end() || c.eat(b'Z') || c.eat(b'z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return None;
        };
        let oh = c.digits(2)?;
        c.eat(b':');
        let om = c.digits(2)?;
        if oh > 23 || om > 59 {
            return None;
        }
        sign * i64::from(oh * 60 + om)
    };
    if !c.at_end() {
        return None;
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    Some(days * DAY + secs * SECOND + i64::from(millis) - offset_minutes * MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse_agree() {
        for ms in [
            0,
            1,
            999,
            1_739_441_826_250,
            -62_135_596_800_000,
            253_402_300_799_999,
        ] {
            let text = format_rfc3339_millis(ms);
            assert_eq!(parse_rfc3339_millis(&text), Some(ms), "{text}");
        }
    }
}

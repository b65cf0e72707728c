//! A tiny HTML writer for read-only markup (tables of events, steps of a result, chart figures):
//! built here by pure, tested functions and handed to the page as one `inner_html`, because the
//! same markup written as Leptos views costs several kilobytes of wasm per distinct shape, and the
//! first load has a hard size budget (`BENCHMARKS.md`).
//!
//! Safety: every text and attribute value goes through [`escape`] (`&`, `<`, `>`, `"`, `'`), tag
//! and attribute names are `&'static str` chosen by the code, never data, and nothing here writes
//! a `style` or `on*` attribute or a `<script>` (the Content-Security-Policy forbids inline code
//! and styles anyway). Interactive controls that need handlers stay Leptos views; markup built
//! here may carry `data-*` attributes that a delegated handler reads.

use std::fmt::Write as _;

/// `text` with the five HTML-significant characters replaced by entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// An HTML fragment being written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// An empty fragment.
    pub fn new() -> Html {
        Html::default()
    }

    /// Opens `<tag a="v" …>` (values escaped).
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.0, " {name}=\"");
            push_escaped(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Closes `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        let _ = write!(self.0, "</{tag}>");
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        push_escaped(&mut self.0, text);
        self
    }

    /// `<tag attrs…>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// A whole fragment written by another function (already safe).
    pub fn push(&mut self, other: &Html) -> &mut Html {
        self.0.push_str(&other.0);
        self
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.open("li", &[("data-i", "1\" onclick=\"x")])
            .text("<script>alert('x')</script> & co")
            .close("li");
        assert_eq!(
            h.as_str(),
            "<li data-i=\"1&quot; onclick=&quot;x\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</li>"
        );
    }

    #[test]
    fn elements_nest_and_fragments_join() {
        let mut inner = Html::new();
        inner.element("td", &[], "a");
        let mut h = Html::new();
        h.open("tr", &[]).push(&inner).close("tr");
        assert_eq!(h.into_string(), "<tr><td>a</td></tr>");
        assert_eq!(escape("x\"y"), "x&quot;y");
    }
}

//! Every text syncdeck shows, in the chosen language.
//!
//! **The catalog is keyed by the English text** (gettext's model, <https://www.gnu.org/software/gettext/manual/gettext.html#Concepts>):
//! code writes `t!("Start")`, `tf!("Showing {shown} of {all} jobs", shown = …, all = …)` or
//! `tn!("{n} job", "{n} jobs", count)`, and a table marks a text for translation with
//! `n_!("…")` and translates it where it is shown with [`tr`]. English costs nothing at run
//! time: its texts are the literals the code already holds. Another language is a JSON object
//! from English to its text (`locales/zh-CN/*.json`, merged and fetched only when chosen, see
//! `docs/i18n.md`), installed with [`install`].
//!
//! The keys are checked when the tests run (`crates/i18n/tests/catalog.rs`): every text marked
//! in the code must be in every catalog, every catalog entry must be used, and no view may show
//! a bare English literal.
//!
//! Numbers, dates, relative times, lengths of time and plural forms come from the browser's
//! `Intl` in the chosen language ([`fmt`]); natively, for the pure crates' tests, the same
//! functions write plain English.

pub mod fmt;

use std::cell::Cell;

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English, the language of the code.
    #[default]
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Every language, in the order the picker lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag: `<html lang>`, the stored choice, `Intl`'s locale.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The locale of Microsoft Learn's pages in this language (`https://learn.microsoft.com/<locale>/…`):
    /// Microsoft publishes the Entra and Graph documentation in both.
    pub fn learn_locale(self) -> &'static str {
        match self {
            Lang::En => "en-us",
            Lang::ZhCn => "zh-cn",
        }
    }

    /// The language's own name, as the picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The language a browser's tag asks for, if the app speaks it: `en`, `en-GB` → English;
    /// `zh`, `zh-CN`, `zh-SG`, `zh-Hans`, `zh-Hans-CN` → Simplified Chinese. Traditional
    /// Chinese (`zh-TW`, `zh-HK`, `zh-Hant…`) is not Simplified: `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let mut parts = tag.trim().split(['-', '_']);
        let first = parts.next()?;
        if first.eq_ignore_ascii_case("en") {
            return Some(Lang::En);
        }
        if !first.eq_ignore_ascii_case("zh") {
            return None;
        }
        let (mut hans, mut hant) = (false, false);
        for p in parts {
            hans |= p.eq_ignore_ascii_case("hans");
            hant |= ["hant", "tw", "hk", "mo"]
                .iter()
                .any(|t| p.eq_ignore_ascii_case(t));
        }
        (hans || !hant).then_some(Lang::ZhCn)
    }

    /// The first of the browser's languages (`navigator.languages`, in order) the app speaks;
    /// English when none.
    pub fn first_spoken<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }
}

/// A language's texts: English text → translation, sorted by the English text.
#[derive(Debug, Default)]
pub struct Catalog {
    entries: Vec<(&'static str, &'static str)>,
}

/// Why a catalog file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Catalog {
    /// Reads a catalog file: one JSON object whose values are all strings. Its texts live as
    /// long as the page (a language is read once per visit).
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| CatalogError(format!("The language file is not JSON: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(CatalogError(
                "The language file is not a JSON object.".into(),
            ));
        };
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in map {
            let serde_json::Value::String(text) = value else {
                return Err(CatalogError(format!(
                    "The language file's entry {key:?} is not a string."
                )));
            };
            entries.push((leak(key), leak(text)));
        }
        // `serde_json`'s map is a `BTreeMap` (no `preserve_order`): the entries come sorted.
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        Ok(Catalog { entries })
    }

    /// Where the translation of `english` is kept, if the catalog has one: for a catalog in use
    /// (it lives as long as the page, [`keep`]), an address [`tr_static`] can hand out.
    pub fn get(&self, english: &str) -> Option<&&'static str> {
        self.entries
            .binary_search_by(|(k, _)| (*k).cmp(english))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// How many texts the catalog holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the catalog holds no text.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A language's catalog as written in the repository: its fragments (`locales/<lang>/*.json`,
/// flat objects from the English text to the translation) merged, sorted by the English text.
/// A fragment that cannot be read or is not such an object, or a text translated twice
/// differently, is an error that names the file. What `cargo xtask build` ships and what the
/// catalog test checks (`crates/i18n/tests/catalog.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_fragments(
    dir: &std::path::Path,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut all = std::collections::BTreeMap::<String, String>::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a JSON object of texts: {e}", path.display()))?;
        for (k, v) in map {
            if let Some(old) = all.insert(k.clone(), v.clone())
                && old != v
            {
                return Err(format!(
                    "{k:?} is translated twice, differently ({})",
                    path.display()
                ));
            }
        }
    }
    Ok(all)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static CATALOG: Cell<Option<&'static Catalog>> = const { Cell::new(None) };
}

/// Makes `lang` the language of every text from now on, with its catalog (`None` for English).
/// A catalog lives as long as the page: keep the `&'static` one and install it again when the
/// language comes back.
pub fn install(lang: Lang, catalog: Option<&'static Catalog>) {
    LANG.with(|l| l.set(lang));
    CATALOG.with(|c| c.set(if lang == Lang::En { None } else { catalog }));
    fmt::reset();
}

/// Keeps a catalog for the rest of the page's life, for [`install`].
pub fn keep(catalog: Catalog) -> &'static Catalog {
    Box::leak(Box::new(catalog))
}

/// The language texts are in now.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The text `english` in the current language: its translation, or `english` itself (English,
/// or a text the catalog lacks, which the catalog test forbids).
pub fn tr(english: &'static str) -> &'static str {
    CATALOG
        .with(Cell::get)
        .and_then(|c| c.get(english).copied())
        .unwrap_or(english)
}

/// [`tr`] for a text held in a `static` ([`t!`]): takes and gives the text's address, so that
/// each of the hundreds of `t!` in the code passes one number and gets one back (a pair would
/// travel through memory), a kilobyte or more of the first load.
#[inline(never)]
pub fn tr_static(english: &'static &'static str) -> &'static &'static str {
    CATALOG
        .with(Cell::get)
        .and_then(|c| c.get(english))
        .unwrap_or(english)
}

/// The text of a count: `one` or `other` as the language's plural rules pick for `n` (`Intl.PluralRules`).
/// A catalog keys a plural text by its English `other` form and gives one text (Chinese has no
/// plural forms).
pub fn tr_plural(one: &'static str, other: &'static str, n: f64) -> &'static str {
    if let Some(text) = CATALOG.with(Cell::get).and_then(|c| c.get(other).copied()) {
        return text;
    }
    if fmt::plural_is_one(n) { one } else { other }
}

/// A part of a text with placeholders ([`pieces`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text to show as it is (a `{` that opens no known placeholder included).
    Text(&'a str),
    /// The placeholder of the value `lookup` numbered so.
    Value(usize),
}

/// Walks a text's `{name}` placeholders: each name `lookup` knows becomes a [`Piece::Value`];
/// everything else, an unknown `{name}` included, comes as [`Piece::Text`]. The one reading of
/// placeholders: [`fill`] writes values into a string, a view (`src/components/mod.rs`, `rich`)
/// puts views there.
pub fn pieces<'a>(
    text: &'a str,
    lookup: impl Fn(&str) -> Option<usize>,
    mut piece: impl FnMut(Piece<'a>),
) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            piece(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| lookup(&after[..close]).map(|i| (close, i)))
        {
            Some((close, i)) => {
                piece(Piece::Value(i));
                rest = &after[close + 1..];
            }
            None => {
                piece(Piece::Text("{"));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        piece(Piece::Text(rest));
    }
}

/// Fills a text's `{name}` placeholders with the named values; anything else is kept as is.
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 16);
    pieces(
        text,
        |name| args.iter().position(|(k, _)| *k == name),
        |p| match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(i) => {
                let _ = write!(out, "{}", args[i].1);
            }
        },
    );
    out
}

/// A number shown in the current language's digits and separators (`Intl.NumberFormat`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fmt::number(self.0))
    }
}

/// A text in the current language: `t!("Start")`. The literal is the catalog's key.
#[macro_export]
macro_rules! t {
    ($english:literal) => {{
        static TEXT: &str = $english;
        *$crate::tr_static(&TEXT)
    }};
}

/// A text with named values in the current language:
/// `tf!("Showing {shown} of {all} jobs", shown = a, all = b)`. Values are `Display`; wrap a
/// number in [`Num`] for the language's digits.
#[macro_export]
macro_rules! tf {
    ($english:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        static TEXT: &str = $english;
        $crate::fill($crate::tr_static(&TEXT), &[$((stringify!($name), &$value as &dyn ::core::fmt::Display)),*])
    }};
}

/// A count in the current language: `tn!("{n} job", "{n} jobs", count)`, `{n}` being the count
/// in the language's digits; more named values may follow, as for [`tf!`].
#[macro_export]
macro_rules! tn {
    ($one:literal, $other:literal, $n:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let n = $n as f64;
        $crate::fill(
            $crate::tr_plural($one, $other, n),
            &[("n", &$crate::Num(n) as &dyn ::core::fmt::Display) $(, (stringify!($name), &$value as &dyn ::core::fmt::Display))*],
        )
    }};
}

/// Marks a text for translation where it cannot be translated yet (a `const` table); [`tr`]
/// translates it where it is shown. The literal is the catalog's key.
#[macro_export]
macro_rules! n_ {
    ($english:literal) => {
        $english
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pick_the_language() {
        for (tag, lang) in [
            ("en", Some(Lang::En)),
            ("en-GB", Some(Lang::En)),
            ("zh", Some(Lang::ZhCn)),
            ("zh-CN", Some(Lang::ZhCn)),
            ("zh-Hans-CN", Some(Lang::ZhCn)),
            ("zh_SG", Some(Lang::ZhCn)),
            ("zh-TW", None),
            ("zh-Hant", None),
            ("zh-Hant-HK", None),
            ("fr-FR", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
        assert_eq!(
            Lang::first_spoken(["fr", "zh-TW", "zh-CN", "en"]),
            Lang::ZhCn
        );
        assert_eq!(Lang::first_spoken(["de", "en-US", "zh"]), Lang::En);
        assert_eq!(Lang::first_spoken([]), Lang::En);
        assert_eq!(Lang::ZhCn.learn_locale(), "zh-cn");
        assert_eq!(Lang::En.learn_locale(), "en-us");
    }

    #[test]
    fn catalogs_translate_and_fall_back_to_english() {
        let zh = keep(Catalog::parse(r#"{"Start":"启动","{n} jobs":"{n} 个作业","Showing {shown} of {all} jobs":"显示 {all} 个作业中的 {shown} 个"}"#).unwrap());
        assert_eq!(zh.len(), 3);
        install(Lang::ZhCn, Some(zh));
        assert_eq!(t!("Start"), "启动");
        assert_eq!(tn!("{n} job", "{n} jobs", 1), "1 个作业");
        assert_eq!(
            tf!("Showing {shown} of {all} jobs", shown = 2, all = 5),
            "显示 5 个作业中的 2 个"
        );
        install(Lang::En, Some(zh));
        assert_eq!(lang(), Lang::En);
        assert_eq!(t!("Start"), "Start");
        assert_eq!(tn!("{n} job", "{n} jobs", 1), "1 job");
        assert_eq!(tn!("{n} job", "{n} jobs", 1200), "1,200 jobs");
        assert_eq!(
            tf!("{a} and {b} but {c}", a = "x", b = 2),
            "x and 2 but {c}"
        );
    }

    #[test]
    fn bad_catalog_files_are_refused_with_the_reason() {
        assert!(Catalog::parse("<html>").unwrap_err().0.contains("not JSON"));
        assert!(
            Catalog::parse("[1]")
                .unwrap_err()
                .0
                .contains("not a JSON object")
        );
        assert!(
            Catalog::parse(r#"{"a":1}"#)
                .unwrap_err()
                .0
                .contains("\"a\"")
        );
    }
}

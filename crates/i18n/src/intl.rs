//! The browser's `Intl` in the current language (`crate::lang()`), each formatter made once per
//! language and kept until [`reset`].

use super::{Unit, Width};
use js_sys::{Array, Function, Intl, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    // A few formatters per language: a list is smaller code than a map.
    static MADE: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

pub(super) fn reset() {
    MADE.with(|m| m.borrow_mut().clear());
}

fn locales() -> Array {
    Array::of1(&JsValue::from_str(crate::lang().code()))
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The formatter named `key`, made by `make` the first time in this language.
fn made(key: &'static str, make: impl FnOnce() -> JsValue) -> JsValue {
    if let Some(v) = MADE.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }) {
        return v;
    }
    let v = make();
    MADE.with(|m| m.borrow_mut().push((key, v.clone())));
    v
}

fn call_format(formatter: &JsValue, method: &str, args: &[JsValue]) -> String {
    let f = Reflect::get(formatter, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(f) = f else { return String::new() };
    let out = match args {
        [a] => f.call1(formatter, a),
        [a, b] => f.call2(formatter, a, b),
        _ => f.call0(formatter),
    };
    out.ok().and_then(|v| v.as_string()).unwrap_or_default()
}

pub(super) fn number(n: f64) -> String {
    let f = made("number", || {
        Intl::NumberFormat::new(&locales(), &options(&[("maximumFractionDigits", "2")])).into()
    });
    call_format(&f, "format", &[JsValue::from_f64(n)])
}

pub(super) fn plural_is_one(n: f64) -> bool {
    let rules: Intl::PluralRules = made("plural", || {
        Intl::PluralRules::new(&locales(), &Object::new()).into()
    })
    .into();
    rules.select(n) == "one"
}

fn unit_key(unit: Unit, width: Width) -> &'static str {
    // One formatter per unit and width: the cache's key.
    const LONG: [&str; 8] = ["yl", "mol", "wl", "dl", "hl", "minl", "sl", "msl"];
    const SHORT: [&str; 8] = ["ys", "mos", "ws", "ds", "hs", "mins", "ss", "mss"];
    let i = unit as usize;
    if width == Width::Long {
        LONG[i]
    } else {
        SHORT[i]
    }
}

pub(super) fn units(parts: &[(f64, Unit)], width: Width) -> String {
    let display = if width == Width::Long {
        "long"
    } else {
        "short"
    };
    let pieces = Array::new();
    for &(n, unit) in parts {
        let f = made(unit_key(unit, width), || {
            Intl::NumberFormat::new(
                &locales(),
                &options(&[
                    ("style", "unit"),
                    ("unit", unit.intl()),
                    ("unitDisplay", display),
                ]),
            )
            .into()
        });
        pieces.push(&JsValue::from_str(&call_format(
            &f,
            "format",
            &[JsValue::from_f64(n)],
        )));
    }
    let list = made(
        if width == Width::Long {
            "listl"
        } else {
            "lists"
        },
        || {
            Intl::ListFormat::new(
                &locales(),
                &options(&[
                    ("type", "unit"),
                    (
                        "style",
                        if width == Width::Long {
                            "long"
                        } else {
                            "narrow"
                        },
                    ),
                ]),
            )
            .into()
        },
    );
    call_format(&list, "format", &[pieces.into()])
}

fn relative_format(short: bool) -> JsValue {
    made(if short { "rtfs" } else { "rtfl" }, || {
        Intl::RelativeTimeFormat::new(
            &locales(),
            &options(&[
                ("numeric", "auto"),
                ("style", if short { "short" } else { "long" }),
            ]),
        )
        .into()
    })
}

pub(super) fn relative(n: f64, unit: Unit, future: bool, _under_a_minute: bool) -> String {
    let signed = if future { n } else { -n };
    call_format(
        &relative_format(false),
        "format",
        &[JsValue::from_f64(signed), JsValue::from_str(unit.intl())],
    )
}

pub(super) fn ago_short(n: f64, unit: Unit) -> String {
    call_format(
        &relative_format(true),
        "format",
        &[JsValue::from_f64(-n), JsValue::from_str(unit.intl())],
    )
}

pub(super) fn date_time_utc(ms: i64) -> String {
    let f = made("datetime", || {
        Intl::DateTimeFormat::new(
            &locales(),
            &options(&[
                ("dateStyle", "medium"),
                ("timeStyle", "short"),
                ("timeZone", "UTC"),
            ]),
        )
        .into()
    });
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!("{} UTC", call_format(&f, "format", &[date.into()]))
}

//! The `graph_enum!` macro that defines every Graph enum of this module.
//! Its paths are absolute (`::std`, `::serde`), so a file that invokes it
//! needs no imports for it.

/// Defines a Graph enum: the variants with their wire names, CSDL values and
/// aliases, plus `Unknown(String)`, `graph_name`, `from_graph_name`,
/// `csdl_value`, `KNOWN`, `Display`, `From<&str>`, `Default` and serde.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($wire:literal, $value:literal $(, $alias:literal)*)
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version does not know, kept exactly as received.
            Unknown(String),
        }

        impl $name {
            /// Every known variant, in CSDL order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as Graph writes it on the wire (for an unknown value:
            /// the text as received).
            pub fn graph_name(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(raw) => raw,
                }
            }

            /// Reads a wire value, ignoring case and surrounding blanks; an
            /// unknown value is kept as `Unknown` (untrimmed).
            pub fn from_graph_name(text: &str) -> $name {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($wire) $(|| t.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Unknown(text.to_owned())
            }

            /// The numeric value in the Graph CSDL (`None` for an unknown
            /// value).
            pub fn csdl_value(&self) -> Option<i64> {
                match self {
                    $($name::$variant => Some($value),)+
                    $name::Unknown(_) => None,
                }
            }

            /// The variant for a CSDL numeric value; an unknown number is kept
            /// as `Unknown` with its decimal text.
            pub fn from_csdl_value(value: i64) -> $name {
                match value {
                    $($value => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// True for a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            /// Reads the member `key` of a JSON object as the `Deserialize` impl below does
            /// (absent or `null` is `Unknown("")`). Only the models read from a `Value` use it.
            #[allow(dead_code)]
            pub(crate) fn read(
                m: &$crate::model::json::Obj,
                key: &'static str,
            ) -> Result<$name, $crate::model::json::Shape> {
                use $crate::model::json::{Wire, enum_wire};
                let what = concat!("a ", stringify!($name), " string");
                Ok(match enum_wire(m, key, what)? {
                    Wire::Missing => $name::default(),
                    Wire::Name(text) => $name::from_graph_name(text),
                    Wire::Csdl(value) => $name::from_csdl_value(value),
                    Wire::Big(text) => $name::Unknown(text),
                })
            }
        }

        impl Default for $name {
            /// `Unknown("")`: what a missing or `null` value reads as.
            fn default() -> Self {
                $name::Unknown(String::new())
            }
        }

        impl From<&str> for $name {
            /// Same as [`Self::from_graph_name`].
            fn from(text: &str) -> Self {
                $name::from_graph_name(text)
            }
        }

        impl ::std::fmt::Display for $name {
            /// Writes [`Self::graph_name`].
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.graph_name())
            }
        }

        impl ::serde::Serialize for $name {
            /// Writes [`Self::graph_name`] as a JSON string.
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.graph_name())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            /// Reads a string (see [`Self::from_graph_name`]), a CSDL number,
            /// or `null` (`Unknown("")`). Other JSON types are errors.
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_graph_name(v))
                    }
                    fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::from_csdl_value(v))
                    }
                    fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok(match i64::try_from(v) {
                            Ok(v) => $name::from_csdl_value(v),
                            Err(_) => $name::Unknown(v.to_string()),
                        })
                    }
                    fn visit_unit<E: ::serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_none<E: ::serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_some<D: ::serde::Deserializer<'de>>(
                        self,
                        d: D,
                    ) -> Result<$name, D::Error> {
                        d.deserialize_any(V)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

pub(super) use graph_enum;

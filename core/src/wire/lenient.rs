//! Tolerant scalars: real exporters send IDs as numbers, int64 as strings and `null` for anything.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Text that also accepts a number or bool (rendered) and `null` (empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_with(d, |text| Text(text.to_owned()))
    }
}

/// Reads what [`Text`] reads, handing `read` the text borrowed where the input allows, so a value
/// that only picks a variant (a tag's `type`, a reference's `refType`) allocates nothing.
pub fn text_with<'de, D, T>(d: D, read: impl FnOnce(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct TextWith<F>(F);
    impl<'de, T, F: FnOnce(&str) -> T> Visitor<'de> for TextWith<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }
        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(TextWith(read))
}

/// A whole number that also accepts a numeric string (int64 sent as text), a float (truncated)
/// and `null` (0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Int(pub i64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IntVisitor;
        impl<'de> Visitor<'de> for IntVisitor {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                Ok(Int(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Int, E> {
                Ok(Int(v as i64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int, E> {
                let v = v.trim();
                v.parse::<i64>()
                    .ok()
                    .or_else(|| v.parse::<f64>().ok().map(|f| f as i64))
                    .map(Int)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Int, E> {
                Ok(Int::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Int, E> {
                Ok(Int::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Int, D::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(IntVisitor)
    }
}

/// For `#[serde(deserialize_with)]`: a list where `null` means empty.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// For `#[serde(deserialize_with)]` on an `Option<Option<T>>`: tells a present `null` from absence.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

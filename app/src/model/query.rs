//! Filters in the URL, derived with serde: `?phase=3&status=red` reads into a filter and a
//! filter writes back the same string. A value that cannot be read (`?phase=abc`) is left out
//! rather than refusing the page, so an old bookmark or a hand-edited link still opens.

use std::fmt::Display;
use std::str::FromStr;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// Reads a query string (with or without the `?`) into a filter.
pub fn parse<T: DeserializeOwned + Default>(query: &str) -> T {
    serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default()
}

/// Reads a filter from already split `key=value` pairs (an HTTP handler's query map).
pub fn from_pairs<T: DeserializeOwned + Default>(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> T {
    let pairs: Vec<(String, String)> = pairs.into_iter().collect();
    parse(&serde_urlencoded::to_string(pairs).unwrap_or_default())
}

/// The query string (without `?`) that [`parse`] reads back.
pub fn to_query<T: Serialize>(filter: &T) -> String {
    serde_urlencoded::to_string(filter).unwrap_or_default()
}

/// A form's query string without its empty fields: `phase=&pillar=5` → `pillar=5`, the way the
/// pages' own links write a filter.
pub fn without_empty_fields(query: &str) -> String {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
        .collect::<Vec<_>>()
        .join("&")
}

/// A value as text, whichever way the format carries it (a URL's text, JSON's number).
struct RawText;

impl<'de> Visitor<'de> for RawText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.trim().to_string()).filter(|v| !v.is_empty()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(RawText)
    }
}

fn raw<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(RawText)
}

/// Any value with a text form (`FromStr`): ids, codes, days; unreadable means absent.
pub fn lenient<'de, D: Deserializer<'de>, T: FromStr>(d: D) -> Result<Option<T>, D::Error> {
    Ok(raw(d)?.and_then(|v| v.parse().ok()))
}

/// Free text, trimmed; empty means absent.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    raw(d)
}

/// A year a programme can plausibly have (1990–2100).
pub fn year<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    Ok(lenient::<D, i32>(d)?.filter(|y| (1990..=2100).contains(y)))
}

/// The text form of a value, for the URL (codes, not variant names).
pub fn as_text<S: Serializer, T: Display>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// A switch written as `key=<on>` when set and left out otherwise (`invest=source`).
pub fn switch_on<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(raw(d)?.is_some_and(|v| v == BY_SOURCE || v == "true"))
}

pub fn as_switch<S: Serializer>(on: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if *on { BY_SOURCE } else { "" })
}

/// A switch written as `key=true` when set.
pub fn as_true<S: Serializer>(on: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if *on { "true" } else { "" })
}

pub fn is_off(on: &bool) -> bool {
    !*on
}

/// The investment chart's "by funding source" switch: `?invest=source`.
const BY_SOURCE: &str = super::DashboardFilter::BY_SOURCE;

#[cfg(test)]
mod tests {
    use super::without_empty_fields;

    #[test]
    fn a_submitted_filter_form_reads_like_the_pages_links() {
        assert_eq!(without_empty_fields("phase=&pillar=5&unit="), "pillar=5");
        assert_eq!(
            without_empty_fields("?phase=1&sort=due&desc=true"),
            "phase=1&sort=due&desc=true"
        );
        assert_eq!(without_empty_fields("phase=&unit="), "");
        assert_eq!(without_empty_fields(""), "");
    }
}

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

/// A filter's fields as `(name, value)` pairs, as its URL writes them: a form's hidden fields.
pub fn to_pairs<T: Serialize>(filter: &T) -> Vec<(String, String)> {
    serde_urlencoded::from_str(&to_query(filter)).unwrap_or_default()
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

/// A filter field as the URL carries it: read leniently (an unreadable value is absent, so an
/// old bookmark or a hand-edited link still opens) and written back as its text, left out when
/// unset. Optional values (ids, codes, days, text) and on/off switches are both fields.
pub trait UrlField: Sized {
    /// The field from its trimmed text, `None` when the URL does not carry it.
    fn from_text(text: Option<String>) -> Self;
    /// The field's text, `None` when it is unset and is left out of the URL.
    fn to_text(&self) -> Option<String>;
}

impl<T: FromStr + Display> UrlField for Option<T> {
    fn from_text(text: Option<String>) -> Self {
        text.and_then(|v| v.parse().ok())
    }
    fn to_text(&self) -> Option<String> {
        self.as_ref().map(T::to_string)
    }
}

/// A switch: `key=true` when on, left out when off.
impl UrlField for bool {
    fn from_text(text: Option<String>) -> Self {
        text.is_some_and(|v| v == "true")
    }
    fn to_text(&self) -> Option<String> {
        self.then(|| "true".to_string())
    }
}

/// Reads any [`UrlField`]: `#[serde(deserialize_with = "query::read")]`.
pub fn read<'de, D: Deserializer<'de>, T: UrlField>(d: D) -> Result<T, D::Error> {
    Ok(T::from_text(raw(d)?))
}

/// Writes any [`UrlField`] as its text.
pub fn write<S: Serializer, T: UrlField>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    match value.to_text() {
        Some(text) => s.serialize_str(&text),
        None => s.serialize_none(),
    }
}

/// Left out of the URL: `#[serde(skip_serializing_if = "query::unset")]`.
pub fn unset<T: UrlField>(value: &T) -> bool {
    value.to_text().is_none()
}

/// Declares a filter that lives in the URL: every field is a [`UrlField`], read and written
/// the same way, so a filter is only its fields and their documentation. Other field attributes
/// (`#[serde(rename = "…")]`) are kept.
macro_rules! url_filter {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, deserialize_with = "crate::model::query::read")]
                #[serde(serialize_with = "crate::model::query::write")]
                #[serde(skip_serializing_if = "crate::model::query::unset")]
                pub $field: $ty,
            )*
        }
    };
}

/// A [`url_filter!`] of a paged, sortable list at `$path`: it gains `sort`, `desc` and `page`
/// fields and implements [`ListFilter`](super::ListFilter), so the list's headings, pager and
/// filter form all write its URL the same way.
macro_rules! list_filter {
    (
        $(#[$meta:meta])*
        pub struct $name:ident at $path:literal sorted by $sort:ty {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        crate::model::query::url_filter! {
            $(#[$meta])*
            pub struct $name {
                $( $(#[$field_meta])* pub $field: $ty, )*
                /// The column the list is sorted on (`?sort=title`); none: the list's own order.
                pub sort: Option<$sort>,
                /// Sorted from the largest down (`?desc=true`).
                pub desc: bool,
                /// The page shown (1-based, `?page=3`); none: the first.
                pub page: Option<u32>,
            }
        }

        impl crate::model::ListFilter for $name {
            type Sort = $sort;
            const PATH: &'static str = $path;

            fn sort(&self) -> (Option<$sort>, bool) {
                (self.sort, self.desc)
            }

            fn sorted(&self, key: $sort, descending: bool) -> Self {
                $name {
                    sort: Some(key),
                    desc: descending,
                    page: None,
                    ..self.clone()
                }
            }

            fn on_page(&self, page: Option<u32>) -> Self {
                $name {
                    page,
                    ..self.clone()
                }
            }
        }
    };
}

pub(crate) use {list_filter, url_filter};

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

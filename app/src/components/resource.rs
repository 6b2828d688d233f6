//! How a page's data travels from the server-rendered page to the browser for hydration.
//!
//! Leptos writes each resource's encoded value into the page as a JavaScript string literal, and
//! escapes it with Rust's `Debug` formatting, which checks every non-ASCII character against
//! Unicode tables. For pages full of Chinese that was the largest single cost of rendering the
//! dashboard. [`AsciiJson`] is plain JSON with every non-ASCII character written as a `\uXXXX`
//! escape, which every JSON parser reads back to the same text.

use std::future::Future;

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub struct AsciiJson;

/// A page's data, sent to the browser for hydration as [`AsciiJson`].
pub type PageResource<T> = Resource<T, AsciiJson>;

/// [`Resource::new`] with the [`AsciiJson`] encoding.
#[track_caller]
pub fn page_resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageResource<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

impl<T: Serialize> Encoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        Ok(ascii_only(&serde_json::to_string(value)?))
    }
}

impl<T: DeserializeOwned> Decoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(encoded)
    }
}

/// `json` with each non-ASCII character as `\uXXXX` (UTF-16, as JSON wants). Only valid because
/// serde_json writes non-ASCII characters nowhere but inside strings.
fn ascii_only(json: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(json.len() + json.len() / 2);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_beyond_round_trip_as_ascii() {
        let value = vec!["一张网 · 三年突破".to_string(), "𠀀 emoji 🎉".to_string()];
        let encoded = <AsciiJson as Encoder<Vec<String>>>::encode(&value).unwrap();
        assert!(encoded.is_ascii(), "{encoded}");
        assert!(encoded.contains("\\u4e00"), "一 is U+4E00: {encoded}");
        let decoded: Vec<String> = <AsciiJson as Decoder<Vec<String>>>::decode(&encoded).unwrap();
        assert_eq!(decoded, value);
    }
}

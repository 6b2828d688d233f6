//! Reading cookies from request headers: the one parser that the session, the language and
//! the access gate share.

/// The value of cookie `name` in one `Cookie:` header value.
pub fn find<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The value of cookie `name` among a request's headers (browsers may send several `Cookie:`).
#[cfg(feature = "ssr")]
pub fn from_headers(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| find(v, name))
        .map(str::to_string)
}

/// The reader's language, from the language cookie; Chinese when there is none.
#[cfg(feature = "ssr")]
pub fn locale(headers: &http::HeaderMap) -> crate::i18n::Locale {
    from_headers(headers, crate::i18n::LOCALE_COOKIE)
        .map(|tag| crate::i18n::Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// The data version of the reader's newest write, from the cookie the HTTP gate sets after it.
#[cfg(feature = "ssr")]
pub fn seen_version(headers: &http::HeaderMap) -> Option<i64> {
    from_headers(headers, crate::cache::SEEN_VERSION_COOKIE)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let header = "a=1; roadmap_session=abc; roadmap_lang=en";
        assert_eq!(find(header, "roadmap_session"), Some("abc"));
        assert_eq!(find(header, "roadmap_lang"), Some("en"));
        assert_eq!(find(header, "session"), None);
        assert_eq!(find("", "a"), None);
    }
}

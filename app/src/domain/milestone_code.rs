//! A milestone's stable code, such as `YW-2025-014`: its pillar's abbreviation (一张网 → YW),
//! the year it started in, and a number counted per pillar and year. It is given once, when the
//! milestone is created, and kept when its pillar or dates change, so that a file, a report or
//! a conversation can name the milestone whatever happens to it later.

/// The code's first two parts, `YW-2025`: what the number is counted within.
pub fn stem(pillar_abbr: &str, start_year: i32) -> String {
    format!("{pillar_abbr}-{start_year}")
}

/// The code as people read it: at least three digits, `YW-2025-014`, `YW-2025-1203`.
pub fn format(stem: &str, number: i64) -> String {
    format!("{stem}-{number:03}")
}

/// The code stored as its stem and number; `None` before the milestone is numbered.
pub fn stored(stem: Option<&str>, number: Option<i64>) -> Option<String> {
    Some(format(stem?, number?))
}

/// A code as typed or read from a file, split into its stem and number; `None` when it is not
/// a code. Case and spaces around it do not matter.
pub fn parse(code: &str) -> Option<(String, i64)> {
    let code = code.trim().to_uppercase();
    let (stem, number) = code.rsplit_once('-')?;
    let (abbr, year) = stem.split_once('-')?;
    let valid = !abbr.is_empty()
        && abbr.chars().all(|c| c.is_ascii_alphanumeric())
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit());
    let number: i64 = number.parse().ok().filter(|_| valid)?;
    (number > 0).then(|| (stem.to_string(), number))
}

/// The abbreviation of the provincial pillars by their codes (the initials of 一朵云, 一张网,
/// 一平台, 一系统, 一城墙 as 一云, 一网, 一平, 一系, 一墙); another pillar's is its code's first
/// two letters.
pub fn pillar_abbr(pillar_code: &str) -> String {
    match pillar_code {
        "cloud" => "YY".into(),
        "network" => "YW".into(),
        "platform" => "YP".into(),
        "system" => "YX".into(),
        "wall" => "YQ".into(),
        other => other
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(2)
            .collect::<String>()
            .to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_pillar_year_and_number() {
        assert_eq!(format(&stem("YW", 2025), 14), "YW-2025-014");
        assert_eq!(format(&stem("YY", 2023), 1203), "YY-2023-1203");
    }

    #[test]
    fn parsing_takes_what_formatting_gives_and_refuses_the_rest() {
        assert_eq!(parse("YW-2025-014"), Some(("YW-2025".into(), 14)));
        assert_eq!(parse(" yw-2025-14 "), Some(("YW-2025".into(), 14)));
        assert_eq!(parse("YY-2023-1203"), Some(("YY-2023".into(), 1203)));
        for bad in [
            "",
            "YW",
            "YW-2025",
            "YW-25-001",
            "YW-2025-",
            "YW-2025-0",
            "-2025-001",
            "YW-2025-01a",
            "一网-2025-001",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_five_pillars_have_their_initials_and_others_their_codes() {
        assert_eq!(pillar_abbr("network"), "YW");
        assert_eq!(pillar_abbr("wall"), "YQ");
        assert_eq!(pillar_abbr("data-lake"), "DA");
    }
}

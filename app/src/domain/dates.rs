//! Dates as Chinese offices write them, and the programme's notion of "today".

use chrono::{Datelike, Duration, NaiveDate, Utc};

/// `2025年3月31日`
pub fn zh_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2025-03-31`, used in English and in data files.
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Today in China Standard Time (UTC+8), whatever the server's own time zone:
/// a county office's day starts at midnight Beijing time.
pub fn today_in_china() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_format_has_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        assert_eq!(zh_date(d), "2025年3月5日");
        assert_eq!(iso_date(d), "2025-03-05");
    }
}

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

/// A moment (Unix seconds) in China Standard Time: `2025年3月31日 14:05`.
pub fn zh_datetime(unix_seconds: i64) -> String {
    match chrono::DateTime::from_timestamp(unix_seconds, 0) {
        Some(utc) => {
            let local = utc.naive_utc() + Duration::hours(8);
            format!("{} {}", zh_date(local.date()), local.format("%H:%M"))
        }
        None => String::new(),
    }
}

/// Unix seconds at the start of `date` in China Standard Time.
pub fn china_day_start(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp() - 8 * 3600)
        .unwrap_or_default()
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

    #[test]
    fn moments_are_shown_in_beijing_time() {
        // 2025-03-04T16:30:00Z is 00:30 the next day in Beijing.
        assert_eq!(zh_datetime(1_741_105_800), "2025年3月5日 00:30");
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        assert_eq!(china_day_start(d), 1_741_104_000);
    }
}

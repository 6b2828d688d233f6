//! The programme's notion of "today" and of local time (China Standard Time). How a date
//! reads (`2025年3月31日`) is the interface's business: `i18n` (`Locale::date`).

use chrono::{Days, Duration, NaiveDate, Utc};

/// `2025-03-31`, used in English and in data files.
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A moment (Unix seconds) as the wall clock in China Standard Time shows it.
pub fn china_local(unix_seconds: i64) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|utc| utc.naive_utc() + Duration::hours(8))
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

/// "Now" for a change: the day it belongs to and the moment (Unix seconds). When the server's
/// today is fixed (`--today`, for demonstrations and tests) the moment is that day at the
/// current wall-clock time, so a round's lateness agrees with the day shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub today: NaiveDate,
    pub now: i64,
}

impl Clock {
    pub fn new(today_override: Option<NaiveDate>) -> Clock {
        let now = Utc::now().timestamp();
        let real_today = today_in_china();
        match today_override {
            Some(today) => Clock {
                today,
                now: china_day_start(today) + (now - china_day_start(real_today)),
            },
            None => Clock {
                today: real_today,
                now,
            },
        }
    }
}

/// A day as people write it: `2026-03-02`, `2026/3/2`, `2026.3.2`, `2026年3月2日`, or the serial
/// number Excel stores a date cell as.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(serial) = text.parse::<f64>() {
        // Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
        let days = serial.floor();
        if !(1.0..=2_958_465.0).contains(&days) {
            return None;
        }
        return NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(days as u64));
    }
    let day_part = text.split_whitespace().next().unwrap_or(text);
    let parts: Vec<&str> = day_part
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [y, m, d] => NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_offices_write_them() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2);
        for text in [
            "2026-03-02",
            "2026/3/2",
            "2026.3.2",
            "2026年3月2日",
            "46083",
            "2026-03-02 00:00:00",
        ] {
            assert_eq!(parse_day(text), day, "{text}");
        }
        assert_eq!(parse_day("下周一"), None);
        assert_eq!(parse_day("2026-02-30"), None);
    }

    use crate::i18n::{zh_date, Locale};

    fn zh_datetime(unix_seconds: i64) -> String {
        Locale::Zh.datetime(unix_seconds)
    }

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

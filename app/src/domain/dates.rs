//! The programme's notion of "today" and of local time (China Standard Time). How a date
//! reads (`2025年3月31日`) is the interface's business: `i18n` (`Locale::date`).

use chrono::{Duration, NaiveDate, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;
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

//! Server-side validation of what planners type: every rule gives a Chinese message tied to the
//! field it is about, so the form can show it next to that field. Invalid input changes nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One problem with one form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// All problems found in one submitted form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn single(field: &str, message: impl Into<String>) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        errors
    }

    /// The first message about `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was wrong.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Trimmed text that must be present and at most `max_chars` characters long.
    pub fn required_text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max_chars: usize,
    ) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, format!("请填写{label}"));
        } else {
            self.check_length(field, label, value, max_chars);
        }
        value.to_string()
    }

    /// Trimmed text that may be empty but at most `max_chars` characters long.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max_chars: usize,
    ) -> String {
        let value = value.trim();
        self.check_length(field, label, value, max_chars);
        value.to_string()
    }

    fn check_length(&mut self, field: &str, label: &str, value: &str, max_chars: usize) {
        let n = value.chars().count();
        if n > max_chars {
            self.add(
                field,
                format!("{label}不能超过 {max_chars} 个字（现为 {n} 个字）"),
            );
        }
    }

    /// A `YYYY-MM-DD` date that must be present.
    pub fn required_date(&mut self, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, format!("请填写{label}"));
            return None;
        }
        self.date(field, label, value)
    }

    /// A `YYYY-MM-DD` date, or `None` when left empty.
    pub fn optional_date(&mut self, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            None
        } else {
            self.date(field, label, value)
        }
    }

    fn date(&mut self, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.add(
                    field,
                    format!("{label}“{value}”不是有效日期，应为 年-月-日，如 2025-06-30"),
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn integer_in(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let value = value.trim();
        match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ if value.is_empty() => {
                self.add(field, format!("请填写{label}"));
                None
            }
            _ => {
                self.add(field, format!("{label}应为 {min} 到 {max} 之间的整数"));
                None
            }
        }
    }

    /// The id of one of `known`, chosen from a list.
    pub fn choice(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        known: impl IntoIterator<Item = i64>,
    ) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, format!("请选择{label}"));
            return None;
        }
        match value.parse::<i64>() {
            Ok(id) if known.into_iter().any(|k| k == id) => Some(id),
            _ => {
                self.add(field, format!("所选{label}不存在，请重新选择"));
                None
            }
        }
    }

    /// Like [`FieldErrors::choice`], but empty means "none".
    pub fn optional_choice(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        known: impl IntoIterator<Item = i64>,
    ) -> Option<i64> {
        if value.trim().is_empty() {
            None
        } else {
            self.choice(field, label, value, known)
        }
    }

    /// `date` must lie within `[first, last]` (the roadmap's years).
    pub fn within(
        &mut self,
        field: &str,
        label: &str,
        date: Option<NaiveDate>,
        first: NaiveDate,
        last: NaiveDate,
    ) {
        if let Some(date) = date {
            if date < first || date > last {
                self.add(
                    field,
                    format!(
                        "{label}应在路线图期间内（{} 至 {}）",
                        super::dates::zh_date(first),
                        super::dates::zh_date(last)
                    ),
                );
            }
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        write!(f, "{}", messages.join("；"))
    }
}

/// First and last day of a roadmap running from `start_year` to `end_year`.
pub fn roadmap_span(start_year: i32, end_year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(start_year, 1, 1)?,
        NaiveDate::from_ymd_opt(end_year, 12, 31)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn required_text_is_trimmed_and_length_checked_in_characters() {
        let mut e = FieldErrors::default();
        assert_eq!(
            e.required_text("title", "标题", "  政务云扩容  ", 10),
            "政务云扩容"
        );
        assert!(e.is_empty());
        e.required_text("title", "标题", "   ", 10);
        assert_eq!(e.get("title"), Some("请填写标题"));
        let mut e = FieldErrors::default();
        e.required_text("title", "标题", &"云".repeat(11), 10);
        assert_eq!(e.get("title"), Some("标题不能超过 10 个字（现为 11 个字）"));
    }

    #[test]
    fn dates_must_be_real_days() {
        let mut e = FieldErrors::default();
        assert_eq!(
            e.required_date("due", "完成日期", "2024-02-29"),
            Some(d(2024, 2, 29))
        );
        assert_eq!(e.required_date("due", "完成日期", "2023-02-29"), None);
        assert!(e.get("due").unwrap().contains("不是有效日期"));
        let mut e = FieldErrors::default();
        assert_eq!(e.optional_date("due", "完成日期", ""), None);
        assert!(e.is_empty());
    }

    #[test]
    fn integers_are_bounded_inclusively() {
        let mut e = FieldErrors::default();
        assert_eq!(e.integer_in("percent", "进度", "0", 0, 100), Some(0));
        assert_eq!(e.integer_in("percent", "进度", "100", 0, 100), Some(100));
        assert!(e.is_empty());
        assert_eq!(e.integer_in("percent", "进度", "101", 0, 100), None);
        assert_eq!(e.get("percent"), Some("进度应为 0 到 100 之间的整数"));
        let mut e = FieldErrors::default();
        assert_eq!(e.integer_in("percent", "进度", "12.5", 0, 100), None);
        assert_eq!(e.integer_in("weight", "权重", "", 0, 100), None);
        assert_eq!(e.get("weight"), Some("请填写权重"));
    }

    #[test]
    fn choices_must_be_known_ids() {
        let mut e = FieldErrors::default();
        assert_eq!(e.choice("unit", "责任单位", "3", [1, 2, 3]), Some(3));
        assert_eq!(e.choice("unit", "责任单位", "9", [1, 2, 3]), None);
        assert_eq!(e.get("unit"), Some("所选责任单位不存在，请重新选择"));
        let mut e = FieldErrors::default();
        assert_eq!(e.optional_choice("domain", "领域", "", [1]), None);
        assert!(e.is_empty());
    }

    #[test]
    fn dates_outside_the_roadmap_are_refused() {
        let (first, last) = roadmap_span(2023, 2027).unwrap();
        let mut e = FieldErrors::default();
        e.within("start", "开始日期", Some(d(2023, 1, 1)), first, last);
        e.within("start", "开始日期", Some(d(2027, 12, 31)), first, last);
        assert!(e.is_empty());
        e.within("start", "开始日期", Some(d(2028, 1, 1)), first, last);
        assert_eq!(
            e.get("start"),
            Some("开始日期应在路线图期间内（2023年1月1日 至 2027年12月31日）")
        );
    }
}

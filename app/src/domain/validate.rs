//! Server-side validation of what planners type: every rule gives a [`Problem`] tied to the
//! field it is about, so the form can show it next to that field, in the reader's language.
//! Invalid input changes nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::problem::{Label, Problem};

/// One problem with one form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// All problems found in one submitted form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError {
            field: field.to_string(),
            problem,
        });
    }

    pub fn single(field: &str, problem: Problem) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        errors
    }

    /// The first problem with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
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
        label: Label,
        value: &str,
        max_chars: usize,
    ) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, Problem::Required(label));
        } else {
            self.check_length(field, label, value, max_chars);
        }
        value.to_string()
    }

    /// Trimmed text that may be empty but at most `max_chars` characters long.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: Label,
        value: &str,
        max_chars: usize,
    ) -> String {
        let value = value.trim();
        self.check_length(field, label, value, max_chars);
        value.to_string()
    }

    fn check_length(&mut self, field: &str, label: Label, value: &str, max_chars: usize) {
        let n = value.chars().count();
        if n > max_chars {
            self.add(
                field,
                Problem::TooLong {
                    label,
                    max: max_chars,
                    actual: n,
                },
            );
        }
    }

    /// The optional contact person and phone number of a unit or a project.
    pub fn contact(&mut self, name: &str, phone: &str) -> (String, String) {
        (
            self.optional_text("contact_name", Label::ContactName, name, 50),
            self.optional_text("contact_phone", Label::ContactPhone, phone, 30),
        )
    }

    /// A `YYYY-MM-DD` date that must be present.
    pub fn required_date(&mut self, field: &str, label: Label, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, Problem::Required(label));
            return None;
        }
        self.date(field, label, value)
    }

    /// A `YYYY-MM-DD` date, or `None` when left empty.
    pub fn optional_date(&mut self, field: &str, label: Label, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            None
        } else {
            self.date(field, label, value)
        }
    }

    fn date(&mut self, field: &str, label: Label, value: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.add(
                    field,
                    Problem::BadDate {
                        label,
                        value: value.to_string(),
                    },
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn integer_in(
        &mut self,
        field: &str,
        label: Label,
        value: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let value = value.trim();
        match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ if value.is_empty() => {
                self.add(field, Problem::Required(label));
                None
            }
            _ => {
                self.add(field, Problem::IntegerRange { label, min, max });
                None
            }
        }
    }

    /// Like [`FieldErrors::integer_in`], but empty means "none".
    pub fn optional_integer_in(
        &mut self,
        field: &str,
        label: Label,
        value: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        if value.trim().is_empty() {
            None
        } else {
            self.integer_in(field, label, value, min, max)
        }
    }

    /// The id of one of `known`, chosen from a list.
    pub fn choice(
        &mut self,
        field: &str,
        label: Label,
        value: &str,
        known: impl IntoIterator<Item = i64>,
    ) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, Problem::Choose(label));
            return None;
        }
        match value.parse::<i64>() {
            Ok(id) if known.into_iter().any(|k| k == id) => Some(id),
            _ => {
                self.add(field, Problem::NoSuchChoice(label));
                None
            }
        }
    }

    /// Like [`FieldErrors::choice`], but empty means "none".
    pub fn optional_choice(
        &mut self,
        field: &str,
        label: Label,
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
        label: Label,
        date: Option<NaiveDate>,
        first: NaiveDate,
        last: NaiveDate,
    ) {
        if let Some(date) = date {
            if date < first || date > last {
                self.add(field, Problem::OutsideRoadmap { label, first, last });
            }
        }
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
impl FieldErrors {
    /// The first problem with `field`, in Chinese: what the tests read.
    pub fn zh(&self, field: &str) -> Option<String> {
        self.get(field).map(|p| crate::i18n::Locale::Zh.problem(p))
    }
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
            e.required_text("title", Label::MilestoneTitle, "  政务云扩容  ", 10),
            "政务云扩容"
        );
        assert!(e.is_empty());
        e.required_text("title", Label::MilestoneTitle, "   ", 10);
        assert_eq!(e.zh("title").as_deref(), Some("请填写里程碑名称"));
        let mut e = FieldErrors::default();
        e.required_text("title", Label::MilestoneTitle, &"云".repeat(11), 10);
        assert_eq!(
            e.zh("title").as_deref(),
            Some("里程碑名称不能超过 10 个字（现为 11 个字）")
        );
    }

    #[test]
    fn dates_must_be_real_days() {
        let mut e = FieldErrors::default();
        assert_eq!(
            e.required_date("due", Label::DueDate, "2024-02-29"),
            Some(d(2024, 2, 29))
        );
        assert_eq!(e.required_date("due", Label::DueDate, "2023-02-29"), None);
        assert!(e.zh("due").as_deref().unwrap().contains("不是有效日期"));
        let mut e = FieldErrors::default();
        assert_eq!(e.optional_date("due", Label::DueDate, ""), None);
        assert!(e.is_empty());
    }

    #[test]
    fn integers_are_bounded_inclusively() {
        let mut e = FieldErrors::default();
        assert_eq!(
            e.integer_in("percent", Label::Percent, "0", 0, 100),
            Some(0)
        );
        assert_eq!(
            e.integer_in("percent", Label::Percent, "100", 0, 100),
            Some(100)
        );
        assert!(e.is_empty());
        assert_eq!(e.integer_in("percent", Label::Percent, "101", 0, 100), None);
        assert_eq!(
            e.zh("percent").as_deref(),
            Some("完成进度应为 0 到 100 之间的整数")
        );
        let mut e = FieldErrors::default();
        assert_eq!(
            e.integer_in("percent", Label::Percent, "12.5", 0, 100),
            None
        );
        assert_eq!(e.integer_in("weight", Label::Weight, "", 0, 100), None);
        assert_eq!(e.zh("weight").as_deref(), Some("请填写权重"));
    }

    #[test]
    fn choices_must_be_known_ids() {
        let mut e = FieldErrors::default();
        assert_eq!(e.choice("unit", Label::OwnerUnit, "3", [1, 2, 3]), Some(3));
        assert_eq!(e.choice("unit", Label::OwnerUnit, "9", [1, 2, 3]), None);
        assert_eq!(
            e.zh("unit").as_deref(),
            Some("所选责任单位不存在，请重新选择")
        );
        let mut e = FieldErrors::default();
        assert_eq!(e.optional_choice("domain", Label::Domain, "", [1]), None);
        assert!(e.is_empty());
    }

    #[test]
    fn dates_outside_the_roadmap_are_refused() {
        let (first, last) = roadmap_span(2023, 2027).unwrap();
        let mut e = FieldErrors::default();
        e.within("start", Label::StartDate, Some(d(2023, 1, 1)), first, last);
        e.within(
            "start",
            Label::StartDate,
            Some(d(2027, 12, 31)),
            first,
            last,
        );
        assert!(e.is_empty());
        e.within("start", Label::StartDate, Some(d(2028, 1, 1)), first, last);
        assert_eq!(
            e.zh("start").as_deref(),
            Some("开始日期应在路线图期间内（2023年1月1日 至 2027年12月31日）")
        );
    }
}

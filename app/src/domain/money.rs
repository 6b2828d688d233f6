//! Amounts in 万元 with exactly two decimals, stored as whole hundredths (i64).
//! No floating point anywhere: sums are exact to the fen of a 万元 figure.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount in 万元, held as hundredths of a 万元 (i.e. units of 100 yuan).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Wan(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum MoneyError {
    Empty,
    NotANumber(String),
    TooManyDecimals(String),
    Negative(String),
    TooLarge(String),
}

impl Wan {
    pub const ZERO: Wan = Wan(0);

    pub fn from_hundredths(hundredths: i64) -> Self {
        Wan(hundredths)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// Parse what a person types or a spreadsheet holds: `1234`, `1,234.5`, `1234.56`.
    /// Negative amounts and more than two decimals are refused rather than rounded.
    pub fn parse(text: &str) -> Result<Wan, MoneyError> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyError::Empty);
        }
        if cleaned.starts_with('-') {
            return Err(MoneyError::Negative(text.trim().to_string()));
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits_only(whole) || !digits_only(frac) {
            return Err(MoneyError::NotANumber(text.trim().to_string()));
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals(text.trim().to_string()));
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| MoneyError::TooLarge(text.trim().to_string()))?
        };
        let frac_value: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        whole_value
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_value))
            .map(Wan)
            .ok_or_else(|| MoneyError::TooLarge(text.trim().to_string()))
    }

    /// Plain decimal text without grouping, as spreadsheets and CSV want it: `1234.50`.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Share of `self` in `total`, in percent; `None` when the total is zero.
    pub fn percent_of(self, total: Wan) -> Option<f64> {
        (total.0 != 0).then(|| self.0 as f64 * 100.0 / total.0 as f64)
    }
}

/// Grouped for reading: `12,345.60`.
impl fmt::Display for Wan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped}.{:02}", abs % 100)
    }
}

impl Add for Wan {
    type Output = Wan;
    fn add(self, rhs: Wan) -> Wan {
        Wan(self.0 + rhs.0)
    }
}

impl AddAssign for Wan {
    fn add_assign(&mut self, rhs: Wan) {
        self.0 += rhs.0;
    }
}

impl Sub for Wan {
    type Output = Wan;
    fn sub(self, rhs: Wan) -> Wan {
        Wan(self.0 - rhs.0)
    }
}

impl Sum for Wan {
    fn sum<I: Iterator<Item = Wan>>(iter: I) -> Wan {
        iter.fold(Wan::ZERO, Add::add)
    }
}

/// Splits `amount` (hundredths) over parts in the proportions of `shares`, exactly: the parts
/// add up to `amount` to the fen, the leftover fen going to the largest remainders. `total` is
/// the sum of `shares`; when it is zero the whole amount goes to the last part.
pub fn split_by_shares<const N: usize>(amount: i64, shares: &[i64; N], total: i64) -> [i64; N] {
    let mut parts = [0_i64; N];
    if total <= 0 || N == 0 {
        if let Some(last) = parts.last_mut() {
            *last = amount;
        }
        return parts;
    }
    let mut remainders = [(0_i128, 0_usize); N];
    for (i, share) in shares.iter().enumerate() {
        let exact = i128::from(amount) * i128::from(*share);
        let floor = exact.div_euclid(i128::from(total));
        parts[i] = i64::try_from(floor).unwrap_or(0);
        remainders[i] = (exact.rem_euclid(i128::from(total)), i);
    }
    let mut left = amount - parts.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.iter().cycle().take(N * 2) {
        if left <= 0 {
            break;
        }
        parts[*i] += 1;
        left -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_by_shares_adds_up_to_the_fen() {
        assert_eq!(split_by_shares(100, &[1, 1, 1], 3), [34, 33, 33]);
        assert_eq!(split_by_shares(0, &[5, 5], 10), [0, 0]);
        assert_eq!(split_by_shares(999, &[0, 0, 0, 0, 7], 7), [0, 0, 0, 0, 999]);
        assert_eq!(split_by_shares(1_000, &[0, 0], 0), [0, 1_000]);
        for amount in [1, 7, 12_345, 98_765_432] {
            let shares = [123_400, 0, 56_701, 99, 3_000];
            let parts = split_by_shares(amount, &shares, shares.iter().sum());
            assert_eq!(parts.iter().sum::<i64>(), amount);
            assert!(parts.iter().all(|p| *p >= 0));
            assert_eq!(parts[1], 0, "no share, no money");
        }
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(Wan::parse("1234"), Ok(Wan(123_400)));
        assert_eq!(Wan::parse("1,234.5"), Ok(Wan(123_450)));
        assert_eq!(Wan::parse(" 1234.56 "), Ok(Wan(123_456)));
        assert_eq!(Wan::parse("0.01"), Ok(Wan(1)));
        assert_eq!(Wan::parse(".5"), Ok(Wan(50)));
        assert_eq!(Wan::parse("12，000"), Ok(Wan(1_200_000)));
    }

    #[test]
    fn refuses_what_it_cannot_store_exactly() {
        assert_eq!(Wan::parse(""), Err(MoneyError::Empty));
        assert_eq!(
            Wan::parse("1.234"),
            Err(MoneyError::TooManyDecimals("1.234".into()))
        );
        assert_eq!(Wan::parse("-5"), Err(MoneyError::Negative("-5".into())));
        assert_eq!(Wan::parse("12a"), Err(MoneyError::NotANumber("12a".into())));
        assert_eq!(Wan::parse("."), Err(MoneyError::NotANumber(".".into())));
        assert_eq!(Wan::parse("1e5"), Err(MoneyError::NotANumber("1e5".into())));
        assert!(matches!(
            Wan::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn messages_are_in_chinese() {
        assert_eq!(
            Wan::parse("1.234").unwrap_err().to_string(),
            "金额最多保留两位小数：1.234"
        );
    }

    #[test]
    fn displays_grouped_with_two_decimals() {
        assert_eq!(Wan(0).to_string(), "0.00");
        assert_eq!(Wan(5).to_string(), "0.05");
        assert_eq!(Wan(123_456_789).to_string(), "1,234,567.89");
        assert_eq!(Wan(100_000).to_string(), "1,000.00");
        assert_eq!(Wan(-150).to_string(), "-1.50");
        assert_eq!(Wan(123_456_789).plain(), "1234567.89");
    }

    #[test]
    fn ten_thousand_rows_sum_to_the_fen() {
        // 0.01 + 0.02 + ... in hundredths: floating point would drift, integers do not.
        let total: Wan = (1..=10_000).map(|i| Wan(i % 997 + 1)).sum();
        let expected: i64 = (1..=10_000).map(|i: i64| i % 997 + 1).sum();
        assert_eq!(total, Wan(expected));
        let as_float: f64 = (1..=10_000).map(|i| (i % 997 + 1) as f64 / 100.0).sum();
        assert_eq!(Wan::parse(&total.plain()), Ok(total));
        assert!((as_float * 100.0 - expected as f64).abs() < 1.0);
    }

    #[test]
    fn percent_of_total() {
        assert_eq!(Wan(50).percent_of(Wan(200)), Some(25.0));
        assert_eq!(Wan(50).percent_of(Wan(0)), None);
    }
}

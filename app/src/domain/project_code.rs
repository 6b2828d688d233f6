//! 项目代码: the national investment-project code, `YYYY-RRRRRR-DD-TT-NNNNNC`.
//! Codes are assigned by the approval platform; Roadmap only checks their form.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProjectCode(String);

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ProjectCodeError {
    Length(usize),
    Shape,
    Year(u32),
}

impl ProjectCode {
    /// Check the shape of a code; surrounding blanks are ignored, letters are upper-cased.
    pub fn parse(text: &str) -> Result<ProjectCode, ProjectCodeError> {
        let code = text.trim().to_ascii_uppercase();
        let len = code.chars().count();
        if len != 24 {
            return Err(ProjectCodeError::Length(len));
        }
        let parts: Vec<&str> = code.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let [year, region, department, kind, serial] = parts.as_slice() else {
            return Err(ProjectCodeError::Shape);
        };
        let serial_ok = serial.len() == 6
            && serial[..5].bytes().all(|b| b.is_ascii_digit())
            && serial[5..].bytes().all(|b| b.is_ascii_alphanumeric());
        if !(digits(year, 4)
            && digits(region, 6)
            && digits(department, 2)
            && digits(kind, 2)
            && serial_ok)
        {
            return Err(ProjectCodeError::Shape);
        }
        let year_value: u32 = year.parse().map_err(|_| ProjectCodeError::Shape)?;
        if !(1990..=2100).contains(&year_value) {
            return Err(ProjectCodeError::Year(year_value));
        }
        Ok(ProjectCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit administrative region code (行政区划代码).
    pub fn region(&self) -> &str {
        &self.0[5..11]
    }

    pub fn year(&self) -> &str {
        &self.0[..4]
    }
}

impl fmt::Display for ProjectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_well_formed_code() {
        let code = ProjectCode::parse("2023-330782-65-01-12345X").unwrap();
        assert_eq!(code.as_str(), "2023-330782-65-01-12345X");
        assert_eq!(code.region(), "330782");
        assert_eq!(code.year(), "2023");
        assert!(ProjectCode::parse(" 2024-330782-04-01-000017 ").is_ok());
    }

    #[test]
    fn normalises_case() {
        assert_eq!(
            ProjectCode::parse("2023-330782-65-01-12345x")
                .unwrap()
                .as_str(),
            "2023-330782-65-01-12345X"
        );
    }

    #[test]
    fn refuses_wrong_lengths_and_shapes() {
        assert_eq!(
            ProjectCode::parse("2023-330782-65-01-1234"),
            Err(ProjectCodeError::Length(22))
        );
        assert_eq!(ProjectCode::parse(""), Err(ProjectCodeError::Length(0)));
        assert_eq!(
            ProjectCode::parse("2023/330782/65/01/12345X"),
            Err(ProjectCodeError::Shape)
        );
        assert_eq!(
            ProjectCode::parse("2023-33078A-65-01-12345X"),
            Err(ProjectCodeError::Shape)
        );
        assert_eq!(
            ProjectCode::parse("2023-330782-651-1-12345X"),
            Err(ProjectCodeError::Shape)
        );
        assert_eq!(
            ProjectCode::parse("2023-330782-65-01-1234XX"),
            Err(ProjectCodeError::Shape)
        );
        assert_eq!(
            ProjectCode::parse("2023-330782-65-01-12345-"),
            Err(ProjectCodeError::Shape)
        );
    }

    #[test]
    fn refuses_implausible_years() {
        assert_eq!(
            ProjectCode::parse("1899-330782-65-01-12345X"),
            Err(ProjectCodeError::Year(1899))
        );
    }
}

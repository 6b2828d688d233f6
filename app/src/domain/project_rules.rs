//! The rules a project (重大项目 / 信息化项目) and its investment-ledger entries must meet.
//! Amounts are exact 万元 with at most two decimals; the funding split must add up to the total.

use super::journal::Snapshot;
use super::model::{ConstructionType, ProjectKind, ProjectStatus};
use super::money::Wan;
use super::problem::{Label, Problem};
use super::project_code::ProjectCode;
use super::validate::FieldErrors;
use crate::model::{LedgerForm, ProjectForm, ReferenceData};

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 2000;

/// A project that passed validation (uniqueness of the code is checked against the database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectDraft {
    pub kind: ProjectKind,
    pub code: Option<ProjectCode>,
    pub name: String,
    pub unit_id: i64,
    pub location: String,
    pub construction_type: ConstructionType,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub content: String,
    pub start_year: i32,
    pub end_year: i32,
    pub total: Wan,
    /// 中央 / 省 / 市 / 县 / 社会资本（自筹）
    pub funds: [Wan; 5],
    pub status: ProjectStatus,
    pub visible_progress: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// Field names of the funding split, in the order of [`ProjectDraft::funds`].
pub const FUND_FIELDS: [(&str, Label); 5] = [
    ("fund_central", Label::FundCentral),
    ("fund_provincial", Label::FundProvincial),
    ("fund_city", Label::FundCity),
    ("fund_county", Label::FundCounty),
    ("fund_social", Label::FundSocial),
];

fn coded<T: Copy>(
    e: &mut FieldErrors,
    field: &str,
    label: Label,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let value = value.trim();
    if value.is_empty() {
        e.add(field, Problem::Choose(label));
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        e.add(
            field,
            Problem::Unrecognized {
                label,
                value: value.to_string(),
            },
        );
    }
    parsed
}

/// An amount in 万元; `required` amounts may not be left empty, others count as zero.
pub(crate) fn amount(
    e: &mut FieldErrors,
    field: &str,
    label: Label,
    value: &str,
    required: bool,
) -> Option<Wan> {
    if value.trim().is_empty() && !required {
        return Some(Wan::ZERO);
    }
    match Wan::parse(value) {
        Ok(w) => Some(w),
        Err(err) => {
            e.add(field, Problem::Amount { label, error: err });
            None
        }
    }
}

fn year(e: &mut FieldErrors, field: &str, label: Label, value: &str) -> Option<i32> {
    e.integer_in(field, label, value, 1990, 2100)
        .and_then(|y| i32::try_from(y).ok())
}

pub fn validate_project(
    form: &ProjectForm,
    reference: &ReferenceData,
) -> Result<ProjectDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let kind = coded(
        &mut e,
        "kind",
        Label::ProjectKind,
        &form.kind,
        ProjectKind::from_code,
    );
    let code = if form.code.trim().is_empty() {
        if kind == Some(ProjectKind::Major) {
            e.add("code", Problem::MajorNeedsCode);
        }
        None
    } else {
        match ProjectCode::parse(&form.code) {
            Ok(code) => Some(code),
            Err(err) => {
                e.add("code", Problem::Code(err));
                None
            }
        }
    };
    let name = e.required_text("name", Label::ProjectName, &form.name, NAME_MAX);
    let unit_id = e.choice(
        "unit",
        Label::BuildUnit,
        &form.unit,
        reference.units.iter().map(|u| u.id),
    );
    let location = e.optional_text("location", Label::Location, &form.location, NAME_MAX);
    let construction_type = coded(
        &mut e,
        "construction_type",
        Label::ConstructionType,
        &form.construction_type,
        ConstructionType::from_code,
    );
    let pillar_id = e.optional_choice(
        "pillar",
        Label::Pillar,
        &form.pillar,
        reference.pillars.iter().map(|p| p.id),
    );
    let domain_id = e.optional_choice(
        "domain",
        Label::Domain,
        &form.domain,
        reference.domains.iter().map(|d| d.id),
    );
    let content = e.optional_text("content", Label::Content, &form.content, TEXT_MAX);
    let start_year = year(&mut e, "start_year", Label::StartYear, &form.start_year);
    let end_year = year(&mut e, "end_year", Label::EndYear, &form.end_year);
    if let (Some(start), Some(end)) = (start_year, end_year) {
        if end < start {
            e.add(
                "end_year",
                Problem::Before {
                    later: Label::EndYear,
                    earlier: Label::StartYear,
                },
            );
        }
    }
    let total = amount(&mut e, "total", Label::Total, &form.total, true);
    let fund_values = [
        &form.fund_central,
        &form.fund_provincial,
        &form.fund_city,
        &form.fund_county,
        &form.fund_social,
    ];
    let mut funds = [Wan::ZERO; 5];
    let mut funds_ok = true;
    for (i, ((field, label), value)) in FUND_FIELDS.iter().zip(fund_values).enumerate() {
        match amount(&mut e, field, *label, value, false) {
            Some(w) => funds[i] = w,
            None => funds_ok = false,
        }
    }
    if let (Some(total), true) = (total, funds_ok) {
        let sum: Wan = funds.iter().copied().sum();
        if sum != total {
            e.add("fund_social", Problem::FundingMismatch { sum, total });
        }
    }
    let status = coded(
        &mut e,
        "status",
        Label::ProjectStatus,
        &form.status,
        ProjectStatus::from_code,
    );
    let visible_progress = e.optional_text(
        "visible_progress",
        Label::VisibleProgress,
        &form.visible_progress,
        500,
    );
    let (contact_name, contact_phone) = e.contact(&form.contact_name, &form.contact_phone);
    if !contact_phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
    {
        e.add("contact_phone", Problem::PhoneCharacters);
    }
    match (
        kind,
        unit_id,
        construction_type,
        start_year,
        end_year,
        total,
        status,
    ) {
        (
            Some(kind),
            Some(unit_id),
            Some(construction_type),
            Some(start_year),
            Some(end_year),
            Some(total),
            Some(status),
        ) => e.into_result(ProjectDraft {
            kind,
            code,
            name,
            unit_id,
            location,
            construction_type,
            pillar_id,
            domain_id,
            content,
            start_year,
            end_year,
            total,
            funds,
            status,
            visible_progress,
            contact_name,
            contact_phone,
        }),
        _ => Err(e),
    }
}

/// The project's fields as the journal shows them.
pub fn project_snapshot(d: &ProjectDraft, reference: &ReferenceData) -> Snapshot {
    let unit = reference
        .units
        .iter()
        .find(|u| u.id == d.unit_id)
        .map(|u| u.name.clone());
    let pillar = d
        .pillar_id
        .and_then(|id| reference.pillars.iter().find(|p| p.id == id))
        .map(|p| p.name_zh.clone());
    let domain = d
        .domain_id
        .and_then(|id| reference.domains.iter().find(|p| p.id == id))
        .map(|p| p.name_zh.clone());
    let mut snapshot = vec![
        ("kind", d.kind.code().to_string()),
        (
            "code",
            d.code
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("name", d.name.clone()),
        ("unit", unit.unwrap_or_else(|| d.unit_id.to_string())),
        ("location", d.location.clone()),
        ("construction_type", d.construction_type.code().to_string()),
        ("pillar", pillar.unwrap_or_default()),
        ("domain", domain.unwrap_or_default()),
        ("content", d.content.clone()),
        ("start_year", d.start_year.to_string()),
        ("end_year", d.end_year.to_string()),
        ("total", d.total.plain()),
    ];
    for ((field, _), amount) in FUND_FIELDS.iter().zip(d.funds) {
        snapshot.push((field, amount.plain()));
    }
    snapshot.extend([
        ("status", d.status.code().to_string()),
        ("visible_progress", d.visible_progress.clone()),
        ("contact_name", d.contact_name.clone()),
        ("contact_phone", d.contact_phone.clone()),
    ]);
    snapshot
}

/// One month of the investment ledger that passed validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerDraft {
    pub year: i32,
    pub month: u32,
    pub planned: Wan,
    pub completed: Wan,
}

/// A ledger month must fall within the project's construction years.
pub fn validate_ledger(
    form: &LedgerForm,
    start_year: i32,
    end_year: i32,
) -> Result<LedgerDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let year = e.integer_in(
        "year",
        Label::Year,
        &form.year,
        i64::from(start_year),
        i64::from(end_year),
    );
    let month = e.integer_in("month", Label::Month, &form.month, 1, 12);
    let planned = amount(&mut e, "planned", Label::Planned, &form.planned, false);
    let completed = amount(
        &mut e,
        "completed",
        Label::Completed,
        &form.completed,
        false,
    );
    match (year, month, planned, completed) {
        (Some(year), Some(month), Some(planned), Some(completed)) => e.into_result(LedgerDraft {
            year: i32::try_from(year).unwrap_or(start_year),
            month: u32::try_from(month).unwrap_or(1),
            planned,
            completed,
        }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Named, UnitInfo};

    fn reference() -> ReferenceData {
        ReferenceData {
            pillars: vec![Named {
                id: 1,
                name_zh: "一朵云".into(),
                name_en: String::new(),
            }],
            units: vec![UnitInfo {
                id: 7,
                name: "县大数据中心".into(),
            }],
            ..Default::default()
        }
    }

    fn form() -> ProjectForm {
        ProjectForm {
            kind: "major".into(),
            code: "2023-330782-65-01-12345A".into(),
            name: "政务云扩容".into(),
            unit: "7".into(),
            construction_type: "new".into(),
            pillar: "1".into(),
            start_year: "2023".into(),
            end_year: "2025".into(),
            total: "1,200.50".into(),
            fund_county: "1000".into(),
            fund_social: "200.5".into(),
            status: "in_progress".into(),
            contact_phone: "0579-8888 1234".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_project_passes_with_an_exact_split() {
        let d = validate_project(&form(), &reference()).unwrap();
        assert_eq!(d.total, Wan(120_050));
        assert_eq!(d.funds[3] + d.funds[4], d.total);
        assert_eq!(d.code.unwrap().as_str(), "2023-330782-65-01-12345A");
        let snapshot = project_snapshot(
            &validate_project(&form(), &reference()).unwrap(),
            &reference(),
        );
        assert!(snapshot.contains(&("total", "1200.50".to_string())));
        assert!(snapshot.contains(&("pillar", "一朵云".to_string())));
    }

    #[test]
    fn the_funding_split_must_add_up_to_the_total() {
        let bad = ProjectForm {
            fund_social: "200.49".into(),
            ..form()
        };
        let e = validate_project(&bad, &reference()).unwrap_err();
        assert_eq!(
            e.zh("fund_social").as_deref(),
            Some("资金来源合计 1200.49 万元，与总投资 1200.50 万元不一致")
        );
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let bad = ProjectForm {
            code: "2023-33078-65-01-12345A".into(),
            name: " ".into(),
            end_year: "2022".into(),
            total: "12.345".into(),
            fund_city: "-5".into(),
            contact_phone: "call me".into(),
            construction_type: "rebuild".into(),
            ..form()
        };
        let e = validate_project(&bad, &reference()).unwrap_err();
        assert!(e.zh("code").as_deref().unwrap().contains("24 位"));
        assert_eq!(e.zh("name").as_deref(), Some("请填写项目名称"));
        assert_eq!(
            e.zh("end_year").as_deref(),
            Some("完工年份不能早于开工年份")
        );
        assert!(e.zh("total").as_deref().unwrap().contains("两位小数"));
        assert!(e.zh("fund_city").as_deref().unwrap().contains("负数"));
        assert!(e.zh("contact_phone").as_deref().is_some());
        assert!(e.zh("construction_type").as_deref().is_some());
    }

    #[test]
    fn major_projects_need_a_code_information_projects_do_not() {
        let major = ProjectForm {
            code: String::new(),
            ..form()
        };
        assert!(validate_project(&major, &reference())
            .unwrap_err()
            .zh("code")
            .as_deref()
            .is_some());
        let information = ProjectForm {
            code: String::new(),
            kind: "information".into(),
            ..form()
        };
        assert_eq!(
            validate_project(&information, &reference()).unwrap().code,
            None
        );
    }

    #[test]
    fn ledger_months_lie_within_the_construction_years() {
        let ok = LedgerForm {
            year: "2024".into(),
            month: "12".into(),
            planned: "100".into(),
            completed: "".into(),
        };
        assert_eq!(
            validate_ledger(&ok, 2023, 2025).unwrap(),
            LedgerDraft {
                year: 2024,
                month: 12,
                planned: Wan(10_000),
                completed: Wan::ZERO
            }
        );
        let bad = LedgerForm {
            year: "2026".into(),
            month: "13".into(),
            planned: "x".into(),
            completed: "1".into(),
        };
        let e = validate_ledger(&bad, 2023, 2025).unwrap_err();
        assert_eq!(
            e.zh("year").as_deref(),
            Some("年份应为 2023 到 2025 之间的整数")
        );
        assert_eq!(
            e.zh("month").as_deref(),
            Some("月份应为 1 到 12 之间的整数")
        );
        assert!(e.zh("planned").as_deref().is_some());
    }
}

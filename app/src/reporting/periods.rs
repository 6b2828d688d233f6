//! Reporting periods and 上报 records as the reporting page shows them, and the baseline
//! comparison (plan vs actual drift per project).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::db::report::{self, Source};
use crate::db::Db;
use crate::domain::access::Permission;
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::problem::Problem;
use crate::domain::report_sheet::ReportProject;
use crate::edit::require;
use crate::error::AppError;
use crate::model::{
    BaselineComparison, BatchInfo, CurrentUser, DriftFigures, DriftRow, LockedPeriodInfo,
    ProjectFilter, ReportingOverview,
};

pub async fn overview(db: &Db, today: NaiveDate) -> Result<ReportingOverview, AppError> {
    let periods = report::locked_periods(db)
        .await?
        .into_iter()
        .map(|p| LockedPeriodInfo {
            period: p.period,
            locked_at: p.locked_at,
            locked_by: p.locked_by,
            project_count: p.project_count,
        })
        .collect();
    let batches = report::recent_batches(db, 50)
        .await?
        .into_iter()
        .map(|b| BatchInfo {
            reported_on: b.reported_on,
            batch: b.batch,
            period: Period::parse(&b.period).ok(),
            file_format: b.file_format,
            project_count: b.project_count,
            total_investment: Wan(b.total_investment),
            username: b.username,
        })
        .collect();
    let last_month = today
        .with_day(1)
        .and_then(|first| first.pred_opt())
        .map(|d| Period::of_ledger(d.year(), d.month()).code())
        .unwrap_or_default();
    Ok(ReportingOverview {
        periods,
        batches,
        suggested_period: last_month,
    })
}

/// Locks `period` (text as typed, e.g. `2026-10`); planners and admins only. A month that has
/// not ended yet cannot be locked: its figures are still coming in.
pub async fn lock(
    db: &Db,
    actor: Option<&CurrentUser>,
    period: &str,
    today: NaiveDate,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::EditContent)?;
    let period = Period::parse(period).map_err(Problem::Period)?;
    if period >= Period::of_ledger(today.year(), today.month()) {
        return Err(Problem::PeriodNotOver(period).into());
    }
    let name = if actor.display_name.is_empty() {
        &actor.username
    } else {
        &actor.display_name
    };
    if report::lock_period(db, period, chrono::Utc::now().timestamp(), name).await? {
        Ok(())
    } else {
        Err(Problem::PeriodAlreadyLocked(period).into())
    }
}

/// The registry's current figures against the baseline of `period`, for the projects matching
/// `filter`: only projects whose figures moved, plus the count of those that did not.
pub async fn comparison(
    db: &Db,
    period: &str,
    filter: &ProjectFilter,
) -> Result<BaselineComparison, AppError> {
    let period = Period::parse(period).map_err(Problem::Period)?;
    if !report::locked_periods(db)
        .await?
        .iter()
        .any(|p| p.period == period)
    {
        return Err(Problem::PeriodNotLocked(period).into());
    }
    let baseline = report::report_projects(db, filter, Source::Baseline(period)).await?;
    let current =
        report::report_projects(db, filter, Source::Current { year: period.year }).await?;
    let (rows, unchanged) = drift(&baseline, &current);
    Ok(BaselineComparison {
        period: Some(period),
        rows,
        unchanged,
    })
}

fn figures(p: &ReportProject) -> DriftFigures {
    let a = &p.amounts;
    DriftFigures {
        total: a.total,
        planned_this_year: a.planned_this_year,
        completed_this_year: a.completed_this_year,
        completed_to_date: a.completed_before_year + a.completed_this_year,
    }
}

/// Pairs baseline and current rows by project; rows whose figures are equal are only counted.
pub fn drift(
    baseline: &[(i64, ReportProject)],
    current: &[(i64, ReportProject)],
) -> (Vec<DriftRow>, usize) {
    let mut by_id: BTreeMap<i64, (Option<&ReportProject>, Option<&ReportProject>)> =
        BTreeMap::new();
    for (id, p) in baseline {
        by_id.entry(*id).or_default().0 = Some(p);
    }
    for (id, p) in current {
        by_id.entry(*id).or_default().1 = Some(p);
    }
    let mut unchanged = 0;
    let mut rows = Vec::new();
    for (id, (before, now)) in by_id {
        let (b, c) = (before.map(figures), now.map(figures));
        if b.is_some() && b == c {
            unchanged += 1;
            continue;
        }
        let named = now.or(before);
        rows.push(DriftRow {
            project_id: id,
            name: named.map(|p| p.name.clone()).unwrap_or_default(),
            unit: named.map(|p| p.unit.clone()).unwrap_or_default(),
            baseline: b,
            current: c,
        });
    }
    (rows, unchanged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::ConstructionType;
    use crate::domain::report_sheet::Amounts;

    fn project(name: &str, total: i64, completed: i64) -> ReportProject {
        ReportProject {
            code: None,
            name: name.into(),
            unit: "县大数据发展中心".into(),
            location: String::new(),
            construction: ConstructionType::New,
            pillar: None,
            content: String::new(),
            start_year: 2025,
            end_year: 2027,
            amounts: Amounts {
                total: Wan(total),
                completed_before_year: Wan(100),
                completed_this_year: Wan(completed),
                ..Default::default()
            },
            visible_progress: String::new(),
            problems: String::new(),
            contact_name: String::new(),
            contact_phone: String::new(),
        }
    }

    #[test]
    fn drift_lists_moved_added_and_removed_projects_and_counts_the_rest() {
        let baseline = vec![
            (1, project("甲", 1000, 50)),
            (2, project("乙", 500, 0)),
            (3, project("丙", 9, 9)),
        ];
        let current = vec![
            (1, project("甲", 1000, 80)),
            (2, project("乙", 500, 0)),
            (4, project("丁", 7, 0)),
        ];
        let (rows, unchanged) = drift(&baseline, &current);
        assert_eq!(unchanged, 1);
        let ids: Vec<i64> = rows.iter().map(|r| r.project_id).collect();
        assert_eq!(ids, [1, 3, 4]);
        let moved = &rows[0];
        assert_eq!(moved.baseline.map(|b| b.completed_to_date), Some(Wan(150)));
        assert_eq!(moved.current.map(|c| c.completed_to_date), Some(Wan(180)));
        assert!(rows[1].current.is_none(), "deleted since the baseline");
        assert!(rows[2].baseline.is_none(), "added since the baseline");
    }
}

//! The rows of the provincial reporting sheet, from the live registry or from a locked period's
//! baseline, and the records around reporting: locked periods and 上报 batches.

use std::collections::HashMap;

use futures_util::TryStreamExt;

use super::filter;
use super::{with_pool, with_spare_or_pool, Db, DbError, SpareConnection};
use crate::domain::model::ConstructionType;
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::report_sheet::{group_of, Amounts, Grouping, ReportProject, SheetSums};
use crate::model::ProjectFilter;

/// Where the sheet's figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The registry as it is now, with `year` as 本年.
    Current { year: i32 },
    /// The baseline kept when this month was locked.
    Baseline(Period),
}

/// One sheet row as stored in `period_baselines`; the live query selects the same columns.
#[derive(sqlx::FromRow)]
struct SheetRecord {
    project_id: i64,
    kind: String,
    code: Option<String>,
    name: String,
    unit_id: i64,
    unit_name: String,
    location: String,
    construction_type: String,
    pillar_id: Option<i64>,
    pillar: Option<String>,
    content: String,
    start_year: i32,
    end_year: i32,
    status: String,
    total_investment: i64,
    #[sqlx(flatten)]
    funds: crate::db::FundingColumns,
    completed_before_year: i64,
    planned_this_year: i64,
    completed_this_year: i64,
    visible_progress: String,
    problems: String,
    contact_name: String,
    contact_phone: String,
}

const COLUMNS: &str =
    "project_id, kind, code, name, unit_id, unit_name, location, construction_type,
    pillar_id, pillar, content, start_year, end_year, status, total_investment, fund_central,
    fund_provincial, fund_city, fund_county, fund_social, completed_before_year, planned_this_year,
    completed_this_year, visible_progress, problems, contact_name, contact_phone";

/// Live rows: `$1` is 本年 and `$2` the last month of it that counts as completed; the
/// registry's filter follows the `WHERE`.
const LIVE_SQL: &str = "SELECT p.id AS project_id, p.kind, p.code, p.name, p.unit_id, u.name AS unit_name, p.location,
            p.construction_type, p.pillar_id, pl.name_zh AS pillar, p.content, p.start_year, p.end_year,
            p.status, p.total_investment, p.fund_central, p.fund_provincial, p.fund_city, p.fund_county,
            p.fund_social,
            CAST(COALESCE(l.completed_before_year, 0) AS BIGINT) AS completed_before_year,
            CAST(COALESCE(l.planned_this_year, 0) AS BIGINT) AS planned_this_year,
            CAST(COALESCE(l.completed_this_year, 0) AS BIGINT) AS completed_this_year,
            p.visible_progress, '' AS problems, p.contact_name, p.contact_phone
     FROM projects p
     JOIN units u ON u.id = p.unit_id
     LEFT JOIN pillars pl ON pl.id = p.pillar_id
     LEFT JOIN (
         SELECT project_id,
                SUM(CASE WHEN year < $1 THEN completed ELSE 0 END) AS completed_before_year,
                SUM(CASE WHEN year = $1 THEN planned ELSE 0 END) AS planned_this_year,
                SUM(CASE WHEN year = $1 AND month <= $2 THEN completed ELSE 0 END) AS completed_this_year
         FROM investment_ledger GROUP BY project_id
     ) l ON l.project_id = p.id
     WHERE ";

/// Baseline rows of the month `$1` (year) / `$2` (month), filtered like the live registry.
const BASELINE_SQL: &str = "SELECT project_id, kind, code, name, unit_id, unit_name, location, construction_type,
            pillar_id, pillar, content, start_year, end_year, status, total_investment, fund_central,
            fund_provincial, fund_city, fund_county, fund_social, completed_before_year, planned_this_year,
            completed_this_year, visible_progress, problems, contact_name, contact_phone
     FROM period_baselines p
     WHERE p.year = $1 AND p.month = $2 AND ";

/// The registry's order of sheet records `r`: major projects first, then by start year and id.
const REGISTRY_ORDER: &str =
    "CASE r.kind WHEN 'major' THEN 0 ELSE 1 END, r.start_year, r.project_id";

/// The records of `source` matching `filter`, as a query to select from (`… r`) with its
/// conditions and the values of `$1` (the year) and `$2` (the month); live records count
/// 本年完成投资 up to the end of `last_month`.
fn record_query(
    filter: &ProjectFilter,
    source: Source,
    last_month: u32,
) -> (String, filter::Conditions, i32, i32) {
    let conditions = match source {
        Source::Current { .. } => filter::live_registry(filter, 3),
        Source::Baseline(_) => filter::registry(filter, 3),
    };
    let (base, year, month) = match source {
        Source::Current { year } => (LIVE_SQL, year, last_month as i32),
        Source::Baseline(period) => (BASELINE_SQL, period.year, period.month as i32),
    };
    (
        format!("({base}{})", conditions.sql()),
        conditions,
        year,
        month,
    )
}

/// The sheet group of record `r`, in SQL, as [`group_of`] decides it; the pillars' names are
/// bound from `$first` on, in `pillar_order`.
fn group_sql(grouping: Grouping, pillar_order: &[String], first: usize) -> String {
    let arms: String = match grouping {
        Grouping::Construction => ConstructionType::ALL
            .iter()
            .map(|&c| {
                let group = group_of(grouping, pillar_order, c, None);
                format!(" WHEN '{}' THEN {group}", c.code())
            })
            .collect(),
        Grouping::Pillar => (0..pillar_order.len())
            .map(|i| format!(" WHEN ${} THEN {i}", first + i))
            .collect(),
    };
    let column = match grouping {
        Grouping::Construction => "r.construction_type",
        Grouping::Pillar => "r.pillar",
    };
    let unmatched = group_of(grouping, pillar_order, ConstructionType::New, None);
    if arms.is_empty() {
        return format!("CAST({unmatched} AS BIGINT)");
    }
    format!("CAST(CASE {column}{arms} ELSE {unmatched} END AS BIGINT)")
}

/// The names [`group_sql`] binds.
fn group_values(grouping: Grouping, pillar_order: &[String]) -> &[String] {
    match grouping {
        Grouping::Construction => &[],
        Grouping::Pillar => pillar_order,
    }
}

/// How to order the records.
#[derive(Clone, Copy)]
enum RecordOrder<'a> {
    /// The registry's order.
    Registry,
    /// The sheet's: group by group, the registry's order within each.
    Grouped(Grouping, &'a [String]),
}

/// Calls `each` with every sheet record, in `order`, straight from the database cursor: an
/// export of any size holds one row at a time. Live records count 本年完成投资 up to the end
/// of `last_month`. `meanwhile` runs while the database prepares the rows (ordering them reads
/// them all before the first comes), and finishes before the first is handed over.
async fn for_each_record<E: From<DbError>>(
    db: &Db,
    filter: &ProjectFilter,
    source: Source,
    last_month: u32,
    order: RecordOrder<'_>,
    meanwhile: impl std::future::Future<Output = Result<(), E>>,
    mut each: impl FnMut(SheetRecord) -> Result<(), E>,
) -> Result<(), E> {
    let (records, conditions, year, month) = record_query(filter, source, last_month);
    let (group_first, names) = match order {
        RecordOrder::Registry => (String::new(), &[][..]),
        RecordOrder::Grouped(grouping, pillar_order) => (
            format!("{}, ", group_sql(grouping, pillar_order, conditions.end())),
            group_values(grouping, pillar_order),
        ),
    };
    let sql = format!("SELECT {COLUMNS} FROM {records} r ORDER BY {group_first}{REGISTRY_ORDER}");
    // A baseline keeps the problems as they were; live rows get today's open ones.
    let mut problems = match source {
        Source::Current { .. } => open_problems(db).await?,
        Source::Baseline(_) => HashMap::new(),
    };
    with_pool!(db, pool => {
        let mut query = conditions.bind(sqlx::query_as::<_, SheetRecord>(&sql).bind(year).bind(month));
        for name in names {
            query = query.bind(name.as_str());
        }
        let mut rows = query.fetch(pool);
        let (first, ready) = futures_util::future::join(rows.try_next(), meanwhile).await;
        ready?;
        let mut handle = |mut record: SheetRecord| {
            if let Some(list) = problems.remove(&record.project_id) {
                record.problems = list.join("；");
            }
            each(record)
        };
        if let Some(first) = first.map_err(DbError::from)? {
            handle(first)?;
            super::for_each_row(rows, handle).await?;
        }
    });
    Ok(())
}

/// The 合计 and each group's row count and subtotal of the sheet of the projects matching
/// `filter`, summed by the database (on `spare` when given): what a streamed sheet writes above
/// its rows.
pub async fn sheet_sums(
    db: &Db,
    spare: Option<SpareConnection>,
    filter: &ProjectFilter,
    source: Source,
    grouping: Grouping,
    pillar_order: &[String],
) -> Result<SheetSums, DbError> {
    let (records, conditions, year, month) = record_query(filter, source, 12);
    let sum = |column: &str| format!("CAST(COALESCE(SUM(r.{column}), 0) AS BIGINT)");
    let amounts = [
        "total_investment",
        "fund_central",
        "fund_provincial",
        "fund_city",
        "fund_county",
        "fund_social",
        "completed_before_year",
        "planned_this_year",
        "completed_this_year",
    ]
    .map(sum)
    .join(", ");
    let sql = format!(
        "SELECT {} AS sheet_group, COUNT(*), {amounts} FROM {records} r GROUP BY 1",
        group_sql(grouping, pillar_order, conditions.end()),
    );
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = with_spare_or_pool!(db, spare, executor => {
        let mut query = conditions.bind(sqlx::query_as(&sql).bind(year).bind(month));
        for name in group_values(grouping, pillar_order) {
            query = query.bind(name.as_str());
        }
        query.fetch_all(executor).await?
    });
    Ok(SheetSums::from_groups(
        grouping,
        pillar_order,
        rows.into_iter().map(
            |(
                group,
                count,
                total,
                central,
                provincial,
                city,
                county,
                social,
                before,
                planned,
                completed,
            )| {
                (
                    usize::try_from(group).unwrap_or(usize::MAX),
                    usize::try_from(count).unwrap_or(0),
                    Amounts {
                        total: Wan(total),
                        funds: [central, provincial, city, county, social].map(Wan),
                        completed_before_year: Wan(before),
                        planned_this_year: Wan(planned),
                        completed_this_year: Wan(completed),
                    },
                )
            },
        ),
    ))
}

async fn sheet_records(
    db: &Db,
    filter: &ProjectFilter,
    source: Source,
    last_month: u32,
) -> Result<Vec<SheetRecord>, DbError> {
    let mut records = Vec::new();
    let order = RecordOrder::Registry;
    for_each_record(db, filter, source, last_month, order, nothing(), |r| {
        records.push(r);
        Ok::<(), DbError>(())
    })
    .await?;
    Ok(records)
}

/// Calls `each` with every project matching `filter` as a sheet row, with its id, major
/// projects first, one row at a time.
pub async fn for_each_project<E: From<DbError>>(
    db: &Db,
    filter: &ProjectFilter,
    source: Source,
    mut each: impl FnMut(i64, ReportProject) -> Result<(), E>,
) -> Result<(), E> {
    for_each_record(
        db,
        filter,
        source,
        12,
        RecordOrder::Registry,
        nothing(),
        |r| {
            let id = r.project_id;
            each(id, report_project(r)?)
        },
    )
    .await
}

/// Nothing to do while the rows are prepared.
fn nothing<E>() -> std::future::Ready<Result<(), E>> {
    std::future::ready(Ok(()))
}

/// Like [`for_each_project`], in the sheet's order for `grouping`: group by group (the groups
/// [`sheet_sums`] counts), major projects first within each. `meanwhile` (summing them, say) runs
/// on another connection while the database orders the rows, and finishes before the first row.
pub async fn for_each_project_grouped<E: From<DbError>>(
    db: &Db,
    filter: &ProjectFilter,
    source: Source,
    (grouping, pillar_order): (Grouping, &[String]),
    meanwhile: impl std::future::Future<Output = Result<(), E>>,
    mut each: impl FnMut(i64, ReportProject) -> Result<(), E>,
) -> Result<(), E> {
    let order = RecordOrder::Grouped(grouping, pillar_order);
    for_each_record(db, filter, source, 12, order, meanwhile, |r| {
        let id = r.project_id;
        each(id, report_project(r)?)
    })
    .await
}

/// The projects matching `filter` as sheet rows, major projects first, with their ids.
pub async fn report_projects(
    db: &Db,
    filter: &ProjectFilter,
    source: Source,
) -> Result<Vec<(i64, ReportProject)>, DbError> {
    let mut projects = Vec::new();
    for_each_project(db, filter, source, |id, p| {
        projects.push((id, p));
        Ok::<(), DbError>(())
    })
    .await?;
    Ok(projects)
}

fn report_project(r: SheetRecord) -> Result<ReportProject, DbError> {
    let construction = ConstructionType::from_code(&r.construction_type).ok_or_else(|| {
        DbError::Corrupt(format!(
            "projects.construction_type = {:?} (id {})",
            r.construction_type, r.project_id
        ))
    })?;
    Ok(ReportProject {
        code: r.code,
        name: r.name,
        unit: r.unit_name,
        location: r.location,
        construction,
        pillar: r.pillar,
        content: r.content,
        start_year: r.start_year,
        end_year: r.end_year,
        amounts: Amounts {
            total: Wan(r.total_investment),
            funds: r.funds.hundredths().map(Wan),
            completed_before_year: Wan(r.completed_before_year),
            planned_this_year: Wan(r.planned_this_year),
            completed_this_year: Wan(r.completed_this_year),
        },
        visible_progress: r.visible_progress,
        problems: r.problems,
        contact_name: r.contact_name,
        contact_phone: r.contact_phone,
    })
}

/// Problems not yet closed, by project, oldest first: those raised on the project and those
/// raised on the milestones linked to it.
async fn open_problems(db: &Db) -> Result<HashMap<i64, Vec<String>>, DbError> {
    let rows: Vec<(i64, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT project_id, description FROM (
                 SELECT p.project_id, p.description, p.raised_on, p.id FROM problems p
                 WHERE p.project_id IS NOT NULL AND p.status <> 'closed'
                 UNION
                 SELECT pm.project_id, p.description, p.raised_on, p.id FROM problems p
                 JOIN project_milestones pm ON pm.milestone_id = p.milestone_id
                 WHERE p.status <> 'closed'
             ) open_problems ORDER BY project_id, raised_on, id",
        )
        .fetch_all(pool)
        .await?
    });
    let mut by_project: HashMap<i64, Vec<String>> = HashMap::new();
    for (project, description) in rows {
        by_project.entry(project).or_default().push(description);
    }
    Ok(by_project)
}

/// A locked reporting period as the registry lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedPeriod {
    pub period: Period,
    pub locked_at: i64,
    pub locked_by: String,
    pub project_count: i64,
}

/// Every locked period, newest first.
pub async fn locked_periods(db: &Db) -> Result<Vec<LockedPeriod>, DbError> {
    let rows: Vec<(i32, i32, i64, String, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT r.year, r.month, r.locked_at, r.locked_by,
                    (SELECT COUNT(*) FROM period_baselines b WHERE b.year = r.year AND b.month = r.month)
             FROM reporting_periods r ORDER BY r.year DESC, r.month DESC",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(year, month, locked_at, locked_by, project_count)| {
            Some(LockedPeriod {
                period: Period::new(year, u32::try_from(month).ok()?)?,
                locked_at,
                locked_by,
                project_count,
            })
        })
        .collect())
}

/// The latest locked month: it and every month before it are closed in the ledger.
pub async fn latest_locked(db: &Db) -> Result<Option<Period>, DbError> {
    let latest: Option<(i32, i32)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT year, month FROM reporting_periods ORDER BY year DESC, month DESC LIMIT 1")
            .fetch_optional(pool)
            .await?
    });
    Ok(latest.and_then(|(year, month)| Period::new(year, u32::try_from(month).ok()?)))
}

/// Locks `period`: keeps every project's sheet row as of the end of that month as its baseline.
/// Returns false when the period was already locked (the baseline is never overwritten).
pub async fn lock_period(
    db: &Db,
    period: Period,
    locked_at: i64,
    locked_by: &str,
) -> Result<bool, DbError> {
    // A baseline counts as completed this year only what was completed up to its month.
    let records = sheet_records(
        db,
        &ProjectFilter::default(),
        Source::Current { year: period.year },
        period.month,
    )
    .await?;
    let month = period.month as i32;
    let insert = format!("INSERT INTO period_baselines (year, month, {COLUMNS}) ");
    let locked = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO reporting_periods (year, month, locked_at, locked_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (year, month) DO NOTHING",
        )
        .bind(period.year).bind(month).bind(locked_at).bind(locked_by)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            // 29 values a row, 500 rows a statement: within both backends' parameter limits.
            for chunk in records.chunks(500) {
                let mut rows = sqlx::QueryBuilder::new(&insert);
                rows.push_values(chunk, |mut b, r| {
                    b.push_bind(period.year).push_bind(month).push_bind(r.project_id).push_bind(&r.kind)
                        .push_bind(&r.code).push_bind(&r.name).push_bind(r.unit_id).push_bind(&r.unit_name)
                        .push_bind(&r.location).push_bind(&r.construction_type).push_bind(r.pillar_id)
                        .push_bind(&r.pillar).push_bind(&r.content).push_bind(r.start_year).push_bind(r.end_year)
                        .push_bind(&r.status).push_bind(r.total_investment).push_bind(r.funds.fund_central)
                        .push_bind(r.funds.fund_provincial).push_bind(r.funds.fund_city)
                        .push_bind(r.funds.fund_county).push_bind(r.funds.fund_social)
                        .push_bind(r.completed_before_year).push_bind(r.planned_this_year)
                        .push_bind(r.completed_this_year).push_bind(&r.visible_progress).push_bind(&r.problems)
                        .push_bind(&r.contact_name).push_bind(&r.contact_phone);
                });
                rows.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
        inserted == 1
    });
    Ok(locked)
}

/// What an export recorded as a report upward (上报) holds.
#[derive(Clone, Debug)]
pub struct NewBatch<'a> {
    pub reported_on: chrono::NaiveDate,
    pub batch: &'a str,
    pub period: Option<Period>,
    pub file_format: &'a str,
    pub filter: &'a ProjectFilter,
    pub total_investment: Wan,
    pub user_id: Option<i64>,
    pub username: &'a str,
    pub created_at: i64,
}

/// Records an export as a 上报 batch with the projects it held; returns the batch id.
pub async fn record_batch(
    db: &Db,
    batch: &NewBatch<'_>,
    project_ids: &[i64],
) -> Result<i64, DbError> {
    let id = with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO report_batches (reported_on, batch, period, file_format, filter, project_count,
                 total_investment, user_id, username, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(batch.reported_on)
        .bind(batch.batch)
        .bind(batch.period.map(Period::code).unwrap_or_default())
        .bind(batch.file_format)
        .bind(crate::model::query::to_query(batch.filter))
        .bind(project_ids.len() as i64)
        .bind(batch.total_investment.hundredths())
        .bind(batch.user_id)
        .bind(batch.username)
        .bind(batch.created_at)
        .fetch_one(&mut *tx)
        .await?;
        // Projects that are gone since the export (a baseline outlives them) are left out.
        for chunk in project_ids.chunks(1000) {
            let mut rows = sqlx::QueryBuilder::new("INSERT INTO report_batch_projects (batch_id, project_id) SELECT ");
            rows.push_bind(id).push(", id FROM projects WHERE id IN (");
            let mut ids = rows.separated(", ");
            for project in chunk {
                ids.push_bind(*project);
            }
            rows.push(")");
            rows.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        id
    });
    Ok(id)
}

/// A recorded 上报 batch.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BatchRecord {
    pub id: i64,
    pub reported_on: chrono::NaiveDate,
    pub batch: String,
    pub period: String,
    pub file_format: String,
    pub project_count: i64,
    pub total_investment: i64,
    pub username: String,
}

/// The latest 上报 batches, newest first.
pub async fn recent_batches(db: &Db, limit: i64) -> Result<Vec<BatchRecord>, DbError> {
    Ok(with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, reported_on, batch, period, file_format, project_count, total_investment, username
             FROM report_batches ORDER BY reported_on DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}

/// Each project's latest report upward: (报送日期, 批次). Batches are recorded as they are
/// sent, so the latest is the one with the highest id.
pub async fn last_reported(
    db: &Db,
    projects: &[i64],
) -> Result<HashMap<i64, (chrono::NaiveDate, String)>, DbError> {
    if projects.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = super::filter::id_list(projects);
    let sql = format!(
        "SELECT latest.project_id, b.reported_on, b.batch
         FROM (SELECT project_id, MAX(batch_id) AS batch_id FROM report_batch_projects
               WHERE project_id IN ({ids}) GROUP BY project_id) latest
         JOIN report_batches b ON b.id = latest.batch_id"
    );
    let rows: Vec<(i64, chrono::NaiveDate, String)> = with_pool!(db, pool => {
        sqlx::query_as(&sql).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|(p, on, batch)| (p, (on, batch)))
        .collect())
}

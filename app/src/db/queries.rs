//! Read queries behind the pages. Aggregation happens in SQL where it is a plain sum,
//! and in the pure domain functions where it needs today's date and the status rules.

use chrono::NaiveDate;

use super::{filter, with_pool, Db, DbError};
use crate::domain::milestone_code;
use crate::domain::model::{ConstructionType, ProjectKind, ProjectStatus};
use crate::domain::money::{split_by_shares, Wan};
use crate::domain::status::{assess, Status, Thresholds};
use crate::model::{
    DashboardFilter, MilestoneFact, MilestoneFilter, MilestoneRow, MilestoneSort, Named, PageInfo,
    PhaseInfo, ProjectFilter, ProjectRow, ProjectSort, ReferenceData, RoadmapInfo, UnitInfo,
};

#[derive(sqlx::FromRow)]
struct RoadmapRecord {
    name: String,
    county: String,
    start_year: i32,
    end_year: i32,
    is_sample: bool,
}

#[derive(sqlx::FromRow)]
struct NamedRecord {
    id: i64,
    name_zh: String,
    name_en: String,
}

#[derive(sqlx::FromRow)]
struct PhaseRecord {
    id: i64,
    name_zh: String,
    name_en: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct UnitRecord {
    id: i64,
    name: String,
}

impl From<NamedRecord> for Named {
    fn from(r: NamedRecord) -> Named {
        Named {
            id: r.id,
            name_zh: r.name_zh,
            name_en: r.name_en,
        }
    }
}

/// The roadmap, phases, pillars, domains and units, in display order.
pub async fn reference_data(db: &Db) -> Result<ReferenceData, DbError> {
    let roadmap: Option<RoadmapRecord> = with_pool!(db, pool => {
        sqlx::query_as("SELECT name, county, start_year, end_year, is_sample FROM roadmaps ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await?
    });
    let phases = phases(db).await?;
    let pillars = pillars(db).await?;
    let domains: Vec<NamedRecord> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name_zh, name_en FROM domains ORDER BY sort_order, id").fetch_all(pool).await?
    });
    let units: Vec<UnitRecord> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name FROM units ORDER BY sort_order, id").fetch_all(pool).await?
    });
    Ok(ReferenceData {
        roadmap: roadmap.map(|r| RoadmapInfo {
            name: r.name,
            county: r.county,
            start_year: r.start_year,
            end_year: r.end_year,
            is_sample: r.is_sample,
        }),
        phases,
        pillars,
        domains: domains.into_iter().map(Named::from).collect(),
        units: units
            .into_iter()
            .map(|u| UnitInfo {
                id: u.id,
                name: u.name,
            })
            .collect(),
    })
}

/// The roadmap's phases in order.
pub async fn phases(db: &Db) -> Result<Vec<PhaseInfo>, DbError> {
    let phases: Vec<PhaseRecord> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name_zh, name_en, start_date, end_date FROM phases ORDER BY sort_order, start_date, id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(phases
        .into_iter()
        .map(|p| PhaseInfo {
            id: p.id,
            name_zh: p.name_zh,
            name_en: p.name_en,
            start_date: p.start_date,
            end_date: p.end_date,
        })
        .collect())
}

/// The “五个一” pillars in order.
pub async fn pillars(db: &Db) -> Result<Vec<Named>, DbError> {
    let pillars: Vec<NamedRecord> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, name_zh, name_en FROM pillars ORDER BY sort_order, id")
            .fetch_all(pool)
            .await?
    });
    Ok(pillars.into_iter().map(Named::from).collect())
}

/// Status thresholds as the admin set them (defaults when unset or unreadable).
pub async fn thresholds(db: &Db) -> Result<Thresholds, DbError> {
    let rows: Vec<(String, String)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE 'status.%'").fetch_all(pool).await?
    });
    let mut t = Thresholds::default();
    for (key, value) in rows {
        let Ok(points) = value.trim().parse::<f64>() else {
            continue;
        };
        match key.as_str() {
            "status.yellow_points" => t.yellow_points = points,
            "status.red_points" => t.red_points = points,
            _ => {}
        }
    }
    Ok(t)
}

#[derive(sqlx::FromRow)]
struct MilestoneRecord {
    id: i64,
    code_stem: Option<String>,
    code_number: Option<i64>,
    title: String,
    start_date: NaiveDate,
    due_date: NaiveDate,
    percent: i32,
    weight: i32,
    phase_id: i64,
    phase_zh: String,
    phase_en: String,
    pillar_id: i64,
    pillar_zh: String,
    pillar_en: String,
    unit_name: String,
}

/// A milestone's percent at the end of the day bound as `$1`: its newest report on or before it,
/// or its current percent when `$1` is NULL.
const PERCENT_AS_OF: &str = "CASE WHEN $1 IS NULL THEN m.percent ELSE COALESCE(
        (SELECT p.percent FROM milestone_progress p WHERE p.milestone_id = m.id AND p.reported_on <= $1
         ORDER BY p.reported_on DESC, p.id DESC LIMIT 1), 0) END";

/// The columns of a [`MilestoneRecord`] from milestones `m` with their phase, pillar and unit,
/// its percent given by `percent`; the caller adds WHERE and ORDER BY.
fn milestone_row_select(percent: &str) -> String {
    format!(
        "SELECT m.id, m.code_stem, m.code_number, m.title, m.start_date, m.due_date, m.weight,
            {percent} AS percent,
            m.phase_id, ph.name_zh AS phase_zh, ph.name_en AS phase_en,
            m.pillar_id, pl.name_zh AS pillar_zh, pl.name_en AS pillar_en,
            u.name AS unit_name
        FROM milestones m
        JOIN phases ph ON ph.id = m.phase_id
        JOIN pillars pl ON pl.id = m.pillar_id
        JOIN units u ON u.id = m.unit_id"
    )
}

impl MilestoneRecord {
    fn into_row(self, today: NaiveDate, thresholds: &Thresholds) -> MilestoneRow {
        let r = self;
        let assessment = assess(
            r.start_date,
            r.due_date,
            r.percent.into(),
            today,
            thresholds,
        );
        MilestoneRow {
            id: r.id,
            code: milestone_code::stored(r.code_stem.as_deref(), r.code_number),
            title: r.title,
            phase: Named {
                id: r.phase_id,
                name_zh: r.phase_zh,
                name_en: r.phase_en,
            },
            pillar: Named {
                id: r.pillar_id,
                name_zh: r.pillar_zh,
                name_en: r.pillar_en,
            },
            unit_name: r.unit_name,
            start_date: r.start_date,
            due_date: r.due_date,
            percent: r.percent.into(),
            weight: r.weight.into(),
            assessment,
        }
    }
}

/// The status rule of [`assess`] as SQL, for filtering and sorting a page of milestones `m` in
/// the database: 0 completed, 1 on track, 2 behind, 3 critical. `$day`, `$yellow` and `$red` are
/// the parameters holding the day and the thresholds. 序时进度 is computed in IEEE doubles in the
/// same order as [`crate::domain::schedule::expected_percent`], so the rank always agrees with
/// the status shown (a test checks every milestone of a county on both backends).
pub(crate) fn status_rank_sql(db: &Db, day: usize, yellow: usize, red: usize) -> String {
    let elapsed_share = match db {
        Db::Sqlite(_) => format!(
            "100.0 * (julianday(${day}) - julianday(m.start_date)) / (julianday(m.due_date) - julianday(m.start_date))"
        ),
        Db::Postgres(_) => format!(
            "CAST(100.0 AS DOUBLE PRECISION) * CAST(${day} - m.start_date AS DOUBLE PRECISION)
             / CAST(m.due_date - m.start_date AS DOUBLE PRECISION)"
        ),
    };
    let gap = format!(
        "(CASE WHEN ${day} >= m.due_date THEN 100.0 WHEN ${day} <= m.start_date THEN 0.0
               ELSE {elapsed_share} END - m.percent)"
    );
    format!(
        "(CASE WHEN m.percent >= 100 THEN 0
               WHEN ${day} > m.due_date THEN 3
               WHEN {gap} > ${red} THEN 3
               WHEN {gap} >= ${yellow} THEN 2
               WHEN m.percent = 0 AND ${day} > m.start_date THEN 2
               ELSE 1 END)"
    )
}

/// The rank [`status_rank_sql`] gives a status.
pub fn status_rank(status: Status) -> i64 {
    match status {
        Status::Completed => 0,
        Status::OnTrack => 1,
        Status::Behind => 2,
        Status::Critical => 3,
    }
}

/// One page of the milestones matching `filter` (its status, sort and page included), each
/// assessed against `today`. Only the page's rows are read and ranked; the count covers all.
pub async fn milestone_page(
    db: &Db,
    filter: &MilestoneFilter,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Result<(Vec<MilestoneRow>, PageInfo), DbError> {
    // $1 the day, $2 and $3 the thresholds, then the filter's conditions.
    let rank = status_rank_sql(db, 1, 2, 3);
    let conditions =
        filter::milestones(filter, "m", 4).equals(&rank, filter.status.map(status_rank));
    let count_sql = format!(
        "SELECT COUNT(*) FROM milestones m WHERE {}",
        conditions.sql()
    );
    let (total,): (i64,) = with_pool!(db, pool => {
        conditions
            .bind(sqlx::query_as(&count_sql).bind(today).bind(thresholds.yellow_points).bind(thresholds.red_points))
            .fetch_one(pool)
            .await?
    });
    let page = PageInfo::new(filter.page, total);
    let order = match filter.sort {
        None | Some(MilestoneSort::Due) => "m.due_date",
        Some(MilestoneSort::Title) => "m.title",
        Some(MilestoneSort::Phase) => "ph.sort_order",
        Some(MilestoneSort::Pillar) => "pl.sort_order",
        Some(MilestoneSort::Unit) => "u.sort_order",
        Some(MilestoneSort::Progress) => "m.percent",
        Some(MilestoneSort::Weight) => "m.weight",
        Some(MilestoneSort::Status) => rank.as_str(),
    };
    let direction = if filter.desc { "DESC" } else { "ASC" };
    let (limit, offset) = (conditions.end(), conditions.end() + 1);
    let sql = format!(
        "{} WHERE {}
        ORDER BY {order} {direction}, m.due_date {direction}, m.id {direction}
        LIMIT ${limit} OFFSET ${offset}",
        milestone_row_select("m.percent"),
        conditions.sql()
    );
    let records: Vec<MilestoneRecord> = with_pool!(db, pool => {
        conditions
            .bind(sqlx::query_as(&sql).bind(today).bind(thresholds.yellow_points).bind(thresholds.red_points))
            .bind(i64::from(page.page_size))
            .bind(page.offset())
            .fetch_all(pool)
            .await?
    });
    Ok((
        records
            .into_iter()
            .map(|r| r.into_row(today, thresholds))
            .collect(),
        page,
    ))
}

/// The facts of every milestone matching `filter` (its status and page aside), by due date, each
/// assessed on `day`: its percent then (`as_of`: its newest report on or before that day; `None`:
/// its current percent). Dates cross as day numbers and nothing is joined or text, because the
/// dashboard reads this for every milestone after every change.
pub async fn milestone_facts(
    db: &Db,
    filter: &MilestoneFilter,
    day: NaiveDate,
    as_of: Option<NaiveDate>,
    thresholds: &Thresholds,
) -> Result<Vec<MilestoneFact>, DbError> {
    let conditions = filter::milestones(filter, "m", 2);
    let days = |column: &str| day_number_sql(db, column);
    let sql = format!(
        "SELECT m.id, m.phase_id, m.pillar_id, m.unit_id, {start}, {due}, m.weight,
            {PERCENT_AS_OF}
        FROM milestones m
        WHERE {}
        ORDER BY m.due_date, m.id",
        conditions.sql(),
        start = days("m.start_date"),
        due = days("m.due_date"),
    );
    type Record = (i64, i64, i64, i64, i32, i32, i32, i32);
    let records: Vec<Record> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(as_of)).fetch_all(pool).await?
    });
    Ok(records
        .into_iter()
        .map(
            |(id, phase_id, pillar_id, unit_id, start, due, weight, percent)| {
                let (start_date, due_date) = (date_of_day_number(start), date_of_day_number(due));
                MilestoneFact {
                    id,
                    phase_id,
                    pillar_id,
                    unit_id,
                    start_date,
                    due_date,
                    percent: percent.into(),
                    weight: weight.into(),
                    assessment: assess(start_date, due_date, percent.into(), day, thresholds),
                }
            },
        )
        .collect())
}

/// `column` (a date) as a number of days since 1970-01-01: four bytes a row instead of a string
/// to parse, the same on both backends. [`date_of_day_number`] turns it back.
pub(super) fn day_number_sql(db: &Db, column: &str) -> String {
    match db {
        Db::Sqlite(_) => format!("CAST(julianday({column}) - 2440587.5 AS INTEGER)"),
        Db::Postgres(_) => format!("({column} - DATE '1970-01-01')"),
    }
}

/// The date `days` after 1970-01-01, as [`day_number_sql`] gave it.
pub(super) fn date_of_day_number(days: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
        + chrono::Duration::days(i64::from(days))
}

/// A milestone's words: its code, title and unit's name.
pub struct MilestoneText {
    pub code: Option<String>,
    pub title: String,
    pub unit_name: String,
}

/// The code, title and unit name of each of `ids` (ids read from the database).
pub async fn milestone_texts(
    db: &Db,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, MilestoneText>, DbError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT m.id, m.code_stem, m.code_number, m.title, u.name
         FROM milestones m JOIN units u ON u.id = m.unit_id
         WHERE m.id IN ({})",
        filter::id_list(ids)
    );
    type Row = (i64, Option<String>, Option<i64>, String, String);
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(&sql).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, stem, number, title, unit_name)| {
            let code = milestone_code::stored(stem.as_deref(), number);
            (
                id,
                MilestoneText {
                    code,
                    title,
                    unit_name,
                },
            )
        })
        .collect())
}

/// Milestones matching `filter`, each assessed against `today`, ordered by due date.
pub async fn milestones(
    db: &Db,
    filter: &MilestoneFilter,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Result<Vec<MilestoneRow>, DbError> {
    milestone_rows(db, filter, None, today, None, thresholds).await
}

/// The milestones as they stood at the end of `day`: each one's percent is its newest progress
/// report on or before that day, and its status is judged against 序时进度 on that day.
pub async fn milestones_as_of(
    db: &Db,
    filter: &MilestoneFilter,
    day: NaiveDate,
    thresholds: &Thresholds,
) -> Result<Vec<MilestoneRow>, DbError> {
    milestone_rows(db, filter, None, day, Some(day), thresholds).await
}

/// One milestone as the list shows it, or `None` when it does not exist.
pub async fn milestone(
    db: &Db,
    id: i64,
    today: NaiveDate,
    thresholds: &Thresholds,
) -> Result<Option<MilestoneRow>, DbError> {
    let rows = milestone_rows(
        db,
        &MilestoneFilter::default(),
        Some(id),
        today,
        None,
        thresholds,
    )
    .await?;
    Ok(rows.into_iter().next())
}

async fn milestone_rows(
    db: &Db,
    filter: &MilestoneFilter,
    id: Option<i64>,
    today: NaiveDate,
    as_of: Option<NaiveDate>,
    thresholds: &Thresholds,
) -> Result<Vec<MilestoneRow>, DbError> {
    let conditions = filter::milestones(filter, "m", 2).equals("m.id", id);
    let sql = format!(
        "{} WHERE {} ORDER BY m.due_date, m.id",
        milestone_row_select(PERCENT_AS_OF),
        conditions.sql()
    );
    let records: Vec<MilestoneRecord> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(as_of)).fetch_all(pool).await?
    });
    Ok(records
        .into_iter()
        .map(|r| r.into_row(today, thresholds))
        .filter(|row| filter.status.is_none_or(|s| row.assessment.status == s))
        .collect())
}

#[derive(sqlx::FromRow)]
struct ProjectRecord {
    id: i64,
    kind: String,
    code: Option<String>,
    name: String,
    unit_name: String,
    construction_type: String,
    pillar_id: Option<i64>,
    pillar_zh: Option<String>,
    pillar_en: Option<String>,
    start_year: i32,
    end_year: i32,
    total_investment: i64,
    completed_investment: i64,
    status: String,
    visible_progress: String,
}

/// One page of the project registry matching `filter` (its sort and page included), with each
/// project's completed investment from the ledger, and the matching projects' count and
/// investment over every page.
pub async fn project_page(db: &Db, filter: &ProjectFilter) -> Result<ProjectPage, DbError> {
    let conditions = filter::live_registry(filter, 1);
    let totals_sql = format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(p.total_investment), 0) AS BIGINT),
                (SELECT CAST(COALESCE(SUM(l.completed), 0) AS BIGINT)
                 FROM investment_ledger l JOIN projects p ON p.id = l.project_id WHERE {where_})
         FROM projects p WHERE {where_}",
        where_ = conditions.sql()
    );
    let (total, total_investment, completed_investment): (i64, i64, i64) = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&totals_sql)).fetch_one(pool).await?
    });
    let page = PageInfo::new(filter.page, total);
    let completed =
        "(SELECT COALESCE(SUM(l.completed), 0) FROM investment_ledger l WHERE l.project_id = p.id)";
    let keys: &[&str] = match filter.sort {
        None => &["CASE p.kind WHEN 'major' THEN 0 ELSE 1 END", "p.start_year"],
        Some(ProjectSort::Code) => &["p.code"],
        Some(ProjectSort::Name) => &["p.name"],
        Some(ProjectSort::Kind) => &["CASE p.kind WHEN 'major' THEN 0 ELSE 1 END"],
        Some(ProjectSort::Unit) => &["(SELECT u.sort_order FROM units u WHERE u.id = p.unit_id)"],
        Some(ProjectSort::Construction) => {
            &["CASE p.construction_type WHEN 'new' THEN 0 WHEN 'continuing' THEN 1 ELSE 2 END"]
        }
        Some(ProjectSort::Pillar) => {
            &["(SELECT pl.sort_order FROM pillars pl WHERE pl.id = p.pillar_id)"]
        }
        Some(ProjectSort::Years) => &["p.start_year", "p.end_year"],
        Some(ProjectSort::Investment) => &["p.total_investment"],
        Some(ProjectSort::Completed) => &[completed],
        Some(ProjectSort::Status) => &[
            "CASE p.status WHEN 'preparing' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END",
        ],
        Some(ProjectSort::Progress) => &["p.visible_progress"],
        // Batches are numbered as they are sent: the latest report has the highest id.
        Some(ProjectSort::Reported) => {
            &["(SELECT MAX(b.batch_id) FROM report_batch_projects b WHERE b.project_id = p.id)"]
        }
    };
    let order = filter::order_by(keys, "p.id", filter.desc);
    let (limit, offset) = (conditions.end(), conditions.end() + 1);
    let ids_sql = format!(
        "SELECT p.id FROM projects p WHERE {} ORDER BY {order} LIMIT ${limit} OFFSET ${offset}",
        conditions.sql()
    );
    let ids: Vec<(i64,)> = with_pool!(db, pool => {
        conditions
            .bind(sqlx::query_as(&ids_sql))
            .bind(i64::from(page.page_size))
            .bind(page.offset())
            .fetch_all(pool)
            .await?
    });
    let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    let mut rows = project_rows(db, &filter.all_pages(), Some(&ids)).await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(ProjectPage {
        rows,
        page,
        total_investment: Wan(total_investment),
        completed_investment: Wan(completed_investment),
    })
}

/// A page of the registry as [`project_page`] reads it.
pub struct ProjectPage {
    pub rows: Vec<ProjectRow>,
    pub page: PageInfo,
    pub total_investment: Wan,
    pub completed_investment: Wan,
}

/// One project as the registry shows it.
pub async fn project(db: &Db, id: i64) -> Result<Option<ProjectRow>, DbError> {
    // An archived project still has its page.
    let every = ProjectFilter {
        archived: true,
        ..ProjectFilter::default()
    };
    let rows = project_rows(db, &every, Some(&[id])).await?;
    Ok(rows.into_iter().next())
}

/// The projects matching `filter` among `only` (ids read from the database), in the registry's
/// order, each with its completed investment summed from its own ledger rows.
async fn project_rows(
    db: &Db,
    filter: &ProjectFilter,
    only: Option<&[i64]>,
) -> Result<Vec<ProjectRow>, DbError> {
    let conditions = filter::live_registry(filter, 1);
    let among = match only {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => format!("p.id IN ({})", filter::id_list(ids)),
        None => "1 = 1".to_string(),
    };
    let sql = format!(
        "SELECT p.id, p.kind, p.code, p.name, u.name AS unit_name, p.construction_type,
            p.pillar_id, pl.name_zh AS pillar_zh, pl.name_en AS pillar_en,
            p.start_year, p.end_year, p.total_investment,
            CAST(COALESCE((SELECT SUM(l.completed) FROM investment_ledger l WHERE l.project_id = p.id), 0) AS BIGINT)
                AS completed_investment,
            p.status, p.visible_progress
        FROM projects p
        JOIN units u ON u.id = p.unit_id
        LEFT JOIN pillars pl ON pl.id = p.pillar_id
        WHERE {} AND {among}
        ORDER BY CASE p.kind WHEN 'major' THEN 0 ELSE 1 END, p.start_year, p.id",
        conditions.sql()
    );
    let records: Vec<ProjectRecord> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql)).fetch_all(pool).await?
    });
    records
        .into_iter()
        .map(|r| {
            let id = r.id;
            let corrupt = |what: &str, value: &str| {
                DbError::Corrupt(format!("projects.{what} = {value:?} (id {id})"))
            };
            Ok(ProjectRow {
                id,
                kind: ProjectKind::from_code(&r.kind).ok_or_else(|| corrupt("kind", &r.kind))?,
                code: r.code,
                name: r.name,
                unit_name: r.unit_name,
                construction_type: ConstructionType::from_code(&r.construction_type)
                    .ok_or_else(|| corrupt("construction_type", &r.construction_type))?,
                pillar: match (r.pillar_id, r.pillar_zh, r.pillar_en) {
                    (Some(pillar_id), Some(name_zh), name_en) => Some(Named {
                        id: pillar_id,
                        name_zh,
                        name_en: name_en.unwrap_or_default(),
                    }),
                    _ => None,
                },
                start_year: r.start_year,
                end_year: r.end_year,
                total_investment: Wan(r.total_investment),
                completed_investment: Wan(r.completed_investment),
                status: ProjectStatus::from_code(&r.status)
                    .ok_or_else(|| corrupt("status", &r.status))?,
                visible_progress: r.visible_progress,
                last_reported: None,
            })
        })
        .collect()
}

/// Programme-wide project figures for the overview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectTotals {
    pub major: i64,
    pub information: i64,
    pub total_investment: Wan,
    pub completed_investment: Wan,
}

/// Project counts and investment of the projects matching the dashboard's pillar, domain and
/// unit (a project has no phase: it runs over years). Completed investment counts the ledger
/// months up to `ledger_until` (`year * 100 + month`; `None`: all).
pub async fn project_totals(
    db: &Db,
    filter: &DashboardFilter,
    ledger_until: Option<i32>,
) -> Result<ProjectTotals, DbError> {
    let conditions = filter::dashboard_projects(filter, 2);
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM projects p WHERE kind = 'major' AND {where_}) AS major,
                (SELECT COUNT(*) FROM projects p WHERE kind = 'information' AND {where_}) AS information,
                (SELECT CAST(COALESCE(SUM(total_investment), 0) AS BIGINT) FROM projects p WHERE {where_})
                    AS total_investment,
                ({completed}) AS completed_investment",
        where_ = conditions.sql(),
        // Today's figure is the roll-up the ledger's writes keep; a past day's is summed from the
        // ledger up to that day's month.
        completed = match ledger_until {
            None => format!(
                "SELECT CAST(COALESCE(SUM(p.completed), 0) AS BIGINT) FROM rollup_investment p
                 WHERE $1 IS NULL AND {}",
                conditions.sql()
            ),
            Some(_) => format!(
                "SELECT CAST(COALESCE(SUM(l.completed), 0) AS BIGINT)
                 FROM investment_ledger l JOIN projects p ON p.id = l.project_id
                 WHERE {} AND l.year * 100 + l.month <= $1",
                conditions.sql()
            ),
        },
    );
    let (major, information, total, completed): (i64, i64, i64, i64) = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(ledger_until)).fetch_one(pool).await?
    });
    Ok(ProjectTotals {
        major,
        information,
        total_investment: Wan(total),
        completed_investment: Wan(completed),
    })
}

/// Figures for the 工作总结 beyond the roll-ups: milestones completed this year per pillar,
/// units whose information projects were surveyed, open problems.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkCounts {
    pub completed_this_year: Vec<(i64, i64)>,
    pub units_surveyed: i64,
    /// Problems open on the day, and those of them past their due date.
    pub open_problems: i64,
    pub overdue_problems: i64,
    /// The activity ledger's records per type since 1 January.
    pub activities: Vec<crate::model::ActivityCount>,
}

pub async fn work_counts(
    db: &Db,
    filter: &DashboardFilter,
    today: NaiveDate,
) -> Result<WorkCounts, DbError> {
    let year_start = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap_or(today);
    // Milestones from `$3`, after the two days.
    let milestones = filter::milestones(&filter.milestones(), "m", 3);
    let completed_sql = format!(
        "SELECT m.pillar_id, COUNT(*) FROM milestones m
         WHERE m.completed_on >= $1 AND m.completed_on <= $2 AND {}
         GROUP BY m.pillar_id",
        milestones.sql()
    );
    let completed: Vec<(i64, i64)> = with_pool!(db, pool => {
        milestones.bind(sqlx::query_as(&completed_sql).bind(year_start).bind(today))
            .fetch_all(pool)
            .await?
    });
    // Milestones `m` from `$2`, after the day; projects by the same pillar, domain and unit.
    let milestones = filter::milestones(&filter.milestones(), "m", 2);
    let projects = filter::dashboard_projects(filter, milestones.end());
    let problems_sql = format!(
        "SELECT
            (SELECT COUNT(DISTINCT p.unit_id) FROM projects p WHERE p.kind = 'information' AND {}),
            COUNT(q.id),
            COUNT(CASE WHEN q.due_date < $1 THEN 1 END)
         FROM problems q JOIN milestones m ON m.id = q.milestone_id
         WHERE q.raised_on <= $1 AND (q.status <> 'closed' OR q.closed_on > $1) AND {}",
        projects.sql(),
        milestones.sql()
    );
    let (units_surveyed, open_problems, overdue_problems): (i64, i64, i64) = with_pool!(db, pool => {
        projects
            .bind(milestones.bind(sqlx::query_as(&problems_sql).bind(today)))
            .fetch_one(pool)
            .await?
    });
    let activities = super::activities::counts(
        db,
        &crate::model::ActivityFilter {
            from: Some(year_start),
            to: Some(today),
            unit_id: filter.unit,
            pillar_id: filter.pillar,
            domain_id: filter.domain,
            ..Default::default()
        },
    )
    .await?;
    Ok(WorkCounts {
        completed_this_year: completed,
        units_surveyed,
        open_problems,
        overdue_problems,
        activities,
    })
}

/// Planned and completed investment per year, by pillar (`None`: projects with no pillar), for
/// the projects matching the dashboard's pillar, domain and unit; also by funding source when the
/// dashboard shows that. Completed counts the ledger months up to `ledger_until`
/// (`year * 100 + month`; `None`: all).
///
/// Today's figures by pillar come from the roll-up the ledger's writes keep (a few rows per year).
/// A past day, or the split by source, reads the ledger: it has no funding source of its own, so
/// each project's yearly figures are split over its sources in the shares of its funding plan,
/// exactly ([`split_by_shares`]).
pub async fn investment_by_year(
    db: &Db,
    filter: &DashboardFilter,
    ledger_until: Option<i32>,
) -> Result<Vec<InvestmentRow>, DbError> {
    if ledger_until.is_none() && !filter.investment_by_source() {
        return investment_rolled_up(db, filter).await;
    }
    investment_from_ledger(db, filter, ledger_until).await
}

/// Today's investment per year and pillar, from the roll-up.
pub async fn investment_rolled_up(
    db: &Db,
    filter: &DashboardFilter,
) -> Result<Vec<InvestmentRow>, DbError> {
    let conditions = filter::dashboard_projects(filter, 1);
    let sql = format!(
        "SELECT p.year, p.pillar_id, CAST(SUM(p.planned) AS BIGINT), CAST(SUM(p.completed) AS BIGINT)
         FROM rollup_investment p WHERE {}
         GROUP BY p.year, p.pillar_id ORDER BY p.year, p.pillar_id",
        conditions.sql()
    );
    let rows: Vec<(i32, i64, i64, i64)> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql)).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .filter(|&(_, _, planned, completed)| planned != 0 || completed != 0)
        .map(|(year, pillar, planned, completed)| InvestmentRow {
            year,
            pillar: (pillar != 0).then_some(pillar),
            planned: Wan(planned),
            completed: Wan(completed),
            by_source: None,
        })
        .collect())
}

/// The same figures read from the ledger, one row per project and year, split by source.
pub async fn investment_from_ledger(
    db: &Db,
    filter: &DashboardFilter,
    ledger_until: Option<i32>,
) -> Result<Vec<InvestmentRow>, DbError> {
    let conditions = filter::dashboard_projects(filter, 2);
    let sql = format!(
        "SELECT l.year, p.pillar_id, p.total_investment,
                p.fund_central, p.fund_provincial, p.fund_city, p.fund_county, p.fund_social,
                CAST(SUM(l.planned) AS BIGINT) AS planned,
                CAST(SUM(CASE WHEN $1 IS NULL OR l.year * 100 + l.month <= $1 THEN l.completed ELSE 0 END) AS BIGINT)
                    AS completed
         FROM investment_ledger l JOIN projects p ON p.id = l.project_id WHERE {}
         GROUP BY l.year, p.id, p.pillar_id, p.total_investment, p.fund_central, p.fund_provincial,
                  p.fund_city, p.fund_county, p.fund_social
         ORDER BY l.year, p.pillar_id",
        conditions.sql()
    );
    let rows: Vec<ProjectYearRecord> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(ledger_until)).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|r| {
            let funds = r.funds.hundredths();
            let split = |amount| split_by_shares(amount, &funds, r.total_investment).map(Wan);
            InvestmentRow {
                year: r.year,
                pillar: r.pillar_id,
                planned: Wan(r.planned),
                completed: Wan(r.completed),
                by_source: Some(SourceSplit {
                    planned: split(r.planned),
                    completed: split(r.completed),
                }),
            }
        })
        .collect())
}

/// One project's ledger totals for one year, with its funding plan.
#[derive(sqlx::FromRow)]
struct ProjectYearRecord {
    year: i32,
    pillar_id: Option<i64>,
    total_investment: i64,
    #[sqlx(flatten)]
    funds: crate::db::FundingColumns,
    planned: i64,
    completed: i64,
}

/// Investment for one year: of one project (read from the ledger) or of one pillar's projects
/// (from the roll-up).
#[derive(Clone, Debug, PartialEq)]
pub struct InvestmentRow {
    pub year: i32,
    pub pillar: Option<i64>,
    pub planned: Wan,
    pub completed: Wan,
    /// The split over the five funding sources: only a project's row has one.
    pub by_source: Option<SourceSplit>,
}

/// Amounts split over the five funding sources (中央, 省, 市, 县, 自筹).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceSplit {
    pub planned: [Wan; 5],
    pub completed: [Wan; 5],
}

/// The number the content triggers move on every change (migration 0003).
pub async fn data_version(db: &Db) -> Result<i64, DbError> {
    let (version,): (i64,) = with_pool!(db, pool => {
        sqlx::query_as("SELECT version FROM data_version WHERE id = 1").fetch_one(pool).await?
    });
    Ok(version)
}

/// Each month's weighted progress gain for the dashboard's milestones, counting the reports made
/// up to `day` (the change each report made to its milestone's percent), read from the roll-up
/// the writes keep ([`super::rollups`]).
pub async fn burn_up_gains(
    db: &Db,
    filter: &DashboardFilter,
    day: NaiveDate,
) -> Result<Vec<(i32, u32, f64)>, DbError> {
    let gains = super::rollups::monthly_gains(db, &filter.milestones(), day).await?;
    Ok(gains
        .into_iter()
        .map(|(y, m, gain)| (y, m, gain as f64))
        .collect())
}

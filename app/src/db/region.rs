//! 上报 packages in storage: this county's signing key and code, and upstream the registered
//! counties with every package accepted from them.

use super::tx::{Statement, Tx, Value};
use super::{Db, DbError};
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::report_sheet::Amounts;
use crate::region::report::{CountyReport, PackageAmounts, PackageProject, Progress};

/// This instance as a county.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Identity {
    pub region_code: Option<String>,
    pub secret_key: String,
    pub public_key: String,
    pub packages_signed: i64,
    /// Where packages are pushed over HTTPS, and the token upstream issued for it.
    pub push_url: Option<String>,
    pub push_token: Option<String>,
}

/// The county's identity, made with a new key from `fresh` (seed, public key) on first use.
pub async fn identity_or_create(
    db: &Db,
    fresh: impl FnOnce() -> (String, String),
) -> Result<Identity, DbError> {
    if let Some(identity) = identity(db).await? {
        return Ok(identity);
    }
    let (seed, public) = fresh();
    // Two servers making the key at once: the first insert wins, and both read it back.
    db.execute(
        Statement::new(
            "INSERT INTO package_identity (id, secret_key, public_key, created_at)
             VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(seed)
        .bind(public)
        .bind(chrono::Utc::now().timestamp()),
    )
    .await?;
    identity(db)
        .await?
        .ok_or_else(|| DbError::Corrupt("package_identity".into()))
}

pub async fn identity(db: &Db) -> Result<Option<Identity>, DbError> {
    Ok(db
        .fetch_optional(Statement::new(
            "SELECT region_code, secret_key, public_key, packages_signed, push_url, push_token
             FROM package_identity WHERE id = 1",
        ))
        .await?)
}

pub async fn set_region_code(db: &Db, code: &str) -> Result<(), DbError> {
    db.execute(
        Statement::new("UPDATE package_identity SET region_code = $1 WHERE id = 1").bind(code),
    )
    .await?;
    Ok(())
}

/// Sets where packages are pushed and with which token (`None`: not pushed).
pub async fn set_push_target(db: &Db, target: Option<(&str, &str)>) -> Result<(), DbError> {
    let (url, token) = target.unzip();
    db.execute(
        Statement::new("UPDATE package_identity SET push_url = $1, push_token = $2 WHERE id = 1")
            .bind(url)
            .bind(token),
    )
    .await?;
    Ok(())
}

/// The next package's number: one more than any signed before, whatever happens to the package.
pub async fn next_sequence(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = db
        .fetch_one(Statement::new(
            "UPDATE package_identity SET packages_signed = packages_signed + 1 WHERE id = 1
             RETURNING packages_signed",
        ))
        .await?;
    Ok(n)
}

/// A county registered upstream.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct County {
    pub id: i64,
    pub name: String,
    pub region_code: String,
    pub public_key: String,
    pub created_at: i64,
}

/// Registers a county; `None` when its code is registered already.
pub async fn add_county(
    db: &Db,
    name: &str,
    code: &str,
    public_key: &str,
) -> Result<Option<i64>, DbError> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Statement::new(
                "INSERT INTO region_counties (name, region_code, public_key, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (region_code) DO NOTHING RETURNING id",
            )
            .bind(name)
            .bind(code)
            .bind(public_key)
            .bind(chrono::Utc::now().timestamp()),
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

const COUNTY_SELECT: &str =
    "SELECT id, name, region_code, public_key, created_at FROM region_counties";

/// Every registered county by code: a province has about a hundred.
pub async fn counties(db: &Db) -> Result<Vec<County>, DbError> {
    Ok(db
        .fetch_all(Statement::new(format!(
            "{COUNTY_SELECT} ORDER BY region_code LIMIT 10000"
        )))
        .await?)
}

pub async fn county_by_code(db: &Db, code: &str) -> Result<Option<County>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(format!("{COUNTY_SELECT} WHERE region_code = $1")).bind(code),
        )
        .await?)
}

/// The number of the county's current package for `period`, if it has one.
pub async fn current_sequence(
    tx: &mut Tx,
    county_id: i64,
    period: Period,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT id, sequence FROM region_packages
             WHERE county_id = $1 AND period = $2 AND superseded_by IS NULL",
        )
        .bind(county_id)
        .bind(period.code()),
    )
    .await
}

/// What is stored of an accepted package besides its report.
pub struct NewPackage<'a> {
    pub county_id: i64,
    pub sequence: i64,
    pub generated_at: &'a str,
    pub manifest_sha256: &'a str,
    pub imported_by: &'a str,
    pub report: &'a CountyReport,
    pub report_json: &'a str,
}

/// Stores `package` as the county's current one for its month, the one before it (`previous`)
/// kept as history; in `tx`, so that a failure stores nothing.
pub async fn store_package(
    tx: &mut Tx,
    package: &NewPackage<'_>,
    previous: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let report = package.report;
    if let Some(previous) = previous {
        // Out of the "one current" index first; pointed at its successor below.
        tx.execute(
            Statement::new("UPDATE region_packages SET superseded_by = id WHERE id = $1")
                .bind(previous),
        )
        .await?;
    }
    let a = report.investment.sheet_total;
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO region_packages (county_id, period, sequence, generated_at, schema_version,
                    manifest_sha256, imported_at, imported_by, as_of, actual, expected, milestones,
                    completed, behind, projects, total_investment, fund_central, fund_province,
                    fund_city, fund_county, fund_own, completed_before_year, planned_this_year,
                    completed_this_year, report_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                    $18, $19, $20, $21, $22, $23, $24, $25)
                 RETURNING id",
            )
            .bind(package.county_id)
            .bind(report.period.code())
            .bind(package.sequence)
            .bind(package.generated_at)
            .bind(i32::try_from(report.schema_version).unwrap_or(i32::MAX))
            .bind(package.manifest_sha256)
            .bind(chrono::Utc::now().timestamp())
            .bind(package.imported_by)
            .bind(report.as_of.to_string())
            .bind(report.overall.actual)
            .bind(report.overall.expected)
            .bind(report.overall.milestones as i64)
            .bind(report.overall.completed as i64)
            .bind((report.counts.behind + report.counts.critical) as i64)
            .bind(report.projects.len() as i64)
            .bind_all(amount_values(&a))
            .bind(package.report_json),
        )
        .await?;
    if let Some(previous) = previous {
        tx.execute(
            Statement::new("UPDATE region_packages SET superseded_by = $1 WHERE id = $2")
                .bind(id)
                .bind(previous),
        )
        .await?;
    }
    for cell in &report.rollups {
        tx.execute(
            Statement::new(
                "INSERT INTO region_rollups (package_id, pillar, phase, actual, expected, milestones, completed)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(cell.pillar.clone().unwrap_or_default())
            .bind(cell.phase.clone().unwrap_or_default())
            .bind(cell.progress.actual)
            .bind(cell.progress.expected)
            .bind(cell.progress.milestones as i64)
            .bind(cell.progress.completed as i64),
        )
        .await?;
    }
    store_projects(tx, id, &report.projects).await?;
    Ok(id)
}

/// Project rows of one statement: 24 values each, well under both databases' limits.
const PROJECTS_PER_STATEMENT: usize = 400;
const PROJECT_COLUMNS: &str =
    "code, name, unit, location, construction, pillar, content, start_year,
    end_year, total_investment, fund_central, fund_province, fund_city, fund_county, fund_own,
    completed_before_year, planned_this_year, completed_this_year, visible_progress, problems,
    contact_name, contact_phone";

async fn store_projects(
    tx: &mut Tx,
    package_id: i64,
    projects: &[PackageProject],
) -> Result<(), sqlx::Error> {
    for (chunk_index, chunk) in projects.chunks(PROJECTS_PER_STATEMENT).enumerate() {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| {
                let cells: Vec<String> = (1..=24).map(|c| format!("${}", i * 24 + c)).collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        let mut insert = Statement::new(format!(
            "INSERT INTO region_projects (package_id, seq, {PROJECT_COLUMNS}) VALUES {}",
            placeholders.join(", ")
        ));
        for (i, p) in chunk.iter().enumerate() {
            let a = p.amounts;
            insert = insert
                .bind(package_id)
                .bind((chunk_index * PROJECTS_PER_STATEMENT + i) as i64)
                .bind(p.code.clone())
                .bind(&p.name)
                .bind(&p.unit)
                .bind(&p.location)
                .bind(&p.construction)
                .bind(p.pillar.clone())
                .bind(&p.content)
                .bind(p.start_year)
                .bind(p.end_year)
                .bind_all(amount_values(&a))
                .bind(&p.visible_progress)
                .bind(&p.problems)
                .bind(&p.contact_name)
                .bind(&p.contact_phone);
        }
        tx.execute(insert).await?;
    }
    Ok(())
}

/// One county's current package for a month, as the region dashboard shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CurrentPackage {
    pub package_id: i64,
    pub county_id: i64,
    pub sequence: i64,
    pub generated_at: String,
    pub imported_at: i64,
    pub imported_by: String,
    pub as_of: String,
    pub overall: Progress,
    pub behind: i64,
    pub projects: i64,
    pub amounts: Amounts,
    /// Superseded packages of the same month before this one.
    pub earlier: i64,
}

/// The current package of each county that reported for `period` (of `county` alone when given).
pub async fn current_packages(
    db: &Db,
    period: Period,
    county: Option<i64>,
) -> Result<Vec<CurrentPackage>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        county_id: i64,
        sequence: i64,
        generated_at: String,
        imported_at: i64,
        imported_by: String,
        as_of: String,
        actual: f64,
        expected: f64,
        milestones: i64,
        completed: i64,
        behind: i64,
        projects: i64,
        #[sqlx(flatten)]
        amounts: AmountColumns,
        earlier: i64,
    }
    let rows: Vec<Row> = db
        .fetch_all(
            Statement::new(
                "SELECT p.id, p.county_id, p.sequence, p.generated_at, p.imported_at, p.imported_by,
                        p.as_of, p.actual, p.expected, p.milestones, p.completed, p.behind, p.projects,
                        p.total_investment, p.fund_central, p.fund_province, p.fund_city,
                        p.fund_county, p.fund_own, p.completed_before_year, p.planned_this_year,
                        p.completed_this_year,
                        (SELECT COUNT(*) FROM region_packages e
                          WHERE e.county_id = p.county_id AND e.period = p.period
                            AND e.superseded_by IS NOT NULL) AS earlier
                 FROM region_packages p
                 WHERE p.period = $1 AND p.superseded_by IS NULL
                   AND ($2 IS NULL OR p.county_id = $2)
                 LIMIT 10000",
            )
            .bind(period.code())
            .bind(county),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| CurrentPackage {
            package_id: r.id,
            county_id: r.county_id,
            sequence: r.sequence,
            generated_at: r.generated_at,
            imported_at: r.imported_at,
            imported_by: r.imported_by,
            as_of: r.as_of,
            overall: Progress {
                actual: r.actual,
                expected: r.expected,
                milestones: r.milestones.max(0) as u64,
                completed: r.completed.max(0) as u64,
            },
            behind: r.behind,
            projects: r.projects,
            amounts: r.amounts.into(),
            earlier: r.earlier,
        })
        .collect())
}

/// One roll-up cell of a county's current package.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredCell {
    pub package_id: i64,
    pub pillar: String,
    pub phase: String,
    pub actual: f64,
    pub expected: f64,
    pub milestones: i64,
    pub completed: i64,
}

/// The roll-up cells of the current packages for `period` (of one package when `package` says).
pub async fn current_cells(
    db: &Db,
    period: Period,
    package: Option<i64>,
) -> Result<Vec<StoredCell>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT r.package_id, r.pillar, r.phase, r.actual, r.expected, r.milestones, r.completed
                 FROM region_rollups r JOIN region_packages p ON p.id = r.package_id
                 WHERE p.period = $1 AND p.superseded_by IS NULL AND ($2 IS NULL OR p.id = $2)
                 LIMIT 100000",
            )
            .bind(period.code())
            .bind(package),
        )
        .await?)
}

/// The report a package holds, as signed.
pub async fn report_json(db: &Db, package_id: i64) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT report_json FROM region_packages WHERE id = $1")
                .bind(package_id),
        )
        .await?;
    Ok(row.map(|(json,)| json))
}

/// Every package of a county for a month, newest first: the history of what it sent.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PackageHistory {
    pub id: i64,
    pub sequence: i64,
    pub generated_at: String,
    pub imported_at: i64,
    pub imported_by: String,
    pub superseded_by: Option<i64>,
}

pub async fn history(
    db: &Db,
    county_id: i64,
    period: Period,
) -> Result<Vec<PackageHistory>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT id, sequence, generated_at, imported_at, imported_by, superseded_by
                 FROM region_packages WHERE county_id = $1 AND period = $2
                 ORDER BY sequence DESC LIMIT 100",
            )
            .bind(county_id)
            .bind(period.code()),
        )
        .await?)
}

/// One page of a package's projects, in the sheet's order, and how many it has.
pub async fn projects_page(
    db: &Db,
    package_id: i64,
    offset: i64,
    limit: i64,
) -> Result<Vec<PackageProject>, DbError> {
    let rows: Vec<ProjectRecord> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {PROJECT_COLUMNS} FROM region_projects WHERE package_id = $1
                 ORDER BY seq LIMIT $2 OFFSET $3"
            ))
            .bind(package_id)
            .bind(limit)
            .bind(offset),
        )
        .await?;
    Ok(rows.into_iter().map(PackageProject::from).collect())
}

/// Up to `limit` projects of package `package_id` after row `after_seq`, in its sheet's order.
/// The merged sheet reads by package, not by "current": a package is never changed once stored,
/// so the rows always match the subtotal read with it, whatever is imported meanwhile.
pub async fn package_rows_after(
    db: &Db,
    package_id: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<(i64, PackageProject)>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        seq: i64,
        #[sqlx(flatten)]
        project: ProjectRecord,
    }
    let rows: Vec<Row> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT seq, {PROJECT_COLUMNS} FROM region_projects
                 WHERE package_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ))
            .bind(package_id)
            .bind(after_seq)
            .bind(limit),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.seq, PackageProject::from(r.project)))
        .collect())
}

/// The values of the nine amount columns, in their order.
fn amount_values(a: &PackageAmounts) -> impl Iterator<Item = Value> {
    [
        a.total,
        a.central,
        a.province,
        a.city,
        a.county,
        a.own,
        a.completed_before_year,
        a.planned_this_year,
        a.completed_this_year,
    ]
    .into_iter()
    .map(|amount| Value::from(amount.hundredths()))
}

/// The nine amount columns a package and each of its projects keep, in hundredths of a 万元.
#[derive(sqlx::FromRow)]
struct AmountColumns {
    total_investment: i64,
    fund_central: i64,
    fund_province: i64,
    fund_city: i64,
    fund_county: i64,
    fund_own: i64,
    completed_before_year: i64,
    planned_this_year: i64,
    completed_this_year: i64,
}

impl From<AmountColumns> for Amounts {
    fn from(c: AmountColumns) -> Self {
        Amounts {
            total: Wan(c.total_investment),
            funds: [
                Wan(c.fund_central),
                Wan(c.fund_province),
                Wan(c.fund_city),
                Wan(c.fund_county),
                Wan(c.fund_own),
            ],
            completed_before_year: Wan(c.completed_before_year),
            planned_this_year: Wan(c.planned_this_year),
            completed_this_year: Wan(c.completed_this_year),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ProjectRecord {
    code: Option<String>,
    name: String,
    unit: String,
    location: String,
    construction: String,
    pillar: Option<String>,
    content: String,
    start_year: i32,
    end_year: i32,
    #[sqlx(flatten)]
    amounts: AmountColumns,
    visible_progress: String,
    problems: String,
    contact_name: String,
    contact_phone: String,
}

impl From<ProjectRecord> for PackageProject {
    fn from(r: ProjectRecord) -> Self {
        PackageProject {
            code: r.code,
            name: r.name,
            unit: r.unit,
            location: r.location,
            construction: r.construction,
            pillar: r.pillar,
            content: r.content,
            start_year: r.start_year,
            end_year: r.end_year,
            amounts: PackageAmounts::from(Amounts::from(r.amounts)),
            visible_progress: r.visible_progress,
            problems: r.problems,
            contact_name: r.contact_name,
            contact_phone: r.contact_phone,
        }
    }
}

/// The months any county reported for, newest first.
pub async fn periods(db: &Db) -> Result<Vec<Period>, DbError> {
    let rows: Vec<(String,)> = db
        .fetch_all(Statement::new(
            "SELECT DISTINCT period FROM region_packages ORDER BY period DESC LIMIT 240",
        ))
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(p,)| Period::parse(&p).ok())
        .collect())
}

/// Whether any county is registered here.
pub async fn has_counties(db: &Db) -> Result<bool, DbError> {
    let row: Option<(i64,)> = db
        .fetch_optional(Statement::new("SELECT id FROM region_counties LIMIT 1"))
        .await?;
    Ok(row.is_some())
}

/// The registered counties with no package for `period`, by code.
pub async fn unreported_counties(db: &Db, period: Period) -> Result<Vec<County>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(format!(
                "{COUNTY_SELECT} c
                 WHERE NOT EXISTS (SELECT 1 FROM region_packages p
                                   WHERE p.county_id = c.id AND p.period = $1)
                 ORDER BY c.region_code LIMIT 10000"
            ))
            .bind(period.code()),
        )
        .await?)
}

/// Records a 催报 of `county_id` for `period`, by `sent_by` ("" for the schedule).
pub async fn record_reminder(
    tx: &mut Tx,
    county_id: i64,
    period: Period,
    at: i64,
    sent_by: &str,
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO region_reminders (county_id, period, sent_at, sent_by)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(county_id)
        .bind(period.code())
        .bind(at)
        .bind(sent_by),
    )
    .await?;
    Ok(())
}

/// The 催报 each county was sent for `period`: (county id, how many, the last one's time).
pub async fn reminders(db: &Db, period: Period) -> Result<Vec<(i64, i64, i64)>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT county_id, COUNT(*), MAX(sent_at) FROM region_reminders
                 WHERE period = $1 GROUP BY county_id",
            )
            .bind(period.code()),
        )
        .await?)
}

/// The setting that holds the day of the following month a month's package is due by.
pub const DUE_DAY_SETTING: &str = "region.due_day";

/// The due day as set, if it is set to a number.
pub async fn due_day(db: &Db) -> Result<Option<u32>, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT value FROM settings WHERE key = $1").bind(DUE_DAY_SETTING),
        )
        .await?;
    Ok(row.and_then(|(value,)| value.trim().parse().ok()))
}

/// Gives county `county_id` a new push token (by its SHA-256); the old one stops working.
pub async fn set_push_token(db: &Db, county_id: i64, token_sha256: &str) -> Result<(), DbError> {
    db.execute(
        Statement::new("UPDATE region_counties SET push_token_sha256 = $1 WHERE id = $2")
            .bind(token_sha256)
            .bind(county_id),
    )
    .await?;
    Ok(())
}

/// The county a push token (by its SHA-256) belongs to.
pub async fn county_by_push_token(db: &Db, token_sha256: &str) -> Result<Option<County>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(format!("{COUNTY_SELECT} WHERE push_token_sha256 = $1"))
                .bind(token_sha256),
        )
        .await?)
}

/// Keeps an evidence file a package carried, with the package.
pub async fn store_evidence(
    tx: &mut Tx,
    package_id: i64,
    entry: &crate::region::report::PackageEvidence,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "INSERT INTO region_evidence (package_id, path, file_name, content_type, size, sha256,
                                          about, subject, reported_on, content)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(package_id)
        .bind(entry.path.as_str())
        .bind(entry.file_name.as_str())
        .bind(entry.content_type.as_str())
        .bind(bytes.len() as i64)
        .bind(entry.sha256.as_str())
        .bind(entry.about.as_str())
        .bind(entry.subject.as_str())
        .bind(entry.reported_on)
        .bind(bytes),
    )
    .await?;
    Ok(())
}

/// The most evidence files a county's page lists (a package carries at most 2,000).
pub const EVIDENCE_LISTED: i64 = 2_000;

/// The evidence files of a package, without their bytes, in the package's order.
pub async fn evidence_of_package(
    db: &Db,
    package_id: i64,
) -> Result<Vec<crate::model::RegionEvidence>, DbError> {
    Ok(db
        .fetch_all(
            Statement::new(
                "SELECT id, file_name, size, about, subject, reported_on FROM region_evidence
                 WHERE package_id = $1 ORDER BY path LIMIT $2",
            )
            .bind(package_id)
            .bind(EVIDENCE_LISTED),
        )
        .await?)
}

/// One evidence file: (name, type, bytes).
pub async fn evidence_file(db: &Db, id: i64) -> Result<Option<(String, String, Vec<u8>)>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(
                "SELECT file_name, content_type, content FROM region_evidence WHERE id = $1",
            )
            .bind(id),
        )
        .await?)
}

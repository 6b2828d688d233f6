//! The receiving side: counties registered by code and key, their packages imported after every
//! check, the region's dashboard over the counties' current packages, and the merged sheet.

use std::collections::BTreeMap;
use std::io::{Seek, Write};

use chrono::NaiveDate;

use super::package::{self, MAX_PACKAGE_BYTES};
use super::report::PackageProject;
use super::{is_region_code, RegionError};
use crate::db::region::{self, County, NewPackage};
use crate::db::{journal, Db, OnUniqueViolation};
use crate::domain::journal::Change;
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::report_sheet::{words, Amounts, GroupHead, SheetSums};
use crate::domain::status::{rollup_status, Thresholds};
use crate::model::{
    RegionAmounts, RegionCell, RegionCountyDetail, RegionCountyRow, RegionOverview,
    RegisteredCounty, UnreportedCounty,
};

/// The journal's name for an imported package.
pub const JOURNAL_ENTITY: &str = "region_package";

/// Registers a county by name, 行政区划代码 and the public key its `roadmap package key` printed.
pub async fn add_county(db: &Db, name: &str, code: &str, key: &str) -> Result<i64, RegionError> {
    let (name, code) = (name.trim(), code.trim());
    if !is_region_code(code) {
        return Err(RegionError::BadRegionCode(code.to_string()));
    }
    let key = package::canonical_public_key(key)?;
    region::add_county(db, name, code, &key)
        .await?
        .ok_or_else(|| RegionError::CountyExists(code.to_string()))
}

/// What an import stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub county: String,
    pub period: Period,
    pub sequence: i64,
    pub projects: usize,
    /// It superseded a package of the same month (kept as history).
    pub superseded: bool,
}

/// Imports a package: its county registered, its signature made with that county's key, every
/// file as signed, a layout this program reads, and newer than the county's current package of
/// that month. All of it is stored, or nothing, with a journal record by `actor`.
pub async fn import<'a>(
    db: &Db,
    bytes: &[u8],
    actor: impl Into<crate::db::journal::Author<'a>>,
) -> Result<Imported, RegionError> {
    let actor = actor.into();
    if bytes.len() > MAX_PACKAGE_BYTES {
        return Err(RegionError::TooLarge);
    }
    let files = package::read_zip(bytes)?;
    let claimed = package::claimed_manifest(&files)?;
    let county = region::county_by_code(db, &claimed.region_code)
        .await?
        .ok_or_else(|| RegionError::UnknownCounty(claimed.region_code.clone(), claimed.county))?;
    let verified = package::verify(&files, &county.public_key)?;
    let report_json = files
        .get(package::REPORT)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let report = &verified.report;
    let evidence = carried_evidence(report, &files)?;
    let sequence = verified.manifest.sequence;
    let not_newer = |have: i64| RegionError::NotNewer {
        county: county.name.clone(),
        period: report.period,
        have,
        given: sequence,
    };

    let mut tx = db.begin().await?;
    let current = region::current_sequence(&mut tx, county.id, report.period)
        .await
        .map_err(crate::db::DbError::from)?;
    if let Some((_, have)) = current {
        if sequence <= have {
            return Err(not_newer(have));
        }
    }
    let package = NewPackage {
        county_id: county.id,
        sequence,
        generated_at: &verified.manifest.generated_at,
        manifest_sha256: &verified.manifest_sha256,
        imported_by: actor.name,
        report,
        report_json: &report_json,
    };
    // Another import of the same county and month committed meanwhile: this one is not newer.
    let id = region::store_package(&mut tx, &package, current.map(|(id, _)| id))
        .await
        .on_unique_violation(|| not_newer(sequence))?;
    for (entry, bytes) in &evidence {
        region::store_evidence(&mut tx, id, entry, bytes).await?;
    }
    let changes = [
        Change {
            field: "county",
            old: String::new(),
            new: format!("{}（{}）", county.name, county.region_code),
        },
        Change {
            field: "period",
            old: String::new(),
            new: report.period.code(),
        },
        Change {
            field: "sequence",
            old: current.map(|(_, s)| s.to_string()).unwrap_or_default(),
            new: sequence.to_string(),
        },
        Change {
            field: "manifest_sha256",
            old: String::new(),
            new: verified.manifest_sha256.clone(),
        },
    ];
    journal::record(&mut tx, actor, JOURNAL_ENTITY, id, 1, "create", &changes)
        .await
        .map_err(crate::db::DbError::from)?;
    tx.commit().await?;
    Ok(Imported {
        county: county.name,
        period: report.period,
        sequence,
        projects: report.projects.len(),
        superseded: current.is_some(),
    })
}

/// The evidence files `report` says the package carries, each checked against the file itself
/// (the manifest's signature already vouches for the file's bytes).
fn carried_evidence<'a>(
    report: &'a super::report::CountyReport,
    files: &'a BTreeMap<String, Vec<u8>>,
) -> Result<Vec<(&'a super::report::PackageEvidence, &'a [u8])>, RegionError> {
    report
        .evidence
        .iter()
        .map(|entry| {
            let bytes = files
                .get(&entry.path)
                .filter(|_| entry.path.starts_with("evidence/"))
                .ok_or_else(|| RegionError::Missing(entry.path.clone()))?;
            if crate::db::sessions::sha256_hex(bytes) != entry.sha256
                || bytes.len() as u64 != entry.bytes
            {
                return Err(RegionError::BadReport(format!(
                    "{} does not match report.json",
                    entry.path
                )));
            }
            Ok((entry, bytes.as_slice()))
        })
        .collect()
}

/// The region's dashboard for `period`: every registered county, those that reported ranked by
/// how far ahead of 序时进度 they are, those that did not listed apart.
pub async fn overview(
    db: &Db,
    period: Period,
    thresholds: &Thresholds,
) -> Result<RegionOverview, RegionError> {
    let (counties, packages, cells, channels, reminders, due_day) = tokio::try_join!(
        region::counties(db),
        region::current_packages(db, period, None),
        region::current_cells(db, period, None),
        crate::db::channels::county_channel_counts(db),
        region::reminders(db, period),
        super::chase::due_day(db),
    )?;
    let channels_of = |county: i64| {
        channels
            .iter()
            .find(|(id, _)| *id == county)
            .map_or(0, |(_, n)| *n)
    };
    let mut pillars: Vec<String> = Vec::new();
    let mut cells_of: BTreeMap<i64, BTreeMap<String, RegionCell>> = BTreeMap::new();
    for cell in cells
        .into_iter()
        .filter(|c| !c.pillar.is_empty() && c.phase.is_empty())
    {
        if !pillars.contains(&cell.pillar) {
            pillars.push(cell.pillar.clone());
        }
        cells_of.entry(cell.package_id).or_default().insert(
            cell.pillar.clone(),
            RegionCell {
                actual: cell.actual,
                expected: cell.expected,
                milestones: cell.milestones,
                status: rollup_status(cell.actual, cell.expected, thresholds),
            },
        );
    }
    // The 五个一 in their usual order where the counties use those names; others after them.
    pillars.sort_by_key(|p| {
        crate::domain::report_sheet::FIVE_PILLARS
            .iter()
            .position(|known| known == p)
            .unwrap_or(usize::MAX)
    });
    let mut reported: Vec<RegionCountyRow> = Vec::new();
    let mut missing = Vec::new();
    for county in &counties {
        match packages.iter().find(|p| p.county_id == county.id) {
            Some(p) => {
                let row_cells = cells_of.remove(&p.package_id).unwrap_or_default();
                reported.push(RegionCountyRow {
                    rank: 0,
                    name: county.name.clone(),
                    code: county.region_code.clone(),
                    actual: p.overall.actual,
                    expected: p.overall.expected,
                    status: rollup_status(p.overall.actual, p.overall.expected, thresholds),
                    milestones: p.overall.milestones as i64,
                    behind: p.behind,
                    projects: p.projects,
                    amounts: amounts(&p.amounts),
                    cells: pillars
                        .iter()
                        .map(|name| row_cells.get(name).cloned())
                        .collect(),
                    sequence: p.sequence,
                    generated_at: p.generated_at.clone(),
                    earlier: p.earlier,
                });
            }
            None => {
                let chased = reminders.iter().find(|(id, _, _)| *id == county.id);
                missing.push(UnreportedCounty {
                    name: county.name.clone(),
                    code: county.region_code.clone(),
                    channels: channels_of(county.id),
                    reminders: chased.map_or(0, |(_, times, _)| *times),
                    last_reminded: chased.map(|(_, _, at)| *at),
                });
            }
        }
    }
    rank(&mut reported);
    let mut total = Amounts::default();
    for p in &packages {
        total.add(&p.amounts);
    }
    Ok(RegionOverview {
        period,
        due: super::chase::due_date(period, due_day),
        registered: counties
            .iter()
            .map(|c| RegisteredCounty {
                name: c.name.clone(),
                code: c.region_code.clone(),
                fingerprint: package::fingerprint(&c.public_key),
                channels: channels_of(c.id),
            })
            .collect(),
        pillars,
        total: amounts(&total),
        projects: packages.iter().map(|p| p.projects).sum(),
        rows: reported,
        missing,
    })
}

/// Orders the counties for the 通报: furthest ahead of 序时进度 first, then by progress, then
/// by code; equal gaps share a rank.
pub fn rank(rows: &mut [RegionCountyRow]) {
    let key = |r: &RegionCountyRow| (r.actual - r.expected, r.actual);
    rows.sort_by(|a, b| {
        key(b)
            .partial_cmp(&key(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.code.cmp(&b.code))
    });
    let mut previous: Option<(f64, usize)> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        // Gaps compared to a hundredth of a point, as the page shows them.
        let gap = ((row.actual - row.expected) * 100.0).round() / 100.0;
        row.rank = match previous {
            Some((g, r)) if g == gap => r,
            _ => i + 1,
        };
        previous = Some((gap, row.rank));
    }
}

fn amounts(a: &Amounts) -> RegionAmounts {
    RegionAmounts {
        total: a.total,
        funds: a.funds,
        planned_this_year: a.planned_this_year,
        completed_this_year: a.completed_this_year,
    }
}

/// One county's current package for `period`, as reported: its roll-ups, one page of its
/// projects and the history of what it sent for the month.
pub async fn county_detail(
    db: &Db,
    code: &str,
    period: Period,
    page: Option<u32>,
) -> Result<Option<RegionCountyDetail>, RegionError> {
    let Some(county) = region::county_by_code(db, code).await? else {
        return Ok(None);
    };
    let package = region::current_packages(db, period, Some(county.id))
        .await?
        .pop();
    let history = region::history(db, county.id, period).await?;
    let Some(package) = package else {
        return Ok(Some(RegionCountyDetail {
            name: county.name,
            code: county.region_code,
            period,
            reported: None,
            history: Vec::new(),
        }));
    };
    let report_json = region::report_json(db, package.package_id).await?;
    let report: Option<super::report::CountyReport> =
        report_json.and_then(|json| serde_json::from_str(&json).ok());
    let evidence = region::evidence_of_package(db, package.package_id).await?;
    let info = crate::model::PageInfo::new(page, package.projects);
    let projects = region::projects_page(
        db,
        package.package_id,
        info.offset(),
        i64::from(crate::model::PAGE_SIZE),
    )
    .await?;
    Ok(Some(RegionCountyDetail {
        name: county.name,
        code: county.region_code,
        period,
        reported: report.map(|r| crate::model::RegionReported {
            as_of: r.as_of,
            locked: r.figures == super::report::FigureSource::Locked,
            sequence: package.sequence,
            generated_at: package.generated_at.clone(),
            overall: (r.overall.actual, r.overall.expected),
            rollups: r
                .rollups
                .iter()
                .map(|c| {
                    (
                        c.pillar.clone().unwrap_or_default(),
                        c.phase.clone().unwrap_or_default(),
                        c.progress.actual,
                        c.progress.expected,
                        c.progress.milestones as i64,
                    )
                })
                .collect(),
            total: amounts(&package.amounts),
            projects: projects.iter().map(project_row).collect(),
            page: info,
            evidence,
        }),
        history: history
            .into_iter()
            .map(|h| {
                (
                    h.sequence,
                    h.generated_at,
                    h.imported_by,
                    h.superseded_by.is_none(),
                )
            })
            .collect(),
    }))
}

fn project_row(p: &PackageProject) -> crate::model::RegionProject {
    crate::model::RegionProject {
        code: p.code.clone().unwrap_or_default(),
        name: p.name.clone(),
        unit: p.unit.clone(),
        pillar: p.pillar.clone().unwrap_or_default(),
        total: p.amounts.total,
        completed_this_year: p.amounts.completed_this_year,
        visible_progress: p.visible_progress.clone(),
        problems: p.problems.clone(),
    }
}

/// The counties of `period` that reported, in code order, for the merged sheet.
struct MergedCounty {
    package_id: i64,
    name: String,
    code: String,
    projects: usize,
    amounts: Amounts,
}

async fn merged_counties(db: &Db, period: Period) -> Result<Vec<MergedCounty>, RegionError> {
    let (counties, packages) = tokio::try_join!(
        region::counties(db),
        region::current_packages(db, period, None)
    )?;
    Ok(counties
        .into_iter()
        .filter_map(|c: County| {
            packages
                .iter()
                .find(|p| p.county_id == c.id)
                .map(|p| MergedCounty {
                    package_id: p.package_id,
                    name: c.name,
                    code: c.region_code,
                    projects: usize::try_from(p.projects).unwrap_or(0),
                    amounts: p.amounts,
                })
        })
        .collect())
}

/// What a merged sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergedSheet {
    pub counties: usize,
    pub rows: usize,
    /// The 合计's 总投资.
    pub total: Wan,
}

/// Rows read from the database at a time while the merged sheet streams.
const MERGED_BATCH: i64 = 5_000;

/// Writes every county's projects of `period` into one provincial sheet: the 合计 on top, then
/// each county as a group with its subtotal (as its package gave it), its rows in its own
/// sheet's order. Rows are read a batch at a time and written to a constant-memory worksheet,
/// so memory stays flat however many counties and projects.
pub async fn write_merged_sheet<W: Write + Seek + Send>(
    db: &Db,
    period: Period,
    region_name: &str,
    today: NaiveDate,
    out: W,
) -> Result<(MergedSheet, W), RegionError> {
    let counties = merged_counties(db, period).await?;
    let mut total = Amounts::default();
    let groups: Vec<GroupHead> = counties
        .iter()
        .enumerate()
        .map(|(index, c)| {
            total.add(&c.amounts);
            GroupHead {
                index,
                title: words::merged_county_group(index, &c.name, &c.code),
                rows: c.projects,
                subtotal: c.amounts,
            }
        })
        .collect();
    let sums = SheetSums {
        rows: counties.iter().map(|c| c.projects).sum(),
        total,
        groups,
    };
    let title = words::merged_title(region_name, period.year, period.month);
    let report_date = crate::i18n::zh_date(today);
    let heading = crate::reporting::SheetHeading {
        title: &title,
        reporting_unit: region_name,
        report_date: &report_date,
    };
    let mut workbook = crate::reporting::workbook();
    {
        let worksheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(crate::reporting::ExportError::from)?;
        let mut sheet = crate::reporting::SheetWriter::start(worksheet, &heading, &sums)
            .map_err(crate::reporting::ExportError::from)?;
        for (group, county) in counties.iter().enumerate() {
            let mut after_seq = -1;
            loop {
                let batch =
                    region::package_rows_after(db, county.package_id, after_seq, MERGED_BATCH)
                        .await?;
                for (_, project) in &batch {
                    sheet
                        .project(group, &project.to_report_project())
                        .map_err(crate::reporting::ExportError::from)?;
                }
                match batch.last() {
                    Some((seq, _)) if batch.len() as i64 == MERGED_BATCH => after_seq = *seq,
                    _ => break,
                }
            }
        }
    }
    let mut out = out;
    workbook
        .save_to_writer(&mut out)
        .map_err(crate::reporting::ExportError::from)?;
    let written = MergedSheet {
        counties: counties.len(),
        rows: sums.rows,
        total: sums.total.total,
    };
    Ok((written, out))
}

/// The region page for `period` (none: the newest month any county reported, else last month).
pub async fn page(
    db: &Db,
    period: Option<Period>,
    today: NaiveDate,
    locale: crate::i18n::Locale,
    (can_import, can_register): (bool, bool),
) -> Result<crate::model::RegionPage, RegionError> {
    let periods = region::periods(db).await?;
    let period = period
        .or_else(|| periods.first().copied())
        .unwrap_or_else(|| previous_month(today));
    let thresholds = crate::db::queries::thresholds(db).await?;
    let overview = overview(db, period, &thresholds).await?;
    let heatmap = heatmap(&overview, locale).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the region heatmap could not be drawn");
        String::new()
    });
    Ok(crate::model::RegionPage {
        overview,
        periods,
        heatmap,
        can_import,
        can_register,
    })
}

/// The month before `today`'s: the one counties report at the start of a month.
pub fn previous_month(today: NaiveDate) -> Period {
    use chrono::Datelike;
    let (year, month) = if today.month() == 1 {
        (today.year() - 1, 12)
    } else {
        (today.year(), today.month() - 1)
    };
    Period::new(year, month).unwrap_or(Period {
        year: today.year(),
        month: today.month(),
    })
}

/// Counties (rows, in ranking order) × pillars, each cell its progress against 序时进度 and a
/// link to the county's package.
fn heatmap(
    overview: &RegionOverview,
    locale: crate::i18n::Locale,
) -> Result<String, crate::dashboard::svg::ChartError> {
    use crate::dashboard::svg::{matrix, MatrixCell};
    if overview.rows.is_empty() || overview.pillars.is_empty() {
        return Ok(String::new());
    }
    let rows: Vec<String> = overview.rows.iter().map(|r| r.name.clone()).collect();
    let cells: Vec<Vec<Option<MatrixCell>>> = overview
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|cell| {
                    cell.as_ref().map(|c| MatrixCell {
                        actual: c.actual,
                        expected: c.expected,
                        status: c.status,
                        milestones: usize::try_from(c.milestones).unwrap_or(0),
                        href: format!("/region/{}?period={}", row.code, overview.period.code()),
                    })
                })
                .collect()
        })
        .collect();
    let d = locale.dash();
    matrix(
        &rows,
        &overview.pillars,
        &cells,
        d.expected_short,
        d.count_unit,
    )
}

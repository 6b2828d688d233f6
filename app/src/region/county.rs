//! The county's side: its signing key and 行政区划代码, and the signed 上报 package of a month.

use chrono::NaiveDate;

use super::package::{self, Contents, CountyKey, PackageManifest};
use super::report::{
    Counts, CountyReport, FigureSource, Investment, PackageActivity, PackageEvidence,
    PackageIndicator, PackageMilestone, PackageProject, Progress, RollupCell, RoundState,
    SCHEMA_VERSION,
};
use super::{is_region_code, RegionError};
use crate::db::{evidence, queries, region, report, Db};
use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::report_sheet::{Grouping, ReportSheet};
use crate::domain::summary::StatusCounts;
use crate::model::{DashboardFilter, ProjectFilter};
use crate::reporting::{self, ExportRequest, Format};

/// What the admin page and `roadmap package key` show for registration upstream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    pub county: String,
    pub region_code: Option<String>,
    pub public_key: String,
    pub fingerprint: String,
    pub packages_signed: i64,
    pub push_url: Option<String>,
}

/// The county's key (made on first use) and code.
pub async fn key_info(db: &Db) -> Result<KeyInfo, RegionError> {
    let identity = region::identity_or_create(db, || {
        let key = CountyKey::generate();
        (key.seed_base64(), key.public_base64())
    })
    .await?;
    let county = county_name(db).await?;
    Ok(KeyInfo {
        county,
        fingerprint: package::fingerprint(&identity.public_key),
        region_code: identity.region_code,
        public_key: identity.public_key,
        packages_signed: identity.packages_signed,
        push_url: identity.push_url,
    })
}

/// Sets the county's 行政区划代码 (six digits).
pub async fn set_region_code(db: &Db, code: &str) -> Result<KeyInfo, RegionError> {
    let code = code.trim();
    if !is_region_code(code) {
        return Err(RegionError::BadRegionCode(code.to_string()));
    }
    key_info(db).await?;
    region::set_region_code(db, code).await?;
    key_info(db).await
}

async fn county_name(db: &Db) -> Result<String, RegionError> {
    let reference = queries::reference_data(db).await?;
    Ok(reference.roadmap.map(|r| r.county).unwrap_or_default())
}

/// A package made: the zip and what it says.
pub struct Package {
    pub period: Period,
    pub region_code: String,
    pub county: String,
    pub sequence: i64,
    pub bytes: Vec<u8>,
    pub projects: usize,
}

/// The day a month's figures are taken on: its last day, or `today` while the month runs.
pub fn as_of_day(period: Period, today: NaiveDate) -> Result<NaiveDate, RegionError> {
    let first = NaiveDate::from_ymd_opt(period.year, period.month, 1)
        .ok_or(RegionError::FuturePeriod(period))?;
    if first > today {
        return Err(RegionError::FuturePeriod(period));
    }
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first);
    Ok(last.min(today))
}

/// The 上报 package of `period`, signed with the county's key.
pub async fn export(db: &Db, period: Period, today: NaiveDate) -> Result<Package, RegionError> {
    export_with(db, period, today, None).await
}

/// The most evidence files one package carries, and their most bytes together: a package stays
/// well under what an upload may be.
pub const MAX_EVIDENCE_FILES: i64 = 2_000;
pub const MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;

/// The package of `period`; with `evidence` (where the files are kept), the month's evidence
/// of progress updates goes in too, under `evidence/`.
pub async fn export_with(
    db: &Db,
    period: Period,
    today: NaiveDate,
    evidence: Option<&crate::files::FileStore>,
) -> Result<Package, RegionError> {
    let info = key_info(db).await?;
    let region_code = info.region_code.clone().ok_or(RegionError::NoRegionCode)?;
    let (mut report, sheet) = build_report(db, period, today, &info.county, &region_code).await?;
    let files = match evidence {
        Some(store) => month_evidence(db, store, period, report.as_of).await?,
        None => Vec::new(),
    };
    report.evidence = files.iter().map(|(entry, _)| entry.clone()).collect();
    let files = files
        .into_iter()
        .map(|(entry, bytes)| (entry.path, bytes))
        .collect();
    let identity = region::identity(db)
        .await?
        .ok_or(RegionError::NoRegionCode)?;
    let key = CountyKey::from_seed_base64(&identity.secret_key).ok_or_else(|| {
        RegionError::Db(crate::db::DbError::Corrupt(
            "package_identity.secret_key".into(),
        ))
    })?;
    let sequence = region::next_sequence(db).await?;
    let bytes = sign_with(&report, &sheet, files, &key, sequence)?;
    Ok(Package {
        period,
        region_code,
        county: info.county,
        sequence,
        bytes,
        projects: report.projects.len(),
    })
}

/// The package of `report` and its `sheet`, numbered `sequence` and signed with `key`.
pub fn sign(
    report: &CountyReport,
    sheet: &ReportSheet,
    key: &CountyKey,
    sequence: i64,
) -> Result<Vec<u8>, RegionError> {
    sign_with(report, sheet, Vec::new(), key, sequence)
}

/// [`sign`], with the evidence files `report.evidence` names (path, bytes).
fn sign_with(
    report: &CountyReport,
    sheet: &ReportSheet,
    evidence: Vec<(String, Vec<u8>)>,
    key: &CountyKey,
    sequence: i64,
) -> Result<Vec<u8>, RegionError> {
    let report_json =
        serde_json::to_vec_pretty(report).map_err(|e| RegionError::Write(e.to_string()))?;
    let mut files = vec![
        (package::REPORT.to_string(), report_json),
        (package::SHEET.to_string(), reporting::to_xlsx(sheet)?),
    ];
    files.extend(evidence);
    let contents = Contents { files };
    let manifest = PackageManifest {
        format: package::FORMAT.to_string(),
        schema_version: report.schema_version,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        county: report.county.clone(),
        region_code: report.region_code.clone(),
        period: report.period.code(),
        sequence,
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        public_key: String::new(),
        files: Vec::new(),
    };
    package::write(&contents, manifest, key)
}

/// The evidence of the month's progress updates (from its first day to `as_of`), each with
/// its place in the package; refused when there is more than a package carries.
async fn month_evidence(
    db: &Db,
    store: &crate::files::FileStore,
    period: Period,
    as_of: NaiveDate,
) -> Result<Vec<(PackageEvidence, Vec<u8>)>, RegionError> {
    let first = NaiveDate::from_ymd_opt(period.year, period.month, 1).unwrap_or(as_of);
    let listed = evidence::progress_files(db, first, as_of, MAX_EVIDENCE_FILES + 1).await?;
    let total: u64 = listed.iter().map(|f| f.size.max(0) as u64).sum();
    if listed.len() as i64 > MAX_EVIDENCE_FILES || total > MAX_EVIDENCE_BYTES {
        return Err(RegionError::EvidenceTooLarge {
            files: listed.len(),
            megabytes: total.div_ceil(1024 * 1024),
        });
    }
    let mut out = Vec::with_capacity(listed.len());
    for (index, file) in listed.iter().enumerate() {
        let bytes = evidence::progress_file_bytes(db, store, file).await?;
        let entry = PackageEvidence {
            path: evidence_path(index, &file.file_name),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            bytes: bytes.len() as u64,
            sha256: crate::db::sessions::sha256_hex(&bytes),
            about: file.about.clone(),
            subject: file.subject.clone(),
            reported_on: file.reported_on,
        };
        out.push((entry, bytes));
    }
    Ok(out)
}

/// Where the `index`th evidence file goes in the package: numbered, so two files of the same
/// name stay apart, and with nothing in its name a zip could read as a folder.
pub fn evidence_path(index: usize, file_name: &str) -> String {
    let name = crate::reporting::submission_zip::zip_safe_name(file_name);
    format!("evidence/{:04}-{name}", index + 1)
}

/// The request for the month's provincial sheet: its locked baseline when the month is
/// locked, else the live registry.
async fn sheet_request(
    db: &Db,
    period: Period,
) -> Result<(ExportRequest, FigureSource), RegionError> {
    let locked = report::locked_periods(db)
        .await?
        .iter()
        .any(|l| l.period == period);
    let request = ExportRequest {
        filter: ProjectFilter::default(),
        grouping: Grouping::Construction,
        period: locked.then_some(period),
        format: Format::Xlsx,
    };
    let source = if locked {
        FigureSource::Locked
    } else {
        FigureSource::Live
    };
    Ok((request, source))
}

/// The month's figures: the dashboard's roll-ups as of the month's end, the sheet's rows and
/// 合计, the milestones and the month's round; with the sheet they were read from.
pub async fn build_report(
    db: &Db,
    period: Period,
    today: NaiveDate,
    county: &str,
    region_code: &str,
) -> Result<(CountyReport, ReportSheet), RegionError> {
    let as_of = as_of_day(period, today)?;
    let filter = DashboardFilter {
        as_of: Some(as_of),
        ..DashboardFilter::default()
    };
    let inputs = crate::dashboard::gather(db, None, today, &filter).await?;
    let summary = inputs.summary();
    let pillar_name = |id: i64| {
        inputs
            .pillars
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name_zh.clone())
    };
    let phase_name = |id: i64| {
        inputs
            .phases
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name_zh.clone())
    };
    let mut rollups = vec![RollupCell {
        pillar: None,
        phase: None,
        progress: summary.overall.into(),
    }];
    rollups.extend(summary.by_pillar.iter().map(|(id, (r, _))| RollupCell {
        pillar: pillar_name(*id),
        phase: None,
        progress: (*r).into(),
    }));
    rollups.extend(summary.by_phase.iter().map(|(id, (r, _))| RollupCell {
        pillar: None,
        phase: phase_name(*id),
        progress: (*r).into(),
    }));
    rollups.extend(
        summary
            .by_cell
            .iter()
            .map(|((pillar, phase), (r, _))| RollupCell {
                pillar: pillar_name(*pillar),
                phase: phase_name(*phase),
                progress: (*r).into(),
            }),
    );

    let (request, figures) = sheet_request(db, period).await?;
    let (sheet, _) = reporting::sheet(db, &request, today).await?;
    let projects: Vec<PackageProject> = sheet
        .groups
        .iter()
        .flat_map(|g| g.rows.iter())
        .map(PackageProject::from)
        .collect();

    let ids: Vec<i64> = inputs.milestones.iter().map(|m| m.id).collect();
    let texts = queries::milestone_texts(db, &ids).await?;
    let milestones = inputs
        .milestones
        .iter()
        .map(|m| {
            let text = texts.get(&m.id);
            PackageMilestone {
                code: text.and_then(|t| t.code.clone()),
                title: text.map(|t| t.title.clone()).unwrap_or_default(),
                unit: text.map(|t| t.unit_name.clone()).unwrap_or_default(),
                pillar: pillar_name(m.pillar_id).unwrap_or_default(),
                phase: phase_name(m.phase_id).unwrap_or_default(),
                start: m.start_date,
                due: m.due_date,
                weight: m.weight,
                percent: m.percent,
                expected: m.assessment.expected,
                status: m.assessment.status.code().to_string(),
            }
        })
        .collect();

    let round = match crate::db::rounds::id_of_month(db, period).await? {
        Some(id) => crate::db::rounds::detail(db, id, today)
            .await?
            .map(|(summary, _)| RoundState {
                due: summary.due_date,
                closed: summary.closed_at.is_some(),
                units: summary.counts.units as u64,
                submitted: summary.counts.submitted as u64,
                accepted: summary.counts.accepted as u64,
                late: summary.counts.late as u64,
            }),
        None => None,
    };

    let report = CountyReport {
        schema_version: SCHEMA_VERSION,
        county: county.to_string(),
        region_code: region_code.to_string(),
        period,
        as_of,
        figures,
        overall: Progress::from(summary.overall),
        counts: counts(&summary.counts),
        rollups,
        investment: Investment {
            major_projects: inputs.totals.major.max(0) as u64,
            information_projects: inputs.totals.information.max(0) as u64,
            total: inputs.totals.total_investment,
            completed: inputs.totals.completed_investment,
            sheet_total: sheet.total.into(),
        },
        projects,
        milestones,
        round,
        indicators: inputs
            .indicators
            .iter()
            .map(|i| PackageIndicator {
                name: i.name_zh.clone(),
                measure: i.measure.clone(),
                year: i.year,
                value: i.value.map(Wan),
                target: i.target.map(Wan),
            })
            .collect(),
        activities: inputs
            .counts
            .activities
            .iter()
            .map(|a| PackageActivity {
                kind: a.name_zh.clone(),
                measure: a.measure.clone(),
                count: a.count,
            })
            .collect(),
        evidence: Vec::new(),
    };
    Ok((report, sheet))
}

fn counts(c: &StatusCounts) -> Counts {
    Counts {
        done: c.done as u64,
        on_track: c.green as u64,
        behind: c.yellow as u64,
        critical: c.red as u64,
        overdue: c.overdue as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_numbered_and_never_a_folder_in_the_package() {
        assert_eq!(
            evidence_path(0, "现场照片.jpg"),
            "evidence/0001-现场照片.jpg"
        );
        assert_eq!(
            evidence_path(11, "../../etc/passwd"),
            "evidence/0012-_.._etc_passwd"
        );
        assert_eq!(evidence_path(1, "a\\b\nc.pdf"), "evidence/0002-a_b_c.pdf");
        assert_eq!(evidence_path(2, &"长".repeat(300)).chars().count(), 74);
    }
}

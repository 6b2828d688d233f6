//! The milestone plan to and from a spreadsheet (XLSX or CSV). The export writes the columns
//! the import reads, so a planner can export, revise the plan in Excel and import it again; an
//! exported file imported unchanged changes nothing. An import is planned first (what is
//! created, updated, left alone, and every problem by row and column) and written only when no
//! row has a problem: every row in one transaction, journalled, or none.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, FormatBorder};

use super::decode::read_grid;
use super::import::{ImportError, Progress};
use super::{CsvSink, ExportError, Format};
use crate::db::plan::{self, PlanLists, PlanRecord};
use crate::db::{journal, milestones, queries, Db};
use crate::domain::access::Permission;
use crate::domain::journal::Change;
use crate::domain::plan_sheet::{
    self, action_changes, MilestonePlan, PlanAction, PlanContext, COLUMNS, LIST_JOIN,
};
use crate::domain::status::assess;
use crate::edit::milestones::ENTITY;
use crate::edit::require;
use crate::i18n::Locale;
use crate::model::{
    CurrentUser, ImportOutcome, ImportPreview, ImportStage, MilestoneFilter, MilestoneId, ProjectId,
};

/// Milestones one export holds at most (the synthetic county has 50,000).
pub const EXPORT_MAX_ROWS: usize = 200_000;
/// Milestones read from the database at a time.
const BATCH: i64 = 2_000;

/// The plan's cells for one milestone, in [`COLUMNS`] order; status and its reason in the
/// reader's language, the rest as the import reads it back.
fn cells(
    record: &PlanRecord,
    lists: &PlanLists,
    today: NaiveDate,
    thresholds: &crate::domain::status::Thresholds,
    locale: Locale,
) -> [String; 17] {
    let assessment = assess(
        record.start_date,
        record.due_date,
        record.percent.into(),
        today,
        thresholds,
    );
    let joined = |list: Option<&Vec<String>>| list.map(|l| l.join(LIST_JOIN)).unwrap_or_default();
    let latest = lists
        .latest
        .get(&record.id)
        .map(|(day, percent, note)| format!("{day} {percent}%：{note}"))
        .unwrap_or_default();
    [
        record.code().unwrap_or_default(),
        record.phase.clone(),
        record.pillar.clone(),
        record.domain.clone().unwrap_or_default(),
        record.unit.clone(),
        record.title.clone(),
        record.description.clone(),
        record.start_date.to_string(),
        record.due_date.to_string(),
        record.weight.to_string(),
        record.percent.to_string(),
        locale.status(assessment.status).to_string(),
        locale.reason(&assessment.reason),
        joined(lists.depends_on.get(&record.id)),
        joined(lists.projects.get(&record.id)),
        latest,
        lists
            .open_problems
            .get(&record.id)
            .map(|p| p.join("；"))
            .unwrap_or_default(),
    ]
}

/// Where an export's rows go.
trait PlanSink {
    fn row(&mut self, record: &PlanRecord, cells: &[String; 17]) -> Result<(), ExportError>;
}

struct XlsxSink<'a> {
    sheet: &'a mut rust_xlsxwriter::Worksheet,
    row: u32,
    text: CellFormat,
    date: CellFormat,
}

impl PlanSink for XlsxSink<'_> {
    fn row(&mut self, record: &PlanRecord, cells: &[String; 17]) -> Result<(), ExportError> {
        for (col, (column, text)) in COLUMNS.iter().zip(cells).enumerate() {
            let col = col as u16;
            match column {
                plan_sheet::Column::Start | plan_sheet::Column::Due => {
                    let day = match column {
                        plan_sheet::Column::Start => record.start_date,
                        _ => record.due_date,
                    };
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).unwrap_or(1900),
                        day.month() as u8,
                        day.day() as u8,
                    )?;
                    self.sheet
                        .write_datetime_with_format(self.row, col, date, &self.date)?;
                }
                plan_sheet::Column::Weight => {
                    self.sheet.write_number_with_format(
                        self.row,
                        col,
                        f64::from(record.weight),
                        &self.text,
                    )?;
                }
                plan_sheet::Column::Percent => {
                    self.sheet.write_number_with_format(
                        self.row,
                        col,
                        f64::from(record.percent),
                        &self.text,
                    )?;
                }
                // Text cells always: a title such as "=1+1" is never a formula.
                _ => {
                    self.sheet
                        .write_string_with_format(self.row, col, text, &self.text)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}

impl<W: Write> PlanSink for CsvSink<W> {
    fn row(&mut self, _: &PlanRecord, cells: &[String; 17]) -> Result<(), ExportError> {
        self.texts(cells.iter().map(String::as_str))
    }
}

/// The milestones `filter` matches (its page ignored), by due date, as the plan file in
/// `format`, with the number of milestones in it. The database is read a batch at a time and
/// the XLSX is written in constant memory.
pub async fn export(
    db: &Db,
    filter: &MilestoneFilter,
    format: Format,
    today: NaiveDate,
    locale: Locale,
) -> Result<(Vec<u8>, usize), ExportError> {
    let headings: Vec<&str> = COLUMNS.iter().map(|c| c.heading()).collect();
    match format {
        Format::Xlsx => {
            let mut workbook = super::workbook();
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            let header = CellFormat::new().set_bold().set_border(FormatBorder::Thin);
            for (col, heading) in headings.iter().enumerate() {
                sheet.write_string_with_format(0, col as u16, *heading, &header)?;
            }
            let widths = [
                13.0, 10.0, 9.0, 10.0, 20.0, 36.0, 30.0, 12.0, 12.0, 7.0, 9.0, 9.0, 28.0, 24.0,
                24.0, 36.0, 30.0,
            ];
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(col as u16, *width)?;
            }
            sheet.set_freeze_panes(1, 0)?;
            let text = CellFormat::new().set_border(FormatBorder::Thin);
            let mut sink = XlsxSink {
                sheet,
                row: 1,
                date: text.clone().set_num_format("yyyy-mm-dd"),
                text,
            };
            let written = write_rows(db, filter, today, locale, &mut sink).await?;
            Ok((workbook.save_to_buffer()?, written))
        }
        Format::Csv(encoding) => {
            let mut sink = CsvSink::with_header(Vec::new(), encoding, &headings)?;
            let written = write_rows(db, filter, today, locale, &mut sink).await?;
            Ok((sink.finish()?, written))
        }
    }
}

async fn write_rows(
    db: &Db,
    filter: &MilestoneFilter,
    today: NaiveDate,
    locale: Locale,
    sink: &mut (dyn PlanSink + Send),
) -> Result<usize, ExportError> {
    let thresholds = queries::thresholds(db).await?;
    let mut after = None;
    let mut written = 0;
    loop {
        let batch = plan::export_batch(db, filter, after, BATCH, today, &thresholds).await?;
        let Some(last) = batch.last() else { break };
        after = Some((last.due_date, last.id));
        let ids: Vec<i64> = batch.iter().map(|r| r.id).collect();
        let lists = plan::lists(db, &ids).await?;
        for record in &batch {
            if written >= EXPORT_MAX_ROWS {
                return Ok(written);
            }
            sink.row(record, &cells(record, &lists, today, &thresholds, locale))?;
            written += 1;
        }
        if batch.len() < BATCH as usize {
            break;
        }
    }
    Ok(written)
}

/// Reads the file and works out what importing it would do, writing nothing.
pub async fn plan(db: &Db, file_name: &str, bytes: &[u8]) -> Result<MilestonePlan, ImportError> {
    let (grid, first_row) = read_grid(bytes)?;
    let sheet = plan_sheet::parse(&grid, first_row)?;
    drop(grid);
    let reference = queries::reference_data(db).await?;
    let state = plan::state(db).await?;
    let context = PlanContext {
        reference: &reference,
        milestones: &state.milestones,
        projects: &state.projects,
        dependencies: &state.dependencies,
        links: &state.links,
    };
    Ok(plan_sheet::plan(&sheet, &context, file_name))
}

/// What importing the file would do.
pub async fn preview(db: &Db, file_name: &str, bytes: &[u8]) -> Result<ImportPreview, ImportError> {
    Ok(plan(db, file_name, bytes).await?.preview)
}

/// Plans the file again against the database as it is now and writes it.
pub async fn commit(
    db: &Db,
    actor: Option<&CurrentUser>,
    file_name: &str,
    bytes: &[u8],
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    require(actor, Permission::EditContent)?;
    let plan = plan(db, file_name, bytes).await?;
    apply(db, actor, plan, progress).await
}

/// Writes a plan made just before: every row in one transaction, or nothing if it has problems
/// or a milestone was saved by someone else in between.
pub async fn apply(
    db: &Db,
    actor: Option<&CurrentUser>,
    plan: MilestonePlan,
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    let actor = require(actor, Permission::EditContent)?;
    let MilestonePlan { preview, actions } = plan;
    if !preview.problems.is_empty() {
        return Err(ImportError::HasProblems(preview.problems.len()));
    }
    if actions.is_empty() {
        return Err(ImportError::NothingToDo);
    }
    let total = actions.len();
    let mut tx = db.begin().await?;
    let mut journal_rows: Vec<(i64, i64, &str, &Change)> = Vec::new();
    for (done, action) in actions.iter().enumerate() {
        if done % 1000 == 0 {
            progress(ImportStage::Writing, done, total);
        }
        let stale = || ImportError::ChangedMeanwhile(preview_name(&preview, action));
        let (id, version, verb) = match action {
            PlanAction::Create {
                draft,
                depends_on,
                projects,
                ..
            } => {
                let id = milestones::insert(&mut tx, draft).await?;
                for other in depends_on {
                    milestones::add_dependency(&mut tx, id, *other).await?;
                }
                for project in projects {
                    milestones::link_project(&mut tx, MilestoneId(id), ProjectId(*project)).await?;
                }
                (id, 1, "create")
            }
            PlanAction::Update {
                id,
                version,
                draft,
                depends_on,
                projects,
                ..
            } => {
                let saved = match draft {
                    Some(draft) => milestones::update(&mut tx, *id, *version, draft).await?,
                    None => milestones::percent_and_version(&mut tx, *id)
                        .await?
                        .is_some_and(|(_, now)| now == *version),
                };
                if !saved {
                    return Err(stale());
                }
                for other in &depends_on.removed {
                    milestones::remove_dependency(&mut tx, *id, *other).await?;
                }
                for other in &depends_on.added {
                    milestones::add_dependency(&mut tx, *id, *other).await?;
                }
                for project in &projects.removed {
                    milestones::unlink_project(&mut tx, MilestoneId(*id), ProjectId(*project))
                        .await?;
                }
                for project in &projects.added {
                    milestones::link_project(&mut tx, MilestoneId(*id), ProjectId(*project))
                        .await?;
                }
                let next = if draft.is_some() { version + 1 } else { 0 };
                (*id, next, "update")
            }
        };
        journal_rows.extend(
            action_changes(action)
                .iter()
                .map(|c| (id, version, verb, c)),
        );
    }
    journal::record_rows(&mut tx, actor, ENTITY, &journal_rows).await?;
    progress(ImportStage::Writing, total, total);
    tx.commit().await?;
    Ok(ImportOutcome {
        created: preview.creates.len(),
        updated: preview.updates.len(),
        unchanged: preview.unchanged,
    })
}

/// How the preview named the milestone of `action`, for a message.
fn preview_name(preview: &ImportPreview, action: &PlanAction) -> String {
    let row = match action {
        PlanAction::Create { row, .. } | PlanAction::Update { row, .. } => *row,
    };
    preview
        .creates
        .iter()
        .chain(&preview.updates)
        .find(|r| r.row == row)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

//! Importing a project list: reads an XLSX or CSV file (UTF-8 with or without BOM, or GBK /
//! GB18030), matches each row to a project by 项目代码 (by 项目名称 + 建设单位 where there is
//! no code), validates it with the same rules as the project form, and plans what would be
//! created, updated or left alone. Nothing is written until [`commit`], which plans again and
//! applies every row in one transaction, or none.
//!
//! Hostile files are refused before they cost much: a size cap on the upload, a cap on what an
//! XLSX may unpack to (zip bombs), caps on rows and columns, and a check for binary garbage.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};

use crate::db::{journal, projects, queries, report, uploads, Db, OnUniqueViolation};
use crate::domain::access::Permission;
use crate::domain::import_sheet::{
    self, construction_code, parse_years, reconcile, Field, ImportRow, LedgerCell, SheetError,
};
use crate::domain::journal::{created, diff, Change};
use crate::domain::model::ProjectKind;
use crate::domain::money::Wan;
use crate::domain::period::{is_closed, Period};
use crate::domain::problem::{DuplicateKey, Problem};
use crate::domain::project_rules::{project_snapshot, validate_project, ProjectDraft};
use crate::domain::report_sheet::words;
use crate::edit::projects::{ledger_text, ENTITY};
use crate::edit::require;
use crate::error::AppError;
use crate::model::{
    CurrentUser, ImportOutcome, ImportPreview, ImportStage, PreviewRow, ProjectForm, ReferenceData,
    RowProblem,
};

/// The largest file accepted (a 10,000-project sheet is about 1.5 MB as XLSX).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// What an XLSX may unpack to; more is a zip bomb, not a project list.
const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
/// Uploads waiting for confirmation are dropped after this long.
const UPLOAD_TTL_SECONDS: i64 = 3600;

/// Why a file was not imported. Everything but `App` is the file's fault: a [`Problem`] the
/// reader sees in their language ([`ImportError::problem`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    Empty,
    TooLarge(usize),
    LegacyXls,
    NotASpreadsheet,
    BadXlsx(String),
    NoWorksheet,
    ZipBomb,
    BadCsv(String),
    Sheet(#[from] SheetError),
    HasProblems(usize),
    NothingToDo,
    ChangedMeanwhile(String),
    UploadGone,
    App(#[from] AppError),
}

impl ImportError {
    /// The file's problem, or the server's error when it was not the file.
    pub fn problem(&self) -> Result<Problem, &AppError> {
        Ok(match self {
            ImportError::Empty => Problem::FileEmpty,
            ImportError::TooLarge(megabytes) => Problem::FileTooLarge {
                megabytes: *megabytes,
            },
            ImportError::LegacyXls => Problem::OldExcelFormat,
            ImportError::NotASpreadsheet => Problem::UnknownFileType,
            ImportError::BadXlsx(detail) => Problem::BadXlsx {
                detail: detail.clone(),
            },
            ImportError::NoWorksheet => Problem::NoWorksheet,
            ImportError::ZipBomb => Problem::ZipBomb,
            ImportError::BadCsv(detail) => Problem::BadCsv {
                detail: detail.clone(),
            },
            ImportError::Sheet(e) => Problem::Sheet(e.clone()),
            ImportError::HasProblems(count) => Problem::ImportHasProblems { count: *count },
            ImportError::NothingToDo => Problem::ImportNothingToDo,
            ImportError::ChangedMeanwhile(project) => Problem::ImportStale {
                project: project.clone(),
            },
            ImportError::UploadGone => Problem::UploadExpired,
            ImportError::App(e) => return Err(e),
        })
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problem() {
            Ok(problem) => problem.fmt(f),
            Err(e) => e.fmt(f),
        }
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::App(e.into())
    }
}

impl From<crate::db::DbError> for ImportError {
    fn from(e: crate::db::DbError) -> Self {
        ImportError::App(e.into())
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::App(inner) => inner,
            other => other.problem().map_or_else(Clone::clone, AppError::Refused),
        }
    }
}

/// Reports progress on large files: (what, done, of).
pub type Progress<'a> = &'a (dyn Fn(ImportStage, usize, usize) + Send + Sync);

/// No progress reports.
pub fn quietly(_: ImportStage, _: usize, _: usize) {}

/// The file's cells as text, and the spreadsheet row number of the first.
pub fn read_grid(bytes: &[u8]) -> Result<(Vec<Vec<String>>, usize), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::LegacyXls);
    }
    read_csv(bytes).map(|grid| (grid, 1))
}

fn read_xlsx(bytes: &[u8]) -> Result<(Vec<Vec<String>>, usize), ImportError> {
    // The sizes in the zip directory are checked before anything is unpacked; the zip reader
    // then stops at the declared size, so a lying header cannot unpack more either.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(ImportError::ZipBomb);
    }
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportError::NoWorksheet)?
        .map_err(|e| ImportError::BadXlsx(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let (rows, cols) = range.get_size();
    if rows > import_sheet::MAX_ROWS {
        return Err(SheetError::TooManyRows(rows).into());
    }
    if cols + first_col as usize > import_sheet::MAX_COLUMNS {
        return Err(SheetError::TooManyColumns(cols + first_col as usize).into());
    }
    let lead = vec![String::new(); first_col as usize];
    let grid = range
        .rows()
        .map(|row| {
            lead.iter()
                .cloned()
                .chain(row.iter().map(cell_text))
                .collect()
        })
        .collect();
    Ok((grid, first_row as usize + 1))
}

/// A cell as the text a person would type: numbers in their shortest exact form (1234.5,
/// 2025), so amounts are checked by the same rules as typed ones.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { words::YES } else { words::NO }.to_string(),
        // No sheet column holds a date; the serial number shows up as a wrong value if one does.
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// CSV text: UTF-8 (a BOM is dropped) or, failing that, GB18030 as Excel on Chinese Windows
/// saves it. Binary garbage is refused.
fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(ImportError::NotASpreadsheet);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(ImportError::NotASpreadsheet);
            }
            text
        }
    };
    let control = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if control > 0 {
        return Err(ImportError::NotASpreadsheet);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::BadCsv(e.to_string()))?;
        if record.len() > import_sheet::MAX_COLUMNS {
            return Err(SheetError::TooManyColumns(record.len()).into());
        }
        if grid.len() >= import_sheet::MAX_ROWS {
            return Err(SheetError::TooManyRows(grid.len() + 1).into());
        }
        grid.push(record.iter().map(str::to_string).collect());
    }
    Ok(grid)
}

/// How to treat rows that become new projects, and what 本年 is when the file does not say.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions {
    pub new_project_kind: ProjectKind,
    pub today: NaiveDate,
}

/// One change the import will make.
enum Action {
    Create {
        row: usize,
        draft: Box<ProjectDraft>,
        changes: Vec<Change>,
        ledger: Vec<LedgerMonth>,
    },
    Update {
        row: usize,
        id: i64,
        version: i64,
        /// `None` when only the ledger changes.
        draft: Option<Box<ProjectDraft>>,
        changes: Vec<Change>,
        ledger: Vec<LedgerMonth>,
    },
}

/// A ledger month's new values, and what they were.
#[derive(Clone, Copy, Debug)]
struct LedgerMonth {
    period: Period,
    planned: i64,
    completed: i64,
    old: Option<(i64, i64)>,
}

/// What an import will do: the preview shown to the user and the changes behind it.
pub struct Plan {
    pub preview: ImportPreview,
    actions: Vec<Action>,
}

/// (year, month) → (planned, completed) of one project.
type LedgerMonths = HashMap<(i32, u32), (i64, i64)>;

/// A project's ledger as the sheet sums it for 本年.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LedgerSums {
    completed_before_year: i64,
    planned_this_year: i64,
    completed_this_year: i64,
}

/// What the rest of the database says about the rows.
struct Context<'a> {
    reference: &'a ReferenceData,
    stored: Vec<(i64, ProjectForm, i64)>,
    by_code: HashMap<String, usize>,
    by_name_unit: HashMap<(String, String), usize>,
    /// project → its ledger summed as the sheet shows it.
    sums: HashMap<i64, LedgerSums>,
    /// project → its ledger months, loaded only for projects whose figures the file changes.
    months: HashMap<i64, LedgerMonths>,
    /// Projects whose months planning needed but were not loaded yet.
    missing: std::cell::RefCell<std::collections::BTreeSet<i64>>,
    year: i32,
    /// The month increases of this year's figures land in.
    slot: Period,
    latest_locked: Option<Period>,
    options: ImportOptions,
    /// The columns the file has.
    fields: Vec<Field>,
}

/// Reads and plans the file without writing anything.
pub async fn preview(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportPreview, ImportError> {
    Ok(plan(db, file_name, bytes, options, progress).await?.preview)
}

/// Reads the file and works out what importing it would do, writing nothing.
pub async fn plan(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<Plan, ImportError> {
    let (grid, first_row) = read_grid(bytes)?;
    let sheet = import_sheet::parse(&grid, first_row)?;
    drop(grid);
    let reference = queries::reference_data(db).await?;
    let stored = projects::stored_forms(db, None).await?;
    let year = sheet.title_year.unwrap_or(options.today.year());
    let slot = match year.cmp(&options.today.year()) {
        std::cmp::Ordering::Equal => Period::of_ledger(year, options.today.month()),
        std::cmp::Ordering::Less => Period::of_ledger(year, 12),
        std::cmp::Ordering::Greater => Period::of_ledger(year, 1),
    };
    let mut by_code = HashMap::new();
    let mut by_name_unit = HashMap::new();
    for (i, (_, form, _)) in stored.iter().enumerate() {
        if !form.code.is_empty() {
            by_code.insert(form.code.to_uppercase(), i);
        }
        by_name_unit.insert((form.name.clone(), form.unit.clone()), i);
    }
    let mut context = Context {
        reference: &reference,
        stored,
        by_code,
        by_name_unit,
        sums: ledger_sums(db, year).await?,
        months: HashMap::new(),
        missing: Default::default(),
        year,
        slot,
        latest_locked: report::latest_locked(db).await?,
        options,
        fields: sheet.fields.clone(),
    };
    let mut plan = plan_rows(&sheet, &context, file_name, progress);
    // Rows that change a project's yearly figures need its months: load just those, plan again.
    let missing = context.missing.take();
    if !missing.is_empty() {
        context.months = ledger_months(db, &missing).await?;
        plan = plan_rows(&sheet, &context, file_name, progress);
    }
    Ok(plan)
}

fn plan_rows(
    sheet: &import_sheet::ParsedSheet,
    context: &Context<'_>,
    file_name: &str,
    progress: Progress<'_>,
) -> Plan {
    let mut preview = ImportPreview {
        file_name: file_name.to_string(),
        year: context.year,
        row_count: sheet.rows.len(),
        ignored_columns: sheet.ignored_columns.clone(),
        ..Default::default()
    };
    let mut actions = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let total = sheet.rows.len();
    for (done, row) in sheet.rows.iter().enumerate() {
        if done % 1000 == 0 {
            progress(ImportStage::Checking, done, total);
        }
        match plan_row(row, context, &mut seen) {
            Err(problems) => preview.problems.extend(problems),
            Ok(None) => preview.unchanged += 1,
            Ok(Some(action)) => {
                let shown = preview_row(&action, row);
                match action {
                    Action::Create { .. } => preview.creates.push(shown),
                    Action::Update { .. } => preview.updates.push(shown),
                }
                actions.push(action);
            }
        }
    }
    progress(ImportStage::Checking, total, total);
    Plan { preview, actions }
}

fn preview_row(action: &Action, row: &ImportRow) -> PreviewRow {
    let (row_number, changes, ledger) = match action {
        Action::Create {
            row,
            changes,
            ledger,
            ..
        }
        | Action::Update {
            row,
            changes,
            ledger,
            ..
        } => (*row, changes, ledger),
    };
    let mut shown: Vec<(String, String, String)> = changes
        .iter()
        .map(|c| (c.field.to_string(), c.old.clone(), c.new.clone()))
        .collect();
    shown.extend(ledger.iter().map(|m| {
        let (old, new) = ledger_change_text(m);
        ("ledger".to_string(), old, new)
    }));
    PreviewRow {
        row: row_number,
        name: row.get(Field::Name).unwrap_or_default().to_string(),
        changes: shown,
    }
}

fn ledger_change_text(m: &LedgerMonth) -> (String, String) {
    let month = m.period.code();
    let old = m
        .old
        .map(|(p, c)| format!("{month} {}", ledger_text(Wan(p), Wan(c))))
        .unwrap_or_default();
    (
        old,
        format!("{month} {}", ledger_text(Wan(m.planned), Wan(m.completed))),
    )
}

/// Every project's ledger summed for 本年 `year`, in one pass over the ledger.
async fn ledger_sums(db: &Db, year: i32) -> Result<HashMap<i64, LedgerSums>, ImportError> {
    let rows = projects::ledger_sums(db, year).await?;
    Ok(rows
        .into_iter()
        .map(|(id, before, planned, completed)| {
            let sums = LedgerSums {
                completed_before_year: before,
                planned_this_year: planned,
                completed_this_year: completed,
            };
            (id, sums)
        })
        .collect())
}

/// The ledger months of `projects`.
async fn ledger_months(
    db: &Db,
    projects: &std::collections::BTreeSet<i64>,
) -> Result<HashMap<i64, LedgerMonths>, ImportError> {
    let mut by_project: HashMap<i64, LedgerMonths> = HashMap::new();
    let ids: Vec<i64> = projects.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let rows = projects::ledger_months(db, chunk).await?;
        for (project, year, month, planned, completed) in rows {
            let month = u32::try_from(month).unwrap_or(1);
            by_project
                .entry(project)
                .or_default()
                .insert((year, month), (planned, completed));
        }
    }
    Ok(by_project)
}

/// Plans one row: `Ok(None)` when it changes nothing, `Err` with every problem found.
fn plan_row(
    row: &ImportRow,
    ctx: &Context<'_>,
    seen: &mut HashMap<String, usize>,
) -> Result<Option<Action>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let problem = |field: Option<Field>, problem: Problem| RowProblem {
        row: row.row,
        column: field.map(|f| f.heading().to_string()).unwrap_or_default(),
        problem,
    };
    let name = row.get(Field::Name).unwrap_or_default();
    let code = row.get(Field::Code).unwrap_or_default().to_uppercase();
    // 建设单位 by name; the form wants its id.
    let unit_id = match row.get(Field::Unit) {
        Some(unit) if !unit.is_empty() => {
            match ctx.reference.units.iter().find(|u| u.name == unit) {
                Some(found) => Some(found.id.to_string()),
                None => {
                    problems.push(problem(
                        Some(Field::Unit),
                        Problem::UnknownUnit {
                            unit: unit.to_string(),
                        },
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    let key = if code.is_empty() {
        format!("{name}\u{0}{}", unit_id.clone().unwrap_or_default())
    } else {
        code.clone()
    };
    if let Some(first) = seen.get(&key) {
        let (field, same) = if code.is_empty() {
            (Field::Name, DuplicateKey::NameAndUnit)
        } else {
            (Field::Code, DuplicateKey::Code)
        };
        problems.push(problem(
            Some(field),
            Problem::DuplicateRow {
                first_row: *first,
                key: same,
            },
        ));
        return Err(problems);
    }
    seen.insert(key, row.row);
    let matched = if code.is_empty() {
        unit_id
            .as_ref()
            .and_then(|unit| ctx.by_name_unit.get(&(name.to_string(), unit.clone())))
    } else {
        ctx.by_code.get(&code)
    }
    .map(|i| &ctx.stored[*i]);

    let mut form = match matched {
        Some((_, stored, _)) => stored.clone(),
        None => ProjectForm {
            kind: ctx.options.new_project_kind.code().to_string(),
            status: "preparing".to_string(),
            ..Default::default()
        },
    };
    let text = |field: Field, target: &mut String| {
        if let Some(value) = row.get(field) {
            *target = value.to_string();
        }
    };
    text(Field::Name, &mut form.name);
    text(Field::Location, &mut form.location);
    text(Field::Content, &mut form.content);
    text(Field::Total, &mut form.total);
    text(Field::Fund(0), &mut form.fund_central);
    text(Field::Fund(1), &mut form.fund_provincial);
    text(Field::Fund(2), &mut form.fund_city);
    text(Field::Fund(3), &mut form.fund_county);
    text(Field::Fund(4), &mut form.fund_social);
    text(Field::VisibleProgress, &mut form.visible_progress);
    text(Field::ContactName, &mut form.contact_name);
    text(Field::ContactPhone, &mut form.contact_phone);
    if let Some(unit) = &unit_id {
        form.unit = unit.clone();
    } else if row.get(Field::Unit).is_none_or(str::is_empty) && matched.is_none() {
        problems.push(problem(Some(Field::Unit), Problem::NewProjectNeedsUnit));
    }
    if let Some(label) = row.get(Field::Construction) {
        match construction_code(label) {
            Some(code) => form.construction_type = code.to_string(),
            None => problems.push(problem(
                Some(Field::Construction),
                Problem::UnknownConstruction {
                    value: label.to_string(),
                },
            )),
        }
    }
    if let Some(pillar) = row.get(Field::Pillar) {
        if pillar.is_empty() {
            form.pillar.clear();
        } else {
            match ctx
                .reference
                .pillars
                .iter()
                .find(|p| p.name_zh == pillar || p.name_en == pillar)
            {
                Some(found) => form.pillar = found.id.to_string(),
                None => {
                    let known = ctx
                        .reference
                        .pillars
                        .iter()
                        .map(|p| p.name_zh.clone())
                        .collect();
                    problems.push(problem(
                        Some(Field::Pillar),
                        Problem::UnknownPillar {
                            pillar: pillar.to_string(),
                            known,
                        },
                    ));
                }
            }
        }
    }
    if let Some(years) = row.get(Field::Years) {
        match parse_years(years) {
            Some((start, end)) => {
                form.start_year = start.to_string();
                form.end_year = end.to_string();
            }
            None => problems.push(problem(
                Some(Field::Years),
                Problem::BadYears {
                    value: years.to_string(),
                },
            )),
        }
    }
    if row.get(Field::Code).is_some() {
        // Upper-cased, as codes are matched; the form's own check covers its shape.
        form.code = code.clone();
    }
    let draft = match validate_project(&form, ctx.reference) {
        Ok(draft) => Some(draft),
        Err(errors) => {
            for e in errors.0 {
                // A rule about a column the file lacks (the funding split) is shown on a column
                // it has: a fund column, else 总投资.
                let field = form_field(&e.field).map(|f| {
                    if ctx.fields.contains(&f) {
                        return f;
                    }
                    let fund = ctx
                        .fields
                        .iter()
                        .copied()
                        .find(|f| matches!(f, Field::Fund(_)));
                    match f {
                        Field::Fund(_) => fund.unwrap_or(Field::Total),
                        other => other,
                    }
                });
                // The file's own cell problems are already listed with a clearer message.
                if !problems
                    .iter()
                    .any(|p| Some(p.column.as_str()) == field.map(|f| f.heading()))
                {
                    problems.push(problem(field, e.problem));
                }
            }
            None
        }
    };
    let ledger = match (&draft, matched) {
        (Some(draft), matched) => {
            plan_ledger(row, ctx, matched.map(|m| m.0), draft, &mut |f, m| {
                problems.push(problem(Some(f), m))
            })
        }
        _ => Vec::new(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(draft) = draft else {
        return Err(problems);
    };
    let new_snapshot = project_snapshot(&draft, ctx.reference);
    Ok(match matched {
        None => Some(Action::Create {
            row: row.row,
            changes: created(&new_snapshot),
            draft: Box::new(draft),
            ledger,
        }),
        Some((id, stored, version)) => {
            let old = validate_project(stored, ctx.reference)
                .map(|d| project_snapshot(&d, ctx.reference))
                .unwrap_or_default();
            let changes = diff(&old, &new_snapshot);
            if changes.is_empty() && ledger.is_empty() {
                None
            } else {
                Some(Action::Update {
                    row: row.row,
                    id: *id,
                    version: *version,
                    draft: (!changes.is_empty()).then(|| Box::new(draft)),
                    changes,
                    ledger,
                })
            }
        }
    })
}

/// The ledger months that must change so the project's yearly figures equal the file's.
fn plan_ledger(
    row: &ImportRow,
    ctx: &Context<'_>,
    project: Option<i64>,
    draft: &ProjectDraft,
    problem: &mut dyn FnMut(Field, Problem),
) -> Vec<LedgerMonth> {
    let empty = HashMap::new();
    let sums = project
        .and_then(|id| ctx.sums.get(&id))
        .copied()
        .unwrap_or_default();
    let months = project.and_then(|id| ctx.months.get(&id)).unwrap_or(&empty);
    let year = ctx.year;
    let closed = |p: Period| is_closed(p, ctx.latest_locked);
    let cells = |keep: &dyn Fn(i32) -> bool, planned: bool| -> Vec<LedgerCell> {
        months
            .iter()
            .filter(|((y, _), _)| keep(*y))
            .map(|((y, m), (p, c))| LedgerCell {
                period: Period::of_ledger(*y, *m),
                value: if planned { *p } else { *c },
            })
            .collect()
    };
    let in_year = |y: i32| y == year;
    let before_year = |y: i32| y < year;
    let targets = [
        (
            Field::PlannedThisYear,
            true,
            &in_year as &dyn Fn(i32) -> bool,
            ctx.slot,
            sums.planned_this_year,
        ),
        (
            Field::CompletedThisYear,
            false,
            &in_year,
            ctx.slot,
            sums.completed_this_year,
        ),
        // Last year's work goes to the last December the project was under construction.
        (
            Field::CompletedBeforeYear,
            false,
            &before_year,
            Period::of_ledger((year - 1).min(draft.end_year), 12),
            sums.completed_before_year,
        ),
    ];
    // (period) → (planned, completed) after the changes
    let mut changed: HashMap<Period, (Option<i64>, Option<i64>)> = HashMap::new();
    for (field, planned, keep, slot, sum) in targets {
        let Some(text) = row.get(field) else { continue };
        let target = if text.is_empty() {
            Wan::ZERO
        } else {
            match Wan::parse(text) {
                Ok(value) => value,
                Err(error) => {
                    problem(
                        field,
                        Problem::Amount {
                            label: field.label(),
                            error,
                        },
                    );
                    continue;
                }
            }
        };
        if target.hundredths() == sum {
            continue;
        }
        // The figure changes: planning needs this project's months.
        if let Some(id) = project.filter(|id| !ctx.months.contains_key(id)) {
            ctx.missing.borrow_mut().insert(id);
            continue;
        }
        let current = cells(keep, planned);
        let within_years = (draft.start_year..=draft.end_year).contains(&slot.year);
        match reconcile(&current, target.hundredths(), slot, closed) {
            Ok(edits)
                if !edits.is_empty() && !within_years && edits.iter().any(|e| e.period == slot) =>
            {
                problem(
                    field,
                    Problem::MonthOutsideYears {
                        month: slot,
                        start: draft.start_year,
                        end: draft.end_year,
                    },
                );
            }
            Ok(edits) => {
                for edit in edits {
                    let entry = changed.entry(edit.period).or_default();
                    if planned {
                        entry.0 = Some(edit.value);
                    } else {
                        entry.1 = Some(edit.value);
                    }
                }
            }
            Err(locked_month) => problem(field, Problem::ImportLedgerLocked(locked_month)),
        }
    }
    let mut result: Vec<LedgerMonth> = changed
        .into_iter()
        .map(|(period, (planned, completed))| {
            let old = months.get(&(period.year, period.month)).copied();
            let (old_planned, old_completed) = old.unwrap_or((0, 0));
            LedgerMonth {
                period,
                planned: planned.unwrap_or(old_planned),
                completed: completed.unwrap_or(old_completed),
                old,
            }
        })
        .collect();
    result.sort_by_key(|m| m.period);
    result
}

/// The file column a form field comes from.
fn form_field(field: &str) -> Option<Field> {
    Some(match field {
        "code" => Field::Code,
        "name" => Field::Name,
        "unit" => Field::Unit,
        "location" => Field::Location,
        "construction_type" => Field::Construction,
        "pillar" => Field::Pillar,
        "content" => Field::Content,
        "start_year" | "end_year" => Field::Years,
        "total" => Field::Total,
        "visible_progress" => Field::VisibleProgress,
        "contact_name" => Field::ContactName,
        "contact_phone" => Field::ContactPhone,
        other => {
            let funds = [
                "fund_central",
                "fund_provincial",
                "fund_city",
                "fund_county",
                "fund_social",
            ];
            Field::Fund(funds.iter().position(|f| *f == other)?)
        }
    })
}

/// Applies the file: plans it again against the database as it is now, then writes every row
/// in one transaction. Any problem, or a project changed by someone since, writes nothing.
pub async fn commit(
    db: &Db,
    actor: Option<&CurrentUser>,
    file_name: &str,
    bytes: &[u8],
    options: ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    require(actor, Permission::EditContent)?;
    let plan = plan(db, file_name, bytes, options, progress).await?;
    apply(db, actor, plan, progress).await
}

/// Writes a plan made just before (by this same process): every row in one transaction, or
/// nothing if it has problems or a project was saved by someone else in between.
pub async fn apply(
    db: &Db,
    actor: Option<&CurrentUser>,
    plan: Plan,
    progress: Progress<'_>,
) -> Result<ImportOutcome, ImportError> {
    let actor = require(actor, Permission::EditContent)?;
    let Plan { preview, actions } = plan;
    if !preview.problems.is_empty() {
        return Err(ImportError::HasProblems(preview.problems.len()));
    }
    if actions.is_empty() {
        return Err(ImportError::NothingToDo);
    }
    let total = actions.len();
    // Journal rows are gathered and written in bulk at the end of the same transaction.
    let ledger_changes: Vec<(usize, Change)> = actions
        .iter()
        .enumerate()
        .flat_map(|(i, action)| action_ledger(action).iter().map(move |m| (i, m)))
        .map(|(i, m)| {
            let (old, new) = ledger_change_text(m);
            (
                i,
                Change {
                    field: "ledger",
                    old,
                    new,
                },
            )
        })
        .collect();
    let mut tx = db.begin().await?;
    {
        let mut ids = Vec::with_capacity(total);
        for (done, action) in actions.iter().enumerate() {
            if done % 1000 == 0 {
                progress(ImportStage::Writing, done, total);
            }
            let id = match action {
                Action::Create { draft, .. } => projects::insert(&mut tx, draft)
                    .await
                    .on_unique_violation(|| ImportError::ChangedMeanwhile(draft.name.clone()))?,
                Action::Update {
                    id, version, draft, ..
                } => {
                    if let Some(draft) = draft {
                        let saved = projects::update(&mut tx, *id, *version, draft)
                            .await
                            .on_unique_violation(|| {
                                ImportError::ChangedMeanwhile(draft.name.clone())
                            })?;
                        if !saved {
                            return Err(ImportError::ChangedMeanwhile(draft.name.clone()));
                        }
                    }
                    *id
                }
            };
            for month in action_ledger(action) {
                let m = month.period.month as i32;
                projects::write_ledger_month(
                    &mut tx,
                    id,
                    month.period.year,
                    m,
                    month.planned,
                    month.completed,
                )
                .await?;
            }
            ids.push(id);
        }
        let mut journal_rows: Vec<(i64, i64, &str, &Change)> = Vec::new();
        for (action, id) in actions.iter().zip(&ids) {
            match action {
                Action::Create { changes, .. } => {
                    journal_rows.extend(changes.iter().map(|c| (*id, 1, "create", c)))
                }
                Action::Update {
                    version, changes, ..
                } => journal_rows.extend(changes.iter().map(|c| (*id, *version + 1, "update", c))),
            }
        }
        journal_rows.extend(
            ledger_changes
                .iter()
                .map(|(i, c)| (ids[*i], 0, "update", c)),
        );
        journal::record_rows(&mut tx, actor, ENTITY, &journal_rows).await?;
        progress(ImportStage::Writing, total, total);
    }
    tx.commit().await?;
    Ok(ImportOutcome {
        created: preview.creates.len(),
        updated: preview.updates.len(),
        unchanged: preview.unchanged,
    })
}

/// The ledger months an action changes.
fn action_ledger(action: &Action) -> &[LedgerMonth] {
    match action {
        Action::Create { ledger, .. } | Action::Update { ledger, .. } => ledger,
    }
}

/// Keeps an uploaded file until the user confirms the import; returns its token. Uploads older
/// than an hour are dropped on the way.
pub async fn store_upload(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
    now: i64,
) -> Result<String, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
    }
    let expired_before = now - UPLOAD_TTL_SECONDS;
    let token = uploads::store(db, user.id, now, expired_before, file_name, bytes).await?;
    Ok(token)
}

/// The upload `token` of `user` (only its owner may see or import it): (file name, bytes).
pub async fn load_upload(
    db: &Db,
    user: &CurrentUser,
    token: &str,
) -> Result<(String, Vec<u8>), ImportError> {
    uploads::load(db, user.id, token)
        .await?
        .ok_or(ImportError::UploadGone)
}

/// Drops an upload once imported.
pub async fn forget_upload(db: &Db, token: &str) -> Result<(), ImportError> {
    Ok(uploads::forget(db, token).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bytes_are_refused_with_a_reason() {
        assert!(matches!(read_grid(b""), Err(ImportError::Empty)));
        assert!(matches!(
            read_grid(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]),
            Err(ImportError::LegacyXls)
        ));
        assert!(matches!(
            read_grid(&[0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]),
            Err(ImportError::NotASpreadsheet)
        ));
        assert!(matches!(
            read_grid(b"PK\x03\x04garbage"),
            Err(ImportError::BadXlsx(_))
        ));
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        assert!(matches!(read_grid(&big), Err(ImportError::TooLarge(21))));
    }

    #[test]
    fn csv_is_read_as_utf8_with_or_without_bom_and_as_gbk() {
        let text = "项目名称,建设单位\n数字乡村,某镇\n";
        let with_bom = format!("\u{feff}{text}");
        let gbk = encoding_rs::GB18030.encode(text).0.into_owned();
        for bytes in [text.as_bytes().to_vec(), with_bom.into_bytes(), gbk] {
            let (grid, first) = read_grid(&bytes).unwrap();
            assert_eq!(first, 1);
            assert_eq!(grid[0], ["项目名称", "建设单位"]);
            assert_eq!(grid[1], ["数字乡村", "某镇"]);
        }
    }
}

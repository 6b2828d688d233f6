//! Planning an import, without the database: each row of a parsed provincial sheet is matched
//! to a stored project (by 项目代码, else by 项目名称 + 建设单位), checked with the project form's
//! own rules, and turned into what importing it would do — create, update, leave alone — with
//! every problem found and the ledger months its yearly figures become. `reporting::import`
//! reads what this needs from the database and writes the plan in one transaction.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::import_sheet::{
    self, construction_code, parse_years, reconcile, Field, ImportRow, LedgerCell,
};
use super::journal::{created, diff, ledger_text, Change};
use super::model::ProjectKind;
use super::money::Wan;
use super::period::{is_closed, Period};
use super::problem::{DuplicateKey, Label, Problem};
use super::project_rules::{project_snapshot, validate_project, ProjectDraft};
use crate::model::{
    ImportPreview, ImportStage, PreviewRow, ProjectForm, ReferenceData, RowProblem,
};

/// Reports progress on large files: (what, done, of).
pub type Progress<'a> = &'a (dyn Fn(ImportStage, usize, usize) + Send + Sync);

/// No progress reports.
pub fn quietly(_: ImportStage, _: usize, _: usize) {}

/// How to treat rows that become new projects, and what 本年 is when the file does not say.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions {
    pub new_project_kind: ProjectKind,
    pub today: NaiveDate,
}

/// One change the import will make.
pub enum Action {
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
pub struct LedgerMonth {
    pub period: Period,
    pub planned: i64,
    pub completed: i64,
    pub old: Option<(i64, i64)>,
}

/// What an import will do: the preview shown to the user and the changes behind it.
pub struct Plan {
    pub preview: ImportPreview,
    pub actions: Vec<Action>,
}

/// (year, month) → (planned, completed) of one project.
pub type LedgerMonths = HashMap<(i32, u32), (i64, i64)>;

/// A project's ledger as the sheet sums it for 本年.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LedgerSums {
    pub completed_before_year: i64,
    pub planned_this_year: i64,
    pub completed_this_year: i64,
}

/// What the rest of the database says about the rows.
pub struct Context<'a> {
    pub reference: &'a ReferenceData,
    pub stored: Vec<(i64, ProjectForm, i64)>,
    pub by_code: HashMap<String, usize>,
    pub by_name_unit: HashMap<(String, String), usize>,
    /// project → its ledger summed as the sheet shows it.
    pub sums: HashMap<i64, LedgerSums>,
    /// project → its ledger months, loaded only for projects whose figures the file changes.
    pub months: HashMap<i64, LedgerMonths>,
    /// Projects whose months planning needed but were not loaded yet.
    pub missing: std::cell::RefCell<std::collections::BTreeSet<i64>>,
    pub year: i32,
    /// The month increases of this year's figures land in.
    pub slot: Period,
    pub latest_locked: Option<Period>,
    pub options: ImportOptions,
    /// The columns the file has.
    pub fields: Vec<Field>,
}

pub fn plan_rows(
    sheet: &import_sheet::ParsedSheet,
    context: &Context<'_>,
    file_name: &str,
    progress: Progress<'_>,
) -> Plan {
    let mut preview = ImportPreview {
        file_name: file_name.to_string(),
        year: Some(context.year),
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

pub fn preview_row(action: &Action, row: &ImportRow) -> PreviewRow {
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

pub fn ledger_change_text(m: &LedgerMonth) -> (String, String) {
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

/// Plans one row: `Ok(None)` when it changes nothing, `Err` with every problem found.
pub fn plan_row(
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
                        Problem::UnknownName {
                            label: Label::Pillar,
                            value: pillar.to_string(),
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
pub fn plan_ledger(
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
pub fn form_field(field: &str) -> Option<Field> {
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

/// The ledger months an action changes.
pub fn action_ledger(action: &Action) -> &[LedgerMonth] {
    match action {
        Action::Create { ledger, .. } | Action::Update { ledger, .. } => ledger,
    }
}

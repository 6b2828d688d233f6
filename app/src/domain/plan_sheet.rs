//! The milestone plan as a spreadsheet: the columns the export writes and the import reads (a
//! county's five-year plan arrives as a table of tasks and is revised every year), and, without
//! the database, what importing a sheet would do: each row matched to a milestone by its code
//! (else by title and unit), checked with the milestone form's own rules, its dependencies and
//! project links read by code, and any dependency cycle the file would close found. A Chinese
//! file format: its headings are data, not interface words.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::dates::parse_day;
use super::graph::closing_edges;
use super::import_sheet::{SheetError, MAX_COLUMNS, MAX_ROWS};
use super::journal::{created, diff, Change};
use super::milestone_code;
use super::milestone_rules::{milestone_snapshot, validate_milestone, MilestoneDraft};
use super::problem::{DuplicateKey, Label, Problem};
use super::sheet_header;
use crate::model::{ImportPreview, PreviewRow, ReferenceData, RowProblem};

/// The plan's columns, in the export's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Code,
    Phase,
    Pillar,
    Domain,
    Unit,
    Title,
    Description,
    Start,
    Due,
    Weight,
    Percent,
    Status,
    Reason,
    DependsOn,
    Projects,
    LatestProgress,
    OpenProblems,
}

pub const COLUMNS: [Column; 17] = [
    Column::Code,
    Column::Phase,
    Column::Pillar,
    Column::Domain,
    Column::Unit,
    Column::Title,
    Column::Description,
    Column::Start,
    Column::Due,
    Column::Weight,
    Column::Percent,
    Column::Status,
    Column::Reason,
    Column::DependsOn,
    Column::Projects,
    Column::LatestProgress,
    Column::OpenProblems,
];

impl Column {
    pub fn heading(self) -> &'static str {
        match self {
            Column::Code => "编码",
            Column::Phase => "阶段",
            Column::Pillar => "支柱",
            Column::Domain => "领域",
            Column::Unit => "责任单位",
            Column::Title => "里程碑名称",
            Column::Description => "说明",
            Column::Start => "开始日期",
            Column::Due => "完成日期",
            Column::Weight => "权重",
            Column::Percent => "完成进度(%)",
            Column::Status => "状态",
            Column::Reason => "状态说明",
            Column::DependsOn => "前置里程碑",
            Column::Projects => "关联项目",
            Column::LatestProgress => "最新进展",
            Column::OpenProblems => "存在问题",
        }
    }

    /// Other headings offices (and English users) give the same column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Code => &["里程碑编码", "代码", "code"],
            Column::Phase => &["所属阶段", "phase"],
            Column::Pillar => &["五个一", "所属支柱", "pillar"],
            Column::Domain => &["所属领域", "domain"],
            Column::Unit => &["牵头单位", "单位", "unit"],
            Column::Title => &["名称", "里程碑", "任务名称", "任务", "title", "milestone"],
            Column::Description => &["描述", "备注", "description"],
            Column::Start => &["开始时间", "计划开始", "start", "startdate"],
            Column::Due => &[
                "结束日期",
                "截止日期",
                "完成时间",
                "计划完成",
                "due",
                "duedate",
            ],
            Column::Weight => &["weight"],
            Column::Percent => &["进度", "完成进度", "percent"],
            Column::Status => &["status"],
            Column::Reason => &["reason"],
            Column::DependsOn => &["前置任务", "依赖", "dependson"],
            Column::Projects => &["关联项目代码", "projects"],
            Column::LatestProgress => &["进展", "进展情况", "latestprogress"],
            Column::OpenProblems => &["问题", "openproblems"],
        }
    }

    /// Whether the import reads the column; the others (progress, status and its reason, the
    /// latest 进展, open 存在问题) are written for reading and come from progress reports.
    pub fn imported(self) -> bool {
        !matches!(
            self,
            Column::Percent
                | Column::Status
                | Column::Reason
                | Column::LatestProgress
                | Column::OpenProblems
        )
    }

    fn of_heading(name: &str) -> Option<Column> {
        let lower = name.to_lowercase();
        COLUMNS
            .iter()
            .copied()
            .find(|c| c.heading() == name || c.aliases().contains(&lower.as_str()))
    }

    /// The column a field of the milestone form comes from.
    fn of_form_field(field: &str) -> Option<Column> {
        Some(match field {
            "title" => Column::Title,
            "description" => Column::Description,
            "phase" => Column::Phase,
            "pillar" => Column::Pillar,
            "domain" => Column::Domain,
            "unit" => Column::Unit,
            "start_date" => Column::Start,
            "due_date" => Column::Due,
            "weight" => Column::Weight,
            _ => return None,
        })
    }
}

/// How a cell lists several codes: the export joins with `、`; people also type commas,
/// semicolons or one per line.
const LIST_SEPARATORS: &[char] = &['、', ',', '，', ';', '；', '\n', '\r'];
pub const LIST_JOIN: &str = "、";

/// The entries of a list cell.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(LIST_SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// How far down the header may be (a title row or two come first).
const HEADER_SEARCH_ROWS: usize = 10;

/// A sheet read: its rows and which columns it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSheet {
    pub rows: Vec<PlanRow>,
    /// The columns the file has, in the plan's order.
    pub present: Vec<Column>,
    /// Headings the import does not read: unknown ones and the plan's read-only columns.
    pub ignored: Vec<String>,
}

/// One data row: its spreadsheet line and its cells by column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub line: usize,
    cells: HashMap<Column, String>,
}

impl PlanRow {
    /// The cell's trimmed text; `None` when the file has no such column.
    pub fn get(&self, column: Column) -> Option<&str> {
        self.cells.get(&column).map(String::as_str)
    }
}

/// Reads the grid (`first_row_number` is the spreadsheet row of `grid[0]`): a header naming at
/// least 里程碑名称 (or an alias), then data rows; blank rows are skipped.
pub fn parse(grid: &[Vec<String>], first_row_number: usize) -> Result<PlanSheet, SheetError> {
    if grid.len() > MAX_ROWS {
        return Err(SheetError::TooManyRows(grid.len()));
    }
    if let Some(wide) = grid.iter().map(Vec::len).max().filter(|w| *w > MAX_COLUMNS) {
        return Err(SheetError::TooManyColumns(wide));
    }
    let header = sheet_header::find(
        grid,
        HEADER_SEARCH_ROWS,
        COLUMNS.len(),
        &[Column::Title as usize],
        |name| Column::of_heading(name).map(|c| c as usize),
    )?;
    let located: Vec<(Column, usize)> = COLUMNS
        .iter()
        .filter_map(|c| header.at[*c as usize].map(|at| (*c, at)))
        .collect();
    let mut ignored = header.unknown;
    ignored.extend(
        located
            .iter()
            .filter(|(c, _)| !c.imported())
            .map(|(c, _)| c.heading().to_string()),
    );
    let read: Vec<(Column, usize)> = located.into_iter().filter(|(c, _)| c.imported()).collect();
    let mut rows = Vec::new();
    for (index, cells) in grid.iter().enumerate().skip(header.row + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = read
            .iter()
            .map(|(column, at)| {
                let text = cells.get(*at).map(|s| s.trim()).unwrap_or_default();
                (*column, text.to_string())
            })
            .collect();
        rows.push(PlanRow {
            line: first_row_number + index,
            cells,
        });
    }
    if rows.is_empty() {
        return Err(SheetError::NoRows);
    }
    Ok(PlanSheet {
        rows,
        present: read.iter().map(|(c, _)| *c).collect(),
        ignored,
    })
}

/// A milestone as stored, for matching and comparing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMilestone {
    pub id: i64,
    pub version: i64,
    pub code: Option<String>,
    pub draft: MilestoneDraft,
}

/// A project a row may link, named by its code or (without one) its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl ProjectRef {
    /// How the plan file names it.
    pub fn reference(&self) -> &str {
        if self.code.is_empty() {
            &self.name
        } else {
            &self.code
        }
    }
}

/// What the rest of the database says about the rows.
pub struct PlanContext<'a> {
    pub reference: &'a ReferenceData,
    pub milestones: &'a [StoredMilestone],
    pub projects: &'a [ProjectRef],
    /// (milestone, depends on).
    pub dependencies: &'a [(i64, i64)],
    /// (milestone, project).
    pub links: &'a [(i64, i64)],
}

/// How a set (dependencies, project links) changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetChange {
    pub added: Vec<i64>,
    pub removed: Vec<i64>,
}

/// One change the import will make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanAction {
    Create {
        row: usize,
        draft: MilestoneDraft,
        changes: Vec<Change>,
        depends_on: Vec<i64>,
        projects: Vec<i64>,
    },
    Update {
        row: usize,
        id: i64,
        version: i64,
        /// `None` when only its dependencies or links change.
        draft: Option<MilestoneDraft>,
        changes: Vec<Change>,
        depends_on: SetChange,
        projects: SetChange,
    },
}

/// What an import will do: the preview shown to the user and the changes behind it.
pub struct MilestonePlan {
    pub preview: ImportPreview,
    pub actions: Vec<PlanAction>,
}

/// Plans every row against `ctx`, writing nothing.
pub fn plan(sheet: &PlanSheet, ctx: &PlanContext<'_>, file_name: &str) -> MilestonePlan {
    let lookups = Lookups::new(ctx);
    let mut preview = ImportPreview {
        file_name: file_name.to_string(),
        row_count: sheet.rows.len(),
        ignored_columns: sheet.ignored.clone(),
        ..Default::default()
    };
    let mut seen = Seen::default();
    let mut planned: Vec<(PlanAction, PreviewRow)> = Vec::new();
    for row in &sheet.rows {
        match plan_row(row, ctx, &lookups, &mut seen) {
            Err(problems) => preview.problems.extend(problems),
            Ok(None) => preview.unchanged += 1,
            Ok(Some(planned_row)) => planned.push(planned_row),
        }
    }
    // Cycles can close only through milestones whose dependencies the file changes (a new one
    // has no code yet, so nothing can depend on it): the edges after the import, checked once.
    let removed: HashSet<(i64, i64)> = planned
        .iter()
        .filter_map(|(action, _)| match action {
            PlanAction::Update { id, depends_on, .. } => {
                Some(depends_on.removed.iter().map(move |d| (*id, *d)))
            }
            PlanAction::Create { .. } => None,
        })
        .flatten()
        .collect();
    let added: Vec<(i64, i64)> = planned
        .iter()
        .filter_map(|(action, _)| match action {
            PlanAction::Update { id, depends_on, .. } => {
                Some(depends_on.added.iter().map(move |d| (*id, *d)))
            }
            PlanAction::Create { .. } => None,
        })
        .flatten()
        .collect();
    let after: Vec<(i64, i64)> = ctx
        .dependencies
        .iter()
        .filter(|edge| !removed.contains(edge))
        .chain(&added)
        .copied()
        .collect();
    let cycles: HashSet<(i64, i64)> = closing_edges(&after, &added).into_iter().collect();
    let mut actions = Vec::with_capacity(planned.len());
    for (action, shown) in planned {
        if let PlanAction::Update {
            row,
            id,
            depends_on,
            ..
        } = &action
        {
            let closing: Vec<RowProblem> = depends_on
                .added
                .iter()
                .filter(|d| cycles.contains(&(*id, **d)))
                .map(|d| RowProblem {
                    row: *row,
                    column: Column::DependsOn.heading().to_string(),
                    problem: Problem::DependencyCycle {
                        other: lookups.milestone_name(*d),
                    },
                })
                .collect();
            if !closing.is_empty() {
                preview.problems.extend(closing);
                continue;
            }
        }
        match action {
            PlanAction::Create { .. } => preview.creates.push(shown),
            PlanAction::Update { .. } => preview.updates.push(shown),
        }
        actions.push(action);
    }
    preview.problems.sort_by_key(|p| p.row);
    MilestonePlan { preview, actions }
}

/// The stored plan indexed the ways rows name things.
struct Lookups<'a> {
    ctx: &'a PlanContext<'a>,
    by_code: HashMap<String, usize>,
    by_title_unit: HashMap<(&'a str, i64), Vec<usize>>,
    by_id: HashMap<i64, usize>,
    dependencies: HashMap<i64, BTreeSet<i64>>,
    links: HashMap<i64, BTreeSet<i64>>,
    project_by_code: HashMap<String, usize>,
    project_by_name: HashMap<&'a str, usize>,
    project_by_id: HashMap<i64, usize>,
}

impl<'a> Lookups<'a> {
    fn new(ctx: &'a PlanContext<'a>) -> Lookups<'a> {
        let mut lookups = Lookups {
            ctx,
            by_code: HashMap::new(),
            by_title_unit: HashMap::new(),
            by_id: HashMap::new(),
            dependencies: HashMap::new(),
            links: HashMap::new(),
            project_by_code: HashMap::new(),
            project_by_name: HashMap::new(),
            project_by_id: HashMap::new(),
        };
        for (i, m) in ctx.milestones.iter().enumerate() {
            if let Some(code) = &m.code {
                lookups.by_code.insert(code.clone(), i);
            }
            lookups
                .by_title_unit
                .entry((m.draft.title.as_str(), m.draft.unit_id))
                .or_default()
                .push(i);
            lookups.by_id.insert(m.id, i);
        }
        for (m, d) in ctx.dependencies {
            lookups.dependencies.entry(*m).or_default().insert(*d);
        }
        for (m, p) in ctx.links {
            lookups.links.entry(*m).or_default().insert(*p);
        }
        for (i, p) in ctx.projects.iter().enumerate() {
            if !p.code.is_empty() {
                lookups.project_by_code.insert(p.code.to_uppercase(), i);
            }
            lookups.project_by_name.entry(p.name.as_str()).or_insert(i);
            lookups.project_by_id.insert(p.id, i);
        }
        lookups
    }

    /// The milestone a code names.
    fn by_code(&self, text: &str) -> Option<&'a StoredMilestone> {
        let (stem, number) = milestone_code::parse(text)?;
        let i = self.by_code.get(&milestone_code::format(&stem, number))?;
        Some(&self.ctx.milestones[*i])
    }

    /// How the file and the journal name a milestone: its code, else its title.
    fn milestone_name(&self, id: i64) -> String {
        self.by_id
            .get(&id)
            .map(|i| &self.ctx.milestones[*i])
            .map(|m| m.code.clone().unwrap_or_else(|| m.draft.title.clone()))
            .unwrap_or_else(|| id.to_string())
    }

    fn project(&self, text: &str) -> Option<i64> {
        self.project_by_code
            .get(&text.to_uppercase())
            .or_else(|| self.project_by_name.get(text))
            .map(|i| self.ctx.projects[*i].id)
    }

    fn project_name(&self, id: i64) -> String {
        self.project_by_id
            .get(&id)
            .map(|i| self.ctx.projects[*i].reference().to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// A set of milestones or projects as one cell: names in order, joined.
    fn names(&self, ids: &BTreeSet<i64>, of: SetOf) -> String {
        let name = |id: i64| match of {
            SetOf::Milestones => self.milestone_name(id),
            SetOf::Projects => self.project_name(id),
        };
        let mut names: Vec<String> = ids.iter().map(|id| name(*id)).collect();
        names.sort();
        names.join(LIST_JOIN)
    }
}

/// What a set cell lists.
#[derive(Clone, Copy)]
enum SetOf {
    Milestones,
    Projects,
}

/// Which milestones earlier rows already claimed: the first row to name each.
#[derive(Default)]
struct Seen {
    targets: HashMap<i64, usize>,
    new: HashMap<(String, i64), usize>,
}

/// The id of the entry named `text` (its Chinese name, or its English one in any case).
fn named_id<'n>(text: &str, names: impl Iterator<Item = (i64, &'n str, &'n str)>) -> Option<i64> {
    let wanted = sheet_header::normalise(text);
    let lower = wanted.to_lowercase();
    names
        .filter(|(_, zh, en)| {
            sheet_header::normalise(zh) == wanted
                || (!en.is_empty() && sheet_header::normalise(en).to_lowercase() == lower)
        })
        .map(|(id, _, _)| id)
        .next()
}

/// A number Excel stored as `5.0` reads as `5`; anything else is left for the form's rules.
fn whole_number(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(n) if n.fract() == 0.0 && n.abs() < 1e12 => format!("{}", n as i64),
        _ => text.to_string(),
    }
}

/// Plans one row: `Ok(None)` when it changes nothing, `Err` with every problem found.
fn plan_row(
    row: &PlanRow,
    ctx: &PlanContext<'_>,
    lookups: &Lookups<'_>,
    seen: &mut Seen,
) -> Result<Option<(PlanAction, PreviewRow)>, Vec<RowProblem>> {
    let reference = ctx.reference;
    let mut problems: Vec<(Column, Problem)> = Vec::new();
    let unit_id = row
        .get(Column::Unit)
        .and_then(|name| reference.units.iter().find(|u| u.name == name))
        .map(|u| u.id);
    // The milestone the row is about: by code, else the one stored with its title and unit.
    let code = row.get(Column::Code).unwrap_or_default();
    let target = if code.is_empty() {
        let title = row.get(Column::Title).unwrap_or_default();
        match unit_id.and_then(|unit| lookups.by_title_unit.get(&(title, unit))) {
            Some(found) if found.len() == 1 => Some(&ctx.milestones[found[0]]),
            _ => None,
        }
    } else {
        let found = lookups.by_code(code);
        if found.is_none() {
            problems.push((
                Column::Code,
                Problem::UnknownMilestoneCode {
                    code: code.to_string(),
                },
            ));
        }
        found
    };
    let mut form = target.map(|m| m.draft.form()).unwrap_or_default();
    let mut choose =
        |column: Column, text: &str, label: Label, found: Option<i64>, known| match found {
            Some(id) => id.to_string(),
            None if text.is_empty() => String::new(),
            None => {
                let problem = match column {
                    Column::Unit => Problem::UnknownUnit {
                        unit: text.to_string(),
                    },
                    _ => Problem::UnknownName {
                        label,
                        value: text.to_string(),
                        known,
                    },
                };
                problems.push((column, problem));
                String::new()
            }
        };
    let zh = |names: &mut dyn Iterator<Item = &str>| names.map(str::to_string).collect();
    if let Some(text) = row.get(Column::Title) {
        form.title = text.to_string();
    }
    if let Some(text) = row.get(Column::Description) {
        form.description = text.to_string();
    }
    if let Some(text) = row.get(Column::Phase) {
        let phases = || reference.phases.iter();
        let found = named_id(text, phases().map(|p| (p.id, &*p.name_zh, &*p.name_en)));
        let known = zh(&mut phases().map(|p| p.name_zh.as_str()));
        form.phase = choose(Column::Phase, text, Label::Phase, found, known);
    }
    if let Some(text) = row.get(Column::Pillar) {
        let pillars = || reference.pillars.iter();
        let found = named_id(text, pillars().map(|p| (p.id, &*p.name_zh, &*p.name_en)));
        let known = zh(&mut pillars().map(|p| p.name_zh.as_str()));
        form.pillar = choose(Column::Pillar, text, Label::Pillar, found, known);
    }
    if let Some(text) = row.get(Column::Domain) {
        let domains = || reference.domains.iter();
        let found = named_id(text, domains().map(|d| (d.id, &*d.name_zh, &*d.name_en)));
        let known = zh(&mut domains().map(|d| d.name_zh.as_str()));
        form.domain = choose(Column::Domain, text, Label::Domain, found, known);
    }
    if let Some(text) = row.get(Column::Unit) {
        form.unit = choose(Column::Unit, text, Label::OwnerUnit, unit_id, Vec::new());
    }
    let day = |text: &str| parse_day(text).map_or_else(|| text.to_string(), |d| d.to_string());
    if let Some(text) = row.get(Column::Start) {
        form.start_date = day(text);
    }
    if let Some(text) = row.get(Column::Due) {
        form.due_date = day(text);
    }
    if let Some(text) = row.get(Column::Weight) {
        form.weight = whole_number(text);
    }
    let flagged: HashSet<Column> = problems.iter().map(|(c, _)| *c).collect();
    let draft = match validate_milestone(&form, reference) {
        Ok(draft) => Some(draft),
        Err(errors) => {
            for error in errors.0 {
                let column = Column::of_form_field(&error.field).unwrap_or(Column::Title);
                if !flagged.contains(&column) {
                    problems.push((column, error.problem));
                }
            }
            None
        }
    };
    let depends_on = row.get(Column::DependsOn).map(|cell| {
        let mut ids = BTreeSet::new();
        for entry in split_list(cell) {
            match lookups.by_code(&entry) {
                Some(m) if target.is_some_and(|t| t.id == m.id) => {
                    problems.push((Column::DependsOn, Problem::DependencyCycle { other: entry }))
                }
                Some(m) => {
                    ids.insert(m.id);
                }
                None => problems.push((
                    Column::DependsOn,
                    Problem::UnknownMilestoneCode { code: entry },
                )),
            }
        }
        ids
    });
    let projects = row.get(Column::Projects).map(|cell| {
        let mut ids = BTreeSet::new();
        for entry in split_list(cell) {
            match lookups.project(&entry) {
                Some(id) => {
                    ids.insert(id);
                }
                None => problems.push((
                    Column::Projects,
                    Problem::UnknownProjectRef { reference: entry },
                )),
            }
        }
        ids
    });
    // The same milestone twice in one file.
    match (target, &draft) {
        (Some(m), _) => {
            if let Some(first_row) = seen.targets.get(&m.id) {
                let key = if code.is_empty() {
                    DuplicateKey::TitleAndUnit
                } else {
                    DuplicateKey::MilestoneCode
                };
                problems.push((
                    Column::Code,
                    Problem::DuplicateRow {
                        first_row: *first_row,
                        key,
                    },
                ));
            } else {
                seen.targets.insert(m.id, row.line);
            }
        }
        (None, Some(draft)) if code.is_empty() => {
            let key = (draft.title.clone(), draft.unit_id);
            if let Some(first_row) = seen.new.get(&key) {
                problems.push((
                    Column::Title,
                    Problem::DuplicateRow {
                        first_row: *first_row,
                        key: DuplicateKey::TitleAndUnit,
                    },
                ));
            } else {
                seen.new.insert(key, row.line);
            }
        }
        _ => {}
    }
    let draft = match draft {
        Some(draft) if problems.is_empty() => draft,
        _ => {
            return Err(problems
                .into_iter()
                .map(|(column, problem)| RowProblem {
                    row: row.line,
                    column: column.heading().to_string(),
                    problem,
                })
                .collect())
        }
    };
    let set_change = |field: &'static str,
                      old: &BTreeSet<i64>,
                      new: Option<BTreeSet<i64>>,
                      of: SetOf,
                      changes: &mut Vec<Change>| {
        let Some(new) = new else {
            return SetChange::default();
        };
        let change = SetChange {
            added: new.difference(old).copied().collect(),
            removed: old.difference(&new).copied().collect(),
        };
        if !(change.added.is_empty() && change.removed.is_empty()) {
            changes.push(Change {
                field,
                old: lookups.names(old, of),
                new: lookups.names(&new, of),
            });
        }
        change
    };
    let none = BTreeSet::new();
    let snapshot = milestone_snapshot(&draft, reference);
    let (action, name) = match target {
        None => {
            let mut changes = created(&snapshot);
            let depends = set_change(
                "depends_on",
                &none,
                depends_on,
                SetOf::Milestones,
                &mut changes,
            );
            let linked = set_change("projects", &none, projects, SetOf::Projects, &mut changes);
            let name = draft.title.clone();
            let action = PlanAction::Create {
                row: row.line,
                draft,
                changes,
                depends_on: depends.added,
                projects: linked.added,
            };
            (action, name)
        }
        Some(m) => {
            let mut changes = diff(&milestone_snapshot(&m.draft, reference), &snapshot);
            let fields_changed = !changes.is_empty();
            let depends = set_change(
                "depends_on",
                lookups.dependencies.get(&m.id).unwrap_or(&none),
                depends_on,
                SetOf::Milestones,
                &mut changes,
            );
            let linked = set_change(
                "projects",
                lookups.links.get(&m.id).unwrap_or(&none),
                projects,
                SetOf::Projects,
                &mut changes,
            );
            if changes.is_empty() {
                return Ok(None);
            }
            let name = match &m.code {
                Some(code) => format!("{code} {}", draft.title),
                None => draft.title.clone(),
            };
            let action = PlanAction::Update {
                row: row.line,
                id: m.id,
                version: m.version,
                draft: fields_changed.then_some(draft),
                changes,
                depends_on: depends,
                projects: linked,
            };
            (action, name)
        }
    };
    let shown = PreviewRow {
        row: row.line,
        name,
        changes: action_changes(&action)
            .iter()
            .map(|c| (c.field.to_string(), c.old.clone(), c.new.clone()))
            .collect(),
    };
    Ok(Some((action, shown)))
}

/// The journal's changes of an action.
pub fn action_changes(action: &PlanAction) -> &[Change] {
    match action {
        PlanAction::Create { changes, .. } | PlanAction::Update { changes, .. } => changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::fixtures::{d, draft, reference};

    fn stored(id: i64, code: &str, title: &str) -> StoredMilestone {
        StoredMilestone {
            id,
            version: 3,
            code: Some(code.into()),
            draft: draft(title),
        }
    }

    fn sheet(rows: &[&[&str]]) -> PlanSheet {
        let grid: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        parse(&grid, 1).unwrap()
    }

    const HEAD: &[&str] = &[
        "编码",
        "阶段",
        "支柱",
        "领域",
        "责任单位",
        "里程碑名称",
        "开始日期",
        "完成日期",
        "权重",
        "完成进度(%)",
        "前置里程碑",
        "关联项目",
    ];

    fn plan_of(
        rows: &[&[&str]],
        milestones: &[StoredMilestone],
        edges: &[(i64, i64)],
    ) -> MilestonePlan {
        let reference = reference();
        let projects = [ProjectRef {
            id: 70,
            code: "2023-330000-65-01-000001".into(),
            name: "政务云".into(),
        }];
        let ctx = PlanContext {
            reference: &reference,
            milestones,
            projects: &projects,
            dependencies: edges,
            links: &[(1, 70)],
        };
        let mut all = vec![HEAD];
        all.extend_from_slice(rows);
        plan(&sheet(&all), &ctx, "plan.xlsx")
    }

    #[test]
    fn the_header_may_sit_below_a_title_and_use_other_words() {
        let found = sheet(&[
            &["示例县数字化改革计划"],
            &["序号", "任务名称", "牵头单位", "Due", "进度"],
            &["1", "政务云扩容", "县大数据中心", "2023/9/30", "40"],
            &["", "", "", "", ""],
        ]);
        assert_eq!(found.present, [Column::Unit, Column::Title, Column::Due]);
        assert_eq!(found.ignored, ["序号", "完成进度(%)"]);
        assert_eq!(found.rows.len(), 1);
        assert_eq!(found.rows[0].line, 3);
        assert_eq!(found.rows[0].get(Column::Title), Some("政务云扩容"));
        assert_eq!(found.rows[0].get(Column::Code), None);
    }

    #[test]
    fn an_exported_row_changes_nothing_and_an_edited_one_is_an_update() {
        let milestones = [
            stored(1, "YY-2023-001", "政务云扩容"),
            stored(2, "YY-2023-002", "云监控"),
        ];
        let same: &[&str] = &[
            "YY-2023-001",
            "一年起势",
            "一朵云",
            "",
            "县大数据中心",
            "政务云扩容",
            "2023-03-01",
            "2023-09-30",
            "2",
            "40",
            "",
            "2023-330000-65-01-000001",
        ];
        let plan = plan_of(&[same], &milestones, &[]);
        assert!(
            plan.preview.problems.is_empty(),
            "{:?}",
            plan.preview.problems
        );
        assert_eq!(plan.preview.unchanged, 1);
        assert!(plan.actions.is_empty());

        let edited: &[&str] = &[
            "yy-2023-2",
            "Momentum",
            "network",
            "",
            "县大数据中心",
            "云监控",
            "2023/4/1",
            "2023年10月31日",
            "5.0",
            "",
            "YY-2023-001",
            "政务云",
        ];
        let plan = plan_of(&[edited], &milestones, &[]);
        assert!(
            plan.preview.problems.is_empty(),
            "{:?}",
            plan.preview.problems
        );
        let [PlanAction::Update {
            id,
            version,
            draft: Some(draft),
            depends_on,
            projects,
            ..
        }] = plan.actions.as_slice()
        else {
            panic!("{:?}", plan.actions)
        };
        assert_eq!((*id, *version), (2, 3));
        assert_eq!(draft.pillar_id, 11);
        assert_eq!(
            (draft.start_date, draft.due_date, draft.weight),
            (d(2023, 4, 1), d(2023, 10, 31), 5)
        );
        assert_eq!(depends_on.added, [1]);
        assert_eq!(projects.added, [70]);
        let fields: Vec<&str> = plan.preview.updates[0]
            .changes
            .iter()
            .map(|c| c.0.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "pillar",
                "start_date",
                "due_date",
                "weight",
                "depends_on",
                "projects"
            ]
        );
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let milestones = [stored(1, "YY-2023-001", "政务云扩容")];
        let bad: &[&str] = &[
            "",
            "第九阶段",
            "一朵云",
            "",
            "县不存在局",
            "新任务",
            "2023-02-30",
            "2023-09-30",
            "很重",
            "",
            "YY-2023-999",
            "无此项目",
        ];
        let unknown_code: &[&str] = &[
            "YY-2023-404",
            "一年起势",
            "一朵云",
            "",
            "县大数据中心",
            "某任务",
            "2023-03-01",
            "2023-09-30",
            "1",
            "",
            "",
            "",
        ];
        let plan = plan_of(&[bad, unknown_code], &milestones, &[]);
        let found: Vec<(usize, &str)> = plan
            .preview
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "阶段"),
                (2, "责任单位"),
                (2, "开始日期"),
                (2, "权重"),
                (2, "前置里程碑"),
                (2, "关联项目"),
                (3, "编码"),
            ]
        );
        assert!(matches!(
            &plan.preview.problems[0].problem,
            Problem::UnknownName { label: Label::Phase, value, .. } if value == "第九阶段"
        ));
        assert!(plan.actions.is_empty());
    }

    #[test]
    fn a_cycle_the_file_closes_with_the_database_is_refused() {
        // 2 depends on 1 in the database; the file makes 1 depend on 2.
        let milestones = [
            stored(1, "YY-2023-001", "甲"),
            stored(2, "YY-2023-002", "乙"),
        ];
        let row: &[&str] = &[
            "YY-2023-001",
            "一年起势",
            "一朵云",
            "",
            "县大数据中心",
            "甲",
            "2023-03-01",
            "2023-09-30",
            "2",
            "",
            "YY-2023-002",
            "2023-330000-65-01-000001",
        ];
        let plan = plan_of(&[row], &milestones, &[(2, 1)]);
        assert_eq!(plan.preview.problems.len(), 1);
        assert_eq!(plan.preview.problems[0].column, "前置里程碑");
        assert_eq!(
            plan.preview.problems[0].problem,
            Problem::DependencyCycle {
                other: "YY-2023-002".into()
            }
        );
        // The same file with the database's edge removed by the file itself is fine.
        let other: &[&str] = &[
            "YY-2023-002",
            "一年起势",
            "一朵云",
            "",
            "县大数据中心",
            "乙",
            "2023-03-01",
            "2023-09-30",
            "2",
            "",
            "",
            "",
        ];
        let plan = plan_of(&[row, other], &milestones, &[(2, 1)]);
        assert!(
            plan.preview.problems.is_empty(),
            "{:?}",
            plan.preview.problems
        );
        assert_eq!(plan.actions.len(), 2);
    }

    #[test]
    fn new_rows_are_created_once() {
        let new: &[&str] = &[
            "",
            "一年起势",
            "一朵云",
            "数字政府",
            "县大数据中心",
            "新任务",
            "2023-05-01",
            "2023-06-30",
            "1",
            "",
            "",
            "",
        ];
        let plan = plan_of(&[new, new], &[], &[]);
        assert_eq!(plan.preview.creates.len(), 1);
        assert_eq!(
            plan.preview.problems[0].problem,
            Problem::DuplicateRow {
                first_row: 2,
                key: DuplicateKey::TitleAndUnit
            }
        );
    }
}

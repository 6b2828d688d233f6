//! The reporting commands of the CLI: `export`, `import`, `period lock|list`. They call the same
//! app functions as the web pages, so the files and checks are the same.

use std::io::Write;

use app::db::report;
use app::db::{queries, users, Db};
use app::domain::model::ProjectStatus;
use app::domain::period::Period;
use app::domain::problem::Label;
use app::domain::report_sheet::Grouping;
use app::domain::status::Status;
use app::i18n::cli::Say;
use app::model::{CurrentUser, ImportStage, MilestoneFilter, ProjectFilter};
use app::reporting::import::{self, ImportOptions};
use app::reporting::{self, CsvEncoding, ExportRequest, Format};
use chrono::NaiveDate;

use crate::cli::{ExportArgs, FormatArg, GroupArg, ImportArgs, MilestonesCommand, PeriodCommand};

#[derive(Debug, thiserror::Error)]
pub enum ReportCliError {
    #[error(transparent)]
    Db(#[from] app::db::DbError),
    #[error(transparent)]
    Export(#[from] reporting::ExportError),
    #[error(transparent)]
    Import(#[from] import::ImportError),
    #[error(transparent)]
    Period(#[from] app::domain::period::PeriodError),
    /// An argument the command cannot use, said in the user's language.
    #[error("{0}")]
    Invalid(String),
    #[error("{}", Say::FileFailed { path, error: source })]
    File {
        path: String,
        source: std::io::Error,
    },
}

/// A pillar or unit named on the command line, by name or number.
fn pick(what: Label, given: &str, known: &[(i64, &str)]) -> Result<i64, ReportCliError> {
    let given = given.trim();
    known
        .iter()
        .find(|(id, name)| *name == given || id.to_string() == given)
        .map(|(id, _)| *id)
        .ok_or_else(|| {
            let names: Vec<&str> = known.iter().map(|(_, n)| *n).take(12).collect();
            ReportCliError::Invalid(
                Say::NoSuchChoice {
                    what,
                    given,
                    choices: &names,
                }
                .to_string(),
            )
        })
}

/// The names a command line may give for phases, pillars and units, with their ids.
struct Choices<'a> {
    phases: Vec<(i64, &'a str)>,
    pillars: Vec<(i64, &'a str)>,
    units: Vec<(i64, &'a str)>,
}

impl<'a> Choices<'a> {
    fn of(reference: &'a app::model::ReferenceData) -> Choices<'a> {
        Choices {
            phases: reference
                .phases
                .iter()
                .map(|p| (p.id, p.name_zh.as_str()))
                .collect(),
            pillars: reference
                .pillars
                .iter()
                .map(|p| (p.id, p.name_zh.as_str()))
                .collect(),
            units: reference
                .units
                .iter()
                .map(|u| (u.id, u.name.as_str()))
                .collect(),
        }
    }
}

pub async fn export(db: &Db, args: ExportArgs, today: NaiveDate) -> Result<(), ReportCliError> {
    let reference = queries::reference_data(db).await?;
    let Choices { pillars, units, .. } = Choices::of(&reference);
    let filter = ProjectFilter {
        kind: args.kind.map(Into::into),
        pillar: args
            .pillar
            .as_deref()
            .map(|p| pick(Label::Pillar, p, &pillars))
            .transpose()?,
        unit: args
            .unit
            .as_deref()
            .map(|u| pick(Label::BuildUnit, u, &units))
            .transpose()?,
        status: args
            .status
            .as_deref()
            .map(|s| {
                ProjectStatus::from_code(s.trim()).ok_or_else(|| {
                    ReportCliError::Invalid(Say::UnknownProjectStatus(s).to_string())
                })
            })
            .transpose()?,
        year: args.year.map(app::model::PlanYear),
        archived: args.archived,
        ..ProjectFilter::default()
    };
    let request = ExportRequest {
        filter,
        grouping: match args.group {
            GroupArg::Construction => Grouping::Construction,
            GroupArg::Pillar => Grouping::Pillar,
        },
        period: args.period.as_deref().map(Period::parse).transpose()?,
        format: match args.format {
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Csv if args.gbk => Format::Csv(CsvEncoding::Gbk),
            FormatArg::Csv => Format::Csv(CsvEncoding::Utf8Bom),
        },
    };
    let path = args.out.display().to_string();
    let file_error = |source| ReportCliError::File {
        path: path.clone(),
        source,
    };
    let partial = partial_path(&args.out);
    let out = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(file_error)?);
    let written = match reporting::export_to(db, &request, today, out).await {
        Ok((summary, out)) => out
            .into_inner()
            .map_err(|e| file_error(e.into_error()))
            .and_then(|file| file.sync_all().map_err(file_error))
            .and_then(|()| std::fs::rename(&partial, &args.out).map_err(file_error))
            .map(|()| summary),
        Err(e) => Err(e.into()),
    };
    let summary = written.inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    println!(
        "{}",
        Say::Exported {
            projects: summary.project_ids.len(),
            path: &args.out.display(),
            total: &summary.total_investment,
        }
    );
    if let Some(batch) = args
        .record_batch
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        reporting::record_report(db, &request, &summary, batch, (None, &args.by), today).await?;
        println!("{}", Say::BatchRecorded(batch));
    }
    Ok(())
}

pub async fn import(db: &Db, args: ImportArgs, today: NaiveDate) -> Result<(), ReportCliError> {
    let bytes = read_limited(&args.file)?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let options = ImportOptions {
        new_project_kind: args.kind.into(),
        today,
    };
    let progress = show_progress;
    let plan = import::plan(db, &name, &bytes, options, &progress).await?;
    let preview = &plan.preview;
    println!("{}", Say::Preview(preview));
    if args.dry_run {
        println!("{}", Say::DryRun);
        return Ok(());
    }
    if !preview.problems.is_empty() {
        return Err(import::ImportError::HasProblems(preview.problems.len()).into());
    }
    if !preview.can_commit() {
        println!("{}", Say::NothingToWrite);
        return Ok(());
    }
    let actor = cli_user(db, &args.by).await?;
    // Written straight after the check, so the plan just shown is the one applied.
    let outcome = import::apply(db, Some(&actor), plan, &progress).await?;
    println!(
        "{}",
        Say::Imported {
            created: outcome.created,
            updated: outcome.updated,
            unchanged: outcome.unchanged,
        }
    );
    Ok(())
}

/// Where an export is written before it is complete: next to the target, renamed when done,
/// so a failed export leaves no half file.
fn partial_path(out: &std::path::Path) -> std::path::PathBuf {
    let mut partial = out.to_path_buf().into_os_string();
    partial.push(".part");
    std::path::PathBuf::from(partial)
}

/// The progress of a large import on standard error.
fn show_progress(stage: ImportStage, done: usize, of: usize) {
    if of >= 2000 {
        eprint!("\r{}", Say::Progress { stage, done, of });
        if done == of {
            eprintln!();
        }
        let _ = std::io::stderr().flush();
    }
}

/// `roadmap milestones export|import`: the milestone plan as a file, as the milestone list's
/// export and import write and read it.
pub async fn milestones(
    db: &Db,
    command: MilestonesCommand,
    today: NaiveDate,
) -> Result<(), ReportCliError> {
    match command {
        MilestonesCommand::Export {
            format,
            gbk,
            out,
            phase,
            pillar,
            unit,
            status,
        } => {
            let reference = queries::reference_data(db).await?;
            let Choices {
                phases,
                pillars,
                units,
            } = Choices::of(&reference);
            let pick_in = |what, given: Option<String>, known: &[(i64, &str)]| {
                given.map(|g| pick(what, &g, known)).transpose()
            };
            let filter = MilestoneFilter {
                phase: pick_in(Label::Phase, phase, &phases)?,
                pillar: pick_in(Label::Pillar, pillar, &pillars)?,
                unit: pick_in(Label::OwnerUnit, unit, &units)?,
                status: status
                    .as_deref()
                    .map(|s| {
                        Status::from_code(s.trim()).ok_or_else(|| {
                            ReportCliError::Invalid(Say::UnknownMilestoneStatus(s).to_string())
                        })
                    })
                    .transpose()?,
                ..MilestoneFilter::default()
            };
            let format = match format {
                FormatArg::Xlsx => Format::Xlsx,
                FormatArg::Csv if gbk => Format::Csv(CsvEncoding::Gbk),
                FormatArg::Csv => Format::Csv(CsvEncoding::Utf8Bom),
            };
            let locale = app::i18n::Locale::process();
            let (bytes, milestones) =
                reporting::plan_file::export(db, &filter, format, today, locale).await?;
            let file_error = |source| ReportCliError::File {
                path: out.display().to_string(),
                source,
            };
            let partial = partial_path(&out);
            let written = std::fs::write(&partial, &bytes)
                .and_then(|()| std::fs::rename(&partial, &out))
                .map_err(file_error);
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            written?;
            println!(
                "{}",
                Say::PlanExported {
                    milestones,
                    path: &out.display(),
                }
            );
            Ok(())
        }
        MilestonesCommand::Import { file, dry_run, by } => {
            let bytes = read_limited(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let plan = reporting::plan_file::plan(db, &name, &bytes).await?;
            let preview = &plan.preview;
            println!("{}", Say::Preview(preview));
            if dry_run {
                println!("{}", Say::DryRun);
                return Ok(());
            }
            if !preview.problems.is_empty() {
                return Err(import::ImportError::HasProblems(preview.problems.len()).into());
            }
            if !preview.can_commit() {
                println!("{}", Say::NothingToWrite);
                return Ok(());
            }
            let actor = cli_user(db, &by).await?;
            let outcome =
                reporting::plan_file::apply(db, Some(&actor), plan, &show_progress).await?;
            println!(
                "{}",
                Say::Imported {
                    created: outcome.created,
                    updated: outcome.updated,
                    unchanged: outcome.unchanged,
                }
            );
            Ok(())
        }
    }
}

/// Reads at most the import limit, so a huge file is refused without loading it whole.
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, ReportCliError> {
    use std::io::Read;
    let file_error = |source| ReportCliError::File {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(file_error)?;
    let mut bytes = Vec::new();
    file.take(import::MAX_IMPORT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(file_error)?;
    Ok(bytes)
}

/// The account a CLI change is recorded under.
pub(crate) async fn cli_user(db: &Db, username: &str) -> Result<CurrentUser, ReportCliError> {
    let (id, _, role) = users::credentials(db, username)
        .await?
        .ok_or_else(|| ReportCliError::Invalid(Say::NoSuchCliUser(username).to_string()))?;
    Ok(CurrentUser {
        id,
        username: username.to_string(),
        display_name: String::new(),
        role,
        duties: app::db::sessions::duties(db).await?,
    })
}

pub async fn period(db: &Db, command: PeriodCommand) -> Result<(), ReportCliError> {
    match command {
        PeriodCommand::Lock { period, by } => {
            let period = Period::parse(&period)?;
            if report::lock_period(db, period, chrono::Utc::now().timestamp(), &by).await? {
                println!("{}", Say::PeriodLocked(period));
            } else {
                println!("{}", Say::PeriodWasLocked(period));
            }
        }
        PeriodCommand::List => {
            let periods = report::locked_periods(db).await?;
            if periods.is_empty() {
                println!("{}", Say::NoLockedPeriods);
            }
            for p in periods {
                let line = Say::LockedPeriod {
                    period: p.period,
                    projects: p.project_count,
                    by: &p.locked_by,
                    at: p.locked_at,
                };
                println!("{line}");
            }
        }
    }
    Ok(())
}

//! The reporting commands of the CLI: `export`, `import`, `period lock|list`. They call the same
//! app functions as the web pages, so the files and checks are the same.

use std::io::Write;

use app::db::report;
use app::db::{queries, users, Db};
use app::domain::dates::zh_datetime;
use app::domain::model::ProjectStatus;
use app::domain::period::Period;
use app::domain::report_sheet::Grouping;
use app::model::{CurrentUser, ImportPreview, ProjectFilter};
use app::reporting::import::{self, ImportOptions};
use app::reporting::{self, CsvEncoding, ExportRequest, Format};
use chrono::NaiveDate;

use crate::cli::{ExportArgs, FormatArg, GroupArg, ImportArgs, PeriodCommand};

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
    #[error("{0}")]
    Invalid(String),
    #[error("无法读写文件 {path}：{source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

/// A pillar or unit named on the command line, by name or number.
fn pick(what: &str, given: &str, known: &[(i64, &str)]) -> Result<i64, ReportCliError> {
    let given = given.trim();
    known
        .iter()
        .find(|(id, name)| *name == given || id.to_string() == given)
        .map(|(id, _)| *id)
        .ok_or_else(|| {
            let names: Vec<&str> = known.iter().map(|(_, n)| *n).take(12).collect();
            ReportCliError::Invalid(format!("{what}“{given}”不存在；可选：{}", names.join("、")))
        })
}

pub async fn export(db: &Db, args: ExportArgs, today: NaiveDate) -> Result<(), ReportCliError> {
    let reference = queries::reference_data(db).await?;
    let pillars: Vec<(i64, &str)> = reference
        .pillars
        .iter()
        .map(|p| (p.id, p.name_zh.as_str()))
        .collect();
    let units: Vec<(i64, &str)> = reference
        .units
        .iter()
        .map(|u| (u.id, u.name.as_str()))
        .collect();
    let filter = ProjectFilter {
        kind: args.kind.map(Into::into),
        pillar: args
            .pillar
            .as_deref()
            .map(|p| pick("支柱", p, &pillars))
            .transpose()?,
        unit: args
            .unit
            .as_deref()
            .map(|u| pick("单位", u, &units))
            .transpose()?,
        status: args
            .status
            .as_deref()
            .map(|s| {
                ProjectStatus::from_code(s.trim()).ok_or_else(|| {
                    ReportCliError::Invalid(format!(
                        "项目状态“{s}”无法识别；可选：preparing、in_progress、completed、suspended"
                    ))
                })
            })
            .transpose()?,
        year: args.year,
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
    // Written next to the target and renamed when complete: a failed export leaves no half file.
    let mut partial = args.out.clone().into_os_string();
    partial.push(".part");
    let partial = std::path::PathBuf::from(partial);
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
        "已导出 {} 个项目到 {}（总投资合计 {} 万元）",
        summary.project_ids.len(),
        args.out.display(),
        summary.total_investment
    );
    if let Some(batch) = args
        .record_batch
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        reporting::record_report(db, &request, &summary, batch, (None, &args.by), today).await?;
        println!("已记录为上报批次“{batch}”");
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
    let progress = |stage: &str, done: usize, of: usize| {
        if of >= 2000 {
            eprint!("\r{stage}：{done}/{of} 行");
            if done == of {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    };
    let plan = import::plan(db, &name, &bytes, options, &progress).await?;
    let preview = &plan.preview;
    print_preview(preview);
    if args.dry_run {
        println!("（试运行：未写入任何数据）");
        return Ok(());
    }
    if !preview.problems.is_empty() {
        return Err(import::ImportError::HasProblems(preview.problems.len()).into());
    }
    if !preview.can_commit() {
        println!("没有需要写入的变更");
        return Ok(());
    }
    let actor = cli_user(db, &args.by).await?;
    // Written straight after the check, so the plan just shown is the one applied.
    let outcome = import::apply(db, Some(&actor), plan, &progress).await?;
    println!(
        "导入完成：新建 {} 个，更新 {} 个，未变 {} 个",
        outcome.created, outcome.updated, outcome.unchanged
    );
    Ok(())
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

fn print_preview(p: &ImportPreview) {
    println!(
        "文件 {}：{} 行项目（本年 = {} 年）：新建 {}，更新 {}，未变 {}，问题 {}",
        p.file_name,
        p.row_count,
        p.year,
        p.creates.len(),
        p.updates.len(),
        p.unchanged,
        p.problems.len()
    );
    if !p.ignored_columns.is_empty() {
        println!("已忽略模板以外的列：{}", p.ignored_columns.join("、"));
    }
    for row in p.creates.iter().take(20) {
        println!("  新建 第 {} 行 {}", row.row, row.name);
    }
    for row in p.updates.iter().take(20) {
        let fields: Vec<String> = row
            .changes
            .iter()
            .map(|(field, old, new)| format!("{field}：{old} → {new}"))
            .collect();
        println!(
            "  更新 第 {} 行 {}：{}",
            row.row,
            row.name,
            fields.join("；")
        );
    }
    for problem in p.problems.iter().take(200) {
        let column = if problem.column.is_empty() {
            String::new()
        } else {
            format!("“{}”列", problem.column)
        };
        println!("  问题 第 {} 行{column}：{}", problem.row, problem.message);
    }
    if p.problems.len() > 200 {
        println!("  ……另有 {} 处问题", p.problems.len() - 200);
    }
}

/// The account a CLI change is recorded under.
async fn cli_user(db: &Db, username: &str) -> Result<CurrentUser, ReportCliError> {
    let (id, _, role) = users::credentials(db, username).await?.ok_or_else(|| {
        ReportCliError::Invalid(format!(
            "用户“{username}”不存在或已停用；请用 --by 指定一名规划员或管理员"
        ))
    })?;
    Ok(CurrentUser {
        id,
        username: username.to_string(),
        display_name: String::new(),
        role,
    })
}

pub async fn period(db: &Db, command: PeriodCommand) -> Result<(), ReportCliError> {
    match command {
        PeriodCommand::Lock { period, by } => {
            let period = Period::parse(&period)?;
            if report::lock_period(db, period, chrono::Utc::now().timestamp(), &by).await? {
                println!("已锁定报告期 {}，其数据已保存为基线", period.zh());
            } else {
                println!("报告期 {} 早已锁定，基线未改动", period.zh());
            }
        }
        PeriodCommand::List => {
            let periods = report::locked_periods(db).await?;
            if periods.is_empty() {
                println!("尚无锁定的报告期");
            }
            for p in periods {
                println!(
                    "{}  {} 个项目  {} 锁定于 {}",
                    p.period.code(),
                    p.project_count,
                    p.locked_by,
                    zh_datetime(p.locked_at)
                );
            }
        }
    }
    Ok(())
}

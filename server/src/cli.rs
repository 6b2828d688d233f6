//! Command line of the `roadmap` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::i18n::cli::Say;
use app::i18n::Locale;
use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Reads the command line. The language is settled first, from `--lang` or the environment,
/// so that everything the command says afterwards, clap's own "about" included, uses it.
pub fn parse() -> Cli {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, arg)| {
        arg.strip_prefix("--lang=").map(str::to_string).or_else(|| {
            (arg == "--lang")
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })
    });
    Locale::set_process(Locale::from_env(flag.as_deref()));
    let locale = Locale::process();
    let command = localized(Cli::command().about(Say::About.to_string()), locale, "");
    let matches = command.get_matches_from(&args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The command with every subcommand's and option's help in `locale` (`path` is the
/// subcommand's path, "" for the top).
fn localized(command: clap::Command, locale: Locale, path: &str) -> clap::Command {
    let command = match locale.cli_command_help(path) {
        Some(help) => command.about(help),
        None => command,
    };
    let command = command.mut_args(|arg| {
        let help = locale.cli_arg_help(path, arg.get_id().as_str());
        match help {
            Some(help) => arg.help(help),
            None => arg,
        }
    });
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    names.into_iter().fold(command, |command, name| {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command.mut_subcommand(name, |sub| localized(sub, locale, &sub_path))
    })
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/roadmap.db";

#[derive(Debug, Parser)]
#[command(name = "roadmap", version)]
pub struct Cli {
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,

    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    #[arg(long, global = true, env = "ROADMAP_TODAY")]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Serve(ServeArgs),
    Migrate,
    Seed(SeedArgs),
    #[command(subcommand)]
    User(UserCommand),
    Export(ExportArgs),
    Import(ImportArgs),
    #[command(subcommand)]
    Milestones(MilestonesCommand),
    Report(ReportArgs),
    #[command(subcommand)]
    Period(PeriodCommand),
    #[command(subcommand)]
    Round(RoundCommand),
    #[command(subcommand)]
    Reminders(RemindersCommand),
    Backup(BackupArgs),
    Restore(RestoreArgs),
    #[command(subcommand)]
    Audit(AuditCommand),
    #[command(subcommand)]
    Package(PackageCommand),
    #[command(subcommand)]
    Region(RegionCommand),
}

/// This county's signed 上报 packages.
#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// Shows (and on first use makes) the signing key; `--code` sets the 行政区划代码.
    Key {
        #[arg(long)]
        code: Option<String>,
    },
    Export {
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        with_evidence: bool,
        #[command(flatten)]
        files: FileArgs,
    },
    Push {
        #[arg(long)]
        period: String,
        #[arg(long, requires = "token")]
        to: Option<String>,
        #[arg(long, requires = "to")]
        token: Option<String>,
        #[arg(long)]
        with_evidence: bool,
        #[command(flatten)]
        files: FileArgs,
    },
}

/// Upstream: the counties reporting here and their packages.
#[derive(Debug, Subcommand)]
pub enum RegionCommand {
    #[command(subcommand)]
    County(CountyCommand),
    Import {
        file: PathBuf,
        #[arg(long, default_value = "admin")]
        by: String,
    },
    Sheet {
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        name: Option<String>,
    },
    /// Signed packages of synthetic counties, for the region benchmark.
    Synthetic {
        #[arg(long, default_value_t = 100)]
        counties: usize,
        #[arg(long, default_value_t = 10_000)]
        projects: usize,
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum CountyCommand {
    Add {
        name: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        key: String,
    },
    Token {
        code: String,
    },
    List,
}

/// The security audit log.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Checks the hash chain; fails, naming the first broken record, if it does not hold.
    Verify,
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        action: Option<String>,
    },
}

/// `roadmap backup --out FILE`: while the server runs.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub files: FileArgs,
}

/// `roadmap restore FILE [--force]`: with the servers stopped.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub files: FileArgs,
}

#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// One pass of the schedule: today's reminders (if not sent yet) and the delivery queue.
    Run {
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=30))]
        days_before: u32,
        #[command(flatten)]
        mail: MailArgs,
    },
}

/// The SMTP server that e-mail channels go out through; without it they cannot be used.
#[derive(Debug, Args)]
pub struct MailArgs {
    #[arg(long, env = "ROADMAP_SMTP_URL", requires = "smtp_from")]
    pub smtp_url: Option<String>,

    #[arg(long, env = "ROADMAP_SMTP_FROM", requires = "smtp_url")]
    pub smtp_from: Option<String>,
}

impl MailArgs {
    pub fn mailer(
        &self,
    ) -> Result<Option<app::notify::email::Mailer>, app::notify::email::MailerError> {
        match (&self.smtp_url, &self.smtp_from) {
            (Some(url), Some(from)) => app::notify::email::Mailer::new(url, from).map(Some),
            _ => Ok(None),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    Open {
        month: String,
        #[arg(long)]
        due: String,
        #[arg(long = "unit")]
        units: Vec<String>,
        #[arg(long, default_value = "admin")]
        by: String,
    },
    Status {
        month: String,
    },
    Close {
        month: String,
        #[arg(long, default_value = "admin")]
        by: String,
    },
    Remind {
        month: String,
        #[arg(long, default_value = "admin")]
        by: String,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: FormatArg,
    #[arg(long)]
    pub gbk: bool,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    #[arg(long)]
    pub pillar: Option<String>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_parser = clap::value_parser!(i32).range(app::model::PlanYear::FIRST as i64..=app::model::PlanYear::LAST as i64))]
    pub year: Option<i32>,
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long, value_enum, default_value = "construction")]
    pub group: GroupArg,
    #[arg(long)]
    pub record_batch: Option<String>,
    #[arg(long)]
    pub archived: bool,
    #[arg(long, default_value = "cli")]
    pub by: String,
}

/// `roadmap report --from 2026-01-01 --to 2026-06-30 --out FILE.docx [--pdf]`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long)]
    pub from: NaiveDate,
    #[arg(long)]
    pub to: NaiveDate,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long)]
    pub pdf: bool,
    #[arg(long, value_enum, default_value = "summary")]
    pub kind: ReportKindArg,
    /// Who the report page's history names as having made it.
    #[arg(long, default_value = "cli")]
    pub by: String,
    #[command(flatten)]
    pub files: FileArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportKindArg {
    /// The 工作总结.
    Summary,
    /// The unit ranking 通报.
    Ranking,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value = "major")]
    pub kind: KindArg,
    #[arg(long, default_value = "admin")]
    pub by: String,
}

/// The milestone plan as a spreadsheet.
#[derive(Debug, Subcommand)]
pub enum MilestonesCommand {
    Export {
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        gbk: bool,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        phase: Option<String>,
        #[arg(long)]
        pillar: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long, default_value = "admin")]
        by: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    Lock {
        period: String,
        #[arg(long, default_value = "cli")]
        by: String,
    },
    List,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Xlsx,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Major,
    Information,
}

impl From<KindArg> for app::domain::model::ProjectKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Major => app::domain::model::ProjectKind::Major,
            KindArg::Information => app::domain::model::ProjectKind::Information,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GroupArg {
    Construction,
    Pillar,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, env = "ROADMAP_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    #[arg(long, env = "ROADMAP_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    #[arg(long, env = "ROADMAP_SESSION_IDLE_MINUTES", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=10080))]
    pub session_idle_minutes: u32,

    #[arg(long, env = "ROADMAP_EVIDENCE_MAX_MB", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub evidence_max_mb: u32,

    #[arg(long, env = "ROADMAP_REMIND_DAYS_BEFORE", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=30))]
    pub remind_days_before: u32,

    #[command(flatten)]
    pub files: FileArgs,

    #[command(flatten)]
    pub mail: MailArgs,

    #[arg(long, env = "ROADMAP_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,

    #[arg(long, env = "ROADMAP_BACKUP_EVERY", default_value = "24h", value_parser = backup_interval)]
    pub backup_every: i64,

    #[arg(long, env = "ROADMAP_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub backup_keep: u32,

    #[arg(long, env = "ROADMAP_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    #[arg(long, env = "ROADMAP_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl ServeArgs {
    /// The backup schedule, when `--backup-dir` asks for one.
    pub fn backup_schedule(&self) -> Option<app::backup::schedule::BackupSchedule> {
        self.backup_dir
            .clone()
            .map(|dir| app::backup::schedule::BackupSchedule {
                dir,
                every_seconds: self.backup_every,
                keep: self.backup_keep as usize,
            })
    }
}

/// `--backup-every`: `30m`, `6h`, `24h`, `7d`.
fn backup_interval(text: &str) -> Result<i64, String> {
    app::backup::schedule::parse_every(text)
        .ok_or_else(|| app::i18n::backup::BackupSay::BadInterval(text).to_string())
}

/// Where evidence files and generated reports are kept: the database unless a directory or an
/// S3-compatible store is named (the server and `roadmap report` must agree).
#[derive(Debug, Args)]
pub struct FileArgs {
    #[arg(long, env = "ROADMAP_EVIDENCE_DIR", conflicts_with = "evidence_s3")]
    pub evidence_dir: Option<PathBuf>,

    #[arg(long, env = "ROADMAP_EVIDENCE_S3")]
    pub evidence_s3: Option<String>,
}

impl FileArgs {
    /// Where new files go: the database unless a directory or S3 store is named.
    pub fn file_store(&self) -> Result<app::files::FileStore, app::files::FileStoreError> {
        match (&self.evidence_dir, &self.evidence_s3) {
            (Some(dir), _) => app::files::FileStore::directory(dir),
            (None, Some(url)) => app::files::FileStore::s3(url),
            (None, None) => Ok(app::files::FileStore::Database),
        }
    }
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[arg(
        long,
        required_unless_present = "synthetic",
        conflicts_with = "synthetic"
    )]
    pub sample: bool,

    #[arg(long)]
    pub synthetic: bool,

    #[arg(long, requires = "synthetic", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub projects: Option<u32>,

    // Smaller counties for the benchmarks' quick runs in CI; the help is in i18n/cli.rs.
    #[arg(long, requires = "synthetic", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub milestones: Option<u32>,

    #[arg(long, requires = "synthetic", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub updates: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long = "unit")]
        units: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Planner,
    Liaison,
    Admin,
    SecurityAdmin,
    AuditAdmin,
}

impl From<RoleArg> for app::domain::model::Role {
    fn from(r: RoleArg) -> Self {
        use app::domain::model::Role;
        match r {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Planner => Role::Planner,
            RoleArg::Liaison => Role::Liaison,
            RoleArg::Admin => Role::Admin,
            RoleArg::SecurityAdmin => Role::SecurityAdmin,
            RoleArg::AuditAdmin => Role::AuditAdmin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand and option is explained in both languages: a new one without its
    /// words in `i18n::cli` fails here rather than showing an empty help.
    #[test]
    fn every_command_and_option_has_help_in_both_languages() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for locale in [Locale::Zh, Locale::En] {
                if !path.is_empty() && locale.cli_command_help(path).is_none() {
                    missing.push(format!("{locale:?} command `{path}`"));
                }
                for arg in command.get_arguments() {
                    let id = arg.get_id().as_str();
                    if !matches!(id, "help" | "version") && locale.cli_arg_help(path, id).is_none()
                    {
                        missing.push(format!("{locale:?} `{path}` --{id}"));
                    }
                }
            }
            for sub in command.get_subcommands() {
                let name = sub.get_name();
                let sub_path = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path} {name}")
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "help missing for: {missing:?}");
    }
}

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
    let matches = Cli::command()
        .about(Say::About.to_string())
        .get_matches_from(&args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/roadmap.db";

#[derive(Debug, Parser)]
#[command(name = "roadmap", version)]
pub struct Cli {
    /// Language of messages: zh (default) or en; without it, LANG / LC_ALL / LC_MESSAGES decide.
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,

    /// Database: sqlite://path/to/file.db (created when missing) or postgres://user:pass@host/db
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// Pretend today is this date (YYYY-MM-DD), for demonstrations and reproducible tests.
    #[arg(long, global = true, env = "ROADMAP_TODAY")]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (applies pending migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed(SeedArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Export the project registry in the provincial template (XLSX or CSV).
    Export(ExportArgs),
    /// Import a project list (XLSX or CSV, UTF-8 or GBK); checks everything before writing.
    Import(ImportArgs),
    /// Reporting periods: lock a month as a baseline, or list the locked ones.
    #[command(subcommand)]
    Period(PeriodCommand),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: FormatArg,
    /// CSV in GBK (GB18030) instead of UTF-8 with BOM.
    #[arg(long)]
    pub gbk: bool,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Pillar (五个一) by name, e.g. 一张网, or by number.
    #[arg(long)]
    pub pillar: Option<String>,
    /// 建设单位 by name or number.
    #[arg(long)]
    pub unit: Option<String>,
    /// Project status: preparing, in_progress, completed, suspended.
    #[arg(long)]
    pub status: Option<String>,
    /// Projects under construction in this year; also the year 本年 refers to.
    #[arg(long)]
    pub year: Option<i32>,
    /// Export the baseline of this locked period (YYYY-MM) instead of the live figures.
    #[arg(long)]
    pub period: Option<String>,
    /// Group rows by construction type (default) or by pillar.
    #[arg(long, value_enum, default_value = "construction")]
    pub group: GroupArg,
    /// Record the export as a report upward (上报) under this batch, e.g. "2026年11月第1批".
    #[arg(long)]
    pub record_batch: Option<String>,
    /// Who records the batch (a user name).
    #[arg(long, default_value = "cli")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The XLSX or CSV file.
    pub file: PathBuf,
    /// Only check and show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The kind given to rows that become new projects.
    #[arg(long, value_enum, default_value = "major")]
    pub kind: KindArg,
    /// The user the changes are recorded under (must be a planner or admin).
    #[arg(long, default_value = "admin")]
    pub by: String,
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Lock a month (YYYY-MM): keep its figures as a baseline and close its ledger.
    Lock {
        period: String,
        /// Who locks it (a user name).
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// List the locked periods.
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
    /// Address to listen on.
    #[arg(long, env = "ROADMAP_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Serve the site's files (pkg/ with wasm, js, css) from this folder, as `cargo leptos build`
    /// writes it, instead of the copy built into the binary. For development.
    #[arg(long, env = "ROADMAP_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    /// Sign a browser out after this many minutes without a request.
    #[arg(long, env = "ROADMAP_SESSION_IDLE_MINUTES", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=10080))]
    pub session_idle_minutes: u32,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Load the sample county programme (does nothing if the database already has a roadmap).
    #[arg(
        long,
        required_unless_present = "synthetic",
        conflicts_with = "synthetic"
    )]
    pub sample: bool,

    /// Load the sample, then generate a benchmark-size county on top of it: 10,000 projects,
    /// 50,000 milestones, 500,000 progress updates, the same on every run.
    #[arg(long)]
    pub synthetic: bool,

    /// With --synthetic: how many projects to generate instead of 10,000 (the CSV export
    /// benchmark uses 100,000).
    #[arg(long, requires = "synthetic", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub projects: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (or asked for on a terminal).
    Add {
        /// Sign-in name.
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Planner,
    Admin,
}

impl From<RoleArg> for app::domain::model::Role {
    fn from(r: RoleArg) -> Self {
        use app::domain::model::Role;
        match r {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Planner => Role::Planner,
            RoleArg::Admin => Role::Admin,
        }
    }
}

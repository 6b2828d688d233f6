//! Command line of the `roadmap` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/roadmap.db";

#[derive(Debug, Parser)]
#[command(
    name = "roadmap",
    version,
    about = "Roadmap：县域数字化转型路线图 (county digital-transformation roadmap)"
)]
pub struct Cli {
    /// Database: sqlite://path/to/file.db (created when missing) or postgres://user:pass@host/db
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

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
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ROADMAP_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Folder with the built site (pkg/ with wasm, js, css), as cargo-leptos writes it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Pretend today is this date (YYYY-MM-DD), for demonstrations and reproducible tests.
    #[arg(long, env = "ROADMAP_TODAY")]
    pub today: Option<NaiveDate>,

    /// Sign a browser out after this many minutes without a request.
    #[arg(long, env = "ROADMAP_SESSION_IDLE_MINUTES", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=10080))]
    pub session_idle_minutes: u32,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SeedArgs {
    /// Load the sample county programme (does nothing if the database already has a roadmap).
    #[arg(long)]
    pub sample: bool,

    /// Load the sample, then generate a benchmark-size county on top of it: 10,000 projects,
    /// 50,000 milestones, 500,000 progress updates, the same on every run.
    #[arg(long)]
    pub synthetic: bool,
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

//! `roadmap`: serves the county digital-transformation roadmap and administers its database.

mod audit;
mod auth;
mod cli;
mod evidence;
mod http;
mod listen;
mod region;
mod reports;
mod rounds;
mod scheduler;
mod security_headers;
mod site;
mod sqlite_memory;
mod tls;
mod work_report;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use app::audit::action as audit_action;
use app::db::{redact, seed, synthetic, users, Db, DbError};
use app::domain::dates::today_in_china;
use app::i18n::backup::BackupSay;
use app::i18n::cli::Say;
use app::i18n::security::ChainSay;
use app::model::ChainState;
use app::notify::schedule::ReminderSettings;
use app::state::ServerContext;
use chrono::NaiveDate;
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command, ServeArgs, UserCommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (the crate names no constant for it): how many
/// milliseconds freed memory is kept before it goes back to the OS.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the OS after a tenth of a second rather than mimalloc's default
/// second. A dashboard recompute frees tens of megabytes on several threads; during a reporting
/// round, changes land faster than a second apart and the server held all of it. At once (0)
/// would save a little more, but every request then faults its pages in again: a fifth fewer
/// dashboards a second. See BENCHMARKS.md (issue 15).
fn return_freed_memory_soon() {
    // SAFETY: sets one of mimalloc's global options (an atomic store); any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
}

/// No transparent huge pages for this process. mimalloc asks the kernel for them on its arena
/// (`madvise`), so a thread touching a few bytes of a fresh region made 2 MiB resident: with a
/// heap per thread, the server held 53 MB of huge pages after one dashboard, about half its
/// memory, and its peak under load went past 100 MB; without them, 80 MB at the same throughput
/// (BENCHMARKS.md, issue 15). The switch is the kernel's, for the whole process, and it is thrown
/// as the program loads, before mimalloc starts: thrown in `main`, the pages mimalloc had touched
/// by then kept their huge pages, 2–4 MB for the life of the server. It fails only on kernels
/// without it (before 3.15), where nothing changes.
extern "C" fn no_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE takes an integer flag and no pointers; it allocates
    // nothing, so it may run before the Rust runtime and the allocator have started.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

/// Runs [`no_transparent_huge_pages`] as the program loads, ahead of mimalloc's own start-up:
/// `.init_array` entries run in the order of their priority, and mimalloc's constructor has 101.
#[used]
#[link_section = ".init_array.00100"]
static BEFORE_THE_ALLOCATOR_STARTS: extern "C" fn() = no_transparent_huge_pages;

fn transparent_huge_pages_off() -> bool {
    // SAFETY: PR_GET_THP_DISABLE takes no arguments and returns the flag.
    unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1 }
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    User(#[from] users::UserError),
    #[error("{}", Say::BindFailed { addr, error: source })]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("{}", Say::ServeFailed(.0))]
    Serve(std::io::Error),
    #[error("{}", Say::PasswordUnreadable(.0))]
    Password(std::io::Error),
    #[error(transparent)]
    Report(#[from] reports::ReportCliError),
    #[error(transparent)]
    Round(#[from] rounds::RoundCliError),
    #[error(transparent)]
    Region(#[from] region::RegionCliError),
    #[error(transparent)]
    App(#[from] app::error::AppError),
    #[error(transparent)]
    MissingSite(#[from] site::MissingSite),
    #[error(transparent)]
    Mail(#[from] app::notify::email::MailerError),
    #[error(transparent)]
    Files(#[from] app::files::FileStoreError),
    #[error(transparent)]
    Backup(#[from] app::backup::BackupError),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error("{}", ChainSay::BrokenAt(*.0))]
    AuditBroken(i64),
    #[error("{}", Say::FileFailed { path, error: source })]
    File {
        path: String,
        source: std::io::Error,
    },
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    if !transparent_huge_pages_off() {
        tracing::debug!("transparent huge pages stay on: the kernel has no PR_SET_THP_DISABLE");
    }
    if let Err(code) = sqlite_memory::allocate_with_mimalloc() {
        tracing::warn!(code, "SQLite keeps the system allocator");
    }
    let cli = cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("roadmap: {}", Say::RuntimeFailed(&e));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("roadmap: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    // A restore checks the database it goes into before anything (a migration) changes it.
    if let Command::Restore(args) = &cli.command {
        return restore(&cli.database_url, args).await;
    }
    let db = Db::connect(&cli.database_url).await?;
    tracing::info!(database = %redact(&cli.database_url), backend = db.backend_name(), "connected");
    db.migrate().await?;
    let result = match cli.command {
        Command::Serve(args) => serve(db.clone(), &cli.database_url, args, cli.today).await,
        Command::Migrate => {
            println!(
                "{}",
                Say::Migrated {
                    backend: db.backend_name()
                }
            );
            Ok(())
        }
        Command::Seed(args) if args.synthetic => {
            let started = std::time::Instant::now();
            let size = synthetic::SyntheticSize {
                projects: args
                    .projects
                    .map_or(synthetic::BENCHMARK_SIZE.projects, |n| n as usize),
                milestones: args
                    .milestones
                    .map_or(synthetic::BENCHMARK_SIZE.milestones, |n| n as usize),
                progress_updates: args
                    .updates
                    .map_or(synthetic::BENCHMARK_SIZE.progress_updates, |n| n as usize),
            };
            if synthetic::seed_synthetic(&db, size).await? {
                let seconds = started.elapsed().as_secs_f64();
                println!("{}", Say::SyntheticSeeded { seconds });
            } else {
                println!("{}", Say::SyntheticPresent);
            }
            Ok(())
        }
        Command::Seed(_) => {
            if seed::seed_sample(&db).await? {
                println!("{}", Say::SampleSeeded);
            } else {
                println!("{}", Say::SamplePresent);
            }
            Ok(())
        }
        Command::Export(args) => {
            Ok(reports::export(&db, args, cli.today.unwrap_or_else(today_in_china)).await?)
        }
        Command::Import(args) => {
            Ok(reports::import(&db, args, cli.today.unwrap_or_else(today_in_china)).await?)
        }
        Command::Report(args) => {
            Ok(work_report::run(&db, args, cli.today.unwrap_or_else(today_in_china)).await?)
        }
        Command::Period(command) => Ok(reports::period(&db, command).await?),
        Command::Milestones(command) => {
            let today = cli.today.unwrap_or_else(today_in_china);
            Ok(reports::milestones(&db, command, today).await?)
        }
        Command::Round(command) => Ok(rounds::run(&db, command, cli.today).await?),
        Command::Package(command) => {
            let today = cli.today.unwrap_or_else(today_in_china);
            Ok(region::package(&db, command, today).await?)
        }
        Command::Region(command) => {
            let today = cli.today.unwrap_or_else(today_in_china);
            Ok(region::region(&db, command, today).await?)
        }
        Command::Reminders(cli::RemindersCommand::Run { days_before, mail }) => {
            let settings = ReminderSettings {
                days_before: i64::from(days_before),
            };
            let mailer = mail.mailer()?;
            let (sent, delivered) =
                scheduler::pass(&db, mailer.as_ref(), cli.today, settings).await?;
            println!("{}", Say::RemindersRan { sent, delivered });
            Ok(())
        }
        Command::Backup(args) => {
            let files = args.files.file_store()?;
            let manifest = app::backup::backup(&db, &cli.database_url, &files, &args.out).await?;
            record_cli_event(&db, audit_action::BACKUP, &args.out.display().to_string()).await;
            println!(
                "{}",
                BackupSay::Written {
                    path: &args.out.display(),
                    tables: manifest.tables.len(),
                    rows: manifest.total_rows(),
                    files: manifest.outside_files().count(),
                    schema_level: manifest.schema_level,
                }
            );
            Ok(())
        }
        Command::Restore(_) => unreachable!("restored before the database is opened"),
        Command::Audit(cli::AuditCommand::Verify) => {
            let checked = app::db::security_log::check_chain(&db).await?;
            match app::db::security_log::chain_state(checked) {
                ChainState::Intact(records) => {
                    println!("{}", ChainSay::Intact(records));
                    Ok(())
                }
                ChainState::BrokenAt(id) => Err(CliError::AuditBroken(id)),
            }
        }
        Command::Audit(cli::AuditCommand::Export {
            out,
            from,
            to,
            user,
            action,
        }) => {
            let filter = app::model::SecurityLogFilter {
                user,
                action,
                from,
                to,
                ..Default::default()
            };
            let file = std::fs::File::create(&out).map_err(|e| CliError::File {
                path: out.display().to_string(),
                source: e,
            })?;
            let locale = app::i18n::Locale::process();
            let records =
                app::audit::write_csv(&db, &filter, locale, std::io::BufWriter::new(file)).await?;
            record_cli_event(&db, audit_action::AUDIT_EXPORT, &out.display().to_string()).await;
            println!(
                "{}",
                ChainSay::Exported {
                    records,
                    path: out.display().to_string()
                }
            );
            Ok(())
        }
        Command::User(UserCommand::Add { name, role, units }) => {
            let units = users::unit_ids(&db, &units).await?;
            users::check_units(role.into(), &units)?;
            let password = read_password()?;
            let id = users::add_user(&db, &name, role.into(), &password, &units).await?;
            println!(
                "{}",
                Say::UserCreated {
                    username: &name,
                    id
                }
            );
            Ok(())
        }
    };
    db.close().await;
    result
}

async fn restore(database_url: &str, args: &cli::RestoreArgs) -> Result<(), CliError> {
    let files = args.files.file_store()?;
    let restored = app::backup::restore(database_url, &files, &args.file, args.force).await?;
    if let Some(previous) = &restored.previous {
        println!("{}", BackupSay::PreviousKept(&previous.display()));
    }
    let manifest = &restored.manifest;
    println!(
        "{}",
        BackupSay::Restored {
            from: &args.file.display(),
            created_at: &manifest.created_at,
            tables: manifest.tables.len(),
            rows: manifest.total_rows(),
            files: manifest.outside_files().count(),
        }
    );
    record_cli_event(
        &restored.db,
        audit_action::RESTORE,
        &args.file.display().to_string(),
    )
    .await;
    restored.db.close().await;
    Ok(())
}

/// Records a command run on the server itself in the security audit log, under the operating
/// system's user; the command has done its work whether or not the record can be written.
async fn record_cli_event(db: &Db, action: &'static str, target: &str) {
    let event = app::audit::AuditEvent {
        username: format!("cli:{}", std::env::var("USER").unwrap_or_default()),
        action,
        target: target.to_string(),
        outcome: app::audit::OK,
        address: "local".to_string(),
        detail: String::new(),
    };
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = app::db::security_log::append(db, &event, now).await {
        tracing::error!(error = %e, "cannot write the security audit log");
    }
}

/// The password from a prompt on a terminal, or the first line of standard input otherwise.
fn read_password() -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(Say::PasswordPrompt.to_string()).map_err(CliError::Password)
    } else {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(CliError::Password)?;
        Ok(input.lines().next().unwrap_or_default().to_string())
    }
}

async fn serve(
    db: Db,
    database_url: &str,
    args: ServeArgs,
    today: Option<NaiveDate>,
) -> Result<(), CliError> {
    let site = site::Site::open(args.site_root.clone()).await?;
    match &site.files {
        site::SiteFiles::Embedded => tracing::info!("site files: built into this binary"),
        site::SiteFiles::Directory(dir) => {
            tracing::info!(dir = %dir.display(), "site files: from a folder")
        }
    }
    let files = args.files.file_store()?;
    tracing::info!(store = files.name(), "evidence files: new ones kept in");
    let mailer = args.mail.mailer()?;
    match &mailer {
        Some(mailer) => tracing::info!(server = mailer.server(), "e-mail channels: on"),
        None => tracing::info!("e-mail channels: off (no --smtp-url)"),
    }
    let context = ServerContext {
        db,
        today_override: today,
        session_idle_seconds: i64::from(args.session_idle_minutes) * 60,
        cache: Default::default(),
        evidence_max_megabytes: args.evidence_max_mb as usize,
        files,
        mailer,
        backup_schedule: args.backup_schedule(),
    };
    if let Some(today) = today {
        tracing::warn!(%today, "today is fixed by --today / ROADMAP_TODAY");
    }
    // The first dashboard would otherwise read every milestone while its reader waits.
    let (cache, warm_db) = (context.cache.clone(), context.db.clone());
    tokio::spawn(async move {
        if let Err(e) = cache.warm(&warm_db).await {
            tracing::warn!(error = %e, "cannot read the milestones ahead of the first dashboard");
        }
    });
    let settings = ReminderSettings {
        days_before: i64::from(args.remind_days_before),
    };
    tokio::spawn(scheduler::run(
        context.db.clone(),
        context.mailer.clone(),
        today,
        settings,
    ));
    if let Some(schedule) = context.backup_schedule.clone() {
        tracing::info!(dir = %schedule.dir.display(), every_seconds = schedule.every_seconds, keep = schedule.keep, "scheduled backups: on");
        tokio::spawn(scheduler::backups(
            context.db.clone(),
            database_url.to_string(),
            context.files.clone(),
            schedule,
        ));
    }
    let state = http::AppState {
        leptos_options: http::leptos_options(args.addr, site.names.as_ref()),
        context,
        site,
    };
    let app = http::router(state);
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls::acceptor(cert, key)?),
        _ => None,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|source| CliError::Bind {
            addr: args.addr,
            source,
        })?;
    match tls {
        Some(_) => tracing::info!("{}", Say::StartedTls(&args.addr)),
        None => tracing::info!("{}", Say::Started(&args.addr)),
    }
    listen::serve(listener, app, tls, shutdown_signal())
        .await
        .map_err(CliError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_starts_without_transparent_huge_pages() {
        // Nothing here switched them off: the constructor did, as the test binary loaded.
        assert!(transparent_huge_pages_off());
    }

    /// The option set at start is the purge delay: of all mimalloc's options, only it defaults
    /// to 1,000 (ms). A renumbered option would otherwise be set silently to something else.
    #[test]
    fn the_option_set_at_start_is_mimallocs_purge_delay() {
        // SAFETY: reads one of mimalloc's global options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}

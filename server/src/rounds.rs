//! `roadmap round open|status|close|remind`: reporting rounds from the command line, through the
//! same service functions as the web pages, for scripting and tests.

use app::db::{rounds, Db};
use app::domain::dates::Clock;
use app::domain::period::Period;
use app::error::AppError;
use app::i18n::cli::Say;
use chrono::NaiveDate;

use crate::cli::RoundCommand;
use crate::reports::{cli_user, ReportCliError};

#[derive(Debug, thiserror::Error)]
pub enum RoundCliError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Db(#[from] app::db::DbError),
    #[error(transparent)]
    Cli(#[from] ReportCliError),
    #[error(transparent)]
    Period(#[from] app::domain::period::PeriodError),
    #[error("{}", Say::NoSuchRound(*.0))]
    NoSuchRound(Period),
}

async fn round_of(db: &Db, month: &str) -> Result<(i64, Period), RoundCliError> {
    let month = Period::parse(month)?;
    let id = rounds::id_of_month(db, month)
        .await?
        .ok_or(RoundCliError::NoSuchRound(month))?;
    Ok((id, month))
}

pub async fn run(
    db: &Db,
    command: RoundCommand,
    today: Option<NaiveDate>,
) -> Result<(), RoundCliError> {
    let clock = Clock::new(today);
    match command {
        RoundCommand::Open {
            month,
            due,
            units,
            by,
        } => {
            let actor = cli_user(db, &by).await?;
            let id = app::edit::rounds::open(db, Some(&actor), &month, &due, &units, clock).await?;
            let detail = app::edit::rounds::round_detail(db, Some(&actor), id, clock.today).await?;
            println!(
                "{}",
                Say::RoundOpened {
                    month: detail.round.month,
                    due: detail.round.due_date,
                    units: detail.units.len(),
                }
            );
        }
        RoundCommand::Status { month } => {
            let (id, _) = round_of(db, &month).await?;
            let detail = app::edit::rounds::round_detail(db, None, id, clock.today).await?;
            println!("{}", Say::RoundHeader(&detail.round));
            for unit in &detail.units {
                println!("{}", Say::RoundUnitLine(unit));
            }
        }
        RoundCommand::Close { month, by } => {
            let actor = cli_user(db, &by).await?;
            let (id, month) = round_of(db, &month).await?;
            app::edit::rounds::close(db, Some(&actor), id, clock).await?;
            println!("{}", Say::RoundClosed(month));
        }
        RoundCommand::Remind { month, by } => {
            let actor = cli_user(db, &by).await?;
            let (id, _) = round_of(db, &month).await?;
            let units = app::edit::rounds::remind(db, Some(&actor), id, clock).await?;
            println!("{}", Say::Reminded(units));
        }
    }
    Ok(())
}

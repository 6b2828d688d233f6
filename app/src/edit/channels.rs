//! Each unit's channels (group robots and e-mail), and upstream each registered county's, for
//! admins: list, add, remove, and a test that shows the robot's or the mail server's own answer.

use super::require;
use crate::db::channels::ChannelOwner;
use crate::db::{channels, journal, region, Db};
use crate::domain::access::Permission;
use crate::domain::dates::Clock;
use crate::domain::journal::Change;
use crate::domain::model::ChannelKind;
use crate::domain::problem::{Label, Problem};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{ChannelForm, ChannelsPage, CurrentUser};
use crate::notify::email::{parse_recipients, Mailer, MAX_RECIPIENTS};

const ENTITY: &str = "channel";

pub async fn page(
    db: &Db,
    actor: Option<&CurrentUser>,
    mailer: Option<&Mailer>,
) -> Result<ChannelsPage, AppError> {
    require(actor, Permission::Administer)?;
    let units = crate::db::queries::reference_data(db).await?.unit_names();
    Ok(ChannelsPage {
        channels: channels::all(db).await?,
        units,
        problems: channels::recent_problems(db).await?,
        queue: channels::queue_counts(db).await?,
        last_daily_run: channels::last_daily_run(db).await?,
        mail_server: mailer.map(|m| m.server().to_string()),
    })
}

/// Who may own a new channel: the units by id, the registered counties as (id, code).
struct Owners {
    units: Vec<i64>,
    counties: Vec<(i64, String)>,
}

/// The owner a form names: a county by its code when it names one, else a unit from the list.
fn owner(e: &mut FieldErrors, form: &ChannelForm, owners: &Owners) -> Option<ChannelOwner> {
    let code = form.county.trim();
    if !code.is_empty() {
        let county = owners.counties.iter().find(|(_, c)| c == code);
        if county.is_none() {
            e.add("county", Problem::Choose(Label::County));
        }
        return county.map(|(id, _)| ChannelOwner::County(*id));
    }
    let units = owners.units.iter().copied();
    let unit = e.optional_choice("unit", Label::OwnerUnit, &form.unit, units);
    if unit.is_none() && e.get("unit").is_none() {
        e.add("unit", Problem::Choose(Label::OwnerUnit));
    }
    unit.map(ChannelOwner::Unit)
}

/// Checks a new channel: a unit from the list or a registered county, a known kind, and an
/// http(s) webhook URL for a robot or the recipients' addresses for e-mail (which needs the
/// server's mail settings).
fn validate(
    form: &ChannelForm,
    owners: &Owners,
    mail_configured: bool,
) -> Result<(ChannelOwner, ChannelKind, String, String), FieldErrors> {
    let mut e = FieldErrors::default();
    let owner = owner(&mut e, form, owners);
    let kind = ChannelKind::from_code(form.kind.trim());
    if kind.is_none() {
        e.add("kind", Problem::Choose(Label::ChannelKind));
    }
    let url = e.required_text("url", Label::WebhookUrl, &form.url, 1000);
    let mut secret = e.optional_text("secret", Label::WebhookSecret, &form.secret, 200);
    if kind == Some(ChannelKind::Email) {
        if !mail_configured {
            e.add("kind", Problem::SmtpNotConfigured);
        }
        match parse_recipients(&url) {
            Err(address) => e.add("url", Problem::EmailAddress { address }),
            Ok(list) if list.len() > MAX_RECIPIENTS => e.add(
                "url",
                Problem::TooManyRecipients {
                    limit: MAX_RECIPIENTS,
                },
            ),
            Ok(_) => {}
        }
        // Mail is not signed; a secret typed by mistake is not kept.
        secret.clear();
    } else {
        let is_web_address = url.starts_with("https://") || url.starts_with("http://");
        if !url.is_empty() && !is_web_address {
            e.add("url", Problem::WebhookUrl);
        }
    }
    match (owner, kind) {
        (Some(owner), Some(kind)) => e.into_result((owner, kind, url, secret)),
        _ => Err(e),
    }
}

pub async fn add(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &ChannelForm,
    mailer: Option<&Mailer>,
    clock: Clock,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::Administer)?;
    let owners = Owners {
        units: crate::db::queries::reference_data(db)
            .await?
            .units
            .iter()
            .map(|u| u.id)
            .collect(),
        counties: region::counties(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.region_code))
            .collect(),
    };
    let (owner, kind, url, secret) = validate(form, &owners, mailer.is_some())?;
    let mut tx = db.begin().await?;
    let id = channels::insert(&mut tx, owner, kind, &url, &secret, clock.now).await?;
    let changes = [Change {
        field: "channel",
        old: String::new(),
        new: format!("{} {}", kind.code(), url),
    }];
    journal::record(&mut tx, actor, ENTITY, id, 0, "create", &changes).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete(db: &Db, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let channel = channels::get(db, id).await?.ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    if channels::delete(&mut tx, id).await? {
        let changes = [Change {
            field: "channel",
            old: format!("{} {}", channel.kind.code(), channel.url),
            new: String::new(),
        }];
        journal::record(&mut tx, actor, ENTITY, id, 0, "delete", &changes).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sends a test message now; returns the robot's or the mail server's answer, or refuses with it.
pub async fn test(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    mailer: Option<&Mailer>,
    clock: Clock,
) -> Result<String, AppError> {
    require(actor, Permission::Administer)?;
    let channel = channels::get(db, id).await?.ok_or(AppError::NotFound)?;
    let text = crate::i18n::Locale::process().channel_test(&channel.owner_name);
    crate::notify::send(&channel, mailer, &text, clock.now * 1000)
        .await
        .map_err(|answer| AppError::Refused(Problem::ChannelTestFailed { answer }))
}

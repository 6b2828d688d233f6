//! Reference data and accounts, for admins only: phases, pillar and domain names, units,
//! status thresholds, users. Every change is journalled like roadmap content.

use super::{require, require_any};
use crate::db::journal;
use crate::db::reference::{self, NamedTable};
use crate::db::tx::Tx;
use crate::db::users::{self, SetBy, UserError};
use crate::db::{queries, Db, OnUniqueViolation};
use crate::domain::access::{to_manage_account, Duties, Permission};
use crate::domain::journal::{created, diff, Change, Snapshot};
use crate::domain::model::Role;
use crate::domain::password_rules;
use crate::domain::reference_rules::{
    validate_names, validate_phases, validate_thresholds, validate_unit,
};
use crate::domain::validate::{FieldErrors, Label, Problem};
use crate::error::AppError;
use crate::model::{
    split_unit_names, AdminData, CurrentUser, NewUserForm, PhaseForm, UnitForm, UserRecord,
};

/// Everything the admin's reference-data page shows.
pub async fn admin_data(db: &Db, actor: Option<&CurrentUser>) -> Result<AdminData, AppError> {
    require_any(
        actor,
        &[Permission::Administer, Permission::AdministerSecurity],
    )?;
    let reference = queries::reference_data(db).await?;
    let users = users::all(db).await?;
    let mut bindings: std::collections::HashMap<i64, Vec<String>> = Default::default();
    for (user_id, unit) in users::all_unit_bindings(db).await? {
        bindings.entry(user_id).or_default().push(unit);
    }
    Ok(AdminData {
        reference,
        units: reference::units_with_uses(db).await?,
        users: users
            .into_iter()
            .filter_map(|(id, username, display_name, role, disabled)| {
                Role::from_code(&role).map(|role| UserRecord {
                    id,
                    username,
                    display_name,
                    role,
                    disabled,
                    units: bindings.remove(&id).unwrap_or_default(),
                })
            })
            .collect(),
        thresholds: queries::thresholds(db).await?,
    })
}

/// Saves the dates and names of all phases at once, so they never have gaps or overlaps.
pub async fn save_phases(
    db: &Db,
    actor: Option<&CurrentUser>,
    forms: &[PhaseForm],
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let reference = queries::reference_data(db).await?;
    let roadmap = reference.roadmap.as_ref().ok_or(AppError::NotFound)?;
    let existing: Vec<i64> = reference.phases.iter().map(|p| p.id).collect();
    let drafts = validate_phases(forms, &existing, (roadmap.start_year, roadmap.end_year))?;
    {
        let mut tx = db.begin().await?;
        for (order, draft) in drafts.iter().enumerate() {
            let Some(old) = reference.phases.iter().find(|p| p.id == draft.id) else {
                continue;
            };
            let snapshot = |zh: &str,
                            en: &str,
                            start: chrono::NaiveDate,
                            end: chrono::NaiveDate|
             -> Snapshot {
                vec![
                    ("name_zh", zh.to_string()),
                    ("name_en", en.to_string()),
                    ("start_date", start.to_string()),
                    ("end_date", end.to_string()),
                ]
            };
            let changes = diff(
                &snapshot(&old.name_zh, &old.name_en, old.start_date, old.end_date),
                &snapshot(
                    &draft.name_zh,
                    &draft.name_en,
                    draft.start_date,
                    draft.end_date,
                ),
            );
            let order = i32::try_from(order).unwrap_or(0);
            reference::update_phase(&mut tx, draft, order).await?;
            journal::record(&mut tx, actor, "phase", draft.id, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}

/// Renames a pillar or a domain.
pub async fn rename(
    db: &Db,
    actor: Option<&CurrentUser>,
    kind: &str,
    id: i64,
    name_zh: &str,
    name_en: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let table = match kind {
        "pillar" => NamedTable::Pillars,
        "domain" => NamedTable::Domains,
        _ => return Err(AppError::NotFound),
    };
    let (zh, en) = validate_names(name_zh, name_en)?;
    {
        let mut tx = db.begin().await?;
        let (old_zh, old_en) = reference::rename(&mut tx, table, id, &zh, &en)
            .await?
            .ok_or(AppError::NotFound)?;
        let changes = diff(
            &vec![("name_zh", old_zh), ("name_en", old_en)],
            &vec![("name_zh", zh.clone()), ("name_en", en.clone())],
        );
        journal::record(&mut tx, actor, kind, id, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// Saves the status thresholds (whole points behind 序时进度).
pub async fn save_thresholds(
    db: &Db,
    actor: Option<&CurrentUser>,
    yellow: &str,
    red: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let new = validate_thresholds(yellow, red)?;
    let old = queries::thresholds(db).await?;
    let as_snapshot = |t: &crate::domain::status::Thresholds| -> Snapshot {
        vec![
            ("yellow_points", format!("{}", t.yellow_points)),
            ("red_points", format!("{}", t.red_points)),
        ]
    };
    let changes = diff(&as_snapshot(&old), &as_snapshot(&new));
    {
        let mut tx = db.begin().await?;
        for (key, value) in [
            ("status.yellow_points", new.yellow_points),
            ("status.red_points", new.red_points),
        ] {
            reference::set_setting(&mut tx, key, &format!("{value}")).await?;
        }
        journal::record(&mut tx, actor, "settings", 0_i64, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

fn unit_snapshot(u: &UnitForm) -> Snapshot {
    vec![
        ("name", u.name.clone()),
        ("kind", u.kind.clone()),
        ("contact_name", u.contact_name.clone()),
        ("contact_phone", u.contact_phone.clone()),
    ]
}

fn name_taken(name: &str) -> AppError {
    FieldErrors::single(
        "name",
        Problem::UnitNameTaken {
            name: name.to_string(),
        },
    )
    .into()
}

/// Adds a unit; returns its id.
pub async fn add_unit(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &UnitForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::Administer)?;
    let unit = validate_unit(form)?;
    let changes = created(&unit_snapshot(&unit));
    let id = {
        let mut tx = db.begin().await?;
        let id = reference::insert_unit(&mut tx, &unit)
            .await
            .on_unique_violation(|| name_taken(&unit.name))?;
        journal::record(&mut tx, actor, "unit", id, 0_i64, "create", &changes).await?;
        tx.commit().await?;
        id
    };
    Ok(id)
}

pub async fn update_unit(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    form: &UnitForm,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let unit = validate_unit(form)?;
    {
        let mut tx = db.begin().await?;
        let old = reference::unit(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let changes = diff(&unit_snapshot(&old), &unit_snapshot(&unit));
        reference::update_unit(&mut tx, id, &unit)
            .await
            .on_unique_violation(|| name_taken(&unit.name))?;
        journal::record(&mut tx, actor, "unit", id, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// Deletes a unit that no milestone, project or problem names.
pub async fn delete_unit(db: &Db, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    {
        let mut tx = db.begin().await?;
        let (name, uses) = reference::unit_uses(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if uses > 0 {
            return Err(AppError::Refused(Problem::UnitInUse { name, uses }));
        }
        reference::delete_unit(&mut tx, id).await?;
        let changes = [Change {
            field: "name",
            old: name,
            new: String::new(),
        }];
        journal::record(&mut tx, actor, "unit", id, 0_i64, "delete", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// Opens an account with an initial password. The system administrator opens accounts for
/// the people using the programme, the security administrator those of administrators.
pub async fn add_user(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &NewUserForm,
) -> Result<i64, AppError> {
    let actor = require_any(
        actor,
        &[Permission::Administer, Permission::AdministerSecurity],
    )?;
    let mut e = FieldErrors::default();
    let display_name = e.optional_text("display_name", Label::DisplayName, &form.display_name, 50);
    let role = Role::from_code(form.role.trim());
    if role.is_none() {
        e.add("role", Problem::Choose(Label::Role));
    }
    e.into_result(())?;
    let role = role.ok_or(AppError::NotFound)?;
    require(Some(actor), to_manage_account(role))?;
    let unit_names = split_unit_names(&form.units);
    let units = users::unit_ids(db, &unit_names).await?;
    let account = users::new_account(&form.username, role, &form.password, &units).await?;
    // The account, its name and its journal row together, or none of them.
    let id = {
        let mut tx = db.begin().await?;
        let id = users::insert_account(&mut tx, &account).await?;
        users::set_display_name(&mut tx, id, &display_name).await?;
        let changes = created(&vec![
            ("username", form.username.trim().to_string()),
            ("display_name", display_name.clone()),
            ("role", role.code().to_string()),
            ("units", unit_names.join("、")),
        ]);
        journal::record(&mut tx, actor, "user", id, 0_i64, "create", &changes).await?;
        tx.commit().await?;
        id
    };
    Ok(id)
}

/// Changes an account's role or disables it, if the actor manages the account as it is and may
/// give it the role (see `domain::access::may_change_role`). Nobody can change their own role or disable themselves, and while
/// duties are separated each administrator's duty keeps an enabled account, so there is always
/// someone left to do it.
pub async fn update_user(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    role: &str,
    disabled: bool,
    units: &str,
) -> Result<(), AppError> {
    let actor = require_any(
        actor,
        &[Permission::Administer, Permission::AdministerSecurity],
    )?;
    let role = Role::from_code(role.trim())
        .ok_or_else(|| FieldErrors::single("role", Problem::Choose(Label::Role)))?;
    if role.is_administrative() {
        require(Some(actor), Permission::AdministerSecurity)?;
    }
    if id == actor.id && (role != actor.role || disabled) {
        return Err(FieldErrors::single("role", Problem::CannotDemoteSelf).into());
    }
    let unit_names = split_unit_names(units);
    let unit_ids = users::unit_ids(db, &unit_names).await?;
    users::check_units(role, &unit_ids)?;
    let old_units: Vec<String> = users::units_of(db, id)
        .await?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    {
        let mut tx = db.begin().await?;
        let (old_role, old_disabled) = users::role_and_disabled(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let old = Role::from_code(&old_role).ok_or(AppError::Internal)?;
        if !actor.can_change_role(old, role) {
            return Err(AppError::Forbidden);
        }
        users::set_role(&mut tx, id, role, disabled).await?;
        users::set_units(&mut tx, id, &unit_ids).await?;
        check_duties_held(&mut tx, actor.duties).await?;
        if disabled {
            users::end_sessions(&mut tx, id).await?;
        }
        let changes = diff(
            &vec![
                ("role", old_role),
                ("disabled", old_disabled.to_string()),
                ("units", old_units.join("、")),
            ],
            &vec![
                ("role", role.code().to_string()),
                ("disabled", disabled.to_string()),
                ("units", unit_names.join("、")),
            ],
        );
        journal::record(&mut tx, actor, "user", id, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// Sets a new password for someone who forgot theirs; their sessions end, and they replace it
/// at their next sign-in.
pub async fn reset_password(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: i64,
    password: &str,
) -> Result<(), AppError> {
    let actor = require_any(
        actor,
        &[Permission::Administer, Permission::AdministerSecurity],
    )?;
    let (username, role) = users::username_and_role(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    require(Some(actor), to_manage_account(role))?;
    password_rules::check(password, &username).map_err(UserError::WeakPassword)?;
    let hash = users::hash_password(password).await?;
    {
        let mut tx = db.begin().await?;
        let now = chrono::Utc::now().timestamp();
        if !users::set_password(&mut tx, id, &hash, SetBy::Admin, now).await? {
            return Err(AppError::NotFound);
        }
        users::end_sessions(&mut tx, id).await?;
        let changes = [Change {
            field: "password",
            old: String::new(),
            new: "***".into(),
        }];
        journal::record(&mut tx, actor, "user", id, 0_i64, "update", &changes).await?;
        tx.commit().await?
    };
    Ok(())
}

/// While duties are separated, refuses a change that leaves one of the three administrators'
/// duties without an enabled account: nobody could then do it (or give it to someone).
async fn check_duties_held(tx: &mut Tx, duties: Duties) -> Result<(), AppError> {
    if duties == Duties::Combined {
        return Ok(());
    }
    let duties = [Role::Admin, Role::SecurityAdmin, Role::AuditAdmin];
    match users::first_without_enabled_account(tx, &duties).await? {
        Some(role) => Err(FieldErrors::single("role", Problem::DutyLeftUnheld { role }).into()),
        None => Ok(()),
    }
}

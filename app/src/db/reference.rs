//! The admin's reference data in storage: phases, pillar and domain names, units, settings.

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::reference_rules::PhaseDraft;
use crate::model::{UnitForm, UnitRecord};

/// Every unit with the number of milestones and projects that name it.
pub async fn units_with_uses(db: &Db) -> Result<Vec<UnitRecord>, DbError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = db
        .fetch_all(Statement::new(
            "SELECT u.id, u.name, u.kind, u.contact_name, u.contact_phone,
                    (SELECT COUNT(*) FROM milestones m WHERE m.unit_id = u.id) + (SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id)
             FROM units u ORDER BY u.sort_order, u.id",
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, kind, contact_name, contact_phone, uses)| UnitRecord {
                id,
                name,
                kind,
                contact_name,
                contact_phone,
                uses,
            },
        )
        .collect())
}

/// Saves one phase's names, dates and place in the order.
pub async fn update_phase(tx: &mut Tx, draft: &PhaseDraft, order: i32) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE phases SET name_zh = $1, name_en = $2, start_date = $3, end_date = $4, sort_order = $5
             WHERE id = $6",
        )
        .bind(&draft.name_zh)
        .bind(&draft.name_en)
        .bind(draft.start_date)
        .bind(draft.end_date)
        .bind(order)
        .bind(draft.id),
    )
    .await?;
    Ok(())
}

/// The tables whose rows are named in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedTable {
    Pillars,
    Domains,
}

impl NamedTable {
    fn table(self) -> &'static str {
        match self {
            NamedTable::Pillars => "pillars",
            NamedTable::Domains => "domains",
        }
    }
}

/// Renames a pillar or a domain; returns the names it had, or `None` when there is no such row.
pub async fn rename(
    tx: &mut Tx,
    table: NamedTable,
    id: i64,
    name_zh: &str,
    name_en: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let table = table.table();
    let old: Option<(String, String)> = tx
        .fetch_optional(
            Statement::new(format!(
                "SELECT name_zh, name_en FROM {table} WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    if old.is_some() {
        tx.execute(
            Statement::new(format!(
                "UPDATE {table} SET name_zh = $1, name_en = $2 WHERE id = $3"
            ))
            .bind(name_zh)
            .bind(name_en)
            .bind(id),
        )
        .await?;
    }
    Ok(old)
}

/// Sets a setting; returns the value it had ("" when unset).
pub async fn set_setting(tx: &mut Tx, key: &str, value: &str) -> Result<String, sqlx::Error> {
    let old: Option<(String,)> = tx
        .fetch_optional(Statement::new("SELECT value FROM settings WHERE key = $1").bind(key))
        .await?;
    tx.execute(Statement::new("DELETE FROM settings WHERE key = $1").bind(key))
        .await?;
    tx.execute(
        Statement::new("INSERT INTO settings (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value),
    )
    .await?;
    Ok(old.map(|(v,)| v).unwrap_or_default())
}

/// Adds a unit at the end of the list; returns its id.
pub async fn insert_unit(tx: &mut Tx, unit: &UnitForm) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO units (name, kind, contact_name, contact_phone, sort_order)
                 VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM units)) RETURNING id",
            )
            .bind(&unit.name)
            .bind(&unit.kind)
            .bind(&unit.contact_name)
            .bind(&unit.contact_phone),
        )
        .await?;
    Ok(id)
}

pub async fn unit(tx: &mut Tx, id: i64) -> Result<Option<UnitForm>, sqlx::Error> {
    let row: Option<(String, String, String, String)> = tx
        .fetch_optional(
            Statement::new(
                "SELECT name, kind, contact_name, contact_phone FROM units WHERE id = $1",
            )
            .bind(id),
        )
        .await?;
    Ok(
        row.map(|(name, kind, contact_name, contact_phone)| UnitForm {
            name,
            kind,
            contact_name,
            contact_phone,
        }),
    )
}

pub async fn update_unit(tx: &mut Tx, id: i64, unit: &UnitForm) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new(
            "UPDATE units SET name = $1, kind = $2, contact_name = $3, contact_phone = $4 WHERE id = $5",
        )
        .bind(&unit.name)
        .bind(&unit.kind)
        .bind(&unit.contact_name)
        .bind(&unit.contact_phone)
        .bind(id),
    )
    .await?;
    Ok(())
}

/// A unit's name and how many milestones, projects and problems name it.
pub async fn unit_uses(tx: &mut Tx, id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    tx.fetch_optional(
        Statement::new(
            "SELECT name, (SELECT COUNT(*) FROM milestones WHERE unit_id = $1) + (SELECT COUNT(*) FROM projects WHERE unit_id = $1)
                    + (SELECT COUNT(*) FROM problems WHERE owner_unit_id = $1)
             FROM units WHERE id = $1",
        )
        .bind(id),
    )
    .await
}

pub async fn delete_unit(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    tx.execute(Statement::new("DELETE FROM units WHERE id = $1").bind(id))
        .await?;
    Ok(())
}

//! The security audit log's storage: appending a record to the hash chain, reading pages of it,
//! and walking all of it in order (to check the chain, or to export it for the assessor).

use super::filter;
use super::tx::Statement;
use super::{for_each_row, with_pool, Db, DbError};
use crate::audit::{link_hash, AuditEvent, AuditRecord, Broken, ChainCheck};
use crate::model::{
    ChainState, SecurityLogEntry, SecurityLogFilter, SecurityLogPage, SecuritySort,
};

const COLUMNS: &str =
    "id, at, username, action, target, outcome, address, detail, prev_hash, hash FROM security_log";

/// Appends `event` at `at` (Unix seconds) to the chain; returns its id. Writers take the chain's
/// head row first, so two of them (two app servers) append one after the other.
pub async fn append(db: &Db, event: &AuditEvent, at: i64) -> Result<i64, DbError> {
    let mut tx = db.begin().await?;
    let (id, prev_hash): (i64, String) = tx
        .fetch_one(Statement::new(
            "UPDATE security_log_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id, last_hash",
        ))
        .await?;
    let hash = link_hash(
        &prev_hash,
        id,
        at,
        &event.username,
        event.action,
        &event.target,
        event.outcome,
        &event.address,
        &event.detail,
    );
    tx.execute(
        Statement::new(
            "INSERT INTO security_log (id, at, username, action, target, outcome, address, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(at)
        .bind(event.username.as_str())
        .bind(event.action)
        .bind(event.target.as_str())
        .bind(event.outcome)
        .bind(event.address.as_str())
        .bind(event.detail.as_str())
        .bind(prev_hash.as_str())
        .bind(hash.as_str()),
    )
    .await?;
    tx.execute(
        Statement::new("UPDATE security_log_head SET last_hash = $1 WHERE id = 1")
            .bind(hash.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Calls `each` with every record matching `filter` (all of them with the default filter), in
/// id order, without holding more than a batch in memory.
pub async fn for_each<E: From<DbError>>(
    db: &Db,
    filter: &SecurityLogFilter,
    mut each: impl FnMut(AuditRecord) -> Result<(), E> + Send,
) -> Result<(), E> {
    let conditions = filter::security_log(filter, 1);
    let sql = format!("SELECT {COLUMNS} WHERE {} ORDER BY id", conditions.sql());
    with_pool!(db, pool => {
        let query = conditions.bind(sqlx::query_as::<_, AuditRecord>(&sql));
        for_each_row(query.fetch(pool), &mut each).await
    })
}

/// Checks the whole chain: every record linked to the one before it, and the head naming the
/// last one.
pub async fn check_chain(db: &Db) -> Result<Result<u64, Broken>, DbError> {
    let mut check = ChainCheck::default();
    let mut broken = None;
    for_each(db, &SecurityLogFilter::default(), |record| {
        if broken.is_none() {
            if let Err(b) = check.next(&record) {
                broken = Some(b);
            }
        }
        Ok::<(), DbError>(())
    })
    .await?;
    if let Some(broken) = broken {
        return Ok(Err(broken));
    }
    let (head_id, head_hash): (i64, String) = db
        .fetch_one(Statement::new(
            "SELECT last_id, last_hash FROM security_log_head WHERE id = 1",
        ))
        .await?;
    Ok(check.end(head_id, &head_hash).map(|()| check.checked))
}

/// The first record the chain breaks at, as the page shows it.
pub fn chain_state(result: Result<u64, Broken>) -> ChainState {
    match result {
        Ok(checked) => ChainState::Intact(checked),
        Err(Broken::Gap { found, .. }) => ChainState::BrokenAt(found),
        Err(Broken::Unlinked { id } | Broken::Altered { id }) => ChainState::BrokenAt(id),
        Err(Broken::Truncated { last, .. }) => ChainState::BrokenAt(last + 1),
    }
}

/// One page of the records matching the filter, newest first unless sorted otherwise.
pub async fn search(db: &Db, filter: &SecurityLogFilter) -> Result<SecurityLogPage, DbError> {
    let conditions = filter::security_log(filter, 1);
    let (rows, page) = filter::page_of::<AuditRecord>(
        db,
        "security_log",
        COLUMNS,
        &conditions,
        &order(filter),
        filter.page,
    )
    .await?;
    Ok(SecurityLogPage {
        entries: rows.into_iter().map(entry).collect(),
        page,
    })
}

fn entry(r: AuditRecord) -> SecurityLogEntry {
    SecurityLogEntry {
        id: r.id,
        at: r.at,
        username: r.username,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        address: r.address,
        detail: r.detail,
    }
}

fn order(filter: &SecurityLogFilter) -> String {
    let keys: &[&str] = match filter.sort {
        None => return "id DESC".to_string(),
        Some(SecuritySort::Time) => &["at"],
        Some(SecuritySort::User) => &["username"],
        Some(SecuritySort::Action) => &["action"],
        Some(SecuritySort::Address) => &["address"],
    };
    filter::order_by(keys, "id", filter.desc)
}

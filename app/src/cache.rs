//! The dashboard is opened far more often than the roadmap changes, and at county scale
//! (50,000 milestones, 500,000 progress updates) computing it takes a good part of a second.
//! So each computed dashboard is kept, per filter, day and language, under the database's
//! data version (moved by triggers on every content table, see migration 0003). One cheap
//! read of that number per request tells whether anything changed — on this app server, on
//! another one sharing the PostgreSQL database, or from the CLI — and a change drops them all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tokio::sync::OnceCell;

use crate::api::types::{DashboardFilter, Overview};
use crate::db::{queries, Db, DbError};
use crate::i18n::Locale;
use crate::service;

/// Different filter combinations kept at once; beyond this the cache starts afresh.
const MAX_ENTRIES: usize = 256;

type Key = (DashboardFilter, NaiveDate, Locale);

/// One slot per key: concurrent requests for the same dashboard wait for one computation.
type Slot = Arc<OnceCell<Arc<Overview>>>;

#[derive(Debug, Default)]
pub struct DashboardCache {
    state: Mutex<CacheState>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: i64,
    entries: HashMap<Key, Slot>,
}

impl DashboardCache {
    /// The dashboard for `filter` on `today`, computed at most once per data version.
    pub async fn overview(
        &self,
        db: &Db,
        today: NaiveDate,
        filter: &DashboardFilter,
        locale: Locale,
    ) -> Result<Arc<Overview>, DbError> {
        // Read the version before the data: a change landing in between only costs a recompute.
        let version = queries::data_version(db).await?;
        let key = (filter.clone(), today, locale);
        let slot = {
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if version > state.version || state.entries.len() >= MAX_ENTRIES {
                state.entries.clear();
                state.version = state.version.max(version);
            }
            // A request that read an older version than another already saw does not store.
            (version == state.version).then(|| state.entries.entry(key).or_default().clone())
        };
        let compute = || async {
            service::overview(db, today, filter, locale)
                .await
                .map(Arc::new)
        };
        match slot {
            Some(slot) => Ok(slot.get_or_try_init(compute).await?.clone()),
            None => compute().await,
        }
    }
}

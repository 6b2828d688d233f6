//! Pages are opened far more often than the roadmap changes, and at county scale (50,000
//! milestones, 500,000 progress updates) computing the dashboard takes a good part of a second.
//! So what the pages read — each computed dashboard (per filter, day and language) and the
//! reference data every page's filters and forms use — is kept under the database's data
//! version, which triggers on every content table move (migration 0003). One cheap read of that
//! number per request tells whether anything changed — on this app server, on another one
//! sharing the PostgreSQL database, or from the CLI — and a change drops everything kept.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tokio::sync::OnceCell;

use crate::dashboard::{self, DashboardError};
use crate::db::{queries, Db, DbError};
use crate::i18n::Locale;
use crate::model::{DashboardFilter, Overview, ReferenceData};

/// Different dashboards kept at once; beyond this the cache starts afresh.
const MAX_DASHBOARDS: usize = 256;

type DashboardKey = (DashboardFilter, NaiveDate, Locale);

/// One slot per value: concurrent requests for the same value wait for one computation.
type Slot<T> = Arc<OnceCell<Arc<T>>>;

#[derive(Debug, Default)]
pub struct ReadCache {
    state: Mutex<CacheState>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: i64,
    dashboards: HashMap<DashboardKey, Slot<Overview>>,
    reference: Slot<ReferenceData>,
}

impl ReadCache {
    /// The dashboard for `filter` on `today`, computed at most once per data version.
    pub async fn overview(
        &self,
        db: &Db,
        today: NaiveDate,
        filter: &DashboardFilter,
        locale: Locale,
    ) -> Result<Arc<Overview>, DashboardError> {
        let key = (filter.clone(), today, locale);
        self.get(
            db,
            |state| {
                if state.dashboards.len() >= MAX_DASHBOARDS && !state.dashboards.contains_key(&key)
                {
                    state.dashboards.clear();
                }
                state.dashboards.entry(key).or_default().clone()
            },
            || dashboard::overview(db, today, filter, locale),
        )
        .await
    }

    /// Phases, pillars, domains and units, read at most once per data version.
    pub async fn reference_data(&self, db: &Db) -> Result<Arc<ReferenceData>, DbError> {
        self.get(
            db,
            |state| state.reference.clone(),
            || queries::reference_data(db),
        )
        .await
    }

    /// The value `slot` picks, computed by `compute` unless it was already for this data version.
    async fn get<T, E, F>(
        &self,
        db: &Db,
        slot: impl FnOnce(&mut CacheState) -> Slot<T>,
        compute: impl FnOnce() -> F,
    ) -> Result<Arc<T>, E>
    where
        E: From<DbError>,
        F: Future<Output = Result<T, E>>,
    {
        // Read the version before the data: a change landing in between only costs a recompute.
        let version = queries::data_version(db).await?;
        let slot = {
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if version > state.version {
                *state = CacheState {
                    version,
                    ..CacheState::default()
                };
            }
            // A request that read an older version than another already saw does not store.
            (version == state.version).then(|| slot(&mut state))
        };
        match slot {
            Some(slot) => Ok(slot
                .get_or_try_init(|| async { compute().await.map(Arc::new) })
                .await?
                .clone()),
            None => compute().await.map(Arc::new),
        }
    }
}

//! Pages are opened far more often than the roadmap changes. So what the pages read — each
//! computed dashboard (per filter, day and language) and the reference data every page's filters
//! and forms use — is kept under the database's data version, which triggers on every content
//! table move (migration 0003). One cheap read of that number per request tells whether anything
//! changed — on this app server, on another one sharing the PostgreSQL database, or from the CLI.
//!
//! A change makes each dashboard recompute once, from the milestone facts this server keeps up to
//! date ([`FactStore`]) and the roll-ups the writes keep. During a reporting round the data moves
//! several times a second, and readers would queue behind each recompute; so a reader who has not
//! written anything since is given the dashboard of the version just before while one recompute
//! runs for everyone — if it stopped being current only seconds ago: a dashboard nobody opened since
//! an older change is computed afresh. Whoever made a change carries its version in a cookie
//! ([`SEEN_VERSION_COOKIE`], set by the HTTP gate after every write) and always waits for a
//! dashboard that includes it: their own edits show on their very next load.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tokio::sync::OnceCell;

use crate::dashboard::{self, DashboardError};
use crate::db::fact_store::FactStore;
use crate::db::{queries, Db, DbError};
use crate::i18n::Locale;
use crate::model::{DashboardFilter, Overview, ReferenceData};

/// The cookie holding the data version of the reader's newest write.
pub const SEEN_VERSION_COOKIE: &str = "roadmap_seen";

/// Different dashboards kept at once; beyond this the cache starts afresh.
const MAX_DASHBOARDS: usize = 256;

/// How long after it stopped being current a dashboard may still be served while its successor
/// is computed. A dashboard nobody opened since an older change is computed afresh instead.
const EARLIER_SERVED_FOR: std::time::Duration = std::time::Duration::from_secs(5);

type DashboardKey = (DashboardFilter, NaiveDate, Locale);

/// One value, computed at most once: concurrent requests wait for one computation.
#[derive(Debug)]
struct Slot<T> {
    value: OnceCell<Arc<T>>,
    /// A computation was started in the background for readers who were served the earlier one.
    refreshing: AtomicBool,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            value: OnceCell::new(),
            refreshing: AtomicBool::new(false),
        }
    }
}

type SlotRef<T> = Arc<Slot<T>>;

#[derive(Debug, Default)]
pub struct ReadCache {
    state: Mutex<CacheState>,
    facts: Arc<FactStore>,
}

#[derive(Debug, Default)]
struct CacheState {
    version: i64,
    dashboards: HashMap<DashboardKey, SlotRef<Overview>>,
    /// The newest dashboard computed under an earlier version.
    earlier: HashMap<DashboardKey, Earlier>,
    reference: SlotRef<ReferenceData>,
}

/// A dashboard of an earlier version.
#[derive(Clone, Debug)]
struct Earlier {
    version: i64,
    /// When a newer version replaced it.
    superseded: std::time::Instant,
    overview: Arc<Overview>,
}

impl CacheState {
    /// Moves to `version`: what was computed becomes the earlier dashboards.
    fn advance(&mut self, version: i64) {
        let computed: Vec<_> = self
            .dashboards
            .drain()
            .filter_map(|(key, slot)| slot.value.get().map(|o| (key, o.clone())))
            .collect();
        if self.earlier.len() + computed.len() > MAX_DASHBOARDS {
            self.earlier.clear();
        }
        let (previous, now) = (self.version, std::time::Instant::now());
        self.earlier
            .extend(computed.into_iter().map(|(key, overview)| {
                let earlier = Earlier {
                    version: previous,
                    superseded: now,
                    overview,
                };
                (key, earlier)
            }));
        self.version = version;
        self.reference = SlotRef::default();
    }
}

impl ReadCache {
    /// The dashboard for `filter` on `today`. It includes every change up to version `seen` (the
    /// reader's own newest write) and is never more than one recompute behind the others.
    pub async fn overview(
        &self,
        db: &Db,
        today: NaiveDate,
        filter: &DashboardFilter,
        locale: Locale,
        seen: Option<i64>,
    ) -> Result<Arc<Overview>, DashboardError> {
        let key = (filter.clone(), today, locale);
        let version = queries::data_version(db).await?;
        let (slot, earlier) = {
            let mut state = self.lock();
            if version > state.version {
                state.advance(version);
            }
            if version == state.version {
                if state.dashboards.len() >= MAX_DASHBOARDS && !state.dashboards.contains_key(&key)
                {
                    state.dashboards.clear();
                }
                let slot = state.dashboards.entry(key.clone()).or_default().clone();
                (Some(slot), state.earlier.get(&key).cloned())
            } else {
                (None, None)
            }
        };
        let compute = {
            let (db, facts, filter) = (db.clone(), self.facts.clone(), filter.clone());
            move || async move {
                dashboard::overview_with(&db, Some(&facts), today, &filter, locale)
                    .await
                    .map(Arc::new)
            }
        };
        // A reader who read an older version than another already saw: computed, not kept.
        let Some(slot) = slot else {
            return compute().await;
        };
        if let Some(current) = slot.value.get() {
            return Ok(current.clone());
        }
        if let Some(earlier) = earlier {
            let recent = earlier.superseded.elapsed() <= EARLIER_SERVED_FOR;
            if recent && seen.is_none_or(|seen| earlier.version >= seen) {
                if !slot.refreshing.swap(true, Ordering::AcqRel) {
                    tokio::spawn(async move {
                        if let Err(e) = slot.value.get_or_try_init(compute).await {
                            tracing::warn!(error = %e, "the dashboard could not be recomputed");
                        }
                        slot.refreshing.store(false, Ordering::Release);
                    });
                }
                return Ok(earlier.overview);
            }
        }
        Ok(slot.value.get_or_try_init(compute).await?.clone())
    }

    /// Reads what the first dashboard would otherwise wait for: every milestone's facts.
    pub async fn warm(&self, db: &Db) -> Result<(), DbError> {
        self.facts.warm(db).await
    }

    /// Phases, pillars, domains and units, read at most once per data version.
    pub async fn reference_data(&self, db: &Db) -> Result<Arc<ReferenceData>, DbError> {
        let version = queries::data_version(db).await?;
        let slot = {
            let mut state = self.lock();
            if version > state.version {
                state.advance(version);
            }
            (version == state.version).then(|| state.reference.clone())
        };
        let compute = || async { queries::reference_data(db).await.map(Arc::new) };
        match slot {
            Some(slot) => Ok(slot.value.get_or_try_init(compute).await?.clone()),
            None => compute().await,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

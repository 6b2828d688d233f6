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
//! runs for everyone, at a lower priority ([`crate::background`]) so that it takes what the readers
//! leave of the cores — if it stopped being current only seconds ago: a dashboard nobody opened since
//! an older change is computed afresh. Whoever made a change carries its version in a cookie
//! ([`SEEN_VERSION_COOKIE`], set by the HTTP gate after every write) and always waits for a
//! dashboard that includes it: their own edits show on their very next load.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tokio::sync::OnceCell;

use crate::dashboard::{self, DashboardError, Urgency};
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
const EARLIER_SERVED_FOR: Duration = Duration::from_secs(5);

/// How often one dashboard is recomputed at most for readers who have not written. During a
/// reporting round changes land several times a second: a recompute for each would take a third of
/// a core from the readers, for figures that change by a hundredth of a percent. Leadership's
/// dashboard trails the data by at most about this long plus one recompute; writers never do.
const RECOMPUTE_SPACING: Duration = Duration::from_secs(1);
/// Version changes remembered, to date when a dashboard that landed late stopped being current.
const CHANGES_KEPT: usize = 64;

type DashboardKey = (DashboardFilter, NaiveDate, Locale);

/// One value, computed at most once: concurrent requests wait for one computation.
type Slot<T> = Arc<OnceCell<Arc<T>>>;

/// The data version as one request sees it: read from the database once, however many of the
/// request's reads ask for it (a page's layout, its reference data and its dashboard), and the
/// same for all of them.
#[derive(Clone, Debug, Default)]
pub struct RequestVersion(Arc<OnceCell<i64>>);

impl RequestVersion {
    /// A version already read, with the session (see `server::auth::gate`).
    pub fn known(version: i64) -> Self {
        Self(Arc::new(OnceCell::new_with(Some(version))))
    }

    pub async fn read(&self, db: &Db) -> Result<i64, DbError> {
        self.0
            .get_or_try_init(|| queries::data_version(db))
            .await
            .copied()
    }
}

#[derive(Debug, Default)]
pub struct ReadCache {
    state: Arc<Mutex<CacheState>>,
    facts: Arc<FactStore>,
}

/// `overview` with its charts panel rendered: every reader of a cached dashboard is served the
/// same markup, most of the page, instead of rendering it again per request.
fn rendered(mut overview: Overview, locale: Locale) -> Overview {
    let markup =
        crate::components::charts::charts_markup(&overview.charts, &overview.filter, locale);
    overview.charts_markup = crate::model::RenderedMarkup(Some(markup.into()));
    overview
}

/// The cache's bookkeeping; `D` is the dashboard (a stand-in in the unit tests).
#[derive(Debug)]
struct CacheState<D = Overview> {
    version: i64,
    dashboards: HashMap<DashboardKey, Slot<D>>,
    /// The newest dashboard computed under an earlier version.
    earlier: HashMap<DashboardKey, Earlier<D>>,
    /// Dashboards being recomputed in the background for readers served an earlier one: one at a
    /// time per dashboard, however many changes land meanwhile, so a burst of edits costs one or
    /// two recomputes rather than one each, all at once.
    refreshing: HashSet<DashboardKey>,
    /// When each dashboard's last background recompute started (see [`RECOMPUTE_SPACING`]).
    refreshed: HashMap<DashboardKey, Instant>,
    /// Recent version changes: (from, to, when), oldest first.
    changes: VecDeque<(i64, i64, Instant)>,
    reference: Slot<ReferenceData>,
    /// Whether people who have not signed in may read (a setting every page's layout asks).
    anonymous_read: Slot<bool>,
}

impl<D> Default for CacheState<D> {
    fn default() -> Self {
        CacheState {
            version: 0,
            dashboards: HashMap::new(),
            earlier: HashMap::new(),
            refreshing: HashSet::new(),
            refreshed: HashMap::new(),
            changes: VecDeque::new(),
            reference: Slot::default(),
            anonymous_read: Slot::default(),
        }
    }
}

/// A dashboard of an earlier version.
#[derive(Debug)]
struct Earlier<D> {
    version: i64,
    /// When a newer version replaced it.
    superseded: Instant,
    overview: Arc<D>,
}

impl<D> CacheState<D> {
    /// Moves to `version`: what was computed becomes the earlier dashboards.
    fn advance(&mut self, version: i64) {
        let computed: Vec<_> = self
            .dashboards
            .drain()
            .filter_map(|(key, slot)| slot.get().map(|o| (key, o.clone())))
            .collect();
        if self.earlier.len() + computed.len() > MAX_DASHBOARDS {
            self.earlier.clear();
        }
        let (previous, now) = (self.version, Instant::now());
        self.earlier
            .extend(computed.into_iter().map(|(key, overview)| {
                let earlier = Earlier {
                    version: previous,
                    superseded: now,
                    overview,
                };
                (key, earlier)
            }));
        if self.changes.len() == CHANGES_KEPT {
            self.changes.pop_front();
        }
        self.changes.push_back((previous, version, now));
        self.version = version;
        self.reference = Slot::default();
        self.anonymous_read = Slot::default();
    }

    /// The database now has an older version than was served: everything kept is dropped.
    fn went_back(&mut self, version: i64) {
        if version < self.version {
            tracing::warn!(
                from = self.version,
                to = version,
                "the database's data version went back (replaced by an older copy?): the cache starts afresh"
            );
            *self = CacheState {
                version,
                ..CacheState::default()
            };
        }
    }

    /// What a reader who read data version `version` and wrote `seen` is given.
    fn plan(&mut self, key: &DashboardKey, version: i64, seen: Option<i64>) -> Plan<D> {
        if version > self.version {
            self.advance(version);
        }
        // From here on the plan is for the cache's version: a reader who read the one just
        // before another request moved the cache on is given the newer dashboard, which includes
        // all they wrote too.
        if self.dashboards.len() >= MAX_DASHBOARDS && !self.dashboards.contains_key(key) {
            self.dashboards.clear();
        }
        let slot = self.dashboards.entry(key.clone()).or_default().clone();
        let earlier = self.earlier.get(key).filter(|earlier| {
            earlier.superseded.elapsed() <= EARLIER_SERVED_FOR
                && seen.is_none_or(|seen| earlier.version >= seen)
        });
        match earlier {
            Some(earlier) if slot.get().is_none() => {
                let overview = earlier.overview.clone();
                let due = self
                    .refreshed
                    .get(key)
                    .is_none_or(|started| started.elapsed() >= RECOMPUTE_SPACING);
                let start = (due && self.refreshing.insert(key.clone())).then(|| {
                    if self.refreshed.len() >= MAX_DASHBOARDS {
                        self.refreshed.clear();
                    }
                    self.refreshed.insert(key.clone(), Instant::now());
                    slot
                });
                Plan::Earlier(overview, start)
            }
            _ => Plan::Current(slot),
        }
    }

    /// A dashboard of `version` finished computing. If the data moved on meanwhile, it is still
    /// the newest one of its key that exists: it becomes the one served while the next computes.
    fn landed(&mut self, key: &DashboardKey, version: i64, overview: &Arc<D>) {
        if version >= self.version
            || self
                .earlier
                .get(key)
                .is_some_and(|earlier| earlier.version >= version)
        {
            return;
        }
        let superseded = self
            .changes
            .iter()
            .find(|(from, to, _)| (*from..*to).contains(&version))
            .map(|(_, _, when)| *when);
        if let Some(superseded) = superseded {
            if self.earlier.len() >= MAX_DASHBOARDS {
                self.earlier.clear();
            }
            let earlier = Earlier {
                version,
                superseded,
                overview: overview.clone(),
            };
            self.earlier.insert(key.clone(), earlier);
        }
    }
}

/// What a reader of data version `version` is given, decided under the lock.
#[derive(Debug)]
enum Plan<D> {
    /// The dashboard of the current version, computed or to be waited for.
    Current(Slot<D>),
    /// An earlier dashboard, served while the current one is computed in the background, which
    /// this reader starts when `start` holds the current slot.
    Earlier(Arc<D>, Option<Slot<D>>),
}

impl ReadCache {
    /// The dashboard for `filter` on `today`. It includes every change up to version `seen` (the
    /// reader's own newest write) and is never more than one recompute behind the others.
    pub async fn overview(
        &self,
        db: &Db,
        version: &RequestVersion,
        today: NaiveDate,
        filter: &DashboardFilter,
        locale: Locale,
        seen: Option<i64>,
    ) -> Result<Arc<Overview>, DashboardError> {
        let key = (filter.clone(), today, locale);
        let version = self.current_version(db, version).await?;
        // The plan is for the cache's version, which may have moved past the one read.
        let (version, plan) = {
            let mut state = self.lock();
            let plan = state.plan(&key, version, seen);
            (state.version, plan)
        };
        let compute = {
            let (db, facts, filter) = (db.clone(), self.facts.clone(), filter.clone());
            move |urgency| async move {
                let draw = move |inputs: &dashboard::DashboardInputs| {
                    dashboard::assemble(inputs, locale)
                        .map(|overview| Arc::new(rendered(overview, locale)))
                };
                dashboard::overview_with(&db, Some(&facts), today, &filter, urgency, draw).await
            }
        };
        match plan {
            Plan::Current(slot) => {
                if let Some(current) = slot.get() {
                    return Ok(current.clone());
                }
                let overview = slot
                    .get_or_try_init(|| compute(Urgency::Waited))
                    .await?
                    .clone();
                self.lock().landed(&key, version, &overview);
                Ok(overview)
            }
            Plan::Earlier(overview, start) => {
                if let Some(slot) = start {
                    let state = self.state.clone();
                    tokio::spawn(async move {
                        let result = slot.get_or_try_init(|| compute(Urgency::Background)).await;
                        let mut state = lock(&state);
                        match result {
                            Ok(overview) => state.landed(&key, version, overview),
                            Err(e) => {
                                tracing::warn!(error = %e, "the dashboard could not be recomputed")
                            }
                        }
                        state.refreshing.remove(&key);
                    });
                }
                Ok(overview)
            }
        }
    }

    /// Reads what the first dashboard would otherwise wait for: every milestone's facts.
    pub async fn warm(&self, db: &Db) -> Result<(), DbError> {
        self.facts.warm(db).await
    }

    /// Phases, pillars, domains and units, read at most once per data version.
    pub async fn reference_data(
        &self,
        db: &Db,
        version: &RequestVersion,
    ) -> Result<Arc<ReferenceData>, DbError> {
        self.kept(
            db,
            version,
            |state| &state.reference,
            || async { queries::reference_data(db).await.map(Arc::new) },
        )
        .await
    }

    /// Whether people who have not signed in may read.
    pub async fn anonymous_read(&self, db: &Db, version: &RequestVersion) -> Result<bool, DbError> {
        let allowed = self
            .kept(
                db,
                version,
                |state| &state.anonymous_read,
                || async { crate::db::sessions::anonymous_read(db).await.map(Arc::new) },
            )
            .await?;
        Ok(*allowed)
    }

    /// The value `slot` keeps under the current data version, computed once per version.
    async fn kept<T, F, Fut>(
        &self,
        db: &Db,
        version: &RequestVersion,
        slot: impl FnOnce(&CacheState) -> &Slot<T>,
        compute: F,
    ) -> Result<Arc<T>, DbError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Arc<T>, DbError>>,
    {
        let version = self.current_version(db, version).await?;
        let slot = {
            let mut state = self.lock();
            if version > state.version {
                state.advance(version);
            }
            // Read just before another request moved the cache on: the newer value serves too.
            slot(&state).clone()
        };
        Ok(slot.get_or_try_init(compute).await?.clone())
    }

    /// The data version to serve `version`'s request at. A request that read its version just
    /// before another one moved the cache on reads again, and is served the newer one. Should
    /// the database's version go back (it was replaced by an older copy, as a restore does),
    /// nothing kept is served again.
    async fn current_version(&self, db: &Db, version: &RequestVersion) -> Result<i64, DbError> {
        let read = version.read(db).await?;
        let cached = self.lock().version;
        if read >= cached {
            return Ok(read);
        }
        // The version only ever grows: read after the cache's, it is at least the cache's.
        let again = queries::data_version(db).await?;
        if again < cached {
            self.lock().went_back(again);
        }
        Ok(again)
    }

    fn lock(&self) -> MutexGuard<'_, CacheState> {
        lock(&self.state)
    }
}

/// The cache's state; a panic elsewhere while it was held leaves it usable (every change to it
/// is a whole step).
fn lock(state: &Mutex<CacheState>) -> MutexGuard<'_, CacheState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DashboardKey {
        (
            DashboardFilter::default(),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            Locale::Zh,
        )
    }

    /// The state at `version` with its dashboard computed as `value`.
    fn computed(version: i64, value: u32) -> CacheState<u32> {
        let mut state = CacheState::default();
        let Plan::Current(slot) = state.plan(&key(), version, None) else {
            panic!("a first reader waits for the dashboard");
        };
        slot.set(Arc::new(value)).unwrap();
        state
    }

    #[test]
    fn a_burst_of_changes_recomputes_one_dashboard_at_a_time() {
        let mut state = computed(1, 10);
        // A change: the reader is served version 1 and starts the one recompute.
        let Plan::Earlier(served, Some(_)) = state.plan(&key(), 2, None) else {
            panic!("served the earlier dashboard, recomputing it");
        };
        assert_eq!(*served, 10);
        // Two more changes while it runs: readers are served version 1, and start nothing.
        for version in [3, 4] {
            let Plan::Earlier(served, None) = state.plan(&key(), version, None) else {
                panic!("version {version}: no second recompute while one runs");
            };
            assert_eq!(*served, 10);
        }
        // The one that writes waits for a dashboard that has their change.
        assert!(matches!(state.plan(&key(), 4, Some(4)), Plan::Current(_)));
    }

    #[test]
    fn a_recompute_that_lands_late_is_served_until_the_next_one() {
        let mut state = computed(1, 10);
        let Plan::Earlier(_, Some(_)) = state.plan(&key(), 2, None) else {
            panic!("recomputing");
        };
        state.plan(&key(), 3, None);
        // Version 2's dashboard lands after version 3 arrived: it is newer than version 1's.
        state.landed(&key(), 2, &Arc::new(20));
        state.refreshing.remove(&key());
        state.refreshed.clear(); // a second later
        let Plan::Earlier(served, Some(_)) = state.plan(&key(), 3, None) else {
            panic!("served version 2 while version 3 is computed");
        };
        assert_eq!(*served, 20);
        // A dashboard older than the one kept changes nothing; neither does a current one.
        state.landed(&key(), 1, &Arc::new(10));
        state.landed(&key(), 3, &Arc::new(30));
        assert_eq!(state.earlier.get(&key()).map(|e| *e.overview), Some(20));
        // A writer of version 3 is not served version 2.
        assert!(matches!(state.plan(&key(), 3, Some(3)), Plan::Current(_)));
    }

    #[test]
    fn readers_start_at_most_one_recompute_a_second() {
        let mut state = computed(1, 10);
        let Plan::Earlier(_, Some(_)) = state.plan(&key(), 2, None) else {
            panic!("the first change starts a recompute");
        };
        state.landed(&key(), 2, &Arc::new(20));
        state.refreshing.remove(&key());
        // Another change straight after: served the earlier dashboard, nothing started yet.
        state.plan(&key(), 3, None);
        let Plan::Earlier(_, None) = state.plan(&key(), 4, None) else {
            panic!("no recompute within a second of the last one");
        };
        // A writer does not wait for the spacing: their change is computed for them.
        assert!(matches!(state.plan(&key(), 4, Some(4)), Plan::Current(_)));
        // A second on, the next reader starts one.
        let a_second_ago = Instant::now().checked_sub(RECOMPUTE_SPACING).unwrap();
        state.refreshed.insert(key(), a_second_ago);
        let Plan::Earlier(_, Some(_)) = state.plan(&key(), 4, None) else {
            panic!("recomputed once the second has passed");
        };
    }

    #[test]
    fn a_reader_of_the_version_just_before_is_served_the_newer_dashboard() {
        // Under writes, a reader often reads the version just before another request moved the
        // cache on; computing a dashboard for each of them cost a recompute apiece.
        let mut state = computed(5, 50);
        assert!(
            matches!(state.plan(&key(), 4, None), Plan::Current(slot) if slot.get() == Some(&Arc::new(50)))
        );
        assert!(
            matches!(state.plan(&key(), 4, Some(4)), Plan::Current(slot) if slot.get().is_some())
        );
    }

    #[test]
    fn a_database_that_went_back_is_computed_afresh() {
        let mut state = computed(5, 50);
        state.went_back(3);
        assert_eq!(state.version, 3);
        let Plan::Current(slot) = state.plan(&key(), 3, None) else {
            panic!("nothing earlier is served");
        };
        assert!(
            slot.get().is_none(),
            "computed afresh for the older database"
        );
        // A later version is not a step back.
        state.went_back(4);
        assert_eq!(state.version, 3);
    }
}

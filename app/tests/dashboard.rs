//! The dashboard over time and at scale, on SQLite and on PostgreSQL: the "as of" day, the
//! investment split by funding source, the burn-up's kept monthly gains, the cache that follows
//! every change, and a synthetic county whose timeline lanes collapse.

mod common;

use std::collections::HashMap;

use app::cache::{ReadCache, RequestVersion};
use app::dashboard;
use app::db::synthetic::{seed_synthetic, SyntheticSize};
use app::db::{queries, with_pool, Db};
use app::domain::burnup::month_ends;
use app::domain::money::Wan;
use app::domain::schedule::expected_percent;
use app::i18n::Locale;
use app::model::{DashboardFilter, Overview};
use chrono::NaiveDate;
use common::{d, fresh_databases, seeded, today};

async fn overview(db: &Db, filter: DashboardFilter) -> Overview {
    dashboard::overview(db, today(), &filter, Locale::Zh)
        .await
        .expect("overview")
}

fn as_of(day: NaiveDate) -> DashboardFilter {
    DashboardFilter {
        as_of: Some(day),
        ..Default::default()
    }
}

fn chart<'a>(o: &'a Overview, key: &str) -> &'a app::model::Chart {
    o.charts.iter().find(|c| c.key == key).expect(key)
}

#[tokio::test]
async fn looking_back_shows_the_progress_reported_by_that_day() {
    for db in seeded().await {
        let name = db.backend_name();
        let now = overview(&db, DashboardFilter::default()).await;
        let day = d(2025, 6, 30);
        let then = overview(&db, as_of(day)).await;
        assert_eq!(
            then.today, day,
            "{name}: the page is dated on the day shown"
        );
        assert_eq!(then.filter.as_of, Some(day));
        assert_eq!(then.overall.milestones, now.overall.milestones);
        assert!(then.overall.actual < now.overall.actual, "{name}");
        assert!(then.counts.done < now.counts.done, "{name}");

        // Every milestone's percent then is its newest report on or before the day.
        let reports: Vec<(i64, NaiveDate, i32)> = with_pool!(&db, pool => {
            sqlx::query_as("SELECT milestone_id, reported_on, percent FROM milestone_progress ORDER BY reported_on, id")
                .fetch_all(pool).await.unwrap()
        });
        let mut percent_then: HashMap<i64, i32> = HashMap::new();
        for (id, reported_on, percent) in &reports {
            if *reported_on <= day {
                percent_then.insert(*id, *percent);
            }
        }
        let rows = queries::milestones_as_of(
            &db,
            &Default::default(),
            day,
            &queries::thresholds(&db).await.unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(rows.len(), 42);
        for r in &rows {
            assert_eq!(
                r.percent,
                i64::from(percent_then.get(&r.id).copied().unwrap_or(0)),
                "{name}: {}",
                r.title
            );
        }

        // Completed investment counts only the months closed by then: June 2025 and before.
        let (closed,): (i64,) = with_pool!(&db, pool => {
            sqlx::query_as("SELECT CAST(COALESCE(SUM(completed), 0) AS BIGINT) FROM investment_ledger WHERE year * 100 + month <= 202506")
                .fetch_one(pool).await.unwrap()
        });
        assert_eq!(then.completed_investment, Wan(closed), "{name}");
        assert!(then.completed_investment < now.completed_investment);
        assert_eq!(then.total_investment, now.total_investment);

        // The burn-up stops at the day; the plan goes on to the end.
        let burnup = chart(&then, "burnup");
        let last_actual = burnup
            .table_rows
            .iter()
            .rev()
            .find(|row| !row[1].is_empty())
            .expect("some actual progress");
        assert_eq!(last_actual[0], "2025年6月30日", "{name}");
        for key in ["burnup", "timeline"] {
            let svg = &chart(&then, key).svg;
            assert!(
                svg.contains("2025年6月30日") && !svg.contains("今天"),
                "{name}: {key} marks the day shown"
            );
        }
    }
}

#[tokio::test]
async fn an_as_of_day_that_is_not_in_the_past_is_today() {
    for db in seeded().await {
        let now = overview(&db, DashboardFilter::default()).await;
        for day in [today(), d(2027, 3, 1)] {
            let same = overview(&db, as_of(day)).await;
            assert_eq!(same.filter.as_of, None);
            assert_eq!(same, now, "{}", db.backend_name());
        }
        let before_anything = overview(&db, as_of(d(2022, 1, 1))).await;
        assert_eq!(before_anything.overall.actual, 0.0);
        assert_eq!(before_anything.counts.done, 0);
        assert_eq!(before_anything.completed_investment, Wan::ZERO);
        assert!(before_anything.attention.overdue_problems.is_empty());
    }
}

#[tokio::test]
async fn investment_by_funding_source_adds_up_to_the_same_years() {
    for db in seeded().await {
        let name = db.backend_name();
        let by_pillar = overview(&db, DashboardFilter::default()).await;
        let by_source = overview(
            &db,
            DashboardFilter {
                investment: Some(app::model::InvestmentSplit::BySource),
                ..Default::default()
            },
        )
        .await;
        let (p, s) = (
            chart(&by_pillar, "investment"),
            chart(&by_source, "investment"),
        );
        assert!(s.title.contains("按资金来源"), "{}", s.title);
        assert_eq!(
            p.table_rows, s.table_rows,
            "{name}: same years, same totals"
        );
        assert!(s.svg.contains("县") && s.svg.contains("省"), "{name}");
        assert!(!s.svg.contains("一张网"), "{name}: no pillar legend");

        // Over all years, each source's share is exactly the projects' funding plans'.
        let rows = queries::investment_from_ledger(&db, &DashboardFilter::default(), None)
            .await
            .unwrap();
        let mut planned_by_source = [Wan::ZERO; 5];
        for row in &rows {
            let split = row.by_source.expect("a project's row is split by source");
            assert_eq!(
                split.planned.iter().copied().sum::<Wan>(),
                row.planned,
                "{name}: a row's split adds up to the fen"
            );
            for (total, part) in planned_by_source.iter_mut().zip(split.planned) {
                *total += part;
            }
        }
        let (central, provincial, city, county, social): (i64, i64, i64, i64, i64) = with_pool!(&db, pool => {
            sqlx::query_as(
                "SELECT CAST(SUM(fund_central) AS BIGINT), CAST(SUM(fund_provincial) AS BIGINT), CAST(SUM(fund_city) AS BIGINT),
                        CAST(SUM(fund_county) AS BIGINT), CAST(SUM(fund_social) AS BIGINT)
                 FROM projects WHERE id IN (SELECT project_id FROM investment_ledger)",
            )
            .fetch_one(pool).await.unwrap()
        });
        let funds = [central, provincial, city, county, social].map(Wan);
        for (split, fund) in planned_by_source.iter().zip(funds) {
            // The ledger plan is the whole investment, so per project the split is exact up to
            // the fen each year's rounding may move.
            assert!(
                (split.hundredths() - fund.hundredths()).abs() <= 15 * 6,
                "{name}: {split} vs {fund}"
            );
        }
    }
}

#[tokio::test]
async fn the_burn_up_matches_replaying_every_report() {
    for db in seeded().await {
        let name = db.backend_name();
        // A correction downwards must count too.
        with_pool!(&db, pool => {
            sqlx::query("INSERT INTO milestone_progress (milestone_id, reported_on, percent, note)
                         SELECT MIN(id), '2026-10-15', 10, '更正' FROM milestones")
                .execute(pool).await.unwrap();
        });
        let input = dashboard::gather(&db, None, today(), &DashboardFilter::default())
            .await
            .unwrap()
            .burn_up
            .expect("the sample has phases");
        let milestones: Vec<(i64, NaiveDate, NaiveDate, i32)> = with_pool!(&db, pool => {
            sqlx::query_as("SELECT id, start_date, due_date, weight FROM milestones").fetch_all(pool).await.unwrap()
        });
        let reports: Vec<(i64, NaiveDate, i32)> = with_pool!(&db, pool => {
            sqlx::query_as("SELECT milestone_id, reported_on, percent FROM milestone_progress ORDER BY reported_on, id")
                .fetch_all(pool).await.unwrap()
        });
        let total_weight: f64 = milestones.iter().map(|m| f64::from(m.3)).sum();
        let days = month_ends(d(2023, 1, 1), d(2026, 10, 31));
        let points = app::domain::burnup::burn_up(&input, &days, today());
        for (day, point) in days.iter().zip(&points) {
            let mut latest: HashMap<i64, i32> = HashMap::new();
            for (id, reported_on, percent) in &reports {
                if reported_on <= day {
                    latest.insert(*id, *percent);
                }
            }
            let actual: f64 = milestones
                .iter()
                .map(|(id, _, _, w)| {
                    f64::from(*w) * f64::from(latest.get(id).copied().unwrap_or(0))
                })
                .sum::<f64>()
                / total_weight;
            let planned: f64 = milestones
                .iter()
                .map(|(_, start, due, w)| f64::from(*w) * expected_percent(*start, *due, *day))
                .sum::<f64>()
                / total_weight;
            let got = point.actual.expect("past month");
            assert!(
                (got - actual).abs() < 1e-9,
                "{name} {day}: {got} vs {actual}"
            );
            assert!((point.planned - planned).abs() < 1e-9, "{name} {day}");
        }
    }
}

/// The cached dashboard as a new request with `seen` in its cookie would get it.
async fn cached_dashboard(
    cache: &ReadCache,
    db: &Db,
    filter: &DashboardFilter,
    locale: Locale,
    seen: Option<i64>,
) -> std::sync::Arc<Overview> {
    cache
        .overview(
            db,
            &RequestVersion::default(),
            today(),
            filter,
            locale,
            seen,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_request_that_read_the_version_just_before_a_change_is_served_the_newer_dashboard() {
    for db in seeded().await {
        let name = db.backend_name();
        let cache = ReadCache::default();
        let filter = DashboardFilter::default();
        // A request reads the data version; before it asks for its dashboard, a planner's change
        // lands and the planner's own dashboard is computed.
        let early = RequestVersion::default();
        let before = early.read(&db).await.unwrap();
        with_pool!(&db, pool => {
            sqlx::query("UPDATE milestones SET percent = 100, completed_on = '2026-11-20' WHERE id = (SELECT MIN(id) FROM milestones WHERE percent < 100)")
                .execute(pool).await.unwrap();
        });
        let changed_at = queries::data_version(&db).await.unwrap();
        assert!(changed_at > before, "{name}");
        let planners = cached_dashboard(&cache, &db, &filter, Locale::Zh, Some(changed_at)).await;
        // The early request is served that newer dashboard rather than computing one of its own.
        let served = cache
            .overview(&db, &early, today(), &filter, Locale::Zh, None)
            .await
            .unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&planners, &served),
            "{name}: no second recompute"
        );
        // The request keeps reading at the version it read first: one read per request.
        assert_eq!(early.read(&db).await.unwrap(), before, "{name}");

        // The anonymous-read setting every layout asks for is kept too, and follows its changes.
        let allowed = cache
            .anonymous_read(&db, &RequestVersion::default())
            .await
            .unwrap();
        with_pool!(&db, pool => {
            sqlx::query("DELETE FROM settings WHERE key = $1")
                .bind(app::db::sessions::ANONYMOUS_READ)
                .execute(pool).await.unwrap();
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
                .bind(app::db::sessions::ANONYMOUS_READ)
                .bind(if allowed { "false" } else { "true" })
                .execute(pool).await.unwrap();
        });
        let now = cache
            .anonymous_read(&db, &RequestVersion::default())
            .await
            .unwrap();
        assert_eq!(now, !allowed, "{name}: the setting's change shows");
    }
}

/// The charts panel of a cached dashboard is rendered once, with it: the same markup the page
/// would render itself, drawn for the dashboard's own filter and language, and rendered again when
/// the figures change.
#[tokio::test]
async fn a_cached_dashboard_carries_its_charts_panel_rendered_for_its_filter() {
    use app::components::charts::charts_markup;
    for db in seeded().await {
        let name = db.backend_name();
        let cache = ReadCache::default();
        let filter = DashboardFilter {
            pillar: Some(2),
            ..DashboardFilter::default()
        };
        let zh = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        let markup = zh
            .charts_markup
            .0
            .as_deref()
            .expect("rendered with the dashboard");
        assert_eq!(
            markup,
            charts_markup(&zh.charts, &filter, Locale::Zh),
            "{name}"
        );
        for chart in zh.charts.iter() {
            let link = format!("/charts/{}.svg?pillar=2", chart.key);
            assert!(markup.contains(&link), "{name}: {link}");
            assert!(markup.contains(&chart.title), "{name}: {}", chart.title);
        }
        let en = cached_dashboard(&cache, &db, &filter, Locale::En, None).await;
        let english = en.charts_markup.0.as_deref().expect("rendered");
        assert!(
            english.contains(Locale::En.dash().show_data),
            "{name}: in English"
        );
        assert!(!english.contains(&zh.charts[0].title), "{name}");

        // New figures, new markup.
        with_pool!(&db, pool => {
            sqlx::query("UPDATE milestones SET percent = 100, completed_on = '2026-11-20' WHERE percent < 100")
                .execute(pool).await.unwrap();
        });
        let changed_at = queries::data_version(&db).await.unwrap();
        let after = cached_dashboard(&cache, &db, &filter, Locale::Zh, Some(changed_at)).await;
        let renewed = after.charts_markup.0.as_deref().expect("rendered");
        assert_ne!(renewed, markup, "{name}");
        assert_eq!(
            renewed,
            charts_markup(&after.charts, &filter, Locale::Zh),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_cache_serves_repeats_and_follows_every_change() {
    for db in seeded().await {
        let name = db.backend_name();
        let cache = ReadCache::default();
        let filter = DashboardFilter::default();
        let first = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        let again = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        assert!(
            std::sync::Arc::ptr_eq(&first, &again),
            "{name}: served from the cache"
        );
        let english = cached_dashboard(&cache, &db, &filter, Locale::En, None).await;
        assert!(
            !std::sync::Arc::ptr_eq(&first, &english),
            "each language is its own"
        );

        // A change made behind the app's back (another server, the CLI, a script) still shows.
        with_pool!(&db, pool => {
            sqlx::query("UPDATE milestones SET percent = 100, completed_on = '2026-11-20' WHERE percent < 100")
                .execute(pool).await.unwrap();
        });
        // Whoever made it sees it at once; someone else is given the dashboard of the version
        // before while it is recomputed, and the new one as soon as it is.
        let changed_at = queries::data_version(&db).await.unwrap();
        let meanwhile = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        assert!(std::sync::Arc::ptr_eq(&first, &meanwhile), "{name}");
        let after = cached_dashboard(&cache, &db, &filter, Locale::Zh, Some(changed_at)).await;
        assert_eq!(after.counts.done, 42, "{name}");
        assert_ne!(first.counts.done, after.counts.done);
        let later = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        assert_eq!(
            later.counts.done, 42,
            "{name}: everyone sees it after one recompute"
        );

        // A dashboard that stopped being current more than a few seconds ago is not served: whoever
        // opens it next waits for the current one.
        with_pool!(&db, pool => {
            sqlx::query("UPDATE milestones SET percent = 50, completed_on = NULL WHERE id = (SELECT MIN(id) FROM milestones)")
                .execute(pool).await.unwrap();
        });
        cache
            .reference_data(&db, &RequestVersion::default())
            .await
            .unwrap(); // the cache moves to the new version
        tokio::time::sleep(std::time::Duration::from_millis(5_100)).await;
        let long_after = cached_dashboard(&cache, &db, &filter, Locale::Zh, None).await;
        assert_eq!(long_after.counts.done, 41, "{name}: not a stale dashboard");

        let reference = cache
            .reference_data(&db, &RequestVersion::default())
            .await
            .unwrap();
        with_pool!(&db, pool => {
            sqlx::query("INSERT INTO units (name) VALUES ('县新设单位')").execute(pool).await.unwrap();
        });
        let renewed = cache
            .reference_data(&db, &RequestVersion::default())
            .await
            .unwrap();
        assert_eq!(renewed.units.len(), reference.units.len() + 1, "{name}");

        // Settings count as content: thresholds change every status.
        let version = queries::data_version(&db).await.unwrap();
        with_pool!(&db, pool => {
            sqlx::query("UPDATE settings SET value = '5' WHERE key = 'status.yellow_points'").execute(pool).await.unwrap();
        });
        assert!(queries::data_version(&db).await.unwrap() > version);
    }
}

#[tokio::test]
async fn a_synthetic_county_collapses_full_timeline_lanes_and_keeps_charts_small() {
    let size = SyntheticSize {
        projects: 300,
        milestones: 1_500,
        progress_updates: 12_000,
    };
    for db in fresh_databases().await {
        let name = db.backend_name();
        assert!(seed_synthetic(&db, size).await.unwrap(), "{name}");
        assert!(
            !seed_synthetic(&db, size).await.unwrap(),
            "{name}: twice is once"
        );
        for (table, expected) in [
            ("milestones", 1_500),
            ("projects", 300),
            ("milestone_progress", 12_000),
        ] {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let (n,): (i64,) =
                with_pool!(&db, pool => sqlx::query_as(&sql).fetch_one(pool).await.unwrap());
            assert_eq!(n, expected, "{name}: {table}");
        }
        // The funding split holds for every generated project (the database checks it too).
        let (bad,): (i64,) = with_pool!(&db, pool => {
            sqlx::query_as("SELECT COUNT(*) FROM projects p WHERE total_investment <>
                (SELECT COALESCE(SUM(planned), 0) FROM investment_ledger l WHERE l.project_id = p.id)")
                .fetch_one(pool).await.unwrap()
        });
        assert_eq!(bad, 0, "{name}: every ledger adds up to its project");

        let o = overview(&db, DashboardFilter::default()).await;
        assert_eq!(o.overall.milestones, 1_500);
        let timeline = chart(&o, "timeline");
        // About 300 milestones a lane: every lane collapses to one bar per phase it has.
        assert!(
            timeline.svg.matches("<a href=").count() <= 5 * 4,
            "{name}: collapsed lanes link per phase"
        );
        assert!(timeline.svg.contains("/milestones?phase="), "{name}");
        assert!(
            timeline.table_rows.len() <= 20,
            "{name}: the table follows the chart"
        );
        assert!(timeline.table_rows.iter().any(|row| row[0].contains(" 项")));
        for c in o.charts.iter() {
            assert!(
                c.svg.len() < 100_000,
                "{name}: {} is {} bytes",
                c.key,
                c.svg.len()
            );
        }
        // A filter down to one pillar and phase of ~75 milestones draws them one by one.
        let pillars = queries::pillars(&db).await.unwrap();
        let phases = queries::phases(&db).await.unwrap();
        let narrow = overview(
            &db,
            DashboardFilter {
                pillar: Some(pillars[0].id),
                phase: Some(phases[2].id),
                ..Default::default()
            },
        )
        .await;
        let drawn = chart(&narrow, "timeline")
            .svg
            .matches("href=\"/milestones/")
            .count();
        assert_eq!(drawn, narrow.overall.milestones, "{name}");
        assert!(drawn <= dashboard::charts::TIMELINE_LANE_LIMIT);
    }
}

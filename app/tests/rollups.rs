//! The roll-ups the writes keep (migration 0010) against a full recomputation, on SQLite and on
//! PostgreSQL, after random sequences of every kind of write: progress reported through the app
//! and by multi-row statements (as imports and accepted submissions write them), reports changed
//! and removed, milestones re-weighted, moved to another group and deleted, dependencies and
//! status thresholds changed, ledger months written and removed, projects moved and deleted, and
//! a reporting period locked. The dashboard read from the roll-ups must equal the one recomputed,
//! and the milestone facts an app server keeps in memory (migration 0011) the ones read afresh.

mod common;

use app::dashboard;
use app::db::fact_store::FactStore;
use app::db::synthetic::Rng;
use app::db::synthetic::{seed_synthetic, SyntheticSize};
use app::db::{queries, rollups, with_pool, Db};
use app::i18n::Locale;
use app::model::{DashboardFilter, MilestoneFilter, ProgressForm};
use chrono::NaiveDate;
use common::{d, fresh_databases, today, user};

/// A day from 2024 to early 2027.
fn random_day(rng: &mut Rng) -> NaiveDate {
    d(2024, 1, 1) + chrono::Duration::days(rng.between(0, 1_099))
}

async fn ids(db: &Db, sql: &str) -> Vec<i64> {
    with_pool!(db, pool => { sqlx::query_scalar(sql).fetch_all(pool).await.expect(sql) })
}

async fn run(db: &Db, sql: &str) {
    with_pool!(db, pool => { sqlx::query(sql).execute(pool).await.map(|_| ()).expect(sql) });
}

/// A random row id of `sql`'s result, if it has any.
async fn pick(db: &Db, rng: &mut Rng, sql: &str) -> Option<i64> {
    let all = ids(db, sql).await;
    (!all.is_empty()).then(|| all[rng.between(0, all.len() as i64 - 1) as usize])
}

/// One random write of one of the kinds the roll-ups must follow.
async fn random_write(db: &Db, rng: &mut Rng) {
    let milestone = pick(db, rng, "SELECT id FROM milestones ORDER BY id").await;
    let report = pick(db, rng, "SELECT id FROM milestone_progress ORDER BY id").await;
    let project = pick(db, rng, "SELECT id FROM projects ORDER BY id").await;
    let pillar = rng.between(1, 5);
    let phase = rng.between(1, 4);
    let unit = rng.between(1, 10);
    let (day, other_day) = (random_day(rng), random_day(rng));
    let (percent, other_percent) = (rng.between(0, 100), rng.between(0, 100));
    match rng.between(0, 13) {
        0 | 1 => {
            if let Some(m) = milestone {
                let planner = user(db, "planner").await;
                let form = ProgressForm {
                    percent: percent.to_string(),
                    reported_on: day.min(today()).to_string(),
                    note: "随机进展".into(),
                    ..Default::default()
                };
                app::edit::milestones::record_progress(db, Some(&planner), m, &form, today())
                    .await
                    .expect("record progress");
            }
        }
        2 => {
            if let Some(m) = milestone {
                run(db, &format!(
                    "INSERT INTO milestone_progress (milestone_id, reported_on, percent, note)
                     VALUES ({m}, '{day}', {percent}, 'a'), ({m}, '{other_day}', {other_percent}, 'b'),
                            ({m}, '{day}', {}, 'c')",
                    (percent + 7) % 101
                ))
                .await;
            }
        }
        3 => {
            if let Some(r) = report {
                run(db, &format!(
                    "UPDATE milestone_progress SET percent = {percent}, reported_on = '{day}' WHERE id = {r}"
                ))
                .await;
            }
        }
        4 => {
            if let Some(r) = report {
                run(
                    db,
                    &format!("DELETE FROM milestone_progress WHERE id = {r}"),
                )
                .await;
            }
        }
        5 => {
            if let Some(m) = milestone {
                run(
                    db,
                    &format!(
                    "UPDATE milestone_progress SET percent = percent / 2 WHERE milestone_id = {m}"
                ),
                )
                .await;
            }
        }
        6 => {
            if let Some(m) = milestone {
                run(
                    db,
                    &format!(
                        "UPDATE milestones SET weight = {}, start_date = '{start}', due_date = '{due}'
                         WHERE id = {m}",
                        rng.between(0, 8),
                        start = day.min(other_day),
                        due = day.max(other_day),
                    ),
                )
                .await;
                // A copy of it, as a planner's new milestone or an imported plan adds one.
                run(
                    db,
                    &format!(
                        "INSERT INTO milestones (roadmap_id, phase_id, pillar_id, domain_id, unit_id,
                                                 title, start_date, due_date, weight, percent)
                         SELECT roadmap_id, phase_id, pillar_id, domain_id, unit_id, title || '（续）',
                                start_date, due_date, weight, {other_percent}
                         FROM milestones WHERE id = {m}"
                    ),
                )
                .await;
            }
        }
        7 => {
            if let Some(m) = milestone {
                let domain = if rng.between(0, 2) == 0 {
                    "NULL".to_string()
                } else {
                    rng.between(1, 5).to_string()
                };
                run(db, &format!(
                    "UPDATE milestones SET pillar_id = {pillar}, phase_id = {phase}, unit_id = {unit},
                            domain_id = {domain} WHERE id = {m}"
                ))
                .await;
            }
        }
        8 => {
            let free = pick(
                db,
                rng,
                "SELECT m.id FROM milestones m WHERE NOT EXISTS (SELECT 1 FROM problems q WHERE q.milestone_id = m.id)
                   AND NOT EXISTS (SELECT 1 FROM project_milestones l WHERE l.milestone_id = m.id)
                   AND NOT EXISTS (SELECT 1 FROM milestone_dependencies e WHERE e.milestone_id = m.id OR e.depends_on_id = m.id)
                 ORDER BY m.id",
            )
            .await;
            if let Some(m) = free {
                run(db, &format!("DELETE FROM milestones WHERE id = {m}")).await;
            }
        }
        9 => {
            // Neither moves a roll-up, and both must leave them as they are.
            run(
                db,
                &format!(
                    "UPDATE settings SET value = '{}' WHERE key = 'status.yellow_points'",
                    rng.between(5, 14)
                ),
            )
            .await;
            if let (Some(a), Some(b)) = (
                milestone,
                pick(db, rng, "SELECT id FROM milestones ORDER BY id").await,
            ) {
                if a < b {
                    run(db, &format!(
                        "INSERT INTO milestone_dependencies (milestone_id, depends_on_id) VALUES ({b}, {a})
                         ON CONFLICT DO NOTHING"
                    ))
                    .await;
                }
            }
        }
        10 => {
            if let Some(p) = project {
                let year = rng.between(2023, 2027);
                run(
                    db,
                    &format!(
                    "INSERT INTO investment_ledger (project_id, year, month, planned, completed)
                     VALUES ({p}, {year}, {}, {}, {})
                     ON CONFLICT (project_id, year, month) DO UPDATE SET planned = excluded.planned,
                         completed = excluded.completed",
                    rng.between(1, 12),
                    rng.between(0, 99_999),
                    rng.between(0, 99_999)
                ),
                )
                .await;
            }
        }
        11 => {
            if let Some(p) = project {
                run(
                    db,
                    &format!(
                        "DELETE FROM investment_ledger WHERE project_id = {p} AND month = {}",
                        rng.between(1, 12)
                    ),
                )
                .await;
            }
        }
        12 => {
            if let Some(p) = project {
                let pillar = if rng.between(0, 3) == 0 {
                    "NULL".to_string()
                } else {
                    pillar.to_string()
                };
                run(
                    db,
                    &format!(
                        "UPDATE projects SET pillar_id = {pillar}, unit_id = {unit} WHERE id = {p}"
                    ),
                )
                .await;
            }
        }
        _ => {
            let free = pick(
                db,
                rng,
                "SELECT p.id FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_milestones l WHERE l.project_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM project_progress g WHERE g.project_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM report_batch_projects b WHERE b.project_id = p.id)
                 ORDER BY p.id",
            )
            .await;
            if let Some(p) = free {
                run(db, &format!("DELETE FROM projects WHERE id = {p}")).await;
            }
        }
    }
}

/// Every roll-up equals its recomputation, and so do the dashboard figures read from them; the
/// milestone facts the store kept up to date equal the facts read afresh.
async fn assert_rollups_equal(db: &Db, store: &FactStore, context: &str) {
    let name = db.backend_name();
    let thresholds = queries::thresholds(db).await.unwrap();
    assert_eq!(
        rollups::gains_table(db).await.unwrap(),
        rollups::gains_table_recomputed(db).await.unwrap(),
        "{name}: progress gains after {context}"
    );
    assert_eq!(
        rollups::investment_table(db).await.unwrap(),
        rollups::investment_table_recomputed(db).await.unwrap(),
        "{name}: investment after {context}"
    );
    for filter in [
        MilestoneFilter::default(),
        MilestoneFilter {
            pillar: Some(2),
            ..Default::default()
        },
        MilestoneFilter {
            unit: Some(3),
            phase: Some(2),
            ..Default::default()
        },
    ] {
        assert_eq!(
            store
                .facts(db, &filter, today(), &thresholds)
                .await
                .unwrap(),
            queries::milestone_facts(db, &filter, today(), None, &thresholds)
                .await
                .unwrap(),
            "{name}: the kept milestone facts for {filter:?} after {context}"
        );
        // Today, an "as of" day in the middle of a month, and a month's last day.
        for day in [today(), d(2025, 6, 14), d(2024, 12, 31)] {
            assert_eq!(
                rollups::monthly_gains(db, &filter, day).await.unwrap(),
                rollups::monthly_gains_recomputed(db, &filter, day)
                    .await
                    .unwrap(),
                "{name}: burn-up gains for {filter:?} on {day} after {context}"
            );
        }
    }
    for filter in [
        DashboardFilter::default(),
        DashboardFilter {
            pillar: Some(1),
            ..Default::default()
        },
    ] {
        let rolled = queries::investment_rolled_up(db, &filter).await.unwrap();
        let from_ledger = queries::investment_from_ledger(db, &filter, None)
            .await
            .unwrap();
        let mut summed: std::collections::BTreeMap<(i32, Option<i64>), (i64, i64)> =
            Default::default();
        for row in &from_ledger {
            let sums = summed.entry((row.year, row.pillar)).or_default();
            sums.0 += row.planned.0;
            sums.1 += row.completed.0;
        }
        summed.retain(|_, (planned, completed)| *planned != 0 || *completed != 0);
        let rolled: std::collections::BTreeMap<_, _> = rolled
            .iter()
            .map(|r| ((r.year, r.pillar), (r.planned.0, r.completed.0)))
            .collect();
        assert_eq!(
            rolled, summed,
            "{name}: investment chart for {filter:?} after {context}"
        );
        let totals = queries::project_totals(db, &filter, None).await.unwrap();
        let completed: i64 = from_ledger.iter().map(|r| r.completed.0).sum();
        assert_eq!(
            totals.completed_investment.0, completed,
            "{name}: completed investment after {context}"
        );
    }
}

#[tokio::test]
async fn kept_roll_ups_equal_a_full_recomputation_after_random_writes() {
    let size = SyntheticSize {
        projects: 120,
        milestones: 300,
        progress_updates: 2_400,
    };
    for db in fresh_databases().await {
        seed_synthetic(&db, size).await.expect("synthetic county");
        let store = FactStore::default();
        assert_rollups_equal(&db, &store, "loading the county").await;
        let mut rng = Rng(2026);
        for round in 0..8 {
            for _ in 0..40 {
                random_write(&db, &mut rng).await;
            }
            assert_rollups_equal(&db, &store, &format!("round {round} of random writes")).await;
        }
        // Locking a reporting period writes its baseline; the roll-ups stay as they were.
        let planner = user(&db, "planner").await;
        app::reporting::periods::lock(&db, Some(&planner), "2026-10", today())
            .await
            .expect("lock a period");
        assert_rollups_equal(&db, &store, "a period lock").await;

        // A restore puts an older database back: the data version goes back, and the kept facts
        // are read afresh rather than caught up from a version the database never reached.
        run(&db, "UPDATE data_version SET version = 1 WHERE id = 1").await;
        run(
            &db,
            "UPDATE milestones SET percent = 99 WHERE id = (SELECT MIN(id) FROM milestones)",
        )
        .await;
        assert_rollups_equal(&db, &store, "a restore").await;

        // The dashboard made from the roll-ups is the one the recomputed figures give, chart by
        // chart and figure by figure.
        for filter in [
            DashboardFilter::default(),
            DashboardFilter {
                pillar: Some(3),
                ..Default::default()
            },
        ] {
            let mut inputs = dashboard::gather(&db, Some(&store), today(), &filter)
                .await
                .expect("gather");
            let kept = dashboard::assemble(&inputs, Locale::Zh).expect("assemble");
            let burn_up = inputs.burn_up.as_mut().expect("the county has phases");
            burn_up.monthly_gains =
                rollups::monthly_gains_recomputed(&db, &filter.milestones(), today())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|(y, m, gain)| (y, m, gain as f64))
                    .collect();
            inputs.investment = queries::investment_from_ledger(&db, &filter, None)
                .await
                .unwrap();
            let recomputed = dashboard::assemble(&inputs, Locale::Zh).expect("assemble");
            assert_eq!(
                kept,
                recomputed,
                "{}: dashboard for {filter:?}",
                db.backend_name()
            );
        }
    }
}

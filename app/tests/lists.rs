//! The milestone list, the project registry and the problems list a page at a time, on SQLite and
//! PostgreSQL: pages cover every row once, a page past the end shows the last one, every column
//! sorts both ways, and the status the database filters and sorts on is the one the page shows.

mod common;

use std::collections::BTreeSet;

use app::db::synthetic::{seed_synthetic, SyntheticSize};
use app::db::tx::Statement;
use app::db::{queries, Db};
use app::domain::model::ProblemStatus;
use app::domain::status::Status;
use app::model::{
    JournalEntry, JournalFilter, JournalSort, MilestoneFilter, MilestoneRow, MilestoneSort,
    ProblemFilter, ProblemListRow, ProblemSort, ProblemSubject, ProjectFilter, SortKey, PAGE_SIZE,
};
use app::service;
use common::{count, d, fresh_databases, today};

async fn county() -> Vec<Db> {
    let size = SyntheticSize {
        projects: 130,
        milestones: 260,
        progress_updates: 1_500,
    };
    let dbs = fresh_databases().await;
    for db in &dbs {
        seed_synthetic(db, size).await.expect("synthetic county");
    }
    dbs
}

/// Every page of the milestone list for `filter`, in order.
async fn all_pages(db: &Db, filter: &MilestoneFilter, day: chrono::NaiveDate) -> Vec<MilestoneRow> {
    let first = service::milestone_list(db, filter, day).await.unwrap();
    let pages = first.page.pages();
    let mut rows = first.rows;
    for page in 2..=pages {
        let next = MilestoneFilter {
            page: Some(page),
            ..filter.clone()
        };
        let list = service::milestone_list(db, &next, day).await.unwrap();
        assert_eq!(list.page.page, page);
        rows.extend(list.rows);
    }
    rows
}

#[tokio::test]
async fn milestone_pages_cover_every_row_once_and_stop_at_the_last() {
    for db in county().await {
        let name = db.backend_name();
        let everything = queries::milestones(
            &db,
            &MilestoneFilter::default(),
            today(),
            &queries::thresholds(&db).await.unwrap(),
        )
        .await
        .unwrap();
        let list = service::milestone_list(&db, &MilestoneFilter::default(), today())
            .await
            .unwrap();
        assert_eq!(
            list.rows.len(),
            PAGE_SIZE as usize,
            "{name}: a full first page"
        );
        assert_eq!(list.page.total, everything.len() as i64, "{name}");

        let rows = all_pages(&db, &MilestoneFilter::default(), today()).await;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let unique: BTreeSet<i64> = ids.iter().copied().collect();
        assert_eq!(ids.len(), everything.len(), "{name}: every row once");
        assert_eq!(unique.len(), ids.len(), "{name}: no row twice");
        // The default order is the full list's: by due date.
        assert_eq!(
            ids,
            everything.iter().map(|r| r.id).collect::<Vec<_>>(),
            "{name}"
        );

        let past_the_end = MilestoneFilter {
            page: Some(10_000),
            ..Default::default()
        };
        let last = service::milestone_list(&db, &past_the_end, today())
            .await
            .unwrap();
        assert_eq!(
            last.page.page,
            last.page.pages(),
            "{name}: the last page instead"
        );
        assert_eq!(
            last.rows.len() as i64,
            last.page.total - last.page.offset(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_status_the_database_filters_on_is_the_status_shown() {
    for db in county().await {
        let name = db.backend_name();
        let thresholds = queries::thresholds(&db).await.unwrap();
        // Days in every phase of the county's milestones: before most start, amid, after most end.
        for day in [d(2024, 3, 1), d(2025, 7, 15), today(), d(2028, 1, 1)] {
            let everything =
                queries::milestones(&db, &MilestoneFilter::default(), day, &thresholds)
                    .await
                    .unwrap();
            for status in Status::ALL {
                let filter = MilestoneFilter {
                    status: Some(status),
                    ..Default::default()
                };
                let listed: BTreeSet<i64> = all_pages(&db, &filter, day)
                    .await
                    .iter()
                    .map(|r| r.id)
                    .collect();
                let expected: BTreeSet<i64> = everything
                    .iter()
                    .filter(|r| r.assessment.status == status)
                    .map(|r| r.id)
                    .collect();
                assert_eq!(listed, expected, "{name}: {status:?} on {day}");
            }
        }
    }
}

#[tokio::test]
async fn every_milestone_column_sorts_both_ways() {
    for db in county().await {
        let name = db.backend_name();
        let reference = queries::reference_data(&db).await.unwrap();
        // Phases, pillars and units sort in their own order, as the reference data lists them.
        let position = |names: Vec<&str>, name: &str| {
            names.iter().position(|n| *n == name).expect("a known name") as i64
        };
        let phases: Vec<&str> = reference
            .phases
            .iter()
            .map(|p| p.name_zh.as_str())
            .collect();
        let pillars: Vec<&str> = reference
            .pillars
            .iter()
            .map(|p| p.name_zh.as_str())
            .collect();
        let units: Vec<&str> = reference.units.iter().map(|u| u.name.as_str()).collect();
        for key in MilestoneSort::ALL.iter().copied() {
            for desc in [false, true] {
                let filter = MilestoneFilter {
                    sort: Some(key),
                    desc,
                    pillar: Some(2),
                    ..Default::default()
                };
                let rows = all_pages(&db, &filter, today()).await;
                assert!(!rows.is_empty(), "{name}");
                let rank = |r: &MilestoneRow| -> (i64, String) {
                    match key {
                        MilestoneSort::Title => (0, r.title.clone()),
                        MilestoneSort::Phase => {
                            (position(phases.clone(), &r.phase.name_zh), String::new())
                        }
                        MilestoneSort::Pillar => {
                            (position(pillars.clone(), &r.pillar.name_zh), String::new())
                        }
                        MilestoneSort::Unit => {
                            (position(units.clone(), &r.unit_name), String::new())
                        }
                        MilestoneSort::Due => (0, r.due_date.to_string()),
                        MilestoneSort::Progress => (r.percent, String::new()),
                        MilestoneSort::Weight => (r.weight, String::new()),
                        MilestoneSort::Status => {
                            (queries::status_rank(r.assessment.status), String::new())
                        }
                    }
                };
                let keys: Vec<(i64, String)> = rows.iter().map(rank).collect();
                let mut sorted = keys.clone();
                sorted.sort();
                if desc {
                    sorted.reverse();
                }
                assert_eq!(
                    keys,
                    sorted,
                    "{name}: {} {}",
                    key.code(),
                    if desc { "desc" } else { "asc" }
                );
                assert!(
                    rows.iter().all(|r| r.pillar.id == 2),
                    "{name}: the filter holds"
                );
            }
        }
    }
}

#[tokio::test]
async fn project_pages_keep_their_totals_over_every_page() {
    for db in county().await {
        let name = db.backend_name();
        let first = service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(first.rows.len(), PAGE_SIZE as usize, "{name}");
        let mut seen = BTreeSet::new();
        let mut completed_on_pages = 0;
        let mut investment_on_pages = 0;
        for page in 1..=first.page.pages() {
            let list = service::project_list(
                &db,
                &ProjectFilter {
                    page: Some(page),
                    sort: Some(app::model::ProjectSort::Completed),
                    desc: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(
                list.total_investment, first.total_investment,
                "{name}: totals cover all pages"
            );
            let amounts: Vec<i64> = list.rows.iter().map(|r| r.completed_investment.0).collect();
            assert!(
                amounts.windows(2).all(|w| w[0] >= w[1]),
                "{name}: largest first"
            );
            for row in &list.rows {
                assert!(seen.insert(row.id), "{name}: project {} twice", row.id);
                completed_on_pages += row.completed_investment.0;
                investment_on_pages += row.total_investment.0;
            }
        }
        assert_eq!(seen.len() as i64, first.page.total, "{name}");
        assert_eq!(completed_on_pages, first.completed_investment.0, "{name}");
        assert_eq!(investment_on_pages, first.total_investment.0, "{name}");
    }
}

/// Every page of the problems list for `filter`, in order.
async fn all_problems(db: &Db, filter: &ProblemFilter) -> Vec<ProblemListRow> {
    let first = app::db::problems::list(db, filter, today()).await.unwrap();
    let mut rows = first.rows;
    for page in 2..=first.page.pages() {
        let next = ProblemFilter {
            page: Some(page),
            ..filter.clone()
        };
        let list = app::db::problems::list(db, &next, today()).await.unwrap();
        assert_eq!(list.page.page, page);
        rows.extend(list.rows);
    }
    rows
}

#[tokio::test]
async fn problem_pages_cover_every_problem_once_and_every_column_sorts_both_ways() {
    // 1,300 milestones give 52 problems on milestones, each with a unit and a due date.
    let size = SyntheticSize {
        projects: 40,
        milestones: 1_300,
        progress_updates: 500,
    };
    for db in fresh_databases().await {
        let name = db.backend_name();
        seed_synthetic(&db, size).await.expect("synthetic county");
        // And three on projects, with neither: they sort after the others on those columns.
        db.execute(Statement::new(
            "INSERT INTO problems (project_id, description, raised_on, status)
             SELECT id, '项目验收资料不全', '2026-01-05', 'open' FROM projects WHERE id <= 3",
        ))
        .await
        .unwrap();
        let total = count(&db, "SELECT COUNT(*) FROM problems").await;
        assert!(total > i64::from(PAGE_SIZE), "{name}: more than a page");

        let rows = all_problems(&db, &ProblemFilter::default()).await;
        let ids: BTreeSet<i64> = rows.iter().map(|r| r.id).collect();
        assert_eq!(
            (rows.len() as i64, ids.len() as i64),
            (total, total),
            "{name}: each once"
        );
        assert!(
            rows.windows(2).all(|w| w[0].raised_on >= w[1].raised_on),
            "{name}: newest first"
        );
        let added: Vec<&ProblemListRow> = rows
            .iter()
            .filter(|r| r.description == "项目验收资料不全")
            .collect();
        assert_eq!(added.len(), 3, "{name}");
        assert!(added
            .iter()
            .all(|r| matches!(r.subject, ProblemSubject::Project { .. })
                && r.unit_name.is_none()
                && r.due_date.is_none()));

        let past_the_end = ProblemFilter {
            page: Some(999),
            ..Default::default()
        };
        let last = app::db::problems::list(&db, &past_the_end, today())
            .await
            .unwrap();
        assert_eq!(
            last.page.page,
            last.page.pages(),
            "{name}: the last page instead"
        );

        let reference = queries::reference_data(&db).await.unwrap();
        let unit_rank = |unit: &Option<String>| match unit {
            Some(unit) => reference
                .units
                .iter()
                .position(|u| &u.name == unit)
                .expect("a known unit") as i64,
            None => i64::MAX,
        };
        for key in ProblemSort::ALL.iter().copied() {
            for desc in [false, true] {
                let filter = ProblemFilter {
                    sort: Some(key),
                    desc,
                    ..Default::default()
                };
                let sorted_rows = all_problems(&db, &filter).await;
                let sorted_ids: BTreeSet<i64> = sorted_rows.iter().map(|r| r.id).collect();
                assert_eq!(
                    sorted_ids,
                    ids,
                    "{name}: {} keeps every problem",
                    key.code()
                );
                let rank = |r: &ProblemListRow| -> (i64, String) {
                    match key {
                        ProblemSort::Problem => (0, r.description.clone()),
                        ProblemSort::Subject => (0, r.subject.name().to_string()),
                        ProblemSort::Unit => (unit_rank(&r.unit_name), String::new()),
                        ProblemSort::Raised => (0, r.raised_on.to_string()),
                        ProblemSort::Due => (
                            i64::from(r.due_date.is_none()),
                            r.due_date.map(|d| d.to_string()).unwrap_or_default(),
                        ),
                        ProblemSort::Status => (
                            ProblemStatus::ALL
                                .iter()
                                .position(|s| *s == r.status)
                                .unwrap_or(0) as i64,
                            String::new(),
                        ),
                    }
                };
                let keys: Vec<(i64, String)> = sorted_rows.iter().map(rank).collect();
                let mut expected = keys.clone();
                expected.sort();
                if desc {
                    expected.reverse();
                }
                assert_eq!(keys, expected, "{name}: {} desc={desc}", key.code());
            }
        }

        for status in ProblemStatus::ALL.iter().copied() {
            let filter = ProblemFilter {
                status: Some(status),
                ..Default::default()
            };
            let listed = all_problems(&db, &filter).await;
            let expected = rows.iter().filter(|r| r.status == status).count();
            assert!(expected > 0, "{name}: the county has {status:?} problems");
            assert_eq!(listed.len(), expected, "{name}: {status:?}");
            assert!(listed.iter().all(|r| r.status == status));
        }
        let overdue = all_problems(
            &db,
            &ProblemFilter {
                overdue: true,
                ..Default::default()
            },
        )
        .await;
        let expected: BTreeSet<i64> = rows.iter().filter(|r| r.overdue).map(|r| r.id).collect();
        assert!(!expected.is_empty(), "{name}: some are overdue");
        assert_eq!(
            overdue.iter().map(|r| r.id).collect::<BTreeSet<_>>(),
            expected,
            "{name}"
        );
        let unit = &reference.units[0];
        let of_unit = all_problems(
            &db,
            &ProblemFilter {
                unit: Some(unit.id),
                ..Default::default()
            },
        )
        .await;
        let expected = rows
            .iter()
            .filter(|r| r.unit_name.as_deref() == Some(unit.name.as_str()))
            .count();
        assert_eq!(of_unit.len(), expected, "{name}: {}", unit.name);
    }
}

/// Every page of the journal for `filter`, in its order.
async fn all_journal(db: &Db, filter: &JournalFilter) -> Vec<JournalEntry> {
    let mut rows = Vec::new();
    for page in 1.. {
        let found = app::db::journal::search(
            db,
            &JournalFilter {
                page: Some(page),
                ..filter.clone()
            },
        )
        .await
        .unwrap();
        rows.extend(found.entries);
        if found.page.next().is_none() {
            return rows;
        }
    }
    rows
}

#[tokio::test]
async fn journal_pages_cover_every_change_once_and_every_column_sorts_both_ways() {
    const CHANGES: i64 = 130;
    for db in fresh_databases().await {
        let name = db.backend_name();
        // Plain lowercase ASCII of one width, so both backends' collations order text alike.
        for i in 0..CHANGES {
            db.execute(
                Statement::new(
                    "INSERT INTO audit_log (at, username, entity, entity_id, version, action, field, old_value, new_value)
                     VALUES ($1, $2, $3, $4, $5, 'update', $6, $7, $8)",
                )
                .bind(1_767_225_600 + (i * 37 % CHANGES) * 60)
                .bind(format!("u{:02}", i % 7))
                .bind(["milestone", "project", "unit"][(i % 3) as usize])
                .bind(i % 11)
                .bind(i)
                .bind(format!("f{}", i % 5))
                .bind(format!("v{:03}", i * 53 % CHANGES))
                .bind(format!("v{:03}", i * 29 % CHANGES)),
            )
            .await
            .unwrap();
        }
        let journalled = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        assert!(journalled > i64::from(PAGE_SIZE) * 2, "{name}: three pages");

        let newest_first = all_journal(&db, &JournalFilter::default()).await;
        let versions: Vec<i64> = newest_first.iter().map(|e| e.version).collect();
        assert_eq!(
            journalled, CHANGES,
            "{name}: a fresh database journals nothing else"
        );
        assert_eq!(
            versions,
            (0..CHANGES).rev().collect::<Vec<_>>(),
            "{name}: each once, newest first"
        );

        let ours = JournalFilter {
            from: Some(d(2026, 1, 1)),
            ..Default::default()
        };
        for key in JournalSort::ALL.iter().copied() {
            for desc in [false, true] {
                let filter = JournalFilter {
                    sort: Some(key),
                    desc,
                    ..ours.clone()
                };
                let rows = all_journal(&db, &filter).await;
                let mut each: Vec<i64> = rows.iter().map(|e| e.version).collect();
                each.sort_unstable();
                assert_eq!(
                    each,
                    (0..CHANGES).collect::<Vec<_>>(),
                    "{name}: {} lists each change once",
                    key.code()
                );
                let rank = |e: &JournalEntry| -> (String, i64, i64) {
                    match key {
                        JournalSort::Time => (String::new(), e.at, 0),
                        JournalSort::User => (e.username.clone(), 0, 0),
                        JournalSort::Record => (e.entity.clone(), e.entity_id, e.version),
                        JournalSort::Field => (e.field.clone(), 0, 0),
                        JournalSort::Old => (e.old_value.clone(), 0, 0),
                        JournalSort::New => (e.new_value.clone(), 0, 0),
                    }
                };
                let keys: Vec<_> = rows.iter().map(rank).collect();
                let mut expected = keys.clone();
                expected.sort();
                if desc {
                    expected.reverse();
                }
                assert_eq!(keys, expected, "{name}: {} desc={desc}", key.code());
            }
        }

        let one_user = all_journal(
            &db,
            &JournalFilter {
                user: Some("u03".to_string()),
                sort: Some(JournalSort::New),
                ..ours.clone()
            },
        )
        .await;
        assert_eq!(one_user.len(), 19, "{name}: every seventh change");
        assert!(one_user.iter().all(|e| e.username == "u03"), "{name}");
    }
}

//! The queries behind the pages, on SQLite and on PostgreSQL, against the sample programme.

mod common;

use app::domain::problem::Problem;

use app::db::users::{self, UserError};
use app::db::{queries, seed, with_pool, Db};
use app::domain::model::{ProjectKind, Role};
use app::domain::money::Wan;
use app::domain::status::Status;
use app::model::{MilestoneFilter, ProjectFilter};
use app::{dashboard, service};
use common::{d, fresh_databases, seeded, today};

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) =
        with_pool!(db, pool => sqlx::query_as(&sql).fetch_one(pool).await.expect("count"));
    n
}

#[tokio::test]
async fn seeding_twice_and_migrating_twice_change_nothing() {
    for db in seeded().await {
        let before = (
            count(&db, "milestones").await,
            count(&db, "projects").await,
            count(&db, "investment_ledger").await,
        );
        assert!(!seed::seed_sample(&db).await.unwrap());
        db.migrate().await.unwrap();
        let after = (
            count(&db, "milestones").await,
            count(&db, "projects").await,
            count(&db, "investment_ledger").await,
        );
        assert_eq!(before, after, "{}", db.backend_name());
        assert_eq!(before.0, 42);
        assert_eq!(before.1, 15);
        assert_eq!(count(&db, "units").await, 16);
        assert!(count(&db, "milestone_progress").await > 100);
    }
}

#[tokio::test]
async fn overview_figures_of_the_sample_programme() {
    for db in seeded().await {
        let o = dashboard::overview(&db, today(), &Default::default(), app::i18n::Locale::Zh)
            .await
            .unwrap();
        let name = db.backend_name();
        assert_eq!(o.overall.milestones, 42, "{name}");
        assert_eq!(o.counts.done, 28, "{name}");
        assert_eq!(o.counts.red, 4, "{name}");
        assert_eq!(o.counts.yellow, 4, "{name}");
        assert_eq!(o.counts.overdue, 2, "{name}");
        assert_eq!(format!("{:.1}", o.overall.actual), "82.0", "{name}");
        assert_eq!(format!("{:.1}", o.overall.expected), "85.1", "{name}");
        assert_eq!((o.projects_major, o.projects_information), (8, 7), "{name}");
        assert_eq!(
            o.total_investment,
            Wan::parse("34134.40").unwrap(),
            "{name}"
        );
        assert_eq!(
            o.completed_investment,
            Wan::parse("22985.36").unwrap(),
            "{name}"
        );
        let pillars: Vec<_> = o.by_pillar.iter().map(|g| g.name_zh.as_str()).collect();
        assert_eq!(
            pillars,
            ["一朵云", "一张网", "一平台", "一系统", "一城墙"],
            "{name}"
        );
        let phases: Vec<_> = o
            .by_phase
            .iter()
            .map(|g| (g.name_zh.as_str(), g.rollup.milestones))
            .collect();
        assert_eq!(
            phases,
            [
                ("一年起势", 9),
                ("两年搭架", 9),
                ("三年突破", 10),
                ("五年成效", 14)
            ],
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_same_programme_looks_different_on_another_day() {
    for db in seeded().await {
        // In mid-2024 nothing of the last phase has started and the 2024 work is under way.
        let o = dashboard::overview(
            &db,
            d(2024, 6, 30),
            &Default::default(),
            app::i18n::Locale::Zh,
        )
        .await
        .unwrap();
        assert_eq!(o.counts.overdue, 0, "{}", db.backend_name());
        let last_phase = o.by_phase.last().unwrap();
        assert_eq!(last_phase.rollup.expected, 0.0);
    }
}

#[tokio::test]
async fn milestone_filters_combine() {
    for db in seeded().await {
        let today = today();
        let reference = queries::reference_data(&db).await.unwrap();
        let wall = reference
            .pillars
            .iter()
            .find(|p| p.name_zh == "一城墙")
            .unwrap()
            .id;
        let momentum = reference
            .phases
            .iter()
            .find(|p| p.name_zh == "一年起势")
            .unwrap()
            .id;
        let unit = reference
            .units
            .iter()
            .find(|u| u.name == "县委网信办")
            .unwrap()
            .id;

        let all = service::milestone_list(&db, &MilestoneFilter::default(), today)
            .await
            .unwrap();
        assert_eq!(all.rows.len(), 42);
        assert!(
            all.rows.windows(2).all(|w| w[0].due_date <= w[1].due_date),
            "ordered by due date"
        );

        let by_pillar = MilestoneFilter {
            pillar: Some(wall),
            ..Default::default()
        };
        let rows = service::milestone_list(&db, &by_pillar, today)
            .await
            .unwrap()
            .rows;
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.pillar.name_zh == "一城墙"));

        let red = MilestoneFilter {
            status: Some(Status::Critical),
            ..Default::default()
        };
        let rows = service::milestone_list(&db, &red, today)
            .await
            .unwrap()
            .rows;
        let mut titles: Vec<_> = rows.iter().map(|r| r.title.as_str()).collect();
        titles.sort();
        assert_eq!(
            titles,
            [
                "公共数据授权运营试点",
                "智慧农业数据中台建设",
                "社保医保“掌上办”全覆盖",
                "网络安全攻防演练（年度）"
            ]
        );

        let phase_unit = MilestoneFilter {
            phase: Some(momentum),
            unit: Some(unit),
            ..Default::default()
        };
        let rows = service::milestone_list(&db, &phase_unit, today)
            .await
            .unwrap()
            .rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].title, "开展网络安全专项检查与等保测评");

        let nothing = MilestoneFilter {
            phase: Some(momentum),
            status: Some(Status::Behind),
            ..Default::default()
        };
        assert!(service::milestone_list(&db, &nothing, today)
            .await
            .unwrap()
            .rows
            .is_empty());
    }
}

#[tokio::test]
async fn project_registry_totals_equal_their_rows() {
    for db in seeded().await {
        let all = service::project_list(&db, &ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(all.rows.len(), 15);
        assert_eq!(
            all.total_investment,
            all.rows.iter().map(|r| r.total_investment).sum()
        );
        assert_eq!(all.total_investment, Wan::parse("34134.40").unwrap());
        let completed = all
            .rows
            .iter()
            .find(|r| r.name == "电子政务外网提升改造工程")
            .unwrap();
        assert_eq!(
            completed.completed_investment, completed.total_investment,
            "a finished project spent its plan"
        );
        assert_eq!(completed.code.as_deref(), Some("2023-339901-65-01-000027"));

        let major = service::project_list(
            &db,
            &ProjectFilter {
                kind: Some(ProjectKind::Major),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(major.rows.len(), 8);
        assert!(major
            .rows
            .iter()
            .all(|r| r.kind == ProjectKind::Major && r.code.is_some()));
        assert_eq!(major.total_investment, Wan::parse("32470.50").unwrap());
    }
}

#[tokio::test]
async fn money_sums_are_exact_over_ten_thousand_rows() {
    for db in seeded().await {
        let (project_id,): (i64,) = with_pool!(&db, pool => sqlx::query_as("SELECT MIN(id) FROM projects").fetch_one(pool).await.unwrap());
        let amounts: Vec<i64> = (0..10_000).map(|i| (i * 7919) % 100_003 + 1).collect();
        with_pool!(&db, pool => {
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("DELETE FROM investment_ledger").execute(&mut *tx).await.unwrap();
            for (i, amount) in amounts.iter().enumerate() {
                sqlx::query("INSERT INTO investment_ledger (project_id, year, month, planned, completed) VALUES ($1, $2, $3, 0, $4)")
                    .bind(project_id)
                    .bind(1000 + (i / 12) as i32)
                    .bind((i % 12) as i32 + 1)
                    .bind(*amount)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        });
        let totals = queries::project_totals(&db, &Default::default(), None)
            .await
            .unwrap();
        assert_eq!(
            totals.completed_investment,
            Wan(amounts.iter().sum()),
            "{}",
            db.backend_name()
        );
    }
}

#[tokio::test]
async fn the_database_refuses_a_funding_split_that_does_not_add_up() {
    for db in seeded().await {
        let result = with_pool!(&db, pool => {
            sqlx::query(
                "INSERT INTO projects (kind, name, unit_id, construction_type, start_year, end_year,
                    total_investment, fund_county) VALUES ('information', '测试', (SELECT MIN(id) FROM units), 'new', 2025, 2025, 10000, 9999)",
            )
            .execute(pool)
            .await
            .map(|_| ())
        });
        assert!(result.is_err(), "{}", db.backend_name());
        assert_eq!(count(&db, "projects").await, 15);
    }
}

#[tokio::test]
async fn users_are_stored_with_argon2_and_unique_names() {
    for db in fresh_databases().await {
        let id = users::add_user(&db, "zhangsan", Role::Planner, "长长的口令 2026ab", &[])
            .await
            .unwrap();
        let (found_id, hash, role) = users::credentials(&db, "zhangsan").await.unwrap().unwrap();
        assert_eq!((found_id, role), (id, Role::Planner));
        assert!(users::verify_password("长长的口令 2026ab", &hash).await);
        assert!(!users::verify_password("wrong", &hash).await);
        assert!(matches!(
            users::add_user(&db, "zhangsan", Role::Admin, "Another password 2", &[]).await,
            Err(UserError::Exists(_))
        ));
        assert!(matches!(
            users::add_user(&db, "lisi", Role::Viewer, "short", &[]).await,
            Err(UserError::WeakPassword(Problem::PasswordTooShort {
                min: 8
            }))
        ));
        assert!(matches!(
            users::add_user(&db, "lisi", Role::Viewer, "lisi-2026-x", &[]).await,
            Err(UserError::WeakPassword(Problem::PasswordHasUsername))
        ));
        assert!(matches!(
            users::add_user(&db, "lisi", Role::Viewer, "alllowercase", &[]).await,
            Err(UserError::WeakPassword(Problem::PasswordTooSimple {
                classes: 3
            }))
        ));
        assert!(users::credentials(&db, "nobody").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn dashboard_filters_apply_to_every_figure_and_chart() {
    use app::model::DashboardFilter;
    for db in seeded().await {
        let name = db.backend_name();
        let today = today();
        let all = dashboard::overview(
            &db,
            today,
            &DashboardFilter::default(),
            app::i18n::Locale::Zh,
        )
        .await
        .unwrap();
        let pillars = queries::pillars(&db).await.unwrap();
        let network = pillars
            .iter()
            .find(|p| p.name_zh == "一张网")
            .expect("一张网");
        let filter = DashboardFilter {
            pillar: Some(network.id),
            ..Default::default()
        };
        let one = dashboard::overview(&db, today, &filter, app::i18n::Locale::Zh)
            .await
            .unwrap();
        assert!(one.overall.milestones < all.overall.milestones, "{name}");
        assert_eq!(one.by_pillar.len(), 1);
        assert_eq!(one.overall.milestones, one.by_pillar[0].rollup.milestones);
        assert!(one.total_investment <= all.total_investment);
        assert_eq!(one.charts.len(), 6);
        for chart in one.charts.iter() {
            // The burn-up is one line for the selection; the others name their pillar.
            if chart.key != "burnup" {
                assert!(chart.svg.contains("<svg"), "{name}: {}", chart.key);
            }
            if chart.key != "burnup" {
                assert!(chart.svg.contains("一张网"), "{name}: {}", chart.key);
            }
            assert!(
                !chart.svg.contains("一城墙"),
                "{name}: {} still shows other pillars' rows",
                chart.key
            );
            assert!(chart.svg.len() < 200_000);
        }
        // The timeline has one bar per milestone of the selection, each linking to its page.
        let timeline = one.charts.iter().find(|c| c.key == "timeline").unwrap();
        assert_eq!(
            timeline.svg.matches("<a href=\"/milestones/").count(),
            one.overall.milestones,
            "{name}"
        );
        assert_eq!(timeline.table_rows.len(), one.overall.milestones);
        // The burn-up ends, at today, on the same progress the roll-up has.
        let burnup = one.charts.iter().find(|c| c.key == "burnup").unwrap();
        assert_eq!(
            burnup.table_rows.len(),
            60,
            "{name}: every month of 2023–2027"
        );
        let last_known = burnup
            .table_rows
            .iter()
            .rev()
            .find(|r| !r[1].is_empty())
            .unwrap();
        assert_eq!(
            last_known[0], "2026年10月31日",
            "{name}: the last month end before today"
        );
        assert_eq!(
            burnup.table_rows.last().unwrap()[2],
            "100.0%",
            "the plan reaches 100% at the end"
        );
        let matrix = one.charts.iter().find(|c| c.key == "matrix").unwrap();
        assert_eq!(matrix.table_rows.len(), 1);
        assert!(
            matrix.svg.contains(&format!("pillar={}", network.id)),
            "{name}: cells link to the filtered list"
        );
        // The bar chart writes the same figure the roll-up has.
        let bar = format!("{:.1}%", one.by_pillar[0].rollup.actual);
        assert!(
            one.charts
                .iter()
                .find(|c| c.key == "progress")
                .unwrap()
                .svg
                .contains(&bar),
            "{name}: {bar}"
        );
        // The investment table adds up, year by year, to the completed investment of the tile.
        let investment = one.charts.iter().find(|c| c.key == "investment").unwrap();
        let completed: i64 = investment
            .table_rows
            .iter()
            .map(|r| app::domain::money::Wan::parse(&r[2]).unwrap().hundredths())
            .sum();
        assert_eq!(
            completed,
            one.completed_investment.hundredths(),
            "{name}: exact to the fen"
        );
        // Counts in the status chart add up to the milestones of the pillar.
        let counted: usize = one
            .charts
            .iter()
            .find(|c| c.key == "status")
            .unwrap()
            .table_rows[0][1..]
            .iter()
            .map(|c| c.parse::<usize>().unwrap())
            .sum();
        assert_eq!(counted, one.overall.milestones);
    }
}

#[tokio::test]
async fn the_dashboard_lists_what_needs_attention_and_writes_the_work_summary() {
    use app::domain::status::Status;
    use app::model::DashboardFilter;
    for db in seeded().await {
        let name = db.backend_name();
        let today = today();
        let o = dashboard::overview(
            &db,
            today,
            &DashboardFilter::default(),
            app::i18n::Locale::Zh,
        )
        .await
        .unwrap();
        let a = &o.attention;
        assert_eq!(a.behind.len(), o.counts.red + o.counts.yellow, "{name}");
        let first_yellow = a
            .behind
            .iter()
            .position(|m| m.assessment.status == Status::Behind)
            .unwrap();
        assert!(
            a.behind[..first_yellow]
                .iter()
                .all(|m| m.assessment.status == Status::Critical),
            "red first"
        );
        assert!(a.behind[first_yellow..]
            .iter()
            .all(|m| m.assessment.status == Status::Behind));
        for p in &a.overdue_problems {
            assert!(
                p.problem.due_date.is_some_and(|due| due < today) && p.problem.overdue,
                "{name}"
            );
        }
        for m in &a.due_soon {
            assert!(
                m.percent < 100 && m.due_date >= today && m.due_date <= d(2026, 12, 24),
                "{name}"
            );
        }
        assert_eq!(o.work_summary.len(), 6);
        assert!(o.work_summary[0].starts_with("截至2026年11月24日，路线图共有里程碑 42 项，已完成 28 项，总体进度 82.0%（序时进度 85.1%）"), "{}", o.work_summary[0]);
        assert!(
            o.work_summary[2].contains("在库重大项目 8 个、信息化项目 7 个，总投资 34,134.40 万元"),
            "{}",
            o.work_summary[2]
        );
        assert!(o.work_summary[4].contains(&format!(
            "其中 {} 个已超过整改期限",
            a.overdue_problems.len()
        )));
        assert_eq!(
            o.work_summary[5], "2026年以来工作台账尚无记录。",
            "the sample has no activity ledger"
        );
    }
}

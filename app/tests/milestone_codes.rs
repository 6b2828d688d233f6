//! Milestone codes on both backends: every sample milestone has one, numbered per pillar and
//! start year in the order the milestones were made; a new milestone takes the next number of
//! its stem; editing its pillar or dates keeps its code.

mod common;

use std::collections::{BTreeMap, HashSet};

use app::db::Db;
use app::domain::milestone_code;
use app::edit::milestones;
use app::model::MilestoneFilter;
use app::service;
use common::{seeded, today, user};

/// Every milestone's (id, code), by id.
async fn codes(db: &Db) -> BTreeMap<i64, String> {
    let filter = MilestoneFilter {
        page: None,
        ..Default::default()
    };
    let mut all = BTreeMap::new();
    let mut page = 1;
    loop {
        let found = service::milestone_list(
            db,
            &MilestoneFilter {
                page: Some(page),
                ..filter.clone()
            },
            today(),
        )
        .await
        .expect("milestones");
        for row in &found.rows {
            all.insert(
                row.id,
                row.code.clone().expect("every milestone has a code"),
            );
        }
        if found.rows.is_empty() || all.len() as i64 >= found.page.total {
            break;
        }
        page += 1;
    }
    all
}

#[tokio::test]
async fn milestones_are_numbered_per_pillar_and_year_and_keep_their_code() {
    for db in seeded().await {
        let name = db.backend_name();
        let before = codes(&db).await;
        assert!(before.len() > 20, "{name}: {}", before.len());
        let unique: HashSet<&String> = before.values().collect();
        assert_eq!(unique.len(), before.len(), "{name}: codes are unique");
        // Within a stem, numbers run 1, 2, 3 … in the order the milestones were made.
        let mut by_stem: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        for (id, code) in &before {
            let (stem, number) = milestone_code::parse(code).expect("a well-formed code");
            by_stem.entry(stem).or_default().push((*id, number));
        }
        for (stem, mut members) in by_stem.clone() {
            members.sort();
            let numbers: Vec<i64> = members.iter().map(|(_, n)| *n).collect();
            let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
            assert_eq!(numbers, expected, "{name}: {stem}");
        }
        assert!(
            by_stem.keys().any(|s| s.starts_with("YW-")),
            "{name}: 一张网 is YW: {:?}",
            by_stem.keys()
        );

        // A new milestone takes the next number of its stem.
        let planner = user(&db, "planner").await;
        let (&first_id, first_code) = before.iter().next().expect("a milestone");
        let (stem, _) = milestone_code::parse(first_code).expect("code");
        let mut form = service::milestone_detail(&db, first_id, today())
            .await
            .expect("detail")
            .expect("exists")
            .form();
        form.title = "新建的里程碑".into();
        let id = milestones::create(&db, Some(&planner), &form)
            .await
            .expect("create");
        let after = codes(&db).await;
        let next = by_stem[&stem].len() as i64 + 1;
        assert_eq!(
            after[&id],
            milestone_code::format(&stem, next),
            "{name}: the next number of {stem}"
        );

        // Moving it to another pillar and year keeps its code.
        let detail = service::milestone_detail(&db, id, today())
            .await
            .expect("detail")
            .expect("exists");
        let mut moved = detail.form();
        moved.pillar = before_pillar_other_than(&db, &moved.pillar).await;
        moved.start_date = "2027-01-01".into();
        moved.due_date = "2027-06-30".into();
        milestones::update(&db, Some(&planner), id, detail.version, &moved)
            .await
            .expect("update");
        assert_eq!(codes(&db).await[&id], after[&id], "{name}: the code stays");
    }
}

/// Another pillar's id than `pillar`, as a form value.
async fn before_pillar_other_than(db: &Db, pillar: &str) -> String {
    let reference = app::db::queries::reference_data(db)
        .await
        .expect("reference");
    reference
        .pillars
        .iter()
        .map(|p| p.id.to_string())
        .find(|id| id != pillar)
        .expect("two pillars")
}

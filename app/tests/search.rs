//! Search on SQLite and PostgreSQL: any two characters of a Chinese text find it, title matches
//! rank before text matches, the filters narrow the results, and every write is visible to the
//! next search (the index is kept by the writes' own transactions).

mod common;

use app::db::plan;
use app::db::Db;
use app::model::{ProgressForm, SearchFilter, SearchKind, SearchResults};
use common::{seeded, today, user};

async fn search(db: &Db, q: &str, kind: Option<SearchKind>) -> SearchResults {
    let filter = SearchFilter {
        q: Some(q.into()),
        kind,
        ..Default::default()
    };
    app::search::search(db, &filter).await.expect("search")
}

/// The titles found of `kind`, as text.
fn titles(results: &SearchResults, kind: SearchKind) -> Vec<String> {
    results
        .groups
        .iter()
        .filter(|g| g.kind == kind)
        .flat_map(|g| &g.hits)
        .map(|h| h.title.iter().map(|(t, _)| t.as_str()).collect())
        .collect()
}

#[tokio::test]
async fn two_characters_of_a_chinese_text_find_it_with_the_match_marked() {
    for db in seeded().await {
        let results = search(&db, "外网", None).await;
        assert!(results.problem.is_none());
        let milestones = titles(&results, SearchKind::Milestone);
        assert!(
            milestones
                .iter()
                .any(|t| t.contains("电子政务外网乡镇全覆盖")),
            "{}: {milestones:?}",
            db.backend_name()
        );
        let hit = &results
            .groups
            .iter()
            .find(|g| g.kind == SearchKind::Milestone)
            .unwrap()
            .hits[0];
        assert!(
            hit.title.contains(&("外网".to_string(), true)),
            "{:?}",
            hit.title
        );
        assert!(hit.href.starts_with("/milestones/"));
        // A middle part of a word, a unit's name, a code, English letters in any case.
        assert!(!titles(&search(&db, "务外", None).await, SearchKind::Milestone).is_empty());
        assert!(!titles(&search(&db, "数据发展", None).await, SearchKind::Unit).is_empty());
        let by_code = search(&db, "yw-2023-001", Some(SearchKind::Milestone)).await;
        assert_eq!(
            titles(&by_code, SearchKind::Milestone).len(),
            1,
            "{by_code:?}"
        );
        // Progress notes are found and lead to their milestone.
        let notes = search(&db, "通过验收", Some(SearchKind::MilestoneProgress)).await;
        let group = &notes.groups[0];
        assert!(group.count > 5, "{}", group.count);
        assert!(group.hits[0].href.starts_with("/milestones/"));
        assert!(group.hits[0]
            .excerpt
            .iter()
            .any(|(t, hit)| *hit && t == "通过验收"));
        // Nothing is found for text that is nowhere; one character is not searched.
        assert!(search(&db, "量子纠缠", None).await.groups.is_empty());
        assert!(search(&db, "网", None).await.problem.is_some());
        assert!(search(&db, "", None).await.problem.is_none());
    }
}

#[tokio::test]
async fn writes_are_found_at_once_and_titles_rank_first() {
    for db in seeded().await {
        let planner = user(&db, "planner").await;
        let state = plan::state(&db).await.expect("state");
        let template = &state.milestones[0];
        // One milestone names the phrase in its title, an older one only in its description.
        let mut in_text = template.draft.form();
        in_text.title = "县域通信网络改造".into();
        in_text.description = "含量子通信试点的准备工作".into();
        let text_id = app::edit::milestones::create(&db, Some(&planner), &in_text)
            .await
            .expect("create");
        let mut in_title = template.draft.form();
        in_title.title = "建设量子通信试点".into();
        let title_id = app::edit::milestones::create(&db, Some(&planner), &in_title)
            .await
            .expect("create");
        let found = search(&db, "量子通信", Some(SearchKind::Milestone)).await;
        let ids: Vec<i64> = found.groups[0].hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [title_id, text_id], "{}", db.backend_name());
        assert!(found.groups[0].hits[1]
            .excerpt
            .iter()
            .any(|(t, hit)| *hit && t == "量子通信"));

        // Renamed: the old words are gone, the new ones found.
        in_title.title = "建设卫星互联网试点".into();
        app::edit::milestones::update(&db, Some(&planner), title_id, 1, &in_title)
            .await
            .expect("rename");
        let found = search(&db, "量子通信", Some(SearchKind::Milestone)).await;
        assert_eq!(found.groups[0].hits.len(), 1);
        assert_eq!(
            search(&db, "卫星互联", Some(SearchKind::Milestone))
                .await
                .groups[0]
                .hits[0]
                .id,
            title_id
        );

        // A progress note, filtered by its milestone's unit, which follows the milestone.
        let note = ProgressForm {
            percent: "20".into(),
            reported_on: today().to_string(),
            note: "完成卫星地面站选址".into(),
            ..Default::default()
        };
        app::edit::milestones::record_progress(&db, Some(&planner), title_id, &note, today())
            .await
            .expect("progress");
        let unit = in_title.unit.parse::<i64>().unwrap();
        let other_unit = state
            .milestones
            .iter()
            .map(|m| m.draft.unit_id)
            .find(|u| *u != unit)
            .unwrap();
        let in_unit = |unit: i64| SearchFilter {
            q: Some("地面站选址".into()),
            kind: Some(SearchKind::MilestoneProgress),
            unit: Some(unit),
            ..Default::default()
        };
        let count = |r: SearchResults| r.groups.first().map_or(0, |g| g.hits.len());
        assert_eq!(
            count(app::search::search(&db, &in_unit(unit)).await.unwrap()),
            1
        );
        assert_eq!(
            count(
                app::search::search(&db, &in_unit(other_unit))
                    .await
                    .unwrap()
            ),
            0
        );
        in_title.unit = other_unit.to_string();
        app::edit::milestones::update(&db, Some(&planner), title_id, 2, &in_title)
            .await
            .expect("move");
        assert_eq!(
            count(app::search::search(&db, &in_unit(unit)).await.unwrap()),
            0
        );
        assert_eq!(
            count(
                app::search::search(&db, &in_unit(other_unit))
                    .await
                    .unwrap()
            ),
            1
        );

        // Deleted with its notes: nothing left to find.
        app::edit::milestones::delete(&db, Some(&planner), title_id, 3, true)
            .await
            .expect("delete");
        assert!(search(&db, "卫星", None).await.groups.is_empty());
    }
}

#[tokio::test]
async fn a_common_pair_is_counted_by_walking_the_newest_documents_alike() {
    use app::db::search::{count, estimates, Estimate, Scope};
    for db in seeded().await {
        let name = db.backend_name();
        if let Db::Postgres(_) = &db {
            // The statistics the choice reads are ANALYZE's (autovacuum keeps them).
            db.execute(app::db::tx::Statement::new("ANALYZE search_index"))
                .await
                .expect("analyze");
        }
        let mut known = 0;
        for q in ["完成", "推进", "建设", "验收", "机房"] {
            let found = estimates(&db, q).await.expect("statistics");
            known += found.iter().filter(|e| e.share > 0.0).count();
            for kind in SearchKind::ALL {
                let scope = Scope {
                    kind,
                    unit: None,
                    pillar: None,
                };
                // As if the statistics said it is in every document of a huge kind: walked.
                let everywhere = Estimate {
                    kind,
                    share: 1.0,
                    documents: 1e12,
                };
                for limit in [3, 1000] {
                    let by_walk = count(&db, q, scope, limit, Some(everywhere))
                        .await
                        .expect("walk");
                    let by_index = count(&db, q, scope, limit, None).await.expect("index");
                    assert_eq!(by_walk, by_index, "{name}: {q} {kind:?} up to {limit}");
                }
            }
        }
        if let Db::Postgres(_) = &db {
            assert!(
                known > 0,
                "{name}: the statistics know the sample's common pairs"
            );
        } else {
            assert_eq!(known, 0, "SQLite's index counts every pair");
        }
    }
}

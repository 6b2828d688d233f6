//! Reporting upward (issue 19), on SQLite and on PostgreSQL: a county's signed package imported
//! by a region instance gives the region the county's own figures to the fen; a package changed
//! in any way, signed by another key, or older than the one held is refused and stores nothing;
//! an older layout still imports; the merged sheet adds up to the counties' sheets; a county
//! that has not reported is chased through its own channel, by hand and by the schedule.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use app::db::{region as stored, Db};
use app::domain::money::Wan;
use app::domain::period::Period;
use app::i18n::Locale;
use app::model::DashboardFilter;
use app::region::chase::{self, Reminded};
use app::region::package::{self, Contents, CountyKey, PackageManifest};
use app::region::{county, upstream, RegionError};
use common::robots::receiver;
use common::{at, count, d, seeded, today, user};

fn november() -> Period {
    Period::new(2026, 11).expect("a month")
}

/// A sample county with its code set, and a region instance that has registered it.
async fn county_and_region(county_db: &Db, region_db: &Db, code: &str, name: &str) {
    let info = county::set_region_code(county_db, code)
        .await
        .expect("set the code");
    upstream::add_county(region_db, name, code, &info.public_key)
        .await
        .expect("register the county");
}

/// Two sample databases per backend: the county's and the region's.
async fn pairs() -> Vec<(Db, Db)> {
    seeded().await.into_iter().zip(seeded().await).collect()
}

async fn packages(db: &Db) -> i64 {
    count(db, "SELECT COUNT(*) FROM region_packages").await
        + count(db, "SELECT COUNT(*) FROM region_projects").await
        + count(db, "SELECT COUNT(*) FROM region_rollups").await
}

fn zip(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

#[tokio::test]
async fn a_package_gives_the_region_the_county_s_own_figures_to_the_fen() {
    for (county_db, region_db) in pairs().await {
        let backend = county_db.backend_name();
        county_and_region(&county_db, &region_db, "339901", "示例县").await;
        let made = county::export(&county_db, november(), today())
            .await
            .expect("export");
        let admin = user(&region_db, "admin").await;
        let imported = upstream::import(&region_db, &made.bytes, &admin)
            .await
            .expect("import");
        assert_eq!(imported.county, "示例县", "{backend}");
        assert_eq!(imported.period, november());

        // The county's own dashboard for the month, and its sheet.
        let as_of = county::as_of_day(november(), today()).expect("a past month");
        let filter = DashboardFilter {
            as_of: Some(as_of),
            ..DashboardFilter::default()
        };
        let own = app::dashboard::overview(&county_db, today(), &filter, Locale::Zh)
            .await
            .expect("the county's dashboard");
        let (report, sheet) =
            county::build_report(&county_db, november(), today(), "示例县", "339901")
                .await
                .expect("the county's report");

        let thresholds = app::db::queries::thresholds(&region_db)
            .await
            .expect("thresholds");
        let region = upstream::overview(&region_db, november(), &thresholds)
            .await
            .expect("the region");
        assert_eq!(region.rows.len(), 1, "{backend}");
        let row = &region.rows[0];
        assert_eq!(row.code, "339901");
        assert!((row.actual - own.overall.actual).abs() < 1e-9, "{backend}");
        assert!(
            (row.expected - own.overall.expected).abs() < 1e-9,
            "{backend}"
        );
        assert_eq!(row.milestones as usize, own.overall.milestones);
        // Investment to the fen: the sheet's 合计, fund by fund, and the dashboard's total.
        assert_eq!(row.amounts.total, sheet.total.total, "{backend}");
        assert_eq!(row.amounts.funds, sheet.total.funds, "{backend}");
        assert_eq!(
            row.amounts.completed_this_year,
            sheet.total.completed_this_year
        );
        assert_eq!(report.investment.total, own.total_investment, "{backend}");
        assert_eq!(report.investment.completed, own.completed_investment);
        assert!(sheet.total.total > Wan(0));
        // Each pillar as the county's dashboard has it.
        for pillar in &own.by_pillar {
            let column = region
                .pillars
                .iter()
                .position(|p| *p == pillar.name_zh)
                .expect("the pillar is a column");
            let cell = row.cells[column].as_ref().expect("a cell");
            assert!(
                (cell.actual - pillar.rollup.actual).abs() < 1e-9,
                "{}",
                pillar.name_zh
            );
            assert!((cell.expected - pillar.rollup.expected).abs() < 1e-9);
        }
        // The drill-down lists the projects as the county's sheet does, in its order.
        let detail = upstream::county_detail(&region_db, "339901", november(), None)
            .await
            .expect("detail")
            .expect("a county");
        let reported = detail.reported.expect("a package");
        let names: Vec<&str> = sheet
            .groups
            .iter()
            .flat_map(|g| g.rows.iter().map(|p| p.name.as_str()))
            .take(reported.projects.len())
            .collect();
        let shown: Vec<&str> = reported.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(shown, names, "{backend}");
        assert_eq!(reported.page.total as usize, sheet.project_count());
        assert_eq!(report.projects.len(), sheet.project_count());
        assert!(region.missing.is_empty());
    }
}

#[tokio::test]
async fn a_changed_added_removed_or_foreign_signed_package_is_refused_and_nothing_is_stored() {
    for (county_db, region_db) in pairs().await {
        let backend = county_db.backend_name();
        county_and_region(&county_db, &region_db, "339901", "示例县").await;
        let made = county::export(&county_db, november(), today())
            .await
            .expect("export");
        let admin = user(&region_db, "admin").await;
        let files = package::read_zip(&made.bytes).expect("a zip");
        let before = packages(&region_db).await;

        // One byte changed in any file.
        for name in files.keys() {
            let mut changed = files.clone();
            let bytes = changed.get_mut(name).expect("the file");
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x20;
            let refused = upstream::import(&region_db, &zip(&changed), &admin).await;
            assert!(refused.is_err(), "{backend}: {name} changed but imported");
        }
        // A file added, a file removed.
        let mut added = files.clone();
        added.insert("readme.txt".into(), b"extra".to_vec());
        let refused = upstream::import(&region_db, &zip(&added), &admin).await;
        assert!(matches!(refused, Err(RegionError::Added(ref f)) if f == "readme.txt"));
        let message = refused.err().map(|e| e.say(Locale::Zh)).unwrap_or_default();
        assert!(
            message.contains("readme.txt") && message.contains("未导入"),
            "{message}"
        );
        let mut removed = files.clone();
        removed.remove(package::SHEET);
        assert!(matches!(
            upstream::import(&region_db, &zip(&removed), &admin).await,
            Err(RegionError::Missing(_))
        ));
        // The same content re-signed with another key.
        let manifest: PackageManifest =
            serde_json::from_slice(&files[package::MANIFEST]).expect("manifest");
        let contents = Contents {
            files: manifest
                .files
                .iter()
                .map(|e| (e.name.clone(), files[&e.name].clone()))
                .collect(),
        };
        let forged =
            package::write(&contents, manifest.clone(), &CountyKey::generate()).expect("re-signed");
        assert!(matches!(
            upstream::import(&region_db, &forged, &admin).await,
            Err(RegionError::WrongKey(_))
        ));
        // Not a package at all.
        assert!(matches!(
            upstream::import(&region_db, b"PK\x03\x04 nonsense", &admin).await,
            Err(RegionError::NotAPackage)
        ));
        assert_eq!(
            packages(&region_db).await,
            before,
            "{backend}: nothing stored"
        );

        // A replayed older package: the newer one is held, the older is refused.
        let newer = county::export(&county_db, november(), today())
            .await
            .expect("a second export");
        assert!(newer.sequence > made.sequence);
        upstream::import(&region_db, &newer.bytes, &admin)
            .await
            .expect("the newer package");
        let held = packages(&region_db).await;
        let replay = upstream::import(&region_db, &made.bytes, &admin).await;
        assert!(
            matches!(replay, Err(RegionError::NotNewer { have, given, .. }) if have == newer.sequence && given == made.sequence),
            "{backend}"
        );
        let again = upstream::import(&region_db, &newer.bytes, &admin).await;
        assert!(matches!(again, Err(RegionError::NotNewer { .. })));
        assert_eq!(
            packages(&region_db).await,
            held,
            "{backend}: nothing more stored"
        );

        // An unregistered county.
        let other = seeded().await.remove(0);
        county::set_region_code(&other, "339999")
            .await
            .expect("code");
        let stranger = county::export(&other, november(), today())
            .await
            .expect("export");
        let refused = upstream::import(&region_db, &stranger.bytes, &admin).await;
        assert!(matches!(refused, Err(RegionError::UnknownCounty(ref c, _)) if c == "339999"));
    }
}

#[tokio::test]
async fn a_newer_package_supersedes_the_month_and_keeps_the_history() {
    for (county_db, region_db) in pairs().await {
        county_and_region(&county_db, &region_db, "339901", "示例县").await;
        let admin = user(&region_db, "admin").await;
        let first = county::export(&county_db, november(), today())
            .await
            .expect("1");
        let second = county::export(&county_db, november(), today())
            .await
            .expect("2");
        upstream::import(&region_db, &first.bytes, &admin)
            .await
            .expect("1");
        let imported = upstream::import(&region_db, &second.bytes, &admin)
            .await
            .expect("2");
        assert!(imported.superseded);
        let detail = upstream::county_detail(&region_db, "339901", november(), None)
            .await
            .expect("detail")
            .expect("county");
        assert_eq!(detail.history.len(), 2);
        assert_eq!(detail.history[0].0, second.sequence);
        assert!(detail.history[0].3 && !detail.history[1].3);
        assert_eq!(detail.reported.expect("package").sequence, second.sequence);
        // Journalled, by whom.
        assert_eq!(
            count(
                &region_db,
                "SELECT COUNT(DISTINCT entity_id) FROM audit_log WHERE entity = 'region_package' AND username = 'admin'"
            )
            .await,
            2
        );
    }
}

#[tokio::test]
async fn a_package_of_the_older_layout_still_imports() {
    for (county_db, region_db) in pairs().await {
        county_and_region(&county_db, &region_db, "339901", "示例县").await;
        let made = county::export(&county_db, november(), today())
            .await
            .expect("export");
        let files = package::read_zip(&made.bytes).expect("zip");
        let mut manifest: PackageManifest =
            serde_json::from_slice(&files[package::MANIFEST]).expect("manifest");
        // Version 1 had no milestones and no round.
        let mut report: serde_json::Value =
            serde_json::from_slice(&files[package::REPORT]).expect("report");
        let object = report.as_object_mut().expect("an object");
        for added_in_2 in ["milestones", "round", "indicators", "activities"] {
            object.remove(added_in_2);
        }
        object.insert("schema_version".into(), 1.into());
        manifest.schema_version = 1;
        manifest.sequence += 1;
        let identity = stored::identity(&county_db)
            .await
            .expect("read")
            .expect("a key");
        let key = CountyKey::from_seed_base64(&identity.secret_key).expect("the county key");
        let contents = Contents {
            files: vec![
                (
                    package::REPORT.into(),
                    serde_json::to_vec(&report).expect("json"),
                ),
                (package::SHEET.into(), files[package::SHEET].clone()),
            ],
        };
        let old = package::write(&contents, manifest, &key).expect("signed");
        let admin = user(&region_db, "admin").await;
        upstream::import(&region_db, &old, &admin)
            .await
            .expect("an older layout imports");
        assert_eq!(
            count(
                &region_db,
                "SELECT MAX(CAST(schema_version AS BIGINT)) FROM region_packages"
            )
            .await,
            1
        );
        // A layout newer than this program knows is refused.
        let files = package::read_zip(&made.bytes).expect("zip");
        let mut manifest: PackageManifest =
            serde_json::from_slice(&files[package::MANIFEST]).expect("manifest");
        manifest.schema_version = app::region::report::SCHEMA_VERSION + 1;
        manifest.sequence += 10;
        let contents = Contents {
            files: vec![
                (package::REPORT.into(), files[package::REPORT].clone()),
                (package::SHEET.into(), files[package::SHEET].clone()),
            ],
        };
        let future = package::write(&contents, manifest, &key).expect("signed");
        assert!(matches!(
            upstream::import(&region_db, &future, &admin).await,
            Err(RegionError::UnknownSchema(_))
        ));
    }
}

/// The 合计 row of a provincial sheet (the first row whose first cell starts with 合计), as
/// amounts in hundredths: 总投资 and the five funds.
fn total_row(xlsx: &[u8]) -> (Vec<i64>, Vec<String>) {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.to_vec())).expect("an xlsx");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let firsts: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    let total = rows
        .iter()
        .find(|r| r[0].starts_with("合计"))
        .expect("a 合计 row");
    let amounts = total[9..15]
        .iter()
        .map(|c| Wan::parse(c).map(|w| w.hundredths()).unwrap_or(0))
        .collect();
    (amounts, firsts)
}

#[tokio::test]
async fn the_merged_sheet_adds_up_to_the_counties_sheets() {
    for ((a, region_db), (b, _)) in pairs().await.into_iter().zip(pairs().await) {
        let backend = a.backend_name();
        county_and_region(&a, &region_db, "339901", "甲县").await;
        county_and_region(&b, &region_db, "339902", "乙县").await;
        // The second county differs: one project fewer.
        b.execute(
            app::db::tx::Statement::new(
                "UPDATE projects SET archived_on = $1 WHERE id = (SELECT MIN(id) FROM projects)",
            )
            .bind(common::d(2026, 1, 1)),
        )
        .await
        .expect("archive one");
        let admin = user(&region_db, "admin").await;
        let mut sheets = Vec::new();
        for county_db in [&a, &b] {
            let made = county::export(county_db, november(), today())
                .await
                .expect("export");
            let files = package::read_zip(&made.bytes).expect("zip");
            sheets.push(files[package::SHEET].clone());
            upstream::import(&region_db, &made.bytes, &admin)
                .await
                .expect("import");
        }
        let (written, out) = upstream::write_merged_sheet(
            &region_db,
            november(),
            "某市",
            today(),
            Cursor::new(Vec::new()),
        )
        .await
        .expect("merged");
        let merged = out.into_inner();
        let (merged_total, firsts) = total_row(&merged);
        let (a_total, _) = total_row(&sheets[0]);
        let (b_total, _) = total_row(&sheets[1]);
        let summed: Vec<i64> = a_total.iter().zip(&b_total).map(|(x, y)| x + y).collect();
        assert_eq!(merged_total, summed, "{backend}");
        assert_eq!(Wan(merged_total[0]), written.total);
        assert_eq!(written.counties, 2);
        assert!(
            a_total[0] > b_total[0],
            "{backend}: the second county has a project fewer"
        );
        // One group per county, in code order, then its rows; the 合计 on top.
        let groups: Vec<&String> = firsts.iter().filter(|f| f.contains("县（33990")).collect();
        assert_eq!(groups.len(), 2, "{firsts:?}");
        assert!(groups[0].contains("甲县") && groups[1].contains("乙县"));
        let total_at = firsts
            .iter()
            .position(|f| f.starts_with("合计"))
            .expect("合计");
        let first_group = firsts
            .iter()
            .position(|f| f.contains("甲县"))
            .expect("group");
        assert!(total_at < first_group);
        let projects = count(&region_db, "SELECT COUNT(*) FROM region_projects").await;
        assert_eq!(written.rows as i64, projects);
    }
}

/// Deliveries queued for counties' channels.
async fn county_deliveries(db: &Db) -> i64 {
    count(
        db,
        "SELECT COUNT(*) FROM deliveries d JOIN unit_channels c ON c.id = d.channel_id
         WHERE c.county_id IS NOT NULL",
    )
    .await
}

#[tokio::test]
async fn the_county_that_has_not_reported_is_chased_through_its_own_channel() {
    use app::edit::channels as channel_admin;
    use app::error::AppError;
    use app::model::ChannelForm;
    use app::notify::schedule::{run_daily, ReminderSettings};
    let (base, robots) = receiver().await;
    for (county_db, region_db) in pairs().await {
        let backend = county_db.backend_name();
        robots.received.lock().unwrap().clear();
        // 甲县 reports November; 乙县 does not.
        county_and_region(&county_db, &region_db, "339901", "甲县").await;
        let other_key = CountyKey::generate().public_base64();
        upstream::add_county(&region_db, "乙县", "339902", &other_key)
            .await
            .expect("register 乙县");
        let admin = user(&region_db, "admin").await;
        let planner = user(&region_db, "planner").await;
        let viewer = user(&region_db, "viewer").await;
        let made = county::export(&county_db, november(), today())
            .await
            .expect("export");
        upstream::import(&region_db, &made.bytes, &admin)
            .await
            .expect("import");

        // Each county gets its own robot; a county that is not registered is refused at its field.
        let channel = |code: &str| ChannelForm {
            county: code.into(),
            kind: "wecom".into(),
            url: format!("{base}/wecom?county={code}"),
            ..ChannelForm::default()
        };
        for code in ["339901", "339902"] {
            channel_admin::add(
                &region_db,
                Some(&admin),
                &channel(code),
                None,
                at(today(), 9),
            )
            .await
            .expect("a county's channel");
        }
        match channel_admin::add(
            &region_db,
            Some(&admin),
            &channel("339999"),
            None,
            at(today(), 9),
        )
        .await
        {
            Err(AppError::Invalid(errors)) => assert!(errors.get("county").is_some(), "{backend}"),
            other => panic!("an unregistered county's channel: {other:?}"),
        }
        assert!(matches!(
            channel_admin::add(
                &region_db,
                Some(&planner),
                &channel("339902"),
                None,
                at(today(), 9)
            )
            .await,
            Err(AppError::Forbidden)
        ));

        // 催报 is for planners: a viewer changes nothing, and a month to come is refused.
        let clock = at(d(2026, 12, 3), 10);
        assert!(matches!(
            chase::remind(&region_db, Some(&viewer), "2026-11", clock).await,
            Err(AppError::Forbidden)
        ));
        assert!(chase::remind(&region_db, Some(&planner), "2027-01", clock)
            .await
            .is_err());
        assert!(chase::remind(&region_db, Some(&planner), "11月", clock)
            .await
            .is_err());
        assert_eq!(
            count(&region_db, "SELECT COUNT(*) FROM region_reminders").await,
            0
        );
        assert_eq!(county_deliveries(&region_db).await, 0);

        // It reaches only the county that has not reported, through its robot.
        let (period, reminded) = chase::remind(&region_db, Some(&planner), "2026-11", clock)
            .await
            .expect("remind");
        assert_eq!(period, november());
        let one = Reminded {
            reached: 1,
            unreachable: 0,
        };
        assert_eq!(reminded, one, "{backend}");
        assert_eq!(
            app::notify::deliver_due(&region_db, None, clock.now)
                .await
                .expect("deliver"),
            1
        );
        {
            let received = robots.received.lock().unwrap();
            assert_eq!(received.len(), 1, "{backend}");
            assert_eq!(received[0].query, "county=339902");
            let text = received[0].body.to_string();
            assert!(
                text.contains("乙县（339902）") && text.contains("2026年11月"),
                "{text}"
            );
            assert!(text.contains("2026年12月5日"), "the due date: {text}");
        }
        let thresholds = app::db::queries::thresholds(&region_db)
            .await
            .expect("thresholds");
        let region = upstream::overview(&region_db, november(), &thresholds)
            .await
            .expect("overview");
        assert_eq!(region.due, d(2026, 12, 5));
        assert_eq!(region.missing.len(), 1);
        let chased = &region.missing[0];
        assert_eq!((chased.code.as_str(), chased.channels), ("339902", 1));
        assert_eq!(
            (chased.reminders, chased.last_reminded),
            (1, Some(clock.now))
        );

        // The schedule: nothing four days before the due day, then once a day from three days
        // before it, however many servers run it; 甲县 never.
        let settings = ReminderSettings { days_before: 3 };
        run_daily(&region_db, at(d(2026, 12, 1), 10), settings)
            .await
            .expect("schedule");
        assert_eq!(county_deliveries(&region_db).await, 1, "{backend}");
        for day in [2, 5, 6] {
            for _server in 0..2 {
                run_daily(&region_db, at(d(2026, 12, day), 10), settings)
                    .await
                    .expect("schedule");
            }
        }
        assert_eq!(county_deliveries(&region_db).await, 4, "{backend}");
        let by_schedule = count(
            &region_db,
            "SELECT COUNT(*) FROM region_reminders WHERE sent_by = ''",
        )
        .await;
        assert_eq!(by_schedule, 3);
        let to_reported = count(
            &region_db,
            "SELECT COUNT(*) FROM region_reminders r JOIN region_counties c ON c.id = r.county_id
             WHERE c.region_code = '339901'",
        )
        .await;
        assert_eq!(to_reported, 0);

        // Once 乙县 has a channel no more and reports nothing, 催报 says it cannot reach it.
        region_db
            .execute(app::db::tx::Statement::new(
                "UPDATE unit_channels SET enabled = false",
            ))
            .await
            .expect("disable");
        let (_, reminded) = chase::remind(&region_db, Some(&planner), "2026-11", clock)
            .await
            .expect("remind");
        assert_eq!(
            reminded,
            Reminded {
                reached: 0,
                unreachable: 1
            }
        );
    }
}

#[tokio::test]
async fn an_admin_sets_the_day_packages_are_due() {
    for db in seeded().await {
        let admin = user(&db, "admin").await;
        let planner = user(&db, "planner").await;
        assert_eq!(chase::due_day(&db).await.expect("due day"), 5);
        assert!(matches!(
            chase::set_due_day(&db, Some(&planner), "10").await,
            Err(app::error::AppError::Forbidden)
        ));
        for bad in ["0", "29", "十"] {
            assert!(
                chase::set_due_day(&db, Some(&admin), bad).await.is_err(),
                "{bad}"
            );
        }
        assert_eq!(chase::due_day(&db).await.expect("due day"), 5);
        chase::set_due_day(&db, Some(&admin), "10")
            .await
            .expect("set");
        assert_eq!(chase::due_day(&db).await.expect("due day"), 10);
        let journalled = count(&db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'settings' AND field = 'package_due_day'").await;
        assert_eq!(journalled, 1);
    }
}

/// Attaches `bytes` as `name` to the newest progress update of a milestone in November, at the
/// county; returns the milestone's title.
async fn november_evidence(db: &Db, name: &str, bytes: &[u8]) -> String {
    use app::db::evidence::{attach, NewFile, Owner};
    use app::files::FileStore;
    use sha2::Digest;
    let (progress, title): (i64, String) = db
        .fetch_one(app::db::tx::Statement::new(
            "SELECT mp.id, m.title FROM milestone_progress mp JOIN milestones m ON m.id = mp.milestone_id
             WHERE mp.reported_on >= '2026-11-01' AND mp.reported_on <= '2026-11-24'
             ORDER BY mp.reported_on DESC, mp.id LIMIT 1",
        ))
        .await
        .expect("a progress update in November");
    let sha256: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file = NewFile {
        sha256: &sha256,
        content_type: "image/jpeg",
        bytes,
        file_name: name,
        thumbnail: None,
    };
    let mut tx = db.begin().await.expect("tx");
    attach(
        &mut tx,
        &FileStore::Database,
        &file,
        Owner::MilestoneProgress(progress),
        "planner",
        1,
    )
    .await
    .expect("attach");
    tx.commit().await.expect("commit");
    title
}

#[tokio::test]
async fn a_package_may_carry_the_month_s_evidence_and_the_region_keeps_it() {
    use app::files::FileStore;
    for (county_db, region_db) in pairs().await {
        let backend = county_db.backend_name();
        county_and_region(&county_db, &region_db, "339901", "示例县").await;
        let photo = b"\xff\xd8\xff\xe0 not really a photo, but its bytes must arrive as they left";
        let title = november_evidence(&county_db, "现场/照片.jpg", photo).await;
        let admin = user(&region_db, "admin").await;

        // Without evidence asked for, none goes; with it, the file is in the package, signed.
        let plain = county::export(&county_db, november(), today())
            .await
            .expect("export");
        assert!(!package::read_zip(&plain.bytes)
            .expect("zip")
            .keys()
            .any(|k| k.starts_with("evidence/")));
        let made = county::export_with(&county_db, november(), today(), Some(&FileStore::Database))
            .await
            .expect("export with evidence");
        let files = package::read_zip(&made.bytes).expect("zip");
        let path = "evidence/0001-现场_照片.jpg";
        assert_eq!(
            files.get(path).map(Vec::as_slice),
            Some(&photo[..]),
            "{backend}: {:?}",
            files.keys()
        );

        // One byte of it changed is refused, and nothing is stored.
        let mut tampered = files.clone();
        tampered.get_mut(path).expect("evidence")[3] ^= 1;
        assert!(matches!(
            upstream::import(&region_db, &zip(&tampered), &admin).await,
            Err(RegionError::Tampered(name)) if name == path
        ));
        assert_eq!(
            count(&region_db, "SELECT COUNT(*) FROM region_evidence").await,
            0
        );

        // Imported, it is listed on the county's page and its bytes are the county's.
        upstream::import(&region_db, &made.bytes, &admin)
            .await
            .expect("import");
        let detail = upstream::county_detail(&region_db, "339901", november(), None)
            .await
            .expect("detail")
            .expect("the county");
        let evidence = detail.reported.expect("reported").evidence;
        assert_eq!(evidence.len(), 1, "{backend}");
        assert_eq!(evidence[0].file_name, "现场/照片.jpg");
        assert_eq!(
            (evidence[0].about.as_str(), evidence[0].subject.as_str()),
            ("milestone", title.as_str())
        );
        let (name, content_type, bytes) = stored::evidence_file(&region_db, evidence[0].id)
            .await
            .expect("read")
            .expect("the file");
        assert_eq!(
            (name.as_str(), content_type.as_str()),
            ("现场/照片.jpg", "image/jpeg")
        );
        assert_eq!(bytes, photo);
    }
}

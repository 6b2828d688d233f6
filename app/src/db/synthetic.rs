//! `roadmap seed --synthetic`: a county of benchmark size — 10,000 projects, 50,000 milestones and
//! 500,000 progress updates — on top of the sample programme, so the dashboard and the exports
//! can be measured at the scale a large county reaches.
//!
//! The data are generated from a fixed seed and are the same on every run and on both databases.
//! Generation is pure ([`SyntheticCounty::generate`], unit-tested); loading is one transaction of
//! multi-row inserts.

use chrono::{Datelike, Duration, NaiveDate};

use super::{seed, with_pool, Db, DbError};

/// What a synthetic county holds in total, the sample programme included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntheticSize {
    pub projects: usize,
    pub milestones: usize,
    pub progress_updates: usize,
}

/// The size the dashboard and export benchmarks are specified for.
pub const BENCHMARK_SIZE: SyntheticSize = SyntheticSize {
    projects: 10_000,
    milestones: 50_000,
    progress_updates: 500_000,
};

/// SplitMix64: tiny, fast and the same everywhere, which is all a deterministic generator needs
/// (the synthetic county, and the tests' random edits).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1).max(1) as u64) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SYNTHETIC_TOWNS: usize = 24;
const SYNTHETIC_DEPARTMENTS: usize = 40;

const TASK_OBJECTS: [&str; 12] = [
    "政务云资源池",
    "电子政务外网节点",
    "公共数据归集目录",
    "一网通办事项",
    "基层治理四平台",
    "城市运行监测指标",
    "数字乡村应用场景",
    "视频共享节点",
    "密码应用改造",
    "网络安全防护设施",
    "企业服务专区",
    "协同办公应用",
];
const TASK_ACTIONS: [&str; 6] = [
    "建设",
    "扩容改造",
    "上线运行",
    "整合迁移",
    "试点推广",
    "验收评估",
];
const PROGRESS_NOTES: [&str; 4] = [
    "已启动，完成方案编制与任务分解",
    "按计划推进，完成阶段性工作",
    "完成部署调试，进入试运行",
    "已完成全部建设内容并通过验收",
];

/// A milestone to insert; indexes refer to the phase, pillar, domain and unit lists given to
/// [`SyntheticCounty::generate`].
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneSeed {
    pub phase: usize,
    pub pillar: usize,
    pub domain: usize,
    pub unit: usize,
    pub title: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub weight: i64,
    pub percent: i32,
    pub completed_on: Option<NaiveDate>,
    /// Progress reports (date, percent), oldest first; the last one equals `percent`.
    pub reports: Vec<(NaiveDate, i32)>,
    /// Index of an earlier generated milestone this one depends on.
    pub depends_on: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectSeed {
    pub kind: &'static str,
    pub code: Option<String>,
    pub name: String,
    pub unit: usize,
    pub construction: &'static str,
    pub pillar: usize,
    pub domain: usize,
    pub years: (i32, i32),
    /// Hundredths of 万元; `funds` (中央, 省, 市, 县, 社会) add up to it exactly.
    pub total: i64,
    pub funds: [i64; 5],
    pub status: &'static str,
    /// Monthly ledger rows (year, month, planned, completed).
    pub ledger: Vec<(i32, u32, i64, i64)>,
    /// Quarterly 形象进度 reports (date, percent).
    pub reports: Vec<(NaiveDate, i32)>,
    /// Index of a generated milestone the project delivers.
    pub milestone: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProblemSeed {
    pub milestone: usize,
    pub unit: usize,
    pub raised_on: NaiveDate,
    pub due: NaiveDate,
    pub status: &'static str,
}

/// Everything the generator produces, ready to insert.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticCounty {
    pub units: Vec<(String, &'static str)>,
    pub milestones: Vec<MilestoneSeed>,
    pub projects: Vec<ProjectSeed>,
    pub problems: Vec<ProblemSeed>,
}

/// Spreads `total` over `n` buckets as evenly as whole numbers allow.
fn spread(total: usize, n: usize, index: usize) -> usize {
    if n == 0 {
        return 0;
    }
    total / n + usize::from(index < total % n)
}

impl SyntheticCounty {
    /// Generates `make.milestones` milestones carrying `make.progress_updates` reports between
    /// them, and `make.projects` projects. `phases` are (start, end); `existing_units` is how many
    /// units exist already (the generated ones come after them); `data_date` is the last day
    /// anything is reported.
    pub fn generate(
        make: SyntheticSize,
        phases: &[(NaiveDate, NaiveDate)],
        pillars: usize,
        domains: usize,
        existing_units: usize,
        data_date: NaiveDate,
    ) -> SyntheticCounty {
        let SyntheticSize {
            projects,
            milestones,
            progress_updates,
        } = make;
        let mut rng = Rng(0x5EED_2023_2027);
        let mut units = Vec::new();
        for i in 1..=SYNTHETIC_TOWNS {
            units.push((format!("合成乡镇{i:02}"), "town"));
        }
        for i in 1..=SYNTHETIC_DEPARTMENTS {
            units.push((format!("合成部门{i:02}"), "department"));
        }
        let unit_count = (existing_units + units.len()) as u64;
        let pillars = pillars.max(1);
        let domains = domains.max(1);

        // Milestones that have started by the data date can carry reports; the rest cannot.
        let mut generated = Vec::with_capacity(milestones);
        let mut last_of_pillar: Vec<Option<usize>> = vec![None; pillars];
        for i in 0..milestones {
            let phase = if phases.is_empty() {
                0
            } else {
                i % phases.len()
            };
            let (phase_start, phase_end) = phases.get(phase).copied().unwrap_or((
                data_date - Duration::days(365),
                data_date + Duration::days(365),
            ));
            let span = (phase_end - phase_start).num_days().max(1);
            let start = phase_start + Duration::days(rng.between(0, span * 2 / 3));
            let due = (start + Duration::days(rng.between(30, 360))).min(phase_end);
            let pillar = rng.below(pillars as u64) as usize;
            let object = TASK_OBJECTS[rng.below(TASK_OBJECTS.len() as u64) as usize];
            let action = TASK_ACTIONS[rng.below(TASK_ACTIONS.len() as u64) as usize];
            let reported_until = due.min(data_date);
            let (percent, completed_on) = if start > data_date {
                (0, None)
            } else if due <= data_date && rng.chance(85) {
                (100, Some(reported_until))
            } else {
                let elapsed = (reported_until - start).num_days() as f64;
                let length = (due - start).num_days().max(1) as f64;
                let expected = 100.0 * elapsed / length;
                let pace = rng.between(55, 110) as f64 / 100.0;
                ((expected * pace).clamp(0.0, 99.0) as i32, None)
            };
            let depends_on = last_of_pillar[pillar].filter(|_| rng.chance(20));
            last_of_pillar[pillar] = Some(i);
            generated.push(MilestoneSeed {
                phase,
                pillar,
                domain: rng.below(domains as u64) as usize,
                unit: rng.below(unit_count) as usize,
                title: format!("{object}{action}（第 {:05} 项）", i + 1),
                start,
                due,
                weight: rng.between(1, 5),
                percent,
                completed_on,
                reports: Vec::new(),
                depends_on,
            });
        }
        let reporting: Vec<usize> = (0..generated.len())
            .filter(|&i| generated[i].percent > 0)
            .collect();
        for (n, &i) in reporting.iter().enumerate() {
            let m = &mut generated[i];
            let count = spread(progress_updates, reporting.len(), n).max(1);
            let until = m.due.min(data_date);
            let days = (until - m.start).num_days().max(1);
            m.reports = (1..=count)
                .map(|k| {
                    let day = m.start + Duration::days(days * k as i64 / count as i64);
                    (day, m.percent * k as i32 / count as i32)
                })
                .collect();
        }

        let mut generated_projects = Vec::with_capacity(projects);
        for i in 0..projects {
            let major = rng.chance(20);
            let start_year = rng.between(2022, 2026) as i32;
            let end_year = (start_year + rng.between(0, 2) as i32).min(2027);
            let years = (start_year, end_year);
            let total = rng.between(50, 50_000) * 100 + rng.between(0, 99);
            let mut funds = [0_i64; 5];
            let mut left = total;
            for fund in funds.iter_mut().take(4) {
                *fund = left * rng.between(0, 40) / 100;
                left -= *fund;
            }
            funds[4] = left;
            let completion = rng.between(40, 100);
            let mut ledger = Vec::new();
            let months = i64::from(end_year - start_year + 1) * 12;
            let mut planned_left = total;
            let mut completed_total = 0;
            for k in 0..months {
                let year = start_year + (k / 12) as i32;
                let month = (k % 12) as u32 + 1;
                let planned = if k == months - 1 {
                    planned_left
                } else {
                    total / months
                };
                planned_left -= planned;
                let reported = (year, month) < (data_date.year(), data_date.month());
                let completed = if reported {
                    planned * completion / 100
                } else {
                    0
                };
                completed_total += completed;
                ledger.push((year, month, planned, completed));
            }
            let finished = end_year < data_date.year() && completion == 100;
            let status = if finished {
                "completed"
            } else if start_year > data_date.year() {
                "preparing"
            } else if rng.chance(3) {
                "suspended"
            } else {
                "in_progress"
            };
            let progress_now = if finished {
                100
            } else {
                (completed_total * 100 / total.max(1)) as i32
            };
            let reports = (1..=4)
                .filter_map(|q| NaiveDate::from_ymd_opt(start_year, q * 3, 28))
                .filter(|day| *day <= data_date)
                .enumerate()
                .map(|(k, day)| (day, progress_now * (k as i32 + 1) / 4))
                .collect();
            let unit = rng.below(unit_count) as usize;
            let code = (major || rng.chance(50)).then(|| {
                format!(
                    "{start_year}-339901-{:02}-01-{:05}{}",
                    unit % 100,
                    50_000 + i,
                    i % 10
                )
            });
            generated_projects.push(ProjectSeed {
                kind: if major { "major" } else { "information" },
                code,
                name: format!(
                    "{}{}项目（合成 {:05}）",
                    TASK_OBJECTS[i % TASK_OBJECTS.len()],
                    TASK_ACTIONS[(i / TASK_OBJECTS.len()) % TASK_ACTIONS.len()],
                    i + 1
                ),
                unit,
                construction: ["new", "continuing", "expansion"][i % 3],
                pillar: rng.below(pillars as u64) as usize,
                domain: rng.below(domains as u64) as usize,
                years,
                total,
                funds,
                status,
                ledger,
                reports,
                milestone: rng.below(milestones.max(1) as u64) as usize,
            });
        }

        // One problem for every 25 milestones; a third still open, some of those overdue.
        let problems = (0..milestones / 25)
            .map(|k| {
                let milestone = k * 25 + rng.below(25) as usize;
                let raised_on = data_date - Duration::days(rng.between(1, 400));
                ProblemSeed {
                    milestone: milestone.min(milestones.saturating_sub(1)),
                    unit: rng.below(unit_count) as usize,
                    raised_on,
                    due: raised_on + Duration::days(rng.between(15, 180)),
                    status: ["open", "answered", "closed"][k % 3],
                }
            })
            .collect();

        SyntheticCounty {
            units,
            milestones: generated,
            projects: generated_projects,
            problems,
        }
    }
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters at 12 columns.
const CHUNK: usize = 1_000;

/// Loads the sample programme, then tops the database up to `size` with generated data in one
/// transaction. Returns `false` (and adds nothing) when it already holds that many milestones.
pub async fn seed_synthetic(db: &Db, size: SyntheticSize) -> Result<bool, DbError> {
    let seeded = insert_synthetic(db, size).await?;
    if seeded {
        super::milestones::number_all_new(db).await?;
    }
    Ok(seeded)
}

async fn insert_synthetic(db: &Db, size: SyntheticSize) -> Result<bool, DbError> {
    seed::seed_sample(db).await?;
    let data_date = seed::sample_data_date()?;
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
        let (milestones,): (i64,) = sqlx::query_as(&count("milestones")).fetch_one(&mut *tx).await?;
        if milestones as usize >= size.milestones {
            return Ok(false);
        }
        let (projects,): (i64,) = sqlx::query_as(&count("projects")).fetch_one(&mut *tx).await?;
        let (updates,): (i64,) = sqlx::query_as(&count("milestone_progress")).fetch_one(&mut *tx).await?;
        let (roadmap_id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM roadmaps").fetch_one(&mut *tx).await?;
        let phases: Vec<(i64, NaiveDate, NaiveDate)> =
            sqlx::query_as("SELECT id, start_date, end_date FROM phases WHERE roadmap_id = $1 ORDER BY sort_order")
                .bind(roadmap_id).fetch_all(&mut *tx).await?;
        let pillars: Vec<(i64,)> = sqlx::query_as("SELECT id FROM pillars ORDER BY sort_order, id").fetch_all(&mut *tx).await?;
        let domains: Vec<(i64,)> = sqlx::query_as("SELECT id FROM domains ORDER BY sort_order, id").fetch_all(&mut *tx).await?;
        let existing_units: Vec<(i64,)> = sqlx::query_as("SELECT id FROM units ORDER BY id").fetch_all(&mut *tx).await?;
        let county = SyntheticCounty::generate(
            SyntheticSize {
                milestones: size.milestones - milestones as usize,
                projects: size.projects.saturating_sub(projects as usize),
                progress_updates: size.progress_updates.saturating_sub(updates as usize),
            },
            &phases.iter().map(|(_, s, e)| (*s, *e)).collect::<Vec<_>>(),
            pillars.len(),
            domains.len(),
            existing_units.len(),
            data_date,
        );

        // Ids are handed out in insertion order, so each batch's ids are read back in order.
        let mut unit_ids: Vec<i64> = existing_units.iter().map(|(id,)| *id).collect();
        let (before,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM units").fetch_one(&mut *tx).await?;
        let mut b = sqlx::QueryBuilder::new("INSERT INTO units (name, kind, sort_order) ");
        b.push_values(county.units.iter().enumerate(), |mut row, (i, (name, kind))| {
            row.push_bind(name.as_str()).push_bind(*kind).push_bind(100 + i as i32);
        });
        b.build().execute(&mut *tx).await?;
        let added: Vec<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE id > $1 ORDER BY id").bind(before).fetch_all(&mut *tx).await?;
        unit_ids.extend(added.iter().map(|(id,)| *id));
        let unit = |i: usize| unit_ids.get(i).copied().ok_or_else(|| DbError::Corrupt(format!("合成数据引用了不存在的单位 {i}")));

        let (before,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM milestones").fetch_one(&mut *tx).await?;
        for chunk in county.milestones.chunks(CHUNK) {
            let mut rows = Vec::with_capacity(chunk.len());
            for m in chunk {
                rows.push((m, phases[m.phase % phases.len().max(1)].0, pillars[m.pillar].0, domains[m.domain].0, unit(m.unit)?));
            }
            let mut b = sqlx::QueryBuilder::new(
                "INSERT INTO milestones (roadmap_id, phase_id, pillar_id, domain_id, unit_id, title, start_date, due_date, weight, percent, completed_on) ",
            );
            b.push_values(rows, |mut row, (m, phase, pillar, domain, unit)| {
                row.push_bind(roadmap_id).push_bind(phase).push_bind(pillar).push_bind(domain).push_bind(unit)
                    .push_bind(m.title.as_str()).push_bind(m.start).push_bind(m.due).push_bind(m.weight)
                    .push_bind(m.percent).push_bind(m.completed_on);
            });
            b.build().execute(&mut *tx).await?;
        }
        let milestone_ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM milestones WHERE id > $1 ORDER BY id").bind(before).fetch_all(&mut *tx).await?;
        let milestone = |i: usize| milestone_ids.get(i).map(|(id,)| *id).ok_or_else(|| DbError::Corrupt(format!("合成数据引用了不存在的里程碑 {i}")));

        let mut reports = Vec::new();
        let mut dependencies = Vec::new();
        for (i, m) in county.milestones.iter().enumerate() {
            let id = milestone(i)?;
            for (k, (day, percent)) in m.reports.iter().enumerate() {
                let note = if *percent >= 100 { PROGRESS_NOTES[3] } else { PROGRESS_NOTES[k.min(2)] };
                reports.push((id, *day, *percent, note));
            }
            if let Some(earlier) = m.depends_on {
                dependencies.push((id, milestone(earlier)?));
            }
        }
        for chunk in reports.chunks(CHUNK * 4) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO milestone_progress (milestone_id, reported_on, percent, note) ");
            b.push_values(chunk, |mut row, (id, day, percent, note)| {
                row.push_bind(*id).push_bind(*day).push_bind(*percent).push_bind(*note);
            });
            b.build().execute(&mut *tx).await?;
        }
        for chunk in dependencies.chunks(CHUNK * 4) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO milestone_dependencies (milestone_id, depends_on_id) ");
            b.push_values(chunk, |mut row, (id, earlier)| {
                row.push_bind(*id).push_bind(*earlier);
            });
            b.build().execute(&mut *tx).await?;
        }

        let (before,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM projects").fetch_one(&mut *tx).await?;
        for chunk in county.projects.chunks(CHUNK / 2) {
            let mut rows = Vec::with_capacity(chunk.len());
            for p in chunk {
                rows.push((p, unit(p.unit)?, pillars[p.pillar].0, domains[p.domain].0));
            }
            let mut b = sqlx::QueryBuilder::new(
                "INSERT INTO projects (kind, code, name, unit_id, construction_type, pillar_id, domain_id, start_year, end_year,
                    total_investment, fund_central, fund_provincial, fund_city, fund_county, fund_social, status) ",
            );
            b.push_values(rows, |mut row, (p, unit, pillar, domain)| {
                row.push_bind(p.kind).push_bind(p.code.as_deref()).push_bind(p.name.as_str()).push_bind(unit)
                    .push_bind(p.construction).push_bind(pillar).push_bind(domain).push_bind(p.years.0).push_bind(p.years.1)
                    .push_bind(p.total);
                for fund in p.funds {
                    row.push_bind(fund);
                }
                row.push_bind(p.status);
            });
            b.build().execute(&mut *tx).await?;
        }
        let project_ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM projects WHERE id > $1 ORDER BY id").bind(before).fetch_all(&mut *tx).await?;
        let mut ledger = Vec::new();
        let mut project_reports = Vec::new();
        let mut links = Vec::new();
        for (p, (id,)) in county.projects.iter().zip(&project_ids) {
            ledger.extend(p.ledger.iter().map(|(y, m, planned, completed)| (*id, *y, *m as i32, *planned, *completed)));
            project_reports.extend(p.reports.iter().map(|(day, percent)| (*id, *day, *percent)));
            links.push((*id, milestone(p.milestone)?));
        }
        for chunk in ledger.chunks(CHUNK * 4) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO investment_ledger (project_id, year, month, planned, completed) ");
            b.push_values(chunk, |mut row, (id, year, month, planned, completed)| {
                row.push_bind(*id).push_bind(*year).push_bind(*month).push_bind(*planned).push_bind(*completed);
            });
            b.build().execute(&mut *tx).await?;
        }
        for chunk in project_reports.chunks(CHUNK * 4) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO project_progress (project_id, reported_on, percent, visible_progress) ");
            b.push_values(chunk, |mut row, (id, day, percent)| {
                row.push_bind(*id).push_bind(*day).push_bind(*percent).push_bind("按计划推进");
            });
            b.build().execute(&mut *tx).await?;
        }
        for chunk in links.chunks(CHUNK * 4) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO project_milestones (project_id, milestone_id) ");
            b.push_values(chunk, |mut row, (project, milestone)| {
                row.push_bind(*project).push_bind(*milestone);
            });
            b.build().execute(&mut *tx).await?;
        }

        let mut problems = Vec::with_capacity(county.problems.len());
        for p in &county.problems {
            problems.push((milestone(p.milestone)?, unit(p.unit)?, p));
        }
        for chunk in problems.chunks(CHUNK) {
            let mut b = sqlx::QueryBuilder::new("INSERT INTO problems (milestone_id, description, owner_unit_id, raised_on, due_date, status) ");
            b.push_values(chunk, |mut row, (milestone, unit, p)| {
                row.push_bind(*milestone).push_bind("配套资金尚未到位，需协调解决").push_bind(*unit)
                    .push_bind(p.raised_on).push_bind(p.due).push_bind(p.status);
            });
            b.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// A synthetic county's 上报 report of `period` for the region benchmark (issue 19): `projects`
/// projects spread over the 五个一 pillars, with roll-ups that differ from county to county. The
/// same `index` gives the same county every time.
pub fn county_report(
    index: usize,
    projects: usize,
    period: crate::domain::period::Period,
    as_of: NaiveDate,
) -> (
    crate::region::report::CountyReport,
    crate::domain::report_sheet::ReportSheet,
) {
    use crate::domain::model::ConstructionType;
    use crate::domain::money::Wan;
    use crate::domain::report_sheet::{self, Amounts, Grouping, ReportProject, FIVE_PILLARS};
    use crate::region::report::*;

    let mut rng = Rng(0x5EED_0000 + index as u64);
    let county = format!("合成县{:03}", index + 1);
    let code = synthetic_region_code(index);
    let rows: Vec<ReportProject> = (0..projects)
        .map(|n| {
            let total = rng.between(5_000, 500_000);
            let central = total / 10;
            let province = total / 5;
            let city = total / 10;
            let own = rng.between(0, total / 10);
            let county_funds = total - central - province - city - own;
            let planned = total / 3;
            ReportProject {
                code: Some(format!("2026-{code}-65-01-{n:06}")),
                name: format!("{county}信息化项目{:05}", n + 1),
                unit: format!("{county}{}", DEPARTMENTS[n % DEPARTMENTS.len()]),
                location: county.clone(),
                construction: match n % 3 {
                    0 => ConstructionType::New,
                    1 => ConstructionType::Continuing,
                    _ => ConstructionType::Expansion,
                },
                pillar: Some(FIVE_PILLARS[n % FIVE_PILLARS.len()].to_string()),
                content: "建设内容按批复执行".into(),
                start_year: 2024,
                end_year: 2027,
                amounts: Amounts {
                    total: Wan(total),
                    funds: [
                        Wan(central),
                        Wan(province),
                        Wan(city),
                        Wan(county_funds),
                        Wan(own),
                    ],
                    completed_before_year: Wan(total / 4),
                    planned_this_year: Wan(planned),
                    completed_this_year: Wan(rng.between(0, planned)),
                },
                visible_progress: "按计划推进".into(),
                problems: String::new(),
                contact_name: "联系人".into(),
                contact_phone: "0570-0000000".into(),
            }
        })
        .collect();
    let sheet = report_sheet::build(
        report_sheet::words::title(&county, period.year, None, None),
        report_sheet::words::reporting_unit(&county),
        crate::i18n::zh_date(as_of),
        period.year,
        rows,
        Grouping::Construction,
        &FIVE_PILLARS.map(String::from),
    );
    let progress = |rng: &mut Rng| {
        let expected = rng.between(40, 90) as f64;
        Progress {
            actual: (expected + rng.between(-25, 10) as f64).clamp(0.0, 100.0),
            expected,
            milestones: rng.between(5, 40) as u64,
            completed: rng.between(0, 5) as u64,
        }
    };
    let mut rollups = vec![RollupCell {
        pillar: None,
        phase: None,
        progress: progress(&mut rng),
    }];
    for pillar in FIVE_PILLARS {
        rollups.push(RollupCell {
            pillar: Some(pillar.to_string()),
            phase: None,
            progress: progress(&mut rng),
        });
    }
    let overall = rollups[0].progress;
    let report = CountyReport {
        schema_version: SCHEMA_VERSION,
        county,
        region_code: code,
        period,
        as_of,
        figures: FigureSource::Live,
        overall,
        counts: Counts {
            done: overall.completed,
            on_track: overall.milestones / 2,
            behind: overall.milestones / 4,
            critical: overall.milestones / 8,
            overdue: 0,
        },
        rollups,
        investment: Investment {
            major_projects: projects as u64,
            information_projects: 0,
            total: sheet.total.total,
            completed: sheet.total.completed_this_year + sheet.total.completed_before_year,
            sheet_total: sheet.total.into(),
        },
        projects: sheet
            .groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .map(PackageProject::from)
            .collect(),
        milestones: Vec::new(),
        round: None,
        indicators: Vec::new(),
        activities: Vec::new(),
        evidence: Vec::new(),
    };
    (report, sheet)
}

/// The 行政区划代码 of synthetic county `index`: 339001, 339002, …
pub fn synthetic_region_code(index: usize) -> String {
    format!("{:06}", 339_001 + index)
}

const DEPARTMENTS: [&str; 6] = [
    "大数据中心",
    "公安局",
    "卫健局",
    "教育局",
    "农业农村局",
    "住建局",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn phases() -> Vec<(NaiveDate, NaiveDate)> {
        vec![
            (d(2023, 1, 1), d(2023, 12, 31)),
            (d(2024, 1, 1), d(2024, 12, 31)),
            (d(2025, 1, 1), d(2025, 12, 31)),
            (d(2026, 1, 1), d(2027, 12, 31)),
        ]
    }

    fn county(milestones: usize, projects: usize, updates: usize) -> SyntheticCounty {
        SyntheticCounty::generate(
            SyntheticSize {
                milestones,
                projects,
                progress_updates: updates,
            },
            &phases(),
            5,
            5,
            16,
            d(2026, 11, 20),
        )
    }

    #[test]
    fn the_same_seed_gives_the_same_county() {
        assert_eq!(county(500, 100, 5_000), county(500, 100, 5_000));
    }

    #[test]
    fn generates_exactly_the_requested_counts() {
        let c = county(2_000, 300, 20_000);
        assert_eq!(c.milestones.len(), 2_000);
        assert_eq!(c.projects.len(), 300);
        let reports: usize = c.milestones.iter().map(|m| m.reports.len()).sum();
        assert_eq!(reports, 20_000);
    }

    #[test]
    fn every_milestone_is_consistent() {
        let data_date = d(2026, 11, 20);
        for (i, m) in county(3_000, 0, 30_000).milestones.iter().enumerate() {
            let (start, end) = phases()[m.phase];
            assert!(
                m.start >= start && m.due <= end && m.start <= m.due,
                "{m:?}"
            );
            assert!((0..=100).contains(&m.percent));
            assert_eq!(m.completed_on.is_some(), m.percent == 100);
            if let Some(last) = m.reports.last() {
                assert_eq!(last.1, m.percent, "the newest report sets the percent");
                assert!(last.0 <= data_date);
                assert!(m.reports.windows(2).all(|w| w[0] <= w[1]));
            }
            assert!(
                m.depends_on.is_none_or(|e| e < i),
                "dependencies only point back"
            );
        }
    }

    #[test]
    fn every_project_adds_up_to_the_fen() {
        for p in county(100, 1_000, 0).projects {
            assert_eq!(p.funds.iter().sum::<i64>(), p.total);
            assert!(p.funds.iter().all(|f| *f >= 0));
            assert_eq!(p.ledger.iter().map(|l| l.2).sum::<i64>(), p.total);
            assert!(p.years.0 <= p.years.1);
            if p.kind == "major" {
                let code = p.code.as_deref().unwrap_or_default();
                assert!(
                    crate::domain::project_code::ProjectCode::parse(code).is_ok(),
                    "{code}"
                );
            }
        }
    }
}

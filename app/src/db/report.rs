//! The rows of the provincial reporting sheet: each project with its ledger summed for the
//! report year and its open problems, in one pass over the ledger.

use std::collections::HashMap;

use super::queries::{bind_registry_filter, registry_filter};
use super::{with_pool, Db, DbError};
use crate::api::types::ProjectFilter;
use crate::domain::model::ConstructionType;
use crate::domain::money::Wan;
use crate::domain::report_sheet::{Amounts, ReportProject};

#[derive(sqlx::FromRow)]
struct ReportRecord {
    id: i64,
    code: Option<String>,
    name: String,
    unit_name: String,
    location: String,
    construction_type: String,
    pillar: Option<String>,
    content: String,
    start_year: i32,
    end_year: i32,
    total_investment: i64,
    fund_central: i64,
    fund_provincial: i64,
    fund_city: i64,
    fund_county: i64,
    fund_social: i64,
    completed_before_year: i64,
    planned_this_year: i64,
    completed_this_year: i64,
    visible_progress: String,
    contact_name: String,
    contact_phone: String,
}

/// The projects matching `filter`, major projects first, with `year` as 本年.
pub async fn report_projects(
    db: &Db,
    filter: &ProjectFilter,
    year: i32,
) -> Result<Vec<ReportProject>, DbError> {
    const SQL: &str = concat!(
        "SELECT p.id, p.code, p.name, u.name AS unit_name, p.location, p.construction_type,
                pl.name_zh AS pillar, p.content, p.start_year, p.end_year, p.total_investment,
                p.fund_central, p.fund_provincial, p.fund_city, p.fund_county, p.fund_social,
                CAST(COALESCE(l.completed_before_year, 0) AS BIGINT) AS completed_before_year,
                CAST(COALESCE(l.planned_this_year, 0) AS BIGINT) AS planned_this_year,
                CAST(COALESCE(l.completed_this_year, 0) AS BIGINT) AS completed_this_year,
                p.visible_progress, p.contact_name, p.contact_phone
         FROM projects p
         JOIN units u ON u.id = p.unit_id
         LEFT JOIN pillars pl ON pl.id = p.pillar_id
         LEFT JOIN (
             SELECT project_id,
                    SUM(CASE WHEN year < $2 THEN completed ELSE 0 END) AS completed_before_year,
                    SUM(CASE WHEN year = $2 THEN planned ELSE 0 END) AS planned_this_year,
                    SUM(CASE WHEN year = $2 THEN completed ELSE 0 END) AS completed_this_year
             FROM investment_ledger GROUP BY project_id
         ) l ON l.project_id = p.id
         WHERE ",
        registry_filter!(),
        " ORDER BY CASE p.kind WHEN 'major' THEN 0 ELSE 1 END, p.start_year, p.id"
    );
    let records: Vec<ReportRecord> = with_pool!(db, pool => {
        bind_registry_filter!(sqlx::query_as(SQL).bind(filter.kind.map(|k| k.code())).bind(year), filter)
            .fetch_all(pool)
            .await?
    });
    let problems = open_problems(db).await?;
    records
        .into_iter()
        .map(|r| {
            let construction = ConstructionType::from_code(&r.construction_type).ok_or_else(|| {
                DbError::Corrupt(format!("项目 {} 的建设性质“{}”无法识别", r.id, r.construction_type))
            })?;
            Ok(ReportProject {
                problems: problems.get(&r.id).map(|list| list.join("；")).unwrap_or_default(),
                code: r.code,
                name: r.name,
                unit: r.unit_name,
                location: r.location,
                construction,
                pillar: r.pillar,
                content: r.content,
                start_year: r.start_year,
                end_year: r.end_year,
                amounts: Amounts {
                    total: Wan(r.total_investment),
                    funds: [
                        r.fund_central,
                        r.fund_provincial,
                        r.fund_city,
                        r.fund_county,
                        r.fund_social,
                    ]
                    .map(Wan),
                    completed_before_year: Wan(r.completed_before_year),
                    planned_this_year: Wan(r.planned_this_year),
                    completed_this_year: Wan(r.completed_this_year),
                },
                visible_progress: r.visible_progress,
                contact_name: r.contact_name,
                contact_phone: r.contact_phone,
            })
        })
        .collect()
}

/// Problems not yet closed, by project, oldest first.
async fn open_problems(db: &Db) -> Result<HashMap<i64, Vec<String>>, DbError> {
    let rows: Vec<(i64, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT project_id, description FROM problems
             WHERE project_id IS NOT NULL AND status <> 'closed' ORDER BY project_id, raised_on, id",
        )
        .fetch_all(pool)
        .await?
    });
    let mut by_project: HashMap<i64, Vec<String>> = HashMap::new();
    for (project, description) in rows {
        by_project.entry(project).or_default().push(description);
    }
    Ok(by_project)
}

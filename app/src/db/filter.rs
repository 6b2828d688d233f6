//! Filters as SQL: one way to write "this column equals the chosen value, or nothing was
//! chosen" and to bind the values in the same order, for every query of both backends.
//!
//! A [`Conditions`] is numbered from the parameter it starts at, so a query can put its own
//! parameters before or after it; [`Conditions::bind`] binds its values in the same order.

use chrono::NaiveDate;
use sqlx::query::QueryAs;
use sqlx::{Database, Encode, Type};

use super::tx::{bind_query_as, Value};

use crate::domain::dates::china_day_start;
use crate::model::{
    ActivityFilter, DashboardFilter, JournalFilter, MilestoneFilter, ProjectFilter,
    SecurityLogFilter,
};

/// A paged list's `ORDER BY`: its sort keys, then `tie_break` (a unique column, so pages never
/// overlap), all descending when `descending` — a descending sort turns every key round.
pub fn order_by(keys: &[&str], tie_break: &str, descending: bool) -> String {
    let direction = if descending { " DESC" } else { "" };
    keys.iter()
        .chain(&[tie_break])
        .map(|key| format!("{key}{direction}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids read from the database (never typed by a user) as an SQL list, `12, 40, 41`, for
/// `… IN (…)` over one page of rows.
pub fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `AND`-ed conditions, each true when its value is NULL (nothing chosen).
#[derive(Clone, Debug, PartialEq)]
pub struct Conditions {
    sql: Vec<String>,
    params: Vec<Value>,
    first: usize,
}

impl Conditions {
    /// Conditions whose first parameter is `$first`.
    pub fn starting_at(first: usize) -> Conditions {
        Conditions {
            sql: Vec::new(),
            params: Vec::new(),
            first,
        }
    }

    fn next(&self) -> usize {
        self.first + self.params.len()
    }

    /// `column = value`, or any row when `value` is `None`.
    pub fn equals(self, column: &str, value: Option<i64>) -> Conditions {
        self.compare(column, "=", Value::Int(value))
    }

    /// `column = text` for a text value (a code, a name).
    pub fn equals_text(self, column: &str, text: Option<&str>) -> Conditions {
        self.compare(column, "=", Value::Text(text.map(str::to_string)))
    }

    /// `column >= value`.
    pub fn at_least(self, column: &str, value: Option<i64>) -> Conditions {
        self.compare(column, ">=", Value::Int(value))
    }

    /// `column < value`.
    pub fn below(self, column: &str, value: Option<i64>) -> Conditions {
        self.compare(column, "<", Value::Int(value))
    }

    /// Unix-second `column` within the China days `from` to `to`, both included.
    pub fn within_days(
        self,
        column: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Conditions {
        let from = from.map(china_day_start);
        // `to` is inclusive: up to the start of the next day.
        let to = to.and_then(|d| d.succ_opt()).map(china_day_start);
        self.at_least(column, from).below(column, to)
    }

    /// `column >= day`.
    pub fn on_or_after(self, column: &str, day: Option<NaiveDate>) -> Conditions {
        self.compare(column, ">=", Value::Date(day))
    }

    /// `column <= day`.
    pub fn on_or_before(self, column: &str, day: Option<NaiveDate>) -> Conditions {
        self.compare(column, "<=", Value::Date(day))
    }

    fn compare(mut self, column: &str, operator: &str, param: Value) -> Conditions {
        let n = self.next();
        self.sql
            .push(format!("(${n} IS NULL OR {column} {operator} ${n})"));
        self.params.push(param);
        self
    }

    /// Rows where `column` is NULL, or every row when `everything` is set.
    pub fn null_unless(mut self, column: &str, everything: bool) -> Conditions {
        let n = self.next();
        self.sql.push(format!("(${n} OR {column} IS NULL)"));
        self.params.push(Value::Bool(everything));
        self
    }

    /// `from <= year <= to`: a span of years that includes `year`.
    pub fn spans(mut self, from: &str, to: &str, year: Option<i32>) -> Conditions {
        let n = self.next();
        self.sql.push(format!(
            "(${n} IS NULL OR ({from} <= ${n} AND {to} >= ${n}))"
        ));
        self.params.push(Value::Int4(year));
        self
    }

    /// The conditions, for a `WHERE` or an `AND`.
    pub fn sql(&self) -> String {
        if self.sql.is_empty() {
            "TRUE".to_string()
        } else {
            self.sql.join(" AND ")
        }
    }

    /// The parameter after the last one of these conditions.
    pub fn end(&self) -> usize {
        self.next()
    }

    /// Binds the values, in order; the query must have bound `$1` .. `$first - 1` already.
    pub fn bind<'q, DB, O>(
        &self,
        query: QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>,
    ) -> QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>
    where
        DB: Database,
        Option<i64>: Encode<'q, DB> + Type<DB>,
        Option<i32>: Encode<'q, DB> + Type<DB>,
        Option<String>: Encode<'q, DB> + Type<DB>,
        bool: Encode<'q, DB> + Type<DB>,
        Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
        Option<Vec<u8>>: Encode<'q, DB> + Type<DB>,
        f64: Encode<'q, DB> + Type<DB>,
    {
        bind_query_as(query, &self.params)
    }

    /// The values, for a [`Statement`](super::tx::Statement).
    pub fn values(&self) -> Vec<Value> {
        self.params.clone()
    }
}

/// The activity ledger's filter on activities `a`: type, unit, pillar, domain and an inclusive
/// date range.
pub fn activities(filter: &ActivityFilter, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals("a.type_id", filter.type_id)
        .equals("a.unit_id", filter.unit_id)
        .equals("a.pillar_id", filter.pillar_id)
        .equals("a.domain_id", filter.domain_id)
        .on_or_after("a.held_on", filter.from)
        .on_or_before("a.held_on", filter.to)
}

/// The milestone filter on milestones `alias`: phase, pillar, domain, unit. (Status is derived
/// from today's date, so it is applied after the query.) The dashboard's filter is
/// `DashboardFilter::milestones`.
pub fn milestones(filter: &MilestoneFilter, alias: &str, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals(&format!("{alias}.phase_id"), filter.phase)
        .equals(&format!("{alias}.pillar_id"), filter.pillar)
        .equals(&format!("{alias}.domain_id"), filter.domain)
        .equals(&format!("{alias}.unit_id"), filter.unit)
}

/// The dashboard's filter on projects `p`: pillar, domain, unit (a project has no phase: it
/// runs over years).
pub fn dashboard_projects(filter: &DashboardFilter, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals("p.pillar_id", filter.pillar)
        .equals("p.domain_id", filter.domain)
        .equals("p.unit_id", filter.unit)
}

/// The admin's filter on the journal: who, what, and from / to which day (China time).
pub fn journal(filter: &JournalFilter, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals_text("username", filter.user.as_deref())
        .equals_text("entity", filter.entity.as_deref())
        .within_days("at", filter.from, filter.to)
}

/// The security audit log's filter.
pub fn security_log(filter: &SecurityLogFilter, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals_text("username", filter.user.as_deref())
        .equals_text("action", filter.action.as_deref())
        .within_days("at", filter.from, filter.to)
}

/// Page `page` of the rows of `table` that match `conditions` (numbered from 1), read as
/// `columns` (a select list ending in `FROM table`) in `order`, with where the page stands.
pub async fn page_of<R: super::tx::Row>(
    db: &super::Db,
    table: &str,
    columns: &str,
    conditions: &Conditions,
    order: &str,
    page: Option<u32>,
) -> Result<(Vec<R>, crate::model::PageInfo), super::DbError> {
    use super::tx::Statement;
    let (total,): (i64,) = db
        .fetch_one(
            Statement::new(format!(
                "SELECT COUNT(*) FROM {table} WHERE {}",
                conditions.sql()
            ))
            .bind_all(conditions.values()),
        )
        .await?;
    let page = crate::model::PageInfo::new(page, total);
    let (limit, offset) = (conditions.end(), conditions.end() + 1);
    let rows = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {columns} WHERE {} ORDER BY {order} LIMIT ${limit} OFFSET ${offset}",
                conditions.sql()
            ))
            .bind_all(conditions.values())
            .bind(i64::from(page.page_size))
            .bind(page.offset()),
        )
        .await?;
    Ok((rows, page))
}

/// The registry's filter on a locked period's baseline rows `p`: a baseline keeps every project
/// as it stood, archived ones included.
pub fn registry(filter: &ProjectFilter, first: usize) -> Conditions {
    Conditions::starting_at(first)
        .equals_text("p.kind", filter.kind.map(|k| k.code()))
        .equals("p.pillar_id", filter.pillar)
        .equals("p.unit_id", filter.unit)
        .equals_text("p.status", filter.status.map(|s| s.code()))
        .spans("p.start_year", "p.end_year", filter.year.map(|y| y.0))
}

/// The registry's filter on the live projects `p` (the list and its exports alike): archived
/// projects only when asked for.
pub fn live_registry(filter: &ProjectFilter, first: usize) -> Conditions {
    registry(filter, first).null_unless("p.archived_on", filter.archived)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_numbered_from_their_first_parameter() {
        let filter = DashboardFilter {
            pillar: Some(2),
            ..Default::default()
        };
        let c = dashboard_projects(&filter, 3);
        assert_eq!(
            c.sql(),
            "($3 IS NULL OR p.pillar_id = $3) AND ($4 IS NULL OR p.domain_id = $4) \
             AND ($5 IS NULL OR p.unit_id = $5)"
        );
        assert_eq!(c.end(), 6);
        assert_eq!(
            c.params,
            vec![Value::Int(Some(2)), Value::Int(None), Value::Int(None)]
        );
        assert_eq!(Conditions::starting_at(1).sql(), "TRUE");
    }
}

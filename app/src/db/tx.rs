//! One transaction type for both backends, and statements written once.
//!
//! A [`Statement`] is SQL with `$1`-numbered parameters (both backends accept them) and its
//! values as data; a [`Tx`] runs statements on whichever backend the database is. So a change
//! reads as plain calls — `let mut tx = db.begin().await?; …; tx.commit().await?` — with no
//! backend `match` and no macro at the call site, and dropping a `Tx` without committing rolls
//! everything back.

use chrono::NaiveDate;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::query::{Query, QueryAs};
use sqlx::sqlite::SqliteRow;
use sqlx::{
    Database, Encode, FromRow, PgConnection, Postgres, Sqlite, SqliteConnection, Transaction, Type,
};

use super::{Db, DbError};

/// One value bound to a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    /// A 32-bit integer (years, months): PostgreSQL is told INTEGER, not BIGINT, as the
    /// columns are; a statement prepared once must always be bound with the same types.
    Int4(Option<i32>),
    Text(Option<String>),
    Bool(bool),
    Date(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
    /// A percentage as reported (DOUBLE PRECISION).
    Float(f64),
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Bytes(Some(v.to_vec()))
    }
}

impl From<Option<&[u8]>> for Value {
    fn from(v: Option<&[u8]>) -> Self {
        Value::Bytes(v.map(<[u8]>::to_vec))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int4(Some(v))
    }
}
impl From<crate::model::MilestoneId> for Value {
    fn from(v: crate::model::MilestoneId) -> Self {
        Value::Int(Some(v.0))
    }
}
impl From<crate::model::ProjectId> for Value {
    fn from(v: crate::model::ProjectId) -> Self {
        Value::Int(Some(v.0))
    }
}
impl From<Option<i32>> for Value {
    fn from(v: Option<i32>) -> Self {
        Value::Int4(v)
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_string()))
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_string))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        Value::Date(Some(v))
    }
}
impl From<Option<NaiveDate>> for Value {
    fn from(v: Option<NaiveDate>) -> Self {
        Value::Date(v)
    }
}

/// SQL and the values of its parameters, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    sql: String,
    values: Vec<Value>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            values: Vec::new(),
        }
    }

    /// The next parameter's value.
    pub fn bind(mut self, value: impl Into<Value>) -> Statement {
        self.values.push(value.into());
        self
    }

    /// The values of a filter's conditions (`db::filter`), after those bound so far.
    pub fn bind_all(mut self, values: impl IntoIterator<Item = Value>) -> Statement {
        self.values.extend(values);
        self
    }
}

/// Binds `values` in order on a statement without rows.
pub(super) fn bind_query<'q, DB: Database>(
    mut query: Query<'q, DB, <DB as Database>::Arguments<'q>>,
    values: &[Value],
) -> Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<i32>: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
    Option<Vec<u8>>: Encode<'q, DB> + Type<DB>,
    f64: Encode<'q, DB> + Type<DB>,
{
    for value in values {
        query = match value {
            Value::Int(v) => query.bind(*v),
            Value::Int4(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
            Value::Bool(v) => query.bind(*v),
            Value::Date(v) => query.bind(*v),
            Value::Bytes(v) => query.bind(v.clone()),
            Value::Float(v) => query.bind(*v),
        };
    }
    query
}

/// Binds `values` in order on a statement that reads rows.
pub(super) fn bind_query_as<'q, DB: Database, O>(
    mut query: QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>,
    values: &[Value],
) -> QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>
where
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<i32>: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
    Option<Vec<u8>>: Encode<'q, DB> + Type<DB>,
    f64: Encode<'q, DB> + Type<DB>,
{
    for value in values {
        query = match value {
            Value::Int(v) => query.bind(*v),
            Value::Int4(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
            Value::Bool(v) => query.bind(*v),
            Value::Date(v) => query.bind(*v),
            Value::Bytes(v) => query.bind(v.clone()),
            Value::Float(v) => query.bind(*v),
        };
    }
    query
}

/// A row type both backends can read.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// An open transaction on either backend.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A connection taken from the pool for one statement outside a transaction.
enum Pooled {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

/// The connection a statement runs on, whichever backend: the one place that runs statements.
enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    async fn execute(self, statement: Statement) -> Result<u64, sqlx::Error> {
        let Statement { sql, values } = &statement;
        Ok(match self {
            Conn::Sqlite(c) => bind_query(sqlx::query(sql), values)
                .execute(c)
                .await?
                .rows_affected(),
            Conn::Postgres(c) => bind_query(sqlx::query(sql), values)
                .execute(c)
                .await?
                .rows_affected(),
        })
    }

    async fn fetch_one<T: Row>(self, statement: Statement) -> Result<T, sqlx::Error> {
        let Statement { sql, values } = &statement;
        match self {
            Conn::Sqlite(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_one(c)
                    .await
            }
            Conn::Postgres(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_one(c)
                    .await
            }
        }
    }

    async fn fetch_optional<T: Row>(self, statement: Statement) -> Result<Option<T>, sqlx::Error> {
        let Statement { sql, values } = &statement;
        match self {
            Conn::Sqlite(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_optional(c)
                    .await
            }
            Conn::Postgres(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_optional(c)
                    .await
            }
        }
    }

    async fn fetch_all<T: Row>(self, statement: Statement) -> Result<Vec<T>, sqlx::Error> {
        let Statement { sql, values } = &statement;
        match self {
            Conn::Sqlite(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_all(c)
                    .await
            }
            Conn::Postgres(c) => {
                bind_query_as(sqlx::query_as(sql), values)
                    .fetch_all(c)
                    .await
            }
        }
    }
}

impl Db {
    /// Starts a transaction: nothing it writes is seen until [`Tx::commit`].
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            // A transaction here writes. Taking SQLite's write lock at BEGIN makes a second writer
            // wait (busy_timeout) instead of failing with "database is locked" when its read
            // snapshot cannot be upgraded, as it did under five progress updates a second.
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Pooled::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => Pooled::Postgres(pool.acquire().await?),
        })
    }
}

impl Pooled {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Sqlite(c) => Conn::Sqlite(c),
            Pooled::Postgres(c) => Conn::Postgres(c),
        }
    }
}

/// Statements outside a transaction: reads, and single writes that stand alone.
impl Db {
    pub async fn execute(&self, statement: Statement) -> Result<u64, sqlx::Error> {
        self.acquire().await?.conn().execute(statement).await
    }

    pub async fn fetch_one<T: Row>(&self, statement: Statement) -> Result<T, sqlx::Error> {
        self.acquire().await?.conn().fetch_one(statement).await
    }

    pub async fn fetch_optional<T: Row>(
        &self,
        statement: Statement,
    ) -> Result<Option<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_optional(statement).await
    }

    pub async fn fetch_all<T: Row>(&self, statement: Statement) -> Result<Vec<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_all(statement).await
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, statement: Statement) -> Result<u64, sqlx::Error> {
        self.conn().execute(statement).await
    }

    pub async fn fetch_one<T: Row>(&mut self, statement: Statement) -> Result<T, sqlx::Error> {
        self.conn().fetch_one(statement).await
    }

    pub async fn fetch_optional<T: Row>(
        &mut self,
        statement: Statement,
    ) -> Result<Option<T>, sqlx::Error> {
        self.conn().fetch_optional(statement).await
    }

    pub async fn fetch_all<T: Row>(&mut self, statement: Statement) -> Result<Vec<T>, sqlx::Error> {
        self.conn().fetch_all(statement).await
    }
}

//! The connection the hot totals run on (issue 28): [`Dekat`] reads on this worker thread's
//! own connections ([`super::Langsung`]) when it can, everything else on the pool, and
//! [`BacaBaris`] hands a statement's rows on one at a time as they arrive. Statements are
//! counted against their request (`Server-Timing`) either way.

use std::time::Instant;

use sea_orm::sqlx::Arguments;
use sea_orm::sqlx::postgres::PgArguments;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, ExecResult, QueryResult, Statement, Value};

use super::catat;
use super::langsung::{Bacaan, Langsung, Tiap};
use crate::error::AppError;

/// The values of a statement bound for PostgreSQL, when they are all of the plain types the
/// totals use; `None` sends the statement to the pool, which binds every type.
fn ikat(values: Option<&sea_orm::Values>) -> Option<PgArguments> {
    let mut args = PgArguments::default();
    for v in values.map(|v| v.0.as_slice()).unwrap_or_default() {
        let hasil = match v {
            Value::Bool(b) => args.add(*b),
            Value::SmallInt(n) => args.add(*n),
            Value::Int(n) => args.add(*n),
            Value::BigInt(n) => args.add(*n),
            Value::String(s) => args.add(s.as_deref()),
            _ => return None,
        };
        hasil.ok()?;
    }
    Some(args)
}

/// The database for the hot totals: reads on this thread's own connections when there are
/// any ([`Langsung`]), everything else on the pool.
pub struct Dekat<'a> {
    pub db: &'a DatabaseConnection,
    pub langsung: Option<&'a Langsung>,
}

/// A database whose statements can hand their rows on one at a time, as they arrive.
#[async_trait::async_trait]
pub trait BacaBaris: ConnectionTrait {
    /// Hands each row of `stmt` to `tiap`, in order; stops at the first error `tiap` returns.
    async fn baca_baris(&self, stmt: Statement, tiap: &mut Tiap<'_>) -> Result<(), AppError>;
}

#[async_trait::async_trait]
impl BacaBaris for DatabaseConnection {
    async fn baca_baris(&self, stmt: Statement, tiap: &mut Tiap<'_>) -> Result<(), AppError> {
        self.query_all_raw(stmt).await?.into_iter().try_for_each(tiap)
    }
}

impl Dekat<'_> {
    /// The rows of `stmt` handed to `tiap` on this thread's own connections, when it can go
    /// that way.
    async fn langsung(&self, stmt: &Statement, tiap: &mut Tiap<'_>) -> Bacaan {
        let Some(l) = self.langsung.filter(|_| stmt.db_backend == DatabaseBackend::Postgres) else {
            return Bacaan::KePool;
        };
        let Some(args) = ikat(stmt.values.as_ref()) else { return Bacaan::KePool };
        let mulai = Instant::now();
        let hasil = l.baca(&stmt.sql, args, tiap).await;
        if !matches!(hasil, Bacaan::KePool) {
            catat(mulai.elapsed());
        }
        hasil
    }

    /// Every row of `stmt` the direct way, or `None` for the pool to answer: a statement that
    /// fails part-way is asked again of the pool, whole (the rows read so far are dropped).
    async fn semua(&self, stmt: &Statement) -> Option<Vec<QueryResult>> {
        let mut rows = Vec::new();
        let mut simpan = |r| {
            rows.push(r);
            Ok(())
        };
        match self.langsung(stmt, &mut simpan).await {
            Bacaan::Selesai => Some(rows),
            Bacaan::KePool | Bacaan::Gagal(_) => None,
        }
    }
}

#[async_trait::async_trait]
impl BacaBaris for Dekat<'_> {
    async fn baca_baris(&self, stmt: Statement, tiap: &mut Tiap<'_>) -> Result<(), AppError> {
        match self.langsung(&stmt, tiap).await {
            Bacaan::Selesai => Ok(()),
            Bacaan::Gagal(e) => Err(e),
            Bacaan::KePool => self.db.baca_baris(stmt, tiap).await,
        }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Dekat<'_> {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.db.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.db.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self.semua(&stmt).await {
            Some(rows) => Ok(rows.into_iter().next()),
            None => self.db.query_one_raw(stmt).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self.semua(&stmt).await {
            Some(rows) => Ok(rows),
            None => self.db.query_all_raw(stmt).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_values_are_bound_here() {
        let polos = sea_orm::Values(vec![Value::SmallInt(None), 2024.into(), "00/18".into(), Value::BigInt(Some(7))]);
        assert!(ikat(Some(&polos)).is_some());
        assert!(ikat(None).is_some());
        let lain = sea_orm::Values(vec![Value::Double(Some(1.5))]);
        assert!(ikat(Some(&lain)).is_none(), "anything else goes to the pool, which binds every type");
    }
}

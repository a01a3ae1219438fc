//! GraphQL for the provinsi and national view. Resolvers are thin: every satker they touch is
//! resolved by [`crate::auth::guard::resolve_target`] (the same tenant and role rules as REST),
//! and every figure comes from the same services as the REST totals, so the two always agree.
//!
//! `mesin` runs the schema for the endpoint (parsed queries kept), `tipe` holds the answer
//! types, `wilayah` the provinsi and national views, `satker` one satker's figures; here are
//! the schema, its limits and scalars, the per-request memo and the root fields.

mod katalog;
mod mesin;
mod satker;
mod tipe;
mod wilayah;

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{
    Context, EmptyMutation, EmptySubscription, Enum, ErrorExtensions, InputValueError, InputValueResult, Object,
    Scalar, ScalarType, Schema, SimpleObject, Value as GqlValue,
};
use tokio::sync::Mutex;

use crate::auth::Principal;
use crate::auth::guard::resolve_target;
use crate::domain::akses::Izin;
use crate::domain::kode;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::service::{agregat, analisis};
use crate::state::AppState;
use crate::view::{self, BarisSatkerView as BarisSatker, Jumlah, RingkasanView as Ringkasan};
use rust_decimal::Decimal;

pub use katalog::{EntriKatalog, PeringkatIndikator};
pub use mesin::Mesin;
pub use satker::SatkerGql;
pub use tipe::*;
pub use wilayah::Wilayah;

pub type KinerjaSchema = Schema<Query, EmptyMutation, EmptySubscription>;

pub const MAX_DEPTH: usize = 10;
pub const MAX_COMPLEXITY: usize = 1000;
/// What a field that computes a total costs against [`MAX_COMPLEXITY`]: the computation is
/// the expense (SQL over a subtree), not the rows it returns, so it is one flat, large cost
/// and every other field costs 1. At most about twenty such fields fit in one query.
pub const BIAYA_AGREGAT: usize = 50;
/// Distinct totals one request may compute (sibling fields asking the same total share one).
pub const MAKS_HITUNG: usize = 20;

pub fn schema() -> KinerjaSchema {
    schema_dengan(async_graphql::ValidationMode::Strict)
}

/// The schema with its limits, validating in `mode` (`mesin` runs a fast one beside it).
fn schema_dengan(mode: async_graphql::ValidationMode) -> KinerjaSchema {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .validation_mode(mode)
        .finish()
}

/// Turns a service error into a GraphQL error with the same stable `code` as REST, and never
/// an internal cause.
fn gql(e: AppError) -> async_graphql::Error {
    match &e {
        AppError::Internal(cause) => tracing::error!(%cause, "kesalahan internal (GraphQL)"),
        AppError::Db(cause) => tracing::error!(%cause, "kesalahan basis data (GraphQL)"),
        _ => {}
    }
    let code = e.code();
    async_graphql::Error::new(e.detail()).extend_with(|_, ext| ext.set("code", code))
}

/// Whole rupiah. GraphQL's `Int` is 32-bit and a national total is ~10^13, so rupiah travel
/// as a string of digits: exact in every client, never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rupiah(pub i64);

#[Scalar(name = "Rupiah")]
impl ScalarType for Rupiah {
    fn parse(value: GqlValue) -> InputValueResult<Self> {
        match &value {
            GqlValue::String(s) => {
                s.parse().map(Rupiah).map_err(|_| InputValueError::custom("Rupiah harus bilangan bulat"))
            }
            GqlValue::Number(n) => {
                n.as_i64().map(Rupiah).ok_or_else(|| InputValueError::custom("Rupiah harus bilangan bulat"))
            }
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> GqlValue {
        GqlValue::String(self.0.to_string())
    }
}

/// An exact decimal as a string: `117.75`, `99.83`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Desimal(pub String);

#[Scalar(name = "Desimal")]
impl ScalarType for Desimal {
    fn parse(value: GqlValue) -> InputValueResult<Self> {
        match value {
            GqlValue::String(s) => Ok(Desimal(s)),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> GqlValue {
        GqlValue::String(self.0.clone())
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Triwulan {
    TW1,
    TW2,
    TW3,
    TW4,
}

impl From<Triwulan> for kode::Triwulan {
    fn from(t: Triwulan) -> Self {
        match t {
            Triwulan::TW1 => kode::Triwulan::TW1,
            Triwulan::TW2 => kode::Triwulan::TW2,
            Triwulan::TW3 => kode::Triwulan::TW3,
            Triwulan::TW4 => kode::Triwulan::TW4,
        }
    }
}

impl Triwulan {
    fn nomor(self) -> i16 {
        kode::Triwulan::from(self).nomor()
    }
}

/// One request's computed summaries: `ringkasan` and `satker` of the same subtree share one
/// computation, so a query asking for both costs one set of SQL aggregates. async-graphql
/// resolves sibling fields concurrently, so the first to ask computes and the others wait for
/// it (a plain map checked before computing would let both compute).
/// (kode of the subtree's root, tahun, triwulan).
type KunciRingkasan = (String, i32, Option<i16>);

#[derive(Default)]
pub struct Memo {
    ringkasan: Mutex<HashMap<KunciRingkasan, Arc<tokio::sync::OnceCell<Arc<Ringkasan>>>>>,
    /// Computations this request has started, of any kind.
    hitungan: std::sync::atomic::AtomicUsize,
}

impl Memo {
    /// The value for `key`, computed by `hitung` at most once per request (unless it fails).
    async fn ambil<F, Fut>(&self, key: KunciRingkasan, hitung: F) -> async_graphql::Result<Arc<Ringkasan>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = async_graphql::Result<Arc<Ringkasan>>>,
    {
        let cell = {
            let mut map = self.ringkasan.lock().await;
            if !map.contains_key(&key) {
                self.hitung_baru()?;
            }
            map.entry(key).or_default().clone()
        };
        cell.get_or_try_init(hitung).await.cloned()
    }

    /// Counts one more computation, refusing past [`MAKS_HITUNG`]: a query of hundreds of
    /// aliased totals is stopped, not run.
    fn hitung_baru(&self) -> async_graphql::Result<()> {
        let n = self.hitungan.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if n > MAKS_HITUNG {
            return Err(gql(AppError::TerlaluBanyakHitungan { batas: MAKS_HITUNG }));
        }
        Ok(())
    }
}

/// Counts a computation that is not memoised (budget groups, indicators, findings …).
fn hitung_baru(ctx: &Context<'_>) -> async_graphql::Result<()> {
    ctx.data::<Memo>()?.hitung_baru()
}

fn state<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a AppState> {
    ctx.data::<AppState>()
}

fn principal<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a Principal> {
    ctx.data::<Principal>().map_err(|_| gql(AppError::MissingToken))
}

async fn summary(
    ctx: &Context<'_>,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Option<Triwulan>,
) -> async_graphql::Result<Arc<Ringkasan>> {
    let st = state(ctx)?;
    let p = principal(ctx)?;
    let tw = triwulan.map(Triwulan::nomor);
    let scope = p.scope();
    ctx.data::<Memo>()?
        .ambil((root.kode.clone(), tahun, tw), || async {
            agregat::ringkasan_cached(&st.dekat(), &st.registry, &st.cache, &scope, root, tahun, tw).await.map_err(gql)
        })
        .await
}

pub struct Query;

#[Object]
impl Query {
    /// A provinsi by its kode_wilayah ("18"). Outside your subtree it is answered exactly like
    /// a provinsi that does not exist.
    async fn provinsi(&self, ctx: &Context<'_>, kode: String) -> async_graphql::Result<Wilayah> {
        let st = state(ctx)?;
        let s = resolve_target(&st.registry, principal(ctx)?, &kode, Izin::Agregat).map_err(gql)?;
        if s.tingkat != "provinsi" {
            return Err(gql(AppError::satker_tidak_ditemukan(&kode)));
        }
        Ok(Wilayah(s))
    }

    /// One satker for one year.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn satker(
        &self,
        ctx: &Context<'_>,
        kode: String,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Option<Triwulan>,
    ) -> async_graphql::Result<SatkerGql> {
        let st = state(ctx)?;
        let s = resolve_target(&st.registry, principal(ctx)?, &kode, Izin::Baca).map_err(gql)?;
        Ok(SatkerGql { satker: s, tahun, triwulan })
    }

    /// The indicator catalogue of a Renstra period (`2025-2029`) as your place sees it: KPU
    /// RI's national indicators and your provinsi's additions (KPU RI: every provinsi's).
    async fn katalog(&self, ctx: &Context<'_>, periode: String) -> async_graphql::Result<Vec<EntriKatalog>> {
        let (st, p) = (state(ctx)?, principal(ctx)?);
        let awal =
            crate::domain::dokumen::katalog::periode(&periode).map_err(|e| gql(AppError::Validation(vec![e])))?;
        let v = crate::service::dokumen::katalog_terlihat(&st.db, &st.registry, &p.satker, awal).await.map_err(gql)?;
        Ok(v.indikator.into_iter().map(EntriKatalog::from).collect())
    }

    /// KPU RI's view: the same shape as `provinsi`, one row per provinsi.
    async fn nasional(&self, ctx: &Context<'_>) -> async_graphql::Result<Wilayah> {
        let st = state(ctx)?;
        let s = resolve_target(&st.registry, principal(ctx)?, "00", Izin::Nasional).map_err(gql)?;
        Ok(Wilayah(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn sibling_fields_asking_at_once_share_one_computation() {
        let memo = Memo::default();
        let calls = AtomicUsize::new(0);
        let hitung = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            // Yield, so the other resolver asks while this one is still computing.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            Ok::<_, async_graphql::Error>(Ringkasan::kosong())
        };
        let key = ("18".to_string(), 2024, Some(4));
        let (a, b) = tokio::join!(memo.ambil(key.clone(), hitung), memo.ambil(key.clone(), hitung));
        assert!(Arc::ptr_eq(&a.unwrap(), &b.unwrap()));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        memo.ambil(("31".to_string(), 2024, Some(4)), hitung).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "another subtree is computed on its own");
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_remembered() {
        let memo = Memo::default();
        let key = ("18".to_string(), 2024, None);
        let gagal = || async { Err::<Arc<Ringkasan>, _>(async_graphql::Error::new("gagal")) };
        assert!(memo.ambil(key.clone(), gagal).await.is_err());
        assert!(memo.ambil(key, || async { Ok(Ringkasan::kosong()) }).await.is_ok());
    }

    #[tokio::test]
    async fn a_request_computes_at_most_the_allowed_number_of_totals() {
        let memo = Memo::default();
        let calls = AtomicUsize::new(0);
        let hitung = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(Ringkasan::kosong())
        };
        for tahun in 2000..2000 + MAKS_HITUNG as i32 {
            memo.ambil(("18".to_string(), tahun, None), hitung).await.unwrap();
            // Asking again for one already computed costs nothing.
            memo.ambil(("18".to_string(), tahun, None), hitung).await.unwrap();
        }
        let e = memo.ambil(("18".to_string(), 2099, None), hitung).await.unwrap_err();
        assert!(e.message.contains("paling banyak"), "{}", e.message);
        assert_eq!(calls.load(Ordering::SeqCst), MAKS_HITUNG, "the refused one never ran");
    }
}

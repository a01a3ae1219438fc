//! GraphQL for the provinsi and national view. Resolvers are thin: every satker they touch is
//! resolved by [`crate::auth::guard::resolve_target`] (the same tenant and role rules as REST),
//! and every figure comes from the same services as the REST totals, so the two always agree.

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
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
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

#[derive(SimpleObject)]
pub struct Anggaran {
    pagu: Rupiah,
    realisasi: Rupiah,
    sisa: Rupiah,
    persen_penyerapan: Option<Desimal>,
}

impl From<&Jumlah> for Anggaran {
    fn from(j: &Jumlah) -> Self {
        Self {
            pagu: Rupiah(j.pagu),
            realisasi: Rupiah(j.realisasi),
            sisa: Rupiah(j.sisa),
            persen_penyerapan: j.persen_penyerapan.clone().map(Desimal),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Ringkasan")]
pub struct RingkasanGql {
    tahun: i32,
    triwulan: Option<String>,
    jumlah_satker: i32,
    jumlah_melapor: i32,
    capaian_rata_rata: Option<Desimal>,
    kategori: Option<String>,
    anggaran: Anggaran,
}

impl From<&Ringkasan> for RingkasanGql {
    fn from(r: &Ringkasan) -> Self {
        Self {
            tahun: r.tahun,
            triwulan: r.triwulan.map(|t| t.as_str().to_string()),
            jumlah_satker: i32::try_from(r.jumlah_satker).unwrap_or(i32::MAX),
            jumlah_melapor: i32::try_from(r.jumlah_melapor).unwrap_or(i32::MAX),
            capaian_rata_rata: r.capaian_rata_rata.clone().map(Desimal),
            kategori: r.kategori.clone(),
            anggaran: Anggaran::from(&r.anggaran),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "SatkerRingkas")]
pub struct BarisGql {
    kode: String,
    nama: String,
    tingkat: String,
    triwulan: Option<String>,
    capaian_rata_rata: Option<Desimal>,
    kategori: Option<String>,
    dilaporkan: i32,
    diharapkan: i32,
    kelengkapan: Option<Desimal>,
    anggaran: Anggaran,
}

impl From<&BarisSatker> for BarisGql {
    fn from(b: &BarisSatker) -> Self {
        Self {
            kode: b.kode.clone(),
            nama: b.nama.clone(),
            tingkat: b.tingkat.clone(),
            triwulan: b.triwulan.map(|t| t.as_str().to_string()),
            capaian_rata_rata: b.capaian_rata_rata.clone().map(Desimal),
            kategori: b.kategori.clone(),
            dilaporkan: i32::try_from(b.dilaporkan).unwrap_or(i32::MAX),
            diharapkan: i32::try_from(b.diharapkan).unwrap_or(i32::MAX),
            kelengkapan: b.kelengkapan.clone().map(Desimal),
            anggaran: Anggaran::from(&b.anggaran),
        }
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DimensiAnggaran {
    Program,
    JenisBelanja,
    SumberDana,
}

/// How to order the satker list: the ranking an analyst asks for.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UrutSatker {
    /// By kode_wilayah (the default).
    #[default]
    Kode,
    /// Highest capaian first; satkers that have not reported last.
    Capaian,
    /// Highest budget absorption first.
    Penyerapan,
}

/// Whether a satker submitted its triwulan report, and on time.
#[derive(SimpleObject)]
pub struct Pengajuan {
    kode: String,
    nama: String,
    /// draf, diajukan, disetujui, dikembalikan; none when there is no report.
    status: Option<String>,
    diajukan_pada: Option<String>,
    tenggat: Option<String>,
    /// True when submitted by the deadline; false when submitted after it or not at all once
    /// it has passed; none while there is no deadline or it has not passed yet.
    tepat_waktu: Option<bool>,
}

#[derive(SimpleObject)]
pub struct KelompokAnggaran {
    kode: String,
    nama: Option<String>,
    anggaran: Anggaran,
}

#[derive(SimpleObject)]
pub struct Bulan {
    bulan: i32,
    realisasi: Rupiah,
    /// Realisasi from January to this month.
    kumulatif: Rupiah,
    /// The cumulative realisasi against the subtree's whole pagu: the absorption curve.
    persen_kumulatif: Option<Desimal>,
}

#[derive(SimpleObject)]
pub struct JumlahKategori {
    kategori: String,
    jumlah: i32,
}

#[derive(SimpleObject)]
pub struct StatistikIndikator {
    kode: String,
    nama: String,
    /// Satkers whose PK of the year has this indicator.
    jumlah_satker: i32,
    /// Satkers that reported it in the triwulan.
    jumlah_melapor: i32,
    /// Mean of the capped capaian of those that reported.
    rata_rata: Option<Desimal>,
    /// Lowest and highest raw capaian.
    min: Option<Desimal>,
    max: Option<Desimal>,
    kategori: Vec<JumlahKategori>,
}

#[derive(SimpleObject)]
pub struct JumlahTemuan {
    kode: String,
    jumlah: i32,
    jumlah_satker: i32,
}

fn i32_of(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
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
            agregat::ringkasan_cached(&st.db, &st.registry, &st.cache, &scope, root, tahun, tw).await.map_err(gql)
        })
        .await
}

/// A provinsi, or KPU RI for `nasional`: the same shape.
pub struct Wilayah(SatkerRef);

#[Object(name = "Wilayah")]
impl Wilayah {
    async fn kode(&self) -> &str {
        &self.0.kode
    }

    async fn nama(&self) -> &str {
        &self.0.nama
    }

    /// Totals of the subtree; without `triwulan`, each satker's latest report.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn ringkasan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Option<Triwulan>,
    ) -> async_graphql::Result<RingkasanGql> {
        Ok(RingkasanGql::from(summary(ctx, &self.0, tahun, triwulan).await?.as_ref()))
    }

    /// Every satker of the subtree (the provinsi's own included); nationally, every provinsi.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn satker(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Option<Triwulan>,
        #[graphql(default)] urut: UrutSatker,
    ) -> async_graphql::Result<Vec<BarisGql>> {
        let r = summary(ctx, &self.0, tahun, triwulan).await?;
        let mut rows: Vec<&BarisSatker> = r.satker.iter().collect();
        let persen = |b: &BarisSatker| b.anggaran.persen_penyerapan.as_deref().and_then(|p| p.parse::<Decimal>().ok());
        match urut {
            UrutSatker::Kode => {}
            // Descending, unreported last; ties keep the kode order (the sort is stable).
            UrutSatker::Capaian => rows.sort_by_key(|b| std::cmp::Reverse(b.nilai)),
            UrutSatker::Penyerapan => rows.sort_by_key(|b| std::cmp::Reverse(persen(b))),
        }
        Ok(rows.into_iter().map(BarisGql::from).collect())
    }

    /// Who submitted the triwulan report, when, and whether by the deadline.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn pengajuan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<Vec<Pengajuan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let rows =
            analisis::pengajuan(&st.db, &st.registry, &scope, &self.0, tahun, triwulan.into()).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|r| Pengajuan {
                kode: r.kode,
                nama: r.nama,
                status: r.status.map(|s| s.as_str().to_string()),
                diajukan_pada: r.diajukan_pada.map(|d| d.to_rfc3339()),
                tenggat: r.tenggat.map(|t| t.to_rfc3339()),
                tepat_waktu: r.tepat_waktu,
            })
            .collect())
    }

    /// Satkers that have not reported the triwulan.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn belum_melapor(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<Vec<BarisGql>> {
        let r = summary(ctx, &self.0, tahun, Some(triwulan)).await?;
        Ok(r.satker.iter().filter(|b| b.dilaporkan == 0).map(BarisGql::from).collect())
    }

    /// The subtree's budget grouped by program, jenis belanja or sumber dana.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn anggaran_per(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        dimensi: DimensiAnggaran,
    ) -> async_graphql::Result<Vec<KelompokAnggaran>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let dimensi = match dimensi {
            DimensiAnggaran::Program => view::DimensiAnggaran::Program,
            DimensiAnggaran::JenisBelanja => view::DimensiAnggaran::JenisBelanja,
            DimensiAnggaran::SumberDana => view::DimensiAnggaran::SumberDana,
        };
        let rows = analisis::anggaran_per(&st.db, &scope, &self.0, tahun, dimensi).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|k| KelompokAnggaran { kode: k.kode, nama: k.nama, anggaran: Anggaran::from(&k.jumlah) })
            .collect())
    }

    /// Month by month, the realisasi of budget lines that give a monthly breakdown, and the
    /// cumulative absorption against the whole pagu.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn anggaran_bulanan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
    ) -> async_graphql::Result<Vec<Bulan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let months = analisis::anggaran_bulanan(&st.db, &scope, &self.0, tahun).await.map_err(gql)?;
        Ok(months
            .into_iter()
            .map(|b| Bulan {
                bulan: i32::from(b.bulan),
                realisasi: Rupiah(b.realisasi),
                kumulatif: Rupiah(b.kumulatif),
                persen_kumulatif: b.persen_kumulatif.map(Desimal),
            })
            .collect())
    }

    /// Each indicator code across the subtree's satkers in a triwulan: who has it, who
    /// reported it, mean, extremes, and how the reports fall over the categories.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn indikator(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<Vec<StatistikIndikator>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let stats = analisis::indikator(&st.db, &scope, &self.0, tahun, triwulan.into()).await.map_err(gql)?;
        Ok(stats
            .into_iter()
            .map(|s| StatistikIndikator {
                kode: s.kode,
                nama: s.nama,
                jumlah_satker: i32_of(s.jumlah_satker),
                jumlah_melapor: i32_of(s.jumlah_melapor),
                rata_rata: s.rata_rata.map(Desimal),
                min: s.min.map(Desimal),
                max: s.max.map(Desimal),
                kategori: s
                    .kategori
                    .into_iter()
                    .map(|k| JumlahKategori { kategori: k.kategori, jumlah: i32_of(k.jumlah) })
                    .collect(),
            })
            .collect())
    }

    /// Temuan of the year in the subtree, counted by code.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn temuan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
    ) -> async_graphql::Result<Vec<JumlahTemuan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let rows = analisis::temuan(&st.db, &scope, &self.0, tahun).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|t| JumlahTemuan { kode: t.kode, jumlah: i32_of(t.jumlah), jumlah_satker: i32_of(t.jumlah_satker) })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct IndikatorGql {
    kode: String,
    nama: String,
    satuan: String,
    target: Option<String>,
    realisasi: Option<String>,
    capaian: Option<Desimal>,
    kategori: Option<String>,
}

/// One satker for one year: its own figures and its indicators.
pub struct SatkerGql {
    satker: SatkerRef,
    tahun: i32,
    triwulan: Option<Triwulan>,
}

impl SatkerGql {
    async fn baris(&self, ctx: &Context<'_>) -> async_graphql::Result<BarisGql> {
        let r = summary(ctx, &self.satker, self.tahun, self.triwulan).await?;
        let b = r
            .satker
            .iter()
            .find(|b| b.kode == self.satker.kode)
            .ok_or_else(|| gql(AppError::internal("satker row missing")))?;
        Ok(BarisGql::from(b))
    }
}

#[Object(name = "Satker")]
impl SatkerGql {
    async fn kode(&self) -> &str {
        &self.satker.kode
    }

    async fn nama(&self) -> &str {
        &self.satker.nama
    }

    async fn tingkat(&self) -> &str {
        &self.satker.tingkat
    }

    async fn tahun(&self) -> i32 {
        self.tahun
    }

    async fn capaian_rata_rata(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Desimal>> {
        Ok(self.baris(ctx).await?.capaian_rata_rata)
    }

    async fn kategori(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.baris(ctx).await?.kategori)
    }

    async fn kelengkapan(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Desimal>> {
        Ok(self.baris(ctx).await?.kelengkapan)
    }

    async fn anggaran(&self, ctx: &Context<'_>) -> async_graphql::Result<Anggaran> {
        Ok(self.baris(ctx).await?.anggaran)
    }

    /// The indicators of the year's PK with their stored capaian for the triwulan (or the
    /// latest reported).
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn indikator(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IndikatorGql>> {
        let st = state(ctx)?;
        hitung_baru(ctx)?;
        let scope = principal(ctx)?.scope();
        let pk = match crate::service::dokumen::get_pk(&st.db, &st.registry, &scope, &self.satker, self.tahun).await {
            Ok(pk) => pk,
            Err(AppError::NotFound(_)) => return Ok(Vec::new()),
            Err(e) => return Err(gql(e)),
        };
        let want = self.triwulan.map(kode::Triwulan::from);
        Ok(pk
            .indikator
            .into_iter()
            .map(|i| {
                let c = match want {
                    Some(tw) => i.capaian.iter().find(|c| c.triwulan == tw),
                    None => i.capaian.last(),
                };
                IndikatorGql {
                    realisasi: c.and_then(|c| c.realisasi.clone()),
                    capaian: c.and_then(|c| c.capaian.clone()).map(Desimal),
                    kategori: c.and_then(|c| c.kategori.clone()),
                    kode: i.kode,
                    nama: i.nama,
                    satuan: i.satuan,
                    target: i.target,
                }
            })
            .collect())
    }
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
            return Err(gql(AppError::NotFound(format!("Satker {kode} tidak ditemukan."))));
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

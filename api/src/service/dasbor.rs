//! What the dashboard's pages show, gathered from the same services as the API: the totals of
//! the caller's provinsi (or the nation) with the year before, timeliness and the monthly
//! curve; a satker's year; the documents waiting for a verifikator. Typed views, rendered by
//! [`crate::halaman`]; nothing here formats or recomputes a figure.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::{agregat, analisis};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::Scope;
use crate::repo::dokumen::{self as kepala_repo, Dokumen};
use crate::service::cache::CacheRingkasan;
use crate::view::{BulanView, LkjView, PengajuanView, RingkasanView, RiwayatView};

/// The year a page opens on when none is asked: the latest with any data in the scope, else
/// the current one.
pub async fn tahun_awal(db: &DatabaseConnection, scope: &Scope) -> Result<i32, AppError> {
    use chrono::Datelike;
    let t = crate::repo::ringkasan::tahun_terakhir(scope, db).await?;
    Ok(t.unwrap_or_else(|| chrono::Utc::now().year()))
}

/// The totals page of a provinsi (or of KPU RI).
pub struct DasborView {
    pub ringkasan: Arc<RingkasanView>,
    /// The same totals a year earlier, for the year-over-year columns.
    pub tahun_lalu: Arc<RingkasanView>,
    /// Who submitted the report of `triwulan_pengajuan`, and whether on time.
    pub pengajuan: Vec<PengajuanView>,
    pub triwulan_pengajuan: Triwulan,
    pub bulanan: Vec<BulanView>,
}

pub async fn ringkasan(
    db: &DatabaseConnection,
    registry: &Registry,
    cache: &CacheRingkasan,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Option<Triwulan>,
) -> Result<DasborView, AppError> {
    let tw = triwulan.map(Triwulan::nomor);
    let (ringkasan, tahun_lalu, bulanan) = tokio::try_join!(
        agregat::ringkasan_cached(db, registry, cache, scope, root, tahun, tw),
        agregat::ringkasan_cached(db, registry, cache, scope, root, tahun - 1, tw),
        analisis::anggaran_bulanan(db, scope, root, tahun),
    )?;
    // Timeliness of the triwulan asked, or of the latest any row reports.
    let triwulan_pengajuan =
        triwulan.or_else(|| ringkasan.satker.iter().filter_map(|s| s.triwulan).max()).unwrap_or(Triwulan::TW1);
    let pengajuan = analisis::pengajuan(db, registry, scope, root, tahun, triwulan_pengajuan).await?;
    Ok(DasborView { ringkasan, tahun_lalu, pengajuan, triwulan_pengajuan, bulanan })
}

/// A satker's page: its LKj view of the year (indicators per triwulan, budget, workflow,
/// temuan) and its latest audit rows.
pub struct SatkerDasborView {
    pub lkj: LkjView,
    pub riwayat: RiwayatView,
}

pub async fn satker(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    peran: crate::domain::akses::Peran,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<SatkerDasborView, AppError> {
    let (lkj, riwayat) = tokio::try_join!(
        super::lkj::satker(db, registry, scope, satker, tahun),
        super::riwayat::baca(db, peran, satker, 25, None),
    )?;
    Ok(SatkerDasborView { lkj, riwayat })
}

/// A document waiting for a decision.
pub struct AntreanView {
    pub satker: SatkerRef,
    pub dok: Dokumen,
    pub tahun: i32,
    pub versi: i32,
    pub diajukan_pada: Option<chrono::DateTime<chrono::Utc>>,
    /// For a realisasi: the evidence each indicator rests on.
    pub bukti: Vec<(String, Vec<crate::view::BuktiView>)>,
}

/// The verification queue of a subtree: what satkers below `root` submitted in `tahun`, and
/// who has not submitted the report of `triwulan` yet.
pub struct VerifikasiView {
    pub antrean: Vec<AntreanView>,
    pub pengajuan: Vec<PengajuanView>,
}

pub async fn verifikasi(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Triwulan,
) -> Result<VerifikasiView, AppError> {
    let (diajukan, pengajuan) = tokio::try_join!(
        kepala_repo::diajukan(scope, db, tahun),
        analisis::pengajuan(db, registry, scope, root, tahun, triwulan),
    )?;
    let mut antrean: Vec<AntreanView> = diajukan
        .into_iter()
        .filter_map(|d| {
            // A verifikator decides on the satkers below its own, never on its own.
            let s = registry.by_id(d.satker_id).filter(|s| s.id != root.id)?;
            Some(AntreanView {
                satker: s.clone(),
                dok: d.dok,
                tahun: d.tahun,
                versi: d.versi,
                diajukan_pada: d.diajukan_pada,
                bukti: Vec::new(),
            })
        })
        .collect();
    // A verifier decides with the evidence open: each queued realisasi's, per indicator.
    for a in &mut antrean {
        if let Dokumen::Realisasi(tw) = a.dok {
            a.bukti = crate::service::bukti::per_indikator(db, scope, &a.satker, a.tahun, tw.nomor()).await?;
        }
    }
    let pengajuan = pengajuan.into_iter().filter(|p| p.kode != root.kode).collect();
    Ok(VerifikasiView { antrean, pengajuan })
}

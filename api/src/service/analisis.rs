//! The analyst's views of a subtree beyond its totals: budget by group and by month, each
//! indicator across satkers, findings, and who submitted when. The sums are the database's
//! (`repo::agregat`); here they are combined into views.

use std::collections::HashMap;

use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;

use crate::domain::kode::{JenisBelanja, StatusDokumen, Triwulan};
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::dokumen::Dokumen;
use crate::repo::{Scope, agregat};
use crate::view::{
    BulanView, DimensiAnggaran, Jumlah, JumlahKategoriView, JumlahTemuanView, KelompokView, PengajuanView,
    ProgramJenisView, StatistikIndikatorView, persen_penyerapan, teks6,
};

/// The subtree's budget grouped by program, jenis belanja or sumber dana.
pub async fn anggaran_per(
    db: &DatabaseConnection,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    dimensi: DimensiAnggaran,
) -> Result<Vec<KelompokView>, AppError> {
    let kolom = match dimensi {
        DimensiAnggaran::Program => "program",
        DimensiAnggaran::JenisBelanja => "jenis_belanja",
        DimensiAnggaran::SumberDana => "sumber_dana",
    };
    let rows = agregat::anggaran_per(scope, db, &root.jalur, tahun, kolom).await?;
    Ok(rows
        .into_iter()
        .map(|(kode, nama, pagu, realisasi)| KelompokView {
            nama: match dimensi {
                DimensiAnggaran::Program => Some(nama),
                DimensiAnggaran::JenisBelanja => JenisBelanja::dari_kode(&kode).map(|j| j.nama().to_string()),
                DimensiAnggaran::SumberDana => None,
            },
            kode,
            jumlah: Jumlah::new(pagu, realisasi),
        })
        .collect())
}

/// The subtree's budget by program × jenis belanja, in program then jenis order.
pub async fn anggaran_program_jenis(
    db: &DatabaseConnection,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
) -> Result<Vec<ProgramJenisView>, AppError> {
    let rows = agregat::anggaran_per(scope, db, &root.jalur, tahun, "program_jenis").await?;
    Ok(rows
        .into_iter()
        .map(|(grup, nama, pagu, realisasi)| {
            let (program, jenis) = grup.split_once('|').unwrap_or((grup.as_str(), ""));
            ProgramJenisView {
                program_kode: program.to_string(),
                program_nama: nama,
                jenis_belanja_nama: JenisBelanja::dari_kode(jenis).map(|j| j.nama().to_string()),
                jenis_belanja: jenis.to_string(),
                jumlah: Jumlah::new(pagu, realisasi),
            }
        })
        .collect())
}

/// Month by month, the realisasi of budget lines that give a monthly breakdown, and the
/// cumulative absorption against the pagu of those same lines: a satker whose budget gives no
/// breakdown is outside the curve with its pagu as with its realisasi, so December ends where
/// the covered budget's own absorption does.
pub async fn anggaran_bulanan(
    db: &DatabaseConnection,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
) -> Result<Vec<BulanView>, AppError> {
    let (pagu, months) = agregat::anggaran_bulanan(scope, db, &root.jalur, tahun).await?;
    let mut kumulatif = 0_i64;
    months
        .into_iter()
        .map(|(bulan, realisasi)| {
            kumulatif = kumulatif.checked_add(realisasi).ok_or(AppError::JumlahTerlaluBesar)?;
            Ok(BulanView { bulan, realisasi, kumulatif, pagu, persen_kumulatif: persen_penyerapan(pagu, kumulatif) })
        })
        .collect()
}

/// Each indicator across the subtree's satkers in a triwulan: a catalogue indicator is one row
/// whatever each satker calls it; a satker's own indicator is a row of its own.
pub async fn indikator(
    db: &DatabaseConnection,
    scope: &Scope,
    root: &SatkerRef,
    (tahun, triwulan): (i32, Triwulan),
    lokal: bool,
) -> Result<Vec<StatistikIndikatorView>, AppError> {
    let kunci = (tahun, triwulan.nomor());
    // Two statements side by side: the triwulan's reports (statistics and kategori in one
    // scan) and the year's PKs (who has each indicator).
    let (stats, dimiliki) = tokio::try_join!(
        agregat::indikator(scope, db, &root.jalur, kunci, lokal),
        agregat::indikator_dimiliki(scope, db, &root.jalur, tahun, lokal),
    )?;
    let e6 = |v: i64| Decimal::new(v, 6);
    Ok(stats
        .into_iter()
        .map(|s| StatistikIndikatorView {
            jumlah_satker: dimiliki.get(&s.identitas).copied().unwrap_or(0),
            jumlah_melapor: s.melapor,
            rata_rata: (s.melapor > 0).then(|| teks6(e6(s.total_terbatas) / Decimal::from(s.melapor))),
            min: (s.melapor > 0).then(|| teks6(e6(s.min))),
            max: (s.melapor > 0).then(|| teks6(e6(s.max))),
            kategori: s
                .kategori
                .into_iter()
                .map(|(kategori, jumlah)| JumlahKategoriView { kategori, jumlah })
                .collect(),
            lokal: s.katalog.is_none(),
            katalog: s.katalog,
            satker: s.satker,
            kode: s.kode,
            nama: s.nama,
        })
        .collect())
}

/// Temuan of the year in the subtree, counted by code.
pub async fn temuan(
    db: &DatabaseConnection,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
) -> Result<Vec<JumlahTemuanView>, AppError> {
    let rows = agregat::temuan(scope, db, &root.jalur, tahun).await?;
    Ok(rows.into_iter().map(|(kode, jumlah, jumlah_satker)| JumlahTemuanView { kode, jumlah, jumlah_satker }).collect())
}

/// Who in the subtree submitted the triwulan report, when, and whether by the deadline.
pub async fn pengajuan(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Triwulan,
) -> Result<Vec<PengajuanView>, AppError> {
    let (laporan, tenggat) = tokio::try_join!(
        agregat::pengajuan(scope, db, &root.jalur, tahun, triwulan.nomor()),
        super::periode::tenggat(db, tahun, Dokumen::Realisasi(triwulan)),
    )?;
    let laporan: HashMap<i64, (String, Option<chrono::DateTime<chrono::Utc>>)> = laporan;
    let now = chrono::Utc::now();
    registry
        .subtree(&root.jalur)
        .into_iter()
        .filter(|s| scope.contains(&s.jalur))
        .map(|s| {
            let (status, diajukan) = match laporan.get(&s.id) {
                Some((st, d)) => (Some(st.parse::<StatusDokumen>().map_err(AppError::internal)?), *d),
                None => (None, None),
            };
            let tepat_waktu = match (tenggat, diajukan) {
                (Some(t), Some(d)) => Some(d <= t),
                (Some(t), None) if now > t => Some(false),
                _ => None,
            };
            Ok(PengajuanView {
                kode: s.kode.clone(),
                nama: s.nama.clone(),
                status,
                diajukan_pada: diajukan,
                tenggat,
                tepat_waktu,
            })
        })
        .collect()
}

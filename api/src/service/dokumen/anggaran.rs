//! The anggaran of a year: budget lines with pagu, realisasi and the months, and their totals
//! by program, jenis belanja and sumber dana, summed by the database.

use std::collections::HashMap;

use chrono::Utc;
use entity::anggaran_baris;
use sea_orm::{ConnectionTrait, DatabaseConnection, Set};
use serde_json::json;

use super::hitung::temuan_baris;
use super::{Bagian, Hasil, Tulis, akhiri, catat, siapkan, simpan_kepala, temuan_view};
use crate::domain::dokumen::BarisAnggaran;
use crate::domain::kode::{JenisBelanja, SumberDana};
use crate::domain::temuan;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::dokumen::{self as kepala_repo, Dokumen, DokumenId, Kepala};
use crate::repo::{Scope, isi};
use crate::view::{AnggaranView, BarisAnggaranView, Jumlah, KelompokView, TemuanView};

/// A line's identity for keeping its evidence across a write that does not list it.
fn identitas(b: &BarisAnggaran) -> (&str, Option<&str>, Option<&str>, &str, &str, Option<&str>) {
    (
        b.program_kode.as_str(),
        b.kegiatan_kode.as_deref(),
        b.akun.as_deref(),
        b.jenis_belanja.kode(),
        b.sumber_dana.kode(),
        b.uraian.as_deref(),
    )
}

/// The evidence the lines list, as shown (one read; none when no line lists any).
async fn bukti_baris(
    db: &impl ConnectionTrait,
    milik: crate::repo::SatkerMilik,
    satker: &SatkerRef,
    baris: &[BarisAnggaran],
) -> Result<Vec<crate::view::BuktiView>, AppError> {
    let kode: Vec<String> = baris.iter().flat_map(|b| b.bukti.iter().flatten().cloned()).collect();
    Ok(crate::repo::bukti::menurut_kode(db, milik, &kode)
        .await?
        .into_iter()
        .map(|b| crate::service::bukti::view(&satker.kode, b))
        .collect())
}

pub async fn put_anggaran(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    mut baris: Vec<BarisAnggaran>,
    t: &Tulis<'_>,
) -> Result<Hasil<AnggaranView>, AppError> {
    let dok = Dokumen::Anggaran;
    let milik = scope.milik(satker)?;
    let txn = crate::db::begin_write(db).await?;
    let lampiran: Vec<(String, Vec<String>)> =
        baris.iter().enumerate().filter_map(|(i, b)| Some((format!("baris[{i}]"), b.bukti.clone()?))).collect();
    let salah = crate::service::bukti::periksa_lampiran(&txn, milik, &lampiran).await?;
    if !salah.is_empty() {
        return Err(AppError::Validation(salah));
    }
    let kepala = siapkan(&txn, scope, dok, satker, tahun, t).await?;
    let tersimpan = match &kepala {
        Some(k) => isi::baris_anggaran(&txn, k.id).await?,
        None => Vec::new(),
    };
    let lama_ids: Vec<i64> = tersimpan.iter().map(|r| r.id).collect();
    let lama: Vec<BarisAnggaran> = tersimpan.into_iter().map(baris_dari).collect::<Result<_, _>>()?;
    // A line that does not list its evidence keeps what the same line lists as stored.
    for b in &mut baris {
        if b.bukti.is_none() {
            let sama = lama.iter().find(|l| identitas(l) == identitas(b));
            b.bukti = Some(sama.and_then(|l| l.bukti.clone()).unwrap_or_default());
        }
    }
    if kepala.as_ref().is_some_and(|k| k.demo == t.demo) && lama == baris {
        txn.rollback().await?;
        return Ok(Hasil { berubah: false, dry_run: t.dry_run, isi: get_anggaran(db, scope, satker, tahun).await? });
    }
    let baru_kepala = simpan_kepala(&txn, dok, milik, tahun, kepala.as_ref(), t.demo).await?;
    let id = baru_kepala.id;
    let rows = baris
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut m = anggaran_baris::ActiveModel {
                anggaran_id: Set(id.nilai()),
                urutan: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                program_kode: Set(b.program_kode.clone()),
                program_nama: Set(b.program_nama.clone()),
                kegiatan_kode: Set(b.kegiatan_kode.clone()),
                kegiatan_nama: Set(b.kegiatan_nama.clone()),
                akun: Set(b.akun.clone()),
                jenis_belanja: Set(b.jenis_belanja.kode().to_string()),
                sumber_dana: Set(b.sumber_dana.kode().to_string()),
                uraian: Set(b.uraian.clone()),
                pagu: Set(b.pagu),
                realisasi: Set(b.realisasi),
                bukti: Set(b.bukti.as_deref().and_then(crate::service::bukti::kolom)),
                ..Default::default()
            };
            isi::set_bulanan(&mut m, b.realisasi_bulanan.as_deref())?;
            Ok((m, lama.get(i) != Some(b)))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    isi::simpan_anggaran(&txn, &lama_ids, rows).await?;
    let now = Utc::now();
    let found: Vec<temuan::Temuan> = baris
        .iter()
        .enumerate()
        .flat_map(|(i, b)| {
            let label = format!("baris {} ({}/{})", i + 1, b.program_kode, b.jenis_belanja.kode());
            temuan::periksa_anggaran(&label, b.pagu, b.realisasi, b.realisasi_bulanan.as_deref())
        })
        .collect();
    let tampak: Vec<TemuanView> = found
        .iter()
        .map(|t| TemuanView { kode: t.kode.to_string(), pesan: t.pesan.clone(), indikator: None, triwulan: None })
        .collect();
    let found = found.into_iter().map(|t| temuan_baris(milik, tahun, ("anggaran", None), None, t, now)).collect();
    isi::ganti_temuan(&txn, milik, tahun, "anggaran", None, found).await?;
    catat(
        &txn,
        t,
        satker,
        "anggaran.simpan",
        (dok, tahun, baru_kepala.versi),
        kepala.map(|_| json!(lama)),
        Some(json!(baris)),
    )
    .await?;
    let dilampirkan: Vec<String> = baris.iter().flat_map(|b| b.bukti.iter().flatten().cloned()).collect();
    crate::repo::bukti::lampirkan(&txn, milik, &dilampirkan).await?;
    let bukti = bukti_baris(&txn, milik, satker, &baris).await?;
    // The totals are summed by the database over the lines just written; the rest is held.
    let total = isi::total_anggaran(&txn, id).await?;
    let isi = anggaran_view_dari(satker, tahun, &baru_kepala, baris, total, tampak, bukti);
    akhiri(txn, t.dry_run, (milik, tahun, Bagian::Anggaran)).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

async fn baris_tersimpan(db: &impl ConnectionTrait, anggaran: DokumenId) -> Result<Vec<BarisAnggaran>, AppError> {
    isi::baris_anggaran(db, anggaran).await?.into_iter().map(baris_dari).collect()
}

fn baris_dari(r: entity::anggaran_baris::Model) -> Result<BarisAnggaran, AppError> {
    let jenis_belanja = JenisBelanja::dari_kode(&r.jenis_belanja)
        .ok_or_else(|| AppError::internal(format!("stored jenis_belanja '{}'", r.jenis_belanja)))?;
    let sumber_dana = SumberDana::dari_kode(&r.sumber_dana)
        .ok_or_else(|| AppError::internal(format!("stored sumber_dana '{}'", r.sumber_dana)))?;
    Ok(BarisAnggaran {
        realisasi_bulanan: isi::bulanan(&r),
        program_kode: r.program_kode,
        program_nama: r.program_nama,
        kegiatan_kode: r.kegiatan_kode,
        kegiatan_nama: r.kegiatan_nama,
        akun: r.akun,
        jenis_belanja,
        sumber_dana,
        uraian: r.uraian,
        pagu: r.pagu,
        realisasi: r.realisasi,
        bukti: Some(crate::service::bukti::dari_kolom(r.bukti.as_deref())),
    })
}

pub async fn get_anggaran(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<AnggaranView, AppError> {
    anggaran_view(db, scope, satker, tahun).await
}

async fn anggaran_view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<AnggaranView, AppError> {
    let milik = scope.milik(satker)?;
    let k = kepala_repo::kepala(scope, db, Dokumen::Anggaran, milik, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Anggaran {} tahun {tahun} belum ada.", satker.kode)))?;
    let baris = baris_tersimpan(db, k.id).await?;
    let total = isi::total_anggaran(db, k.id).await?;
    let temuan = temuan_view(isi::temuan(db, milik, tahun, "anggaran", None).await?, &HashMap::new());
    let bukti = bukti_baris(db, milik, satker, &baris).await?;
    Ok(anggaran_view_dari(satker, tahun, &k, baris, total, temuan, bukti))
}

/// The budget as shown, from what the caller holds: no database access.
fn anggaran_view_dari(
    satker: &SatkerRef,
    tahun: i32,
    k: &Kepala,
    baris: Vec<BarisAnggaran>,
    t: isi::TotalAnggaran,
    temuan: Vec<TemuanView>,
    bukti: Vec<crate::view::BuktiView>,
) -> AnggaranView {
    let group = |rows: Vec<isi::Kelompok>, nama: &dyn Fn(&str, String) -> Option<String>| -> Vec<KelompokView> {
        rows.into_iter()
            .map(|(kode, n, pagu, realisasi)| KelompokView {
                nama: nama(&kode, n),
                kode,
                jumlah: Jumlah::new(pagu, realisasi),
            })
            .collect()
    };
    AnggaranView {
        satker: satker.kode.clone(),
        tahun,
        status: k.status,
        versi: k.versi,
        demo: k.demo,
        diperbarui_pada: k.updated_at,
        baris: baris.into_iter().map(BarisAnggaranView::from).collect(),
        total: Jumlah::new(t.total.0, t.total.1),
        per_program: group(t.per_program, &|_, n| Some(n)),
        per_jenis_belanja: group(t.per_jenis_belanja, &|kode, _| {
            JenisBelanja::dari_kode(kode).map(|j| j.nama().to_string())
        }),
        per_sumber_dana: group(t.per_sumber_dana, &|kode, _| Some(kode.to_string())),
        temuan,
        bukti,
    }
}

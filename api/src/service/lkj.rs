//! The Laporan Kinerja of a satker-year, gathered from the services the API answers with: the
//! PK, the year's realisasi (TW4, or the latest triwulan reported), the previous year's for
//! comparison, the anggaran and its monthly curve, the rules in force, and where each document
//! stands. A satker outside the caller's scope is refused before anything is read.

use chrono::Utc;

use super::{analisis, dokumen};
use crate::domain::dokumen::narasi::Narasi;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::audit::{self, Jejak};
use crate::repo::{Scope, aturan};
use crate::view::{
    LampiranSatkerView, LkjProvinsiView, LkjView, NarasiView, PembandingView, PenandatanganView, RealisasiView,
    StatusLkjView, TahunLaluView, TemuanView, teks,
};
use dokumen::{Hasil, Tulis, etag};

/// A document that may not be stored yet.
fn ada<T>(hasil: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match hasil {
        Ok(v) => Ok(Some(v)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn laporan_tahun(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Vec<(Triwulan, Option<RealisasiView>)>, AppError> {
    let mut out = Vec::with_capacity(4);
    for tw in Triwulan::ALL {
        out.push((tw, ada(dokumen::get_realisasi(db, registry, scope, satker, tahun, tw).await)?));
    }
    Ok(out)
}

pub async fn satker(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<LkjView, AppError> {
    scope.milik(satker)?;
    let (pk, perjanjian, laporan, lalu, anggaran, bulanan, aturan, narasi) = tokio::try_join!(
        async { ada(dokumen::get_pk(db, registry, scope, satker, tahun).await) },
        async { ada(dokumen::get_perjanjian(db, scope, satker, tahun).await) },
        laporan_tahun(db, registry, scope, satker, tahun),
        laporan_tahun(db, registry, scope, satker, tahun - 1),
        async { ada(dokumen::get_anggaran(db, scope, satker, tahun).await) },
        analisis::anggaran_bulanan(db, scope, satker, tahun),
        aturan::berlaku(db, registry, satker),
        get_narasi(db, scope, satker, tahun),
    )?;
    let realisasi = laporan.iter().rev().find_map(|(_, r)| r.clone());
    let tahun_lalu = lalu.into_iter().rev().find_map(|(tw, r)| r.map(|r| (tw, r))).map(|(triwulan, r)| TahunLaluView {
        tahun: tahun - 1,
        triwulan,
        capaian_rata_rata: r.ringkasan.capaian_rata_rata.clone(),
        kategori: r.ringkasan.kategori.clone(),
        indikator: r
            .indikator
            .into_iter()
            .map(|i| PembandingView { kode: i.kode, realisasi: i.realisasi, capaian: i.capaian, kategori: i.kategori })
            .collect(),
    });

    let mut status = vec![StatusLkjView {
        dokumen: "Perjanjian Kinerja".into(),
        status: pk.as_ref().map(|v| v.status),
        versi: pk.as_ref().map(|v| v.versi),
        diperbarui_pada: pk.as_ref().map(|v| v.diperbarui_pada),
        alasan: pk.as_ref().and_then(|v| v.alasan.clone()),
    }];
    for (tw, r) in &laporan {
        status.push(StatusLkjView {
            dokumen: format!("Realisasi {tw}"),
            status: r.as_ref().map(|v| v.status),
            versi: r.as_ref().map(|v| v.versi),
            diperbarui_pada: r.as_ref().map(|v| v.diperbarui_pada),
            alasan: r.as_ref().and_then(|v| v.alasan.clone()),
        });
    }
    status.push(StatusLkjView {
        dokumen: "Anggaran".into(),
        status: anggaran.as_ref().map(|v| v.status),
        versi: anggaran.as_ref().map(|v| v.versi),
        diperbarui_pada: anggaran.as_ref().map(|v| v.diperbarui_pada),
        alasan: None,
    });

    let mut temuan: Vec<TemuanView> = Vec::new();
    let sumber =
        pk.iter().flat_map(|v| &v.temuan).chain(laporan.iter().flat_map(|(_, r)| r.iter().flat_map(|r| &r.temuan)));
    for t in sumber.chain(anggaran.iter().flat_map(|v| &v.temuan)) {
        if !temuan.contains(t) {
            temuan.push(t.clone());
        }
    }

    let tag = |huruf: &str, v: Option<i32>| v.map_or_else(|| format!("{huruf}-"), |v| format!("{huruf}{v}"));
    let versi = format!(
        "{}.{}.{}.n{}",
        tag("pk", pk.as_ref().map(|v| v.versi)),
        realisasi.as_ref().map_or_else(|| "r-".to_string(), |r| format!("{}v{}", r.triwulan, r.versi)).to_lowercase(),
        tag("a", anggaran.as_ref().map(|v| v.versi)),
        narasi.versi,
    );
    Ok(LkjView {
        satker: satker.kode.clone(),
        nama: satker.nama.clone(),
        tahun,
        dibuat_pada: Utc::now(),
        versi,
        pk,
        realisasi,
        tahun_lalu,
        pita: aturan.pita.pita().to_vec(),
        batas_capaian: teks(Some(aturan.batas)).unwrap_or_default(),
        pagu_seluruh: anggaran.as_ref().map_or(0, |a| a.total.pagu),
        anggaran,
        bulanan,
        status,
        temuan,
        narasi,
        periode: crate::domain::dokumen::katalog::nama_periode(crate::domain::dokumen::katalog::periode_tahun(tahun)),
        perjanjian,
    })
}

fn narasi_view(satker: &SatkerRef, tahun: i32, m: Option<entity::narasi_lkj::Model>) -> NarasiView {
    let isi = m.as_ref().map(crate::repo::narasi::isi).unwrap_or_default();
    NarasiView {
        satker: satker.kode.clone(),
        tahun,
        versi: m.as_ref().map_or(0, |m| m.versi),
        diperbarui_pada: m.as_ref().map(|m| m.updated_at),
        ikhtisar: isi.ikhtisar,
        kata_pengantar: isi.kata_pengantar,
        pendahuluan: isi.pendahuluan,
        perencanaan: isi.perencanaan,
        penutup: isi.penutup,
        tempat: isi.tempat,
        tanggal: isi.tanggal,
        penandatangan: isi.penandatangan.into_iter().map(PenandatanganView::from).collect(),
    }
}

/// The satker's chapters of its LKj; empty (version 0) while none are stored.
pub async fn get_narasi(
    db: &sea_orm::DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<NarasiView, AppError> {
    let milik = scope.milik(satker)?;
    Ok(narasi_view(satker, tahun, crate::repo::narasi::baca(db, milik, tahun).await?))
}

/// Replaces the satker's chapters: `If-Match` as for the documents (412 when stale), the same
/// text twice changes nothing, every change leaves an audit row with before and after.
pub async fn put_narasi(
    db: &sea_orm::DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    isi: Narasi,
    t: &Tulis<'_>,
) -> Result<Hasil<NarasiView>, AppError> {
    let milik = scope.milik(satker)?;
    let txn = crate::db::begin_write(db).await?;
    crate::db::kunci_tulis(&txn, satker.id, &format!("narasi:{tahun}")).await?;
    let lama = crate::repo::narasi::baca(&txn, milik, tahun).await?;
    let versi = lama.as_ref().map_or(0, |m| m.versi);
    let basi = || {
        AppError::PreconditionFailed(format!(
            "Narasi LKj {} {tahun} sudah berubah (versi sekarang {}); ambil ulang lalu kirim lagi.",
            satker.kode,
            etag(versi)
        ))
    };
    if let Some(im) = t.if_match.map(str::trim)
        && im != "*"
        && !im.split(',').any(|x| x.trim() == etag(versi))
    {
        return Err(basi());
    }
    if t.baru && lama.is_some() {
        return Err(basi());
    }
    let sebelum = lama.as_ref().map(crate::repo::narasi::isi);
    if sebelum.as_ref() == Some(&isi) || (lama.is_none() && isi == Narasi::default()) {
        txn.rollback().await?;
        return Ok(Hasil { berubah: false, dry_run: t.dry_run, isi: narasi_view(satker, tahun, lama) });
    }
    let baru = crate::repo::narasi::simpan(&txn, milik, tahun, lama.as_ref(), &isi).await?.ok_or_else(basi)?;
    audit::catat(
        &txn,
        Jejak {
            pelaku: t.pelaku,
            satker_id: Some(milik.id()),
            aksi: "narasi_lkj.simpan",
            objek: format!("narasi_lkj:{tahun}"),
            sebelum: sebelum.map(|s| serde_json::to_value(s).unwrap_or_default()),
            sesudah: Some(serde_json::to_value(&isi).map_err(AppError::internal)?),
            request_id: t.request_id.clone(),
        },
    )
    .await?;
    if t.dry_run {
        txn.rollback().await?;
    } else {
        crate::db::komit(txn).await?;
    }
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi: narasi_view(satker, tahun, Some(baru)) })
}

/// A provinsi's LKj (or KPU RI's, at `00`): its own report, and an annex with every satker
/// below it (nationally, every provinsi with its subtree) as the recap gives it, the TW4
/// submission and its timeliness, and the temuan counted per row.
pub async fn provinsi(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    cache: &super::cache::CacheRingkasan,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
) -> Result<LkjProvinsiView, AppError> {
    let nasional = root.tingkat == "pusat";
    let (lkj, rekap, pengajuan, temuan) = tokio::try_join!(
        satker(db, registry, scope, root, tahun),
        super::agregat::ringkasan_cached(db, registry, cache, scope, root, tahun, None),
        analisis::pengajuan(db, registry, scope, root, tahun, Triwulan::TW4),
        crate::repo::agregat::temuan_per_baris(scope, db, &root.jalur, tahun, nasional),
    )?;
    let lampiran = rekap
        .satker
        .iter()
        .map(|b| {
            let p = pengajuan.iter().find(|p| p.kode == b.kode);
            LampiranSatkerView {
                kode: b.kode.clone(),
                nama: b.nama.clone(),
                triwulan: b.triwulan,
                capaian_rata_rata: b.capaian_rata_rata.clone(),
                kategori: b.kategori.clone(),
                kelengkapan: b.kelengkapan.clone(),
                anggaran: b.anggaran.clone(),
                status_tw4: p.and_then(|p| p.status),
                diajukan_pada: p.and_then(|p| p.diajukan_pada),
                tepat_waktu: p.and_then(|p| p.tepat_waktu),
                temuan: registry.by_kode(&b.kode).and_then(|s| temuan.get(&s.id)).copied().unwrap_or(0),
            }
        })
        .collect();
    let mut lkj = lkj;
    // The curve of a provinsi's report is its subtree's; so is the pagu it is a share of.
    lkj.pagu_seluruh = rekap.anggaran.pagu;
    Ok(LkjProvinsiView {
        lkj,
        rekap_capaian_rata_rata: rekap.capaian_rata_rata.clone(),
        rekap_kategori: rekap.kategori.clone(),
        rekap_anggaran: rekap.anggaran.clone(),
        lampiran,
    })
}

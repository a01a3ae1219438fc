//! The Perjanjian Kinerja: indicators and their targets for one year.

use std::collections::HashMap;

use entity::indikator;
use sea_orm::{ConnectionTrait, DatabaseConnection, Set};
use serde::Serialize;
use serde_json::json;

use super::hitung::hitung_ulang_tahun;
use super::{Bagian, Hasil, Tulis, akhiri, catat, siapkan, simpan_kepala, temuan_view};
use crate::domain::dokumen::perjanjian::{
    Pk, ProgramPk, RincianPk, TotalProgram, jabatan_pihak_kedua, jabatan_pihak_pertama, program_lampiran,
};
use crate::domain::dokumen::{IndikatorPk, dari_e6, ke_e6};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::aturan;
use crate::repo::dokumen::{self as kepala_repo, Dokumen};
use crate::repo::{Scope, isi, perjanjian};
use crate::view::{
    BarisPerjanjianView, CapaianTriwulan, IndikatorView, PejabatView, PerjanjianView, PkView, ProgramPerjanjianView,
    ProgramPkView, teks,
};

/// An indicator exactly as stored: what "the same PK twice" is compared on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct KolomIndikator {
    kode: String,
    katalog_id: Option<i64>,
    nama: String,
    tujuan: Option<String>,
    sasaran: Option<String>,
    definisi: Option<String>,
    satuan: String,
    tipe_nilai: String,
    polaritas: String,
    metode_predikat: Option<String>,
    bobot_e6: i64,
    target_e6: Option<i64>,
    target_atas_e6: Option<i64>,
    target_teks: Option<String>,
    target_triwulan_e6: [Option<i64>; 4],
}

impl From<&indikator::Model> for KolomIndikator {
    fn from(m: &indikator::Model) -> Self {
        Self {
            kode: m.kode.clone(),
            katalog_id: m.katalog_id,
            nama: m.nama.clone(),
            tujuan: m.tujuan.clone(),
            sasaran: m.sasaran.clone(),
            definisi: m.definisi.clone(),
            satuan: m.satuan.clone(),
            tipe_nilai: m.tipe_nilai.clone(),
            polaritas: m.polaritas.clone(),
            metode_predikat: m.metode_predikat.clone(),
            bobot_e6: m.bobot_e6,
            target_e6: m.target_e6,
            target_atas_e6: m.target_atas_e6,
            target_teks: m.target_teks.clone(),
            target_triwulan_e6: [m.target_tw1_e6, m.target_tw2_e6, m.target_tw3_e6, m.target_tw4_e6],
        }
    }
}

fn kolom(i: &IndikatorPk, katalog_id: Option<i64>) -> KolomIndikator {
    KolomIndikator {
        kode: i.kode.clone(),
        katalog_id,
        nama: i.nama.clone(),
        tujuan: i.tujuan.clone(),
        sasaran: i.sasaran.clone(),
        definisi: i.definisi.clone(),
        satuan: i.satuan.clone(),
        tipe_nilai: i.tipe_nilai.as_str().into(),
        polaritas: i.polaritas.as_str().into(),
        metode_predikat: i.metode_predikat.map(|m| m.as_str().into()),
        bobot_e6: ke_e6(i.bobot).unwrap_or(1_000_000),
        target_e6: i.target_nilai().and_then(ke_e6),
        target_atas_e6: i.target_atas().and_then(ke_e6),
        target_teks: Some(i.target_teks.clone()),
        target_triwulan_e6: i.target_triwulan.map(|t| t.and_then(ke_e6)),
    }
}

pub async fn put_pk(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    pk: Pk,
    t: &Tulis<'_>,
) -> Result<Hasil<PkView>, AppError> {
    let dok = Dokumen::Pk;
    let Pk { indikator: doc, rincian } = pk;
    let txn = crate::db::begin_write(db).await?;
    let kepala = siapkan(&txn, scope, dok, satker, tahun, t).await?;
    let (lama, rincian_lama) = match &kepala {
        Some(k) => (isi::indikator(&txn, k.id).await?, perjanjian::baca(&txn, k.id).await?),
        None => (Vec::new(), RincianPk::default()),
    };
    let rincian_baru = rincian.terapkan(rincian_lama.clone());
    let katalog = super::katalog::katalog_id_pk(&txn, registry, satker, tahun, &doc, &lama).await?;
    let kolom_lama: Vec<KolomIndikator> = lama.iter().map(KolomIndikator::from).collect();
    let kolom_baru: Vec<KolomIndikator> = doc.iter().zip(&katalog).map(|(i, k)| kolom(i, *k)).collect();
    let indikator_sama = kepala.is_some() && kolom_lama == kolom_baru;
    let rincian_sama = rincian_lama == rincian_baru;
    if indikator_sama && rincian_sama && kepala.as_ref().is_some_and(|k| k.demo == t.demo) {
        txn.rollback().await?;
        return Ok(Hasil {
            berubah: false,
            dry_run: t.dry_run,
            isi: get_pk(db, registry, scope, satker, tahun).await?,
        });
    }

    // Removing an indicator that already has realisasi would lose that realisasi.
    let baru_kode: Vec<String> = doc.iter().map(|i| i.kode.to_lowercase()).collect();
    let dihapus: Vec<&indikator::Model> = lama.iter().filter(|m| !baru_kode.contains(&m.kode.to_lowercase())).collect();
    let berealisasi = isi::indikator_berealisasi(&txn, &dihapus.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    if !berealisasi.is_empty() {
        let daftar: Vec<String> = dihapus
            .iter()
            .filter_map(|m| {
                berealisasi.iter().find(|(id, _)| *id == m.id).map(|(_, tw)| format!("{} (TW{tw})", m.kode))
            })
            .collect();
        return Err(AppError::Terkunci {
            kode: "indikator_berealisasi",
            pesan: format!(
                "Indikator yang sudah memiliki realisasi tidak dapat dihapus dari PK: {}.",
                daftar.join(", ")
            ),
        });
    }

    let milik = scope.milik(satker)?;
    let baru_kepala = simpan_kepala(&txn, dok, milik, tahun, kepala.as_ref(), t.demo).await?;
    let pk_id = baru_kepala.id;
    for (urutan, (i, k)) in doc.iter().zip(&kolom_baru).enumerate() {
        let existing = lama.iter().find(|m| m.kode.eq_ignore_ascii_case(&i.kode));
        let mut m = indikator::ActiveModel {
            pk_id: Set(pk_id.nilai()),
            urutan: Set(i32::try_from(urutan).unwrap_or(i32::MAX)),
            kode: Set(k.kode.clone()),
            nama: Set(k.nama.clone()),
            tujuan: Set(k.tujuan.clone()),
            sasaran: Set(k.sasaran.clone()),
            definisi: Set(k.definisi.clone()),
            satuan: Set(k.satuan.clone()),
            tipe_nilai: Set(k.tipe_nilai.clone()),
            polaritas: Set(k.polaritas.clone()),
            metode_predikat: Set(k.metode_predikat.clone()),
            bobot_e6: Set(k.bobot_e6),
            target_e6: Set(k.target_e6),
            target_atas_e6: Set(k.target_atas_e6),
            target_teks: Set(k.target_teks.clone()),
            target_tw1_e6: Set(k.target_triwulan_e6[0]),
            target_tw2_e6: Set(k.target_triwulan_e6[1]),
            target_tw3_e6: Set(k.target_triwulan_e6[2]),
            target_tw4_e6: Set(k.target_triwulan_e6[3]),
            katalog_id: Set(k.katalog_id),
            ..Default::default()
        };
        if let Some(e) = existing {
            m.id = Set(e.id);
        }
        isi::simpan_indikator(&txn, m).await?;
    }
    isi::hapus_indikator(&txn, &dihapus.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    let aturan = aturan::berlaku(&txn, registry, satker).await?;
    hitung_ulang_tahun(&txn, scope, satker, tahun, &aturan).await?;
    // The indicators and the particulars each have their audit row, written when they change.
    if !indikator_sama || rincian_sama {
        let lama = kepala.as_ref().map(|_| json!(kolom_lama));
        catat(&txn, t, satker, "pk.simpan", (dok, tahun, baru_kepala.versi), lama, Some(json!(kolom_baru))).await?;
    }
    if !rincian_sama {
        perjanjian::simpan(&txn, pk_id, &rincian_baru).await?;
        let lama = kepala.map(|_| json!(rincian_lama));
        catat(&txn, t, satker, "pk.rincian", (dok, tahun, baru_kepala.versi), lama, Some(json!(rincian_baru))).await?;
    }
    super::konsistensi::perbarui(&txn, scope, satker, tahun).await?;
    let isi = pk_view(&txn, scope, satker, tahun).await?;
    akhiri(txn, t.dry_run, (milik, tahun, Bagian::Kinerja)).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

/// The catalogue entries the satker's stored PK of the year reports against.
pub(super) async fn katalog_tersimpan(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Vec<i64>, AppError> {
    let milik = scope.milik(satker)?;
    let Some(k) = kepala_repo::kepala(scope, db, Dokumen::Pk, milik, tahun).await? else { return Ok(Vec::new()) };
    Ok(isi::indikator(db, k.id).await?.into_iter().filter_map(|i| i.katalog_id).collect())
}

pub async fn get_pk(
    db: &DatabaseConnection,
    _registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<PkView, AppError> {
    pk_view(db, scope, satker, tahun).await
}

/// The PK as a document to sign: its parties (the satker's Sekretaris and Ketua when no
/// position is given), the Lampiran's indicators in the PK's order, and its programs with
/// their anggaran (an anggaran left out is the program's total in the year's budget).
pub async fn get_perjanjian(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<PerjanjianView, AppError> {
    let milik = scope.milik(satker)?;
    let pk = pk_view(db, scope, satker, tahun).await?;
    let anggaran: Vec<TotalProgram> = match kepala_repo::kepala(scope, db, Dokumen::Anggaran, milik, tahun).await? {
        Some(k) => isi::total_anggaran(db, k.id)
            .await?
            .per_program
            .into_iter()
            .map(|(kode, nama, pagu, _)| (kode, nama, pagu))
            .collect(),
        None => Vec::new(),
    };
    let diberikan: Vec<ProgramPk> = pk
        .program
        .iter()
        .map(|p| ProgramPk { kode: p.kode.clone(), nama: p.nama.clone(), anggaran: p.anggaran })
        .collect();
    let program: Vec<ProgramPerjanjianView> = program_lampiran(&diberikan, &anggaran)
        .into_iter()
        .map(|(p, dari_anggaran)| ProgramPerjanjianView {
            kode: p.kode,
            nama: p.nama,
            anggaran: p.anggaran,
            dari_anggaran,
        })
        .collect();
    let jumlah_anggaran = program
        .iter()
        .filter_map(|p| p.anggaran)
        .try_fold(0_i64, i64::checked_add)
        .ok_or(AppError::JumlahTerlaluBesar)?;
    let jabatan = |p: &PejabatView, bawaan: String| PejabatView {
        jabatan: Some(p.jabatan.clone().unwrap_or(bawaan)),
        nama: p.nama.clone(),
    };
    Ok(PerjanjianView {
        satker: satker.kode.clone(),
        nama_satker: satker.nama.clone(),
        tahun,
        status: pk.status,
        versi: pk.versi,
        demo: pk.demo,
        diperbarui_pada: pk.diperbarui_pada,
        pihak_pertama: jabatan(&pk.pihak_pertama, jabatan_pihak_pertama(&satker.nama)),
        pihak_kedua: jabatan(&pk.pihak_kedua, jabatan_pihak_kedua(&satker.nama)),
        ditetapkan_di: pk.ditetapkan_di,
        tanggal: pk.tanggal,
        indikator: pk
            .indikator
            .into_iter()
            .map(|i| BarisPerjanjianView { sasaran: i.sasaran, kode: i.kode, indikator: i.nama, target: i.target })
            .collect(),
        program,
        jumlah_anggaran,
    })
}

async fn pk_view(db: &impl ConnectionTrait, scope: &Scope, satker: &SatkerRef, tahun: i32) -> Result<PkView, AppError> {
    let milik = scope.milik(satker)?;
    let k = kepala_repo::kepala(scope, db, Dokumen::Pk, milik, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Perjanjian Kinerja {} tahun {tahun} belum ada.", satker.kode)))?;
    let inds = isi::indikator(db, k.id).await?;
    let laporan = isi::laporan_tahun(db, milik, tahun).await?;
    let tw_of: HashMap<i64, Triwulan> =
        laporan.iter().filter_map(|(id, l)| Triwulan::dari_nomor(l.triwulan).map(|tw| (id.nilai(), tw))).collect();
    let rows = isi::realisasi(db, &laporan.iter().map(|(id, _)| *id).collect::<Vec<_>>()).await?;
    let kode: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let katalog = crate::repo::katalog::kode(db, &inds.iter().filter_map(|i| i.katalog_id).collect::<Vec<_>>()).await?;
    let indikator = inds
        .iter()
        .map(|m| {
            let mut capaian: Vec<CapaianTriwulan> = rows
                .iter()
                .filter(|r| r.indikator_id == m.id)
                .filter_map(|r| {
                    Some(CapaianTriwulan {
                        triwulan: *tw_of.get(&r.laporan_id)?,
                        realisasi: r.nilai_teks.clone(),
                        capaian: teks(r.capaian_e6.map(dari_e6)),
                        kategori: r.kategori.clone(),
                    })
                })
                .collect();
            capaian.sort_by_key(|c| c.triwulan);
            indikator_view(m, m.katalog_id.and_then(|k| katalog.get(&k).cloned()), capaian)
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    // The PK's own temuan, then those of the IKU checked against it.
    let mut temuan = isi::temuan(db, milik, tahun, "pk", None).await?;
    temuan.extend(isi::temuan(db, milik, tahun, super::konsistensi::SUMBER, None).await?);
    let r = perjanjian::baca(db, k.id).await?;
    let pejabat = |p: crate::domain::dokumen::iku::Pejabat| PejabatView { jabatan: p.jabatan, nama: p.nama };
    Ok(PkView {
        pihak_pertama: pejabat(r.pihak_pertama),
        pihak_kedua: pejabat(r.pihak_kedua),
        ditetapkan_di: r.ditetapkan_di,
        tanggal: r.tanggal,
        program: r
            .program
            .into_iter()
            .map(|p| ProgramPkView { kode: p.kode, nama: p.nama, anggaran: p.anggaran })
            .collect(),
        satker: satker.kode.clone(),
        tahun,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan,
        demo: k.demo,
        diperbarui_pada: k.updated_at,
        indikator,
        temuan: temuan_view(temuan, &kode),
    })
}

fn indikator_view(
    m: &indikator::Model,
    katalog: Option<String>,
    capaian: Vec<CapaianTriwulan>,
) -> Result<IndikatorView, AppError> {
    let target_triwulan =
        [m.target_tw1_e6, m.target_tw2_e6, m.target_tw3_e6, m.target_tw4_e6].map(|v| teks(v.map(dari_e6)));
    Ok(IndikatorView {
        kode: m.kode.clone(),
        katalog,
        nama: m.nama.clone(),
        tujuan: m.tujuan.clone(),
        sasaran: m.sasaran.clone(),
        definisi: m.definisi.clone(),
        satuan: m.satuan.clone(),
        tipe_nilai: m.tipe_nilai.parse().map_err(AppError::internal)?,
        polaritas: m.polaritas.parse().map_err(AppError::internal)?,
        metode_predikat: m.metode_predikat.as_deref().map(str::parse).transpose().map_err(AppError::internal)?,
        bobot: dari_e6(m.bobot_e6).to_string(),
        target: m.target_teks.clone(),
        target_nilai: teks(m.target_e6.map(dari_e6)),
        target_atas: teks(m.target_atas_e6.map(dari_e6)),
        target_triwulan: target_triwulan.to_vec(),
        capaian,
    })
}

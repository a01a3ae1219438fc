//! Submitting, reading and verifying the three documents of a satker: Perjanjian Kinerja,
//! realisasi per triwulan and anggaran. Every write is one transaction: all or nothing, the
//! same content twice changes nothing, a stale `If-Match` or a concurrent writer gets 412,
//! and every change leaves an audit row with before and after.

use std::collections::HashMap;

use chrono::Utc;
use entity::{anggaran_baris, indikator, realisasi, temuan as temuan_entity};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, Set};
use serde::Serialize;
use serde_json::{Value, json};

use super::aturan::{self, AturanCapaian};
use crate::domain::capaian::{self, Aturan, MetodePredikat, Polaritas, Target};
use crate::domain::dokumen::{BarisAnggaran, IndikatorPk, RealisasiMasuk, dari_e6, ke_e6, nilai_realisasi};
use crate::domain::nilai::{self, Nilai, TipeNilai};
use crate::domain::ringkasan::{self, Butir, Ringkasan};
use crate::domain::temuan::{self, CekIndikator, Temuan};
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala, Perubahan};
use crate::repo::{Scope, isi};

pub fn etag(versi: i32) -> String {
    format!("\"v{versi}\"")
}

pub fn triwulan_teks(tw: i16) -> String {
    format!("TW{tw}")
}

/// Options of a write.
pub struct Tulis<'a> {
    pub pelaku: &'a Pelaku,
    pub if_match: Option<&'a str>,
    pub dry_run: bool,
    pub demo: bool,
    pub request_id: Option<String>,
}

/// The outcome of a write: whether anything changed, and the document as it now is (or, on
/// a dry run, as it would be).
#[derive(Debug, Serialize)]
pub struct Hasil<T: Serialize> {
    pub berubah: bool,
    pub dry_run: bool,
    #[serde(flatten)]
    pub isi: T,
}

fn cek_if_match(dok: Dokumen, kepala: Option<&Kepala>, if_match: Option<&str>) -> Result<(), AppError> {
    let Some(im) = if_match.map(str::trim) else { return Ok(()) };
    match kepala {
        Some(k) if im == "*" || im.split(',').any(|t| t.trim() == etag(k.versi)) => Ok(()),
        Some(k) => Err(AppError::PreconditionFailed(format!(
            "{} sudah berubah (versi sekarang {}); ambil ulang lalu kirim lagi.",
            dok.nama(),
            etag(k.versi)
        ))),
        None => Err(AppError::PreconditionFailed(format!(
            "{} belum ada; kirim tanpa If-Match untuk membuatnya.",
            dok.nama()
        ))),
    }
}

fn cek_boleh_ubah(dok: Dokumen, kepala: &Kepala) -> Result<(), AppError> {
    match kepala.status.as_str() {
        "disetujui" => Err(AppError::Terkunci {
            kode: "terkunci_disetujui",
            pesan: format!("{} sudah disetujui dan terkunci.", dok.nama()),
        }),
        "diajukan" => Err(AppError::Terkunci {
            kode: "sedang_diverifikasi",
            pesan: format!("{} sedang diverifikasi; tunggu disetujui atau dikembalikan.", dok.nama()),
        }),
        _ => Ok(()),
    }
}

/// Checks the preconditions of a content write and returns the current header, if any.
async fn siapkan(
    txn: &DatabaseTransaction,
    scope: &Scope,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
    if_match: Option<&str>,
) -> Result<Option<Kepala>, AppError> {
    let kepala = kepala_repo::kepala(scope, txn, dok, satker.id, tahun).await?;
    cek_if_match(dok, kepala.as_ref(), if_match)?;
    if let Some(k) = &kepala {
        cek_boleh_ubah(dok, k)?;
    }
    super::periode::cek_terbuka(txn, satker, tahun, dok).await?;
    Ok(kepala)
}

/// Creates the header or bumps its version (back to `draf`), refusing a concurrent change.
async fn simpan_kepala(
    txn: &DatabaseTransaction,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
    kepala: Option<&Kepala>,
    demo: bool,
) -> Result<i64, AppError> {
    let race = || {
        AppError::PreconditionFailed(format!(
            "{} diubah oleh permintaan lain pada saat yang sama; ambil ulang lalu kirim lagi.",
            dok.nama()
        ))
    };
    match kepala {
        None => kepala_repo::buat(txn, dok, satker.id, tahun, demo).await.map_err(|e| match e {
            AppError::Internal(m) if m.contains("nique") || m.contains("duplicate") => race(),
            other => other,
        }),
        Some(k) => {
            let p =
                Perubahan { status: "draf", alasan: None, diajukan: false, diputuskan_oleh: None, demo: Some(demo) };
            if kepala_repo::ubah(txn, dok, k.id, k.versi, p).await? { Ok(k.id) } else { Err(race()) }
        }
    }
}

async fn akhiri(txn: DatabaseTransaction, dry_run: bool) -> Result<(), AppError> {
    if dry_run {
        txn.rollback().await?
    } else {
        txn.commit().await?
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn catat(
    txn: &DatabaseTransaction,
    t: &Tulis<'_>,
    satker: &SatkerRef,
    aksi: &str,
    dok: Dokumen,
    tahun: i32,
    sebelum: Option<Value>,
    sesudah: Option<Value>,
) -> Result<(), AppError> {
    audit::catat(
        txn,
        Jejak {
            pelaku: t.pelaku,
            satker_id: Some(satker.id),
            aksi,
            objek: dok.objek(tahun),
            sebelum,
            sesudah,
            request_id: t.request_id.clone(),
        },
    )
    .await
}

fn teks(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

/// A finding as stored: of which satker-year, document (`sumber`, triwulan) and indicator.
fn temuan_baris(
    satker_id: i64,
    tahun: i32,
    (sumber, triwulan): (&str, Option<i16>),
    indikator_id: Option<i64>,
    t: Temuan,
    now: chrono::DateTime<Utc>,
) -> temuan_entity::ActiveModel {
    temuan_entity::ActiveModel {
        satker_id: Set(satker_id),
        tahun: Set(tahun),
        triwulan: Set(triwulan),
        indikator_id: Set(indikator_id),
        kode: Set(t.kode.into()),
        pesan: Set(t.pesan),
        sumber: Set(sumber.into()),
        created_at: Set(now),
        ..Default::default()
    }
}

fn temuan_view(rows: Vec<entity::temuan::Model>, kode_indikator: &HashMap<i64, String>) -> Vec<Value> {
    rows.into_iter()
        .map(|t| {
            json!({
                "kode": t.kode,
                "pesan": t.pesan,
                "indikator": t.indikator_id.and_then(|id| kode_indikator.get(&id).cloned()),
                "triwulan": t.triwulan.map(triwulan_teks),
            })
        })
        .collect()
}

// ---------------------------------------------------------------- Perjanjian Kinerja

/// An indicator exactly as stored: what "the same PK twice" is compared on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct KolomIndikator {
    kode: String,
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

fn kolom(i: &IndikatorPk) -> KolomIndikator {
    KolomIndikator {
        kode: i.kode.clone(),
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

/// The engine's view of a stored indicator.
struct Rules {
    aturan: Aturan,
    satuan: Option<nilai::Satuan>,
    target: Option<Target>,
    target_tw: [Option<Decimal>; 4],
}

fn rules(m: &indikator::Model) -> Rules {
    let tipe: TipeNilai = m.tipe_nilai.parse().unwrap_or(TipeNilai::Angka);
    let polaritas: Polaritas = m.polaritas.parse().unwrap_or(Polaritas::Maksimal);
    let metode: Option<MetodePredikat> = m.metode_predikat.as_deref().and_then(|s| s.parse().ok());
    let satuan = nilai::Satuan::parse(&m.satuan);
    let target = match (polaritas, m.target_e6, m.target_atas_e6) {
        (Polaritas::Rentang, Some(b), Some(a)) => Some(Target::Rentang { bawah: dari_e6(b), atas: dari_e6(a) }),
        _ => m.target_teks.as_deref().and_then(|t| nilai::parse(t, tipe).ok()).map(Target::Nilai),
    };
    Rules {
        aturan: Aturan { tipe, polaritas, metode },
        satuan,
        target,
        target_tw: [m.target_tw1_e6, m.target_tw2_e6, m.target_tw3_e6, m.target_tw4_e6].map(|v| v.map(dari_e6)),
    }
}

impl Rules {
    /// The target a triwulan's cumulative realisasi is measured against: that triwulan's
    /// target where one is set, else the annual target.
    fn target_untuk(&self, tw: i16) -> Option<Target> {
        let q = self.target_tw.get(usize::try_from(tw - 1).ok()?).copied().flatten();
        match (q, &self.target) {
            (Some(v), Some(Target::Nilai(Nilai::Angka { satuan, .. }))) => {
                Some(Target::Nilai(Nilai::Angka { nilai: v, satuan: satuan.clone() }))
            }
            _ => self.target.clone(),
        }
    }
}

pub async fn put_pk(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    doc: Vec<IndikatorPk>,
    t: &Tulis<'_>,
) -> Result<Hasil<Value>, AppError> {
    let dok = Dokumen::Pk;
    let txn = crate::db::begin_write(db).await?;
    let kepala = siapkan(&txn, scope, dok, satker, tahun, t.if_match).await?;
    let lama = match &kepala {
        Some(k) => isi::indikator(&txn, k.id).await?,
        None => Vec::new(),
    };
    let kolom_lama: Vec<KolomIndikator> = lama.iter().map(KolomIndikator::from).collect();
    let kolom_baru: Vec<KolomIndikator> = doc.iter().map(kolom).collect();
    if kepala.is_some() && kolom_lama == kolom_baru && kepala.as_ref().is_some_and(|k| k.demo == t.demo) {
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

    let pk_id = simpan_kepala(&txn, dok, satker, tahun, kepala.as_ref(), t.demo).await?;
    for (urutan, (i, k)) in doc.iter().zip(&kolom_baru).enumerate() {
        let existing = lama.iter().find(|m| m.kode.eq_ignore_ascii_case(&i.kode));
        let mut m = indikator::ActiveModel {
            pk_id: Set(pk_id),
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
    catat(&txn, t, satker, "pk.simpan", dok, tahun, kepala.map(|_| json!(kolom_lama)), Some(json!(kolom_baru))).await?;
    let isi = pk_view(&txn, scope, satker, tahun).await?;
    akhiri(txn, t.dry_run).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

pub async fn get_pk(
    db: &DatabaseConnection,
    _registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Value, AppError> {
    pk_view(db, scope, satker, tahun).await
}

async fn pk_view(db: &impl ConnectionTrait, scope: &Scope, satker: &SatkerRef, tahun: i32) -> Result<Value, AppError> {
    let k = kepala_repo::kepala(scope, db, Dokumen::Pk, satker.id, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Perjanjian Kinerja {} tahun {tahun} belum ada.", satker.kode)))?;
    let inds = isi::indikator(db, k.id).await?;
    let laporan = isi::laporan_tahun(db, satker.id, tahun).await?;
    let tw_of: HashMap<i64, i16> = laporan.iter().map(|l| (l.id, l.triwulan)).collect();
    let rows = isi::realisasi(db, &laporan.iter().map(|l| l.id).collect::<Vec<_>>()).await?;
    let kode: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let indikator: Vec<Value> = inds
        .iter()
        .map(|m| {
            let mut capaian: Vec<(i16, Value)> = rows
                .iter()
                .filter(|r| r.indikator_id == m.id)
                .map(|r| {
                    let tw = tw_of.get(&r.laporan_id).copied().unwrap_or(0);
                    (
                        tw,
                        json!({
                            "triwulan": triwulan_teks(tw),
                            "realisasi": r.nilai_teks,
                            "capaian": teks(r.capaian_e6.map(dari_e6)),
                            "kategori": r.kategori,
                        }),
                    )
                })
                .collect();
            capaian.sort_by_key(|(tw, _)| *tw);
            indikator_json(m, capaian.into_iter().map(|(_, v)| v).collect())
        })
        .collect();
    let temuan = isi::temuan(db, satker.id, tahun, "pk", None).await?;
    Ok(json!({
        "satker": satker.kode,
        "tahun": tahun,
        "status": k.status,
        "versi": k.versi,
        "alasan": k.alasan,
        "demo": k.demo,
        "diperbarui_pada": k.updated_at,
        "indikator": indikator,
        "temuan": temuan_view(temuan, &kode),
    }))
}

fn indikator_json(m: &indikator::Model, capaian: Vec<Value>) -> Value {
    let target_triwulan =
        [m.target_tw1_e6, m.target_tw2_e6, m.target_tw3_e6, m.target_tw4_e6].map(|v| teks(v.map(dari_e6)));
    json!({
        "kode": m.kode,
        "nama": m.nama,
        "tujuan": m.tujuan,
        "sasaran": m.sasaran,
        "definisi": m.definisi,
        "satuan": m.satuan,
        "tipe_nilai": m.tipe_nilai,
        "polaritas": m.polaritas,
        "metode_predikat": m.metode_predikat,
        "bobot": dari_e6(m.bobot_e6).to_string(),
        "target": m.target_teks,
        "target_nilai": teks(m.target_e6.map(dari_e6)),
        "target_atas": teks(m.target_atas_e6.map(dari_e6)),
        "target_triwulan": target_triwulan,
        "capaian": capaian,
    })
}

// ---------------------------------------------------------------- capaian, stored

/// A stored realisasi as the engine reads it back: value, computed result, reported capaian.
type Tercatat = (Nilai, Option<capaian::Hasil>, Option<String>);

struct Dihitung {
    capaian_e6: Option<i64>,
    terbatas_e6: Option<i64>,
    kategori: Option<String>,
    hasil: Option<capaian::Hasil>,
}

fn hitung_satu(rules: &Rules, tw: i16, nilai: &Nilai, aturan: &AturanCapaian) -> Result<Dihitung, String> {
    let target = rules.target_untuk(tw).ok_or("indikator tidak memiliki target")?;
    let hasil = capaian::hitung(&rules.aturan, &target, Some(nilai)).map_err(|e| e.to_string())?;
    let Some(h) = hasil else {
        return Ok(Dihitung { capaian_e6: None, terbatas_e6: None, kategori: None, hasil: None });
    };
    let capaian_e6 = ke_e6(h.capaian).ok_or("capaian terlalu besar untuk disimpan")?;
    let terbatas_e6 = ke_e6(capaian::batasi(h.capaian, aturan.batas)).ok_or("capaian terlalu besar untuk disimpan")?;
    Ok(Dihitung {
        capaian_e6: Some(capaian_e6),
        terbatas_e6: Some(terbatas_e6),
        kategori: aturan.pita.kategori(h.capaian).map(str::to_string),
        hasil: Some(h),
    })
}

/// Recomputes and stores the capaian of every realisasi of one satker-year, and rebuilds its
/// temuan, under the rules in force. Rows whose values do not change are not written.
/// Returns how many realisasi rows changed.
pub async fn hitung_ulang_tahun(
    txn: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    aturan: &AturanCapaian,
) -> Result<usize, AppError> {
    let Some(pk) = kepala_repo::kepala(scope, txn, Dokumen::Pk, satker.id, tahun).await? else { return Ok(0) };
    let inds = isi::indikator(txn, pk.id).await?;
    let rules_of: HashMap<i64, Rules> = inds.iter().map(|m| (m.id, rules(m))).collect();
    let laporan = isi::laporan_tahun(txn, satker.id, tahun).await?;
    let tw_of: HashMap<i64, i16> = laporan.iter().map(|l| (l.id, l.triwulan)).collect();
    let rows = isi::realisasi(txn, &laporan.iter().map(|l| l.id).collect::<Vec<_>>()).await?;

    let mut changed = 0;
    // (indikator id, triwulan) → (value, computed)
    let mut per: HashMap<(i64, i16), Tercatat> = HashMap::new();
    for r in &rows {
        let (Some(rules), Some(tw)) = (rules_of.get(&r.indikator_id), tw_of.get(&r.laporan_id).copied()) else {
            continue;
        };
        let Some(nilai) = r.nilai_teks.as_deref().and_then(|t| nilai::parse(t, rules.aturan.tipe).ok()) else {
            continue;
        };
        let d = hitung_satu(rules, tw, &nilai, aturan).unwrap_or(Dihitung {
            capaian_e6: None,
            terbatas_e6: None,
            kategori: None,
            hasil: None,
        });
        if (d.capaian_e6, d.terbatas_e6, &d.kategori) != (r.capaian_e6, r.capaian_terbatas_e6, &r.kategori) {
            let m = realisasi::ActiveModel {
                id: Set(r.id),
                capaian_e6: Set(d.capaian_e6),
                capaian_terbatas_e6: Set(d.terbatas_e6),
                kategori: Set(d.kategori.clone()),
                ..Default::default()
            };
            isi::simpan_realisasi(txn, m).await?;
            changed += 1;
        }
        per.insert((r.indikator_id, tw), (nilai, d.hasil, r.capaian_dilaporkan.clone()));
    }

    // Findings of the PK itself, then of each triwulan report.
    const PK_LEVEL: [&str; 2] = ["target_triwulan_akhir_berbeda", "polaritas_perlu_diperiksa"];
    let now = Utc::now();
    let row = |t: Temuan, tw: Option<i16>, sumber: &str, ind: Option<i64>| {
        temuan_baris(satker.id, tahun, (sumber, tw), ind, t, now)
    };
    let mut pk_temuan = Vec::new();
    for m in &inds {
        let rules = &rules_of[&m.id];
        let cek = CekIndikator {
            kode: &m.kode,
            nama: &m.nama,
            aturan: rules.aturan,
            target: rules.target.as_ref(),
            target_triwulan_akhir: rules.target_tw[3],
            realisasi: None,
            hasil: None,
            capaian_dilaporkan: None,
            kategori_dilaporkan: None,
            target_dilaporkan: None,
            nama_dilaporkan: None,
            pita: &aturan.pita,
        };
        pk_temuan.extend(
            temuan::periksa_indikator(&cek)
                .into_iter()
                .filter(|t| PK_LEVEL.contains(&t.kode))
                .map(|t| row(t, None, "pk", Some(m.id))),
        );
    }
    isi::ganti_temuan(txn, satker.id, tahun, "pk", None, pk_temuan).await?;

    for l in &laporan {
        let tw = l.triwulan;
        let mut found = Vec::new();
        for m in &inds {
            let rules = &rules_of[&m.id];
            let Some((nilai, hasil, dilaporkan)) = per.get(&(m.id, tw)) else { continue };
            let target = rules.target_untuk(tw);
            let cek = CekIndikator {
                kode: &m.kode,
                nama: &m.nama,
                aturan: rules.aturan,
                target: target.as_ref(),
                target_triwulan_akhir: None,
                realisasi: Some(nilai),
                hasil: hasil.as_ref(),
                capaian_dilaporkan: dilaporkan.as_deref(),
                kategori_dilaporkan: None,
                target_dilaporkan: None,
                nama_dilaporkan: None,
                pita: &aturan.pita,
            };
            found.extend(
                temuan::periksa_indikator(&cek)
                    .into_iter()
                    .filter(|t| !PK_LEVEL.contains(&t.kode))
                    .map(|t| row(t, Some(tw), "realisasi", Some(m.id))),
            );
            // A cumulative value that falls is reported in the triwulan where it falls.
            if matches!(rules.aturan.tipe, TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks) {
                let mut series = [None; 4];
                for q in 1..=tw {
                    series[usize::try_from(q - 1).unwrap_or(0)] = per.get(&(m.id, q)).and_then(|(n, _, _)| n.angka());
                }
                let falls = temuan::periksa_kumulatif(&m.kode, &series);
                let here = format!("(TW{tw})");
                found.extend(
                    falls
                        .into_iter()
                        .filter(|t| t.pesan.ends_with(&format!("{here}.")))
                        .map(|t| row(t, Some(tw), "realisasi", Some(m.id))),
                );
            }
        }
        isi::ganti_temuan(txn, satker.id, tahun, "realisasi", Some(tw), found).await?;
    }
    Ok(changed)
}

// ---------------------------------------------------------------- realisasi

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct KolomRealisasi {
    kode: String,
    nilai_teks: Option<String>,
    nilai_e6: Option<i64>,
    capaian_dilaporkan: Option<String>,
    catatan: Option<String>,
    bukti_dukung: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub async fn put_realisasi(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    tw: i16,
    masuk: Vec<RealisasiMasuk>,
    t: &Tulis<'_>,
) -> Result<Hasil<Value>, AppError> {
    let dok = Dokumen::Realisasi(tw);
    let txn = crate::db::begin_write(db).await?;
    let pk =
        kepala_repo::kepala(scope, &txn, Dokumen::Pk, satker.id, tahun).await?.ok_or_else(|| AppError::Terkunci {
            kode: "pk_belum_ada",
            pesan: format!("Perjanjian Kinerja {} tahun {tahun} belum ada; kirim PK terlebih dahulu.", satker.kode),
        })?;
    let inds = isi::indikator(&txn, pk.id).await?;
    let aturan = aturan::berlaku(&txn, registry, satker).await?;

    // Validate every row against the PK before touching anything.
    let mut errors = Vec::new();
    let mut baru: Vec<(i64, KolomRealisasi, Dihitung)> = Vec::new();
    for m in &masuk {
        let path = format!("indikator[{}]", m.indeks);
        let Some(ind) = inds.iter().find(|i| i.kode.eq_ignore_ascii_case(&m.kode)) else {
            errors.push(FieldError::new(
                format!("{path}.kode"),
                format!("indikator '{}' tidak ada dalam PK {tahun}", m.kode),
            ));
            continue;
        };
        let rules = rules(ind);
        let nilai =
            match nilai_realisasi(&m.realisasi, &format!("{path}.realisasi"), rules.aturan.tipe, rules.satuan.as_ref())
            {
                Ok(n) => n,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
        match hitung_satu(&rules, tw, &nilai, &aturan) {
            Ok(d) => baru.push((
                ind.id,
                KolomRealisasi {
                    kode: ind.kode.clone(),
                    nilai_teks: Some(nilai.teks(rules.aturan.tipe)),
                    nilai_e6: nilai.angka().and_then(ke_e6),
                    capaian_dilaporkan: m.capaian_dilaporkan.clone(),
                    catatan: m.catatan.clone(),
                    bukti_dukung: m.bukti_dukung.clone(),
                },
                d,
            )),
            Err(e) => errors.push(FieldError::new(format!("{path}.realisasi"), e)),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let kepala = siapkan(&txn, scope, dok, satker, tahun, t.if_match).await?;
    let kode_of: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let lama_rows = match &kepala {
        Some(k) => isi::realisasi(&txn, &[k.id]).await?,
        None => Vec::new(),
    };
    let lama: Vec<KolomRealisasi> = lama_rows
        .iter()
        .map(|r| KolomRealisasi {
            kode: kode_of.get(&r.indikator_id).cloned().unwrap_or_default(),
            nilai_teks: r.nilai_teks.clone(),
            nilai_e6: r.nilai_e6,
            capaian_dilaporkan: r.capaian_dilaporkan.clone(),
            catatan: r.catatan.clone(),
            bukti_dukung: r.bukti_dukung.clone(),
        })
        .collect();
    let kolom_baru: Vec<KolomRealisasi> = baru.iter().map(|(_, k, _)| k.clone()).collect();
    if kepala.as_ref().is_some_and(|k| k.demo == t.demo) && lama == kolom_baru {
        txn.rollback().await?;
        return Ok(Hasil {
            berubah: false,
            dry_run: t.dry_run,
            isi: get_realisasi(db, registry, scope, satker, tahun, tw).await?,
        });
    }
    let laporan_id = simpan_kepala(&txn, dok, satker, tahun, kepala.as_ref(), t.demo).await?;
    let models = baru
        .into_iter()
        .map(|(indikator_id, k, d)| realisasi::ActiveModel {
            laporan_id: Set(laporan_id),
            indikator_id: Set(indikator_id),
            nilai_e6: Set(k.nilai_e6),
            nilai_teks: Set(k.nilai_teks),
            capaian_e6: Set(d.capaian_e6),
            capaian_terbatas_e6: Set(d.terbatas_e6),
            kategori: Set(d.kategori),
            capaian_dilaporkan_e6: Set(None),
            capaian_dilaporkan: Set(k.capaian_dilaporkan),
            catatan: Set(k.catatan),
            bukti_dukung: Set(k.bukti_dukung),
            ..Default::default()
        })
        .collect();
    isi::ganti_realisasi(&txn, laporan_id, models).await?;
    hitung_ulang_tahun(&txn, scope, satker, tahun, &aturan).await?;
    catat(&txn, t, satker, "realisasi.simpan", dok, tahun, kepala.map(|_| json!(lama)), Some(json!(kolom_baru)))
        .await?;
    let isi = realisasi_view(&txn, scope, satker, tahun, tw, &aturan).await?;
    akhiri(txn, t.dry_run).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

pub async fn get_realisasi(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    tw: i16,
) -> Result<Value, AppError> {
    let aturan = aturan::berlaku(db, registry, satker).await?;
    realisasi_view(db, scope, satker, tahun, tw, &aturan).await
}

async fn realisasi_view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    tw: i16,
    aturan: &AturanCapaian,
) -> Result<Value, AppError> {
    let not_found = || AppError::NotFound(format!("Laporan realisasi {} tahun {tahun} TW{tw} belum ada.", satker.kode));
    let k = kepala_repo::kepala(scope, db, Dokumen::Realisasi(tw), satker.id, tahun).await?.ok_or_else(not_found)?;
    let pk = kepala_repo::kepala(scope, db, Dokumen::Pk, satker.id, tahun).await?.ok_or_else(not_found)?;
    let inds = isi::indikator(db, pk.id).await?;
    let rows = isi::realisasi(db, &[k.id]).await?;
    let kode: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let mut butir = Vec::new();
    let mut indikator = Vec::new();
    let mut belum = Vec::new();
    for m in &inds {
        let bobot = dari_e6(m.bobot_e6);
        match rows.iter().find(|r| r.indikator_id == m.id) {
            Some(r) => {
                butir.push(Butir { capaian_terbatas: r.capaian_terbatas_e6.map(dari_e6), bobot });
                indikator.push(json!({
                    "kode": m.kode,
                    "nama": m.nama,
                    "satuan": m.satuan,
                    "target": rules(m).target_untuk(tw).map(|t| match t {
                        Target::Nilai(n) => n.teks(rules(m).aturan.tipe),
                        Target::Rentang { .. } => m.target_teks.clone().unwrap_or_default(),
                    }),
                    "realisasi": r.nilai_teks,
                    "realisasi_nilai": teks(r.nilai_e6.map(dari_e6)),
                    "capaian": teks(r.capaian_e6.map(dari_e6)),
                    "capaian_terbatas": teks(r.capaian_terbatas_e6.map(dari_e6)),
                    "kategori": r.kategori,
                    "capaian_dilaporkan": r.capaian_dilaporkan,
                    "catatan": r.catatan,
                    "bukti_dukung": r.bukti_dukung,
                }));
            }
            None => {
                butir.push(Butir { capaian_terbatas: None, bobot });
                belum.push(m.kode.clone());
            }
        }
    }
    let Ringkasan { capaian_rata_rata, kategori, dilaporkan, diharapkan, kelengkapan } =
        ringkasan::ringkas(&butir, &aturan.pita);
    let temuan = isi::temuan(db, satker.id, tahun, "realisasi", Some(tw)).await?;
    Ok(json!({
        "satker": satker.kode,
        "tahun": tahun,
        "triwulan": triwulan_teks(tw),
        "status": k.status,
        "versi": k.versi,
        "alasan": k.alasan,
        "demo": k.demo,
        "diperbarui_pada": k.updated_at,
        "indikator": indikator,
        "belum_dilaporkan": belum,
        "ringkasan": {
            "capaian_rata_rata": teks(capaian_rata_rata),
            "kategori": kategori,
            "dilaporkan": dilaporkan,
            "diharapkan": diharapkan,
            "kelengkapan": teks(Some(kelengkapan)),
            "batas_capaian": teks(Some(aturan.batas)),
        },
        "temuan": temuan_view(temuan, &kode),
    }))
}

// ---------------------------------------------------------------- anggaran

pub async fn put_anggaran(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    baris: Vec<BarisAnggaran>,
    t: &Tulis<'_>,
) -> Result<Hasil<Value>, AppError> {
    let dok = Dokumen::Anggaran;
    let txn = crate::db::begin_write(db).await?;
    let kepala = siapkan(&txn, scope, dok, satker, tahun, t.if_match).await?;
    let tersimpan = match &kepala {
        Some(k) => isi::baris_anggaran(&txn, k.id).await?,
        None => Vec::new(),
    };
    let lama_ids: Vec<i64> = tersimpan.iter().map(|r| r.id).collect();
    let lama: Vec<BarisAnggaran> = tersimpan.into_iter().map(baris_dari).collect();
    if kepala.as_ref().is_some_and(|k| k.demo == t.demo) && lama == baris {
        txn.rollback().await?;
        return Ok(Hasil { berubah: false, dry_run: t.dry_run, isi: get_anggaran(db, scope, satker, tahun).await? });
    }
    let id = simpan_kepala(&txn, dok, satker, tahun, kepala.as_ref(), t.demo).await?;
    let rows = baris
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut m = anggaran_baris::ActiveModel {
                anggaran_id: Set(id),
                urutan: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                program_kode: Set(b.program_kode.clone()),
                program_nama: Set(b.program_nama.clone()),
                kegiatan_kode: Set(b.kegiatan_kode.clone()),
                kegiatan_nama: Set(b.kegiatan_nama.clone()),
                akun: Set(b.akun.clone()),
                jenis_belanja: Set(b.jenis_belanja.clone()),
                sumber_dana: Set(b.sumber_dana.clone()),
                uraian: Set(b.uraian.clone()),
                pagu: Set(b.pagu),
                realisasi: Set(b.realisasi),
                ..Default::default()
            };
            isi::set_bulanan(&mut m, b.realisasi_bulanan.as_deref())?;
            Ok((m, lama.get(i) != Some(b)))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    isi::simpan_anggaran(&txn, &lama_ids, rows).await?;
    let now = Utc::now();
    let found = baris
        .iter()
        .enumerate()
        .flat_map(|(i, b)| {
            let label = format!("baris {} ({}/{})", i + 1, b.program_kode, b.jenis_belanja);
            temuan::periksa_anggaran(&label, b.pagu, b.realisasi, b.realisasi_bulanan.as_deref())
        })
        .map(|t| temuan_baris(satker.id, tahun, ("anggaran", None), None, t, now))
        .collect();
    isi::ganti_temuan(&txn, satker.id, tahun, "anggaran", None, found).await?;
    catat(&txn, t, satker, "anggaran.simpan", dok, tahun, kepala.map(|_| json!(lama)), Some(json!(baris))).await?;
    let isi = anggaran_view_dengan(&txn, scope, satker, tahun, Some(baris)).await?;
    akhiri(txn, t.dry_run).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

async fn baris_tersimpan(db: &impl ConnectionTrait, anggaran_id: i64) -> Result<Vec<BarisAnggaran>, AppError> {
    Ok(isi::baris_anggaran(db, anggaran_id).await?.into_iter().map(baris_dari).collect())
}

fn baris_dari(r: entity::anggaran_baris::Model) -> BarisAnggaran {
    BarisAnggaran {
        realisasi_bulanan: isi::bulanan(&r),
        program_kode: r.program_kode,
        program_nama: r.program_nama,
        kegiatan_kode: r.kegiatan_kode,
        kegiatan_nama: r.kegiatan_nama,
        akun: r.akun,
        jenis_belanja: r.jenis_belanja,
        sumber_dana: r.sumber_dana,
        uraian: r.uraian,
        pagu: r.pagu,
        realisasi: r.realisasi,
    }
}

pub async fn get_anggaran(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Value, AppError> {
    anggaran_view(db, scope, satker, tahun).await
}

/// pagu, realisasi, sisa and penyerapan, as every budget total is shown.
pub fn jumlah(pagu: i64, realisasi: i64) -> Value {
    json!(super::agregat::Jumlah::new(pagu, realisasi))
}

async fn anggaran_view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Value, AppError> {
    anggaran_view_dengan(db, scope, satker, tahun, None).await
}

/// The budget as shown; `baris`, when the caller has just stored them, saves reading them back.
async fn anggaran_view_dengan(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    baris: Option<Vec<BarisAnggaran>>,
) -> Result<Value, AppError> {
    let k = kepala_repo::kepala(scope, db, Dokumen::Anggaran, satker.id, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Anggaran {} tahun {tahun} belum ada.", satker.kode)))?;
    let baris = match baris {
        Some(b) => b,
        None => baris_tersimpan(db, k.id).await?,
    };
    let t = isi::total_anggaran(db, k.id).await?;
    let group = |rows: Vec<isi::Kelompok>, nama: &dyn Fn(&str, String) -> Value| -> Vec<Value> {
        rows.into_iter()
            .map(|(kode, n, pagu, realisasi)| {
                let mut v = jumlah(pagu, realisasi);
                v["nama"] = nama(&kode, n);
                v["kode"] = json!(kode);
                v
            })
            .collect()
    };
    let jenis =
        |kode: &str, _| json!(crate::domain::dokumen::JENIS_BELANJA.iter().find(|(k, _)| *k == kode).map(|(_, n)| *n));
    let temuan = isi::temuan(db, satker.id, tahun, "anggaran", None).await?;
    Ok(json!({
        "satker": satker.kode,
        "tahun": tahun,
        "status": k.status,
        "versi": k.versi,
        "demo": k.demo,
        "diperbarui_pada": k.updated_at,
        "baris": baris.iter().map(|b| {
            let mut v = json!(b);
            let j = jumlah(b.pagu, b.realisasi);
            v["sisa"] = j["sisa"].clone();
            v["persen_penyerapan"] = j["persen_penyerapan"].clone();
            v
        }).collect::<Vec<_>>(),
        "total": jumlah(t.total.0, t.total.1),
        "per_program": group(t.per_program, &|_, n| json!(n)),
        "per_jenis_belanja": group(t.per_jenis_belanja, &jenis),
        "per_sumber_dana": group(t.per_sumber_dana, &|kode, _| json!(kode)),
        "temuan": temuan_view(temuan, &HashMap::new()),
    }))
}

// ---------------------------------------------------------------- workflow

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aksi {
    Ajukan,
    Setujui,
    Kembalikan,
}

impl Aksi {
    fn nama(self) -> &'static str {
        match self {
            Aksi::Ajukan => "ajukan",
            Aksi::Setujui => "setujui",
            Aksi::Kembalikan => "kembalikan",
        }
    }
}

/// One workflow step asked of a document.
pub struct Langkah {
    pub dok: Dokumen,
    pub tahun: i32,
    pub aksi: Aksi,
    pub alasan: Option<String>,
}

/// draf | dikembalikan → diajukan (operator); diajukan → disetujui | dikembalikan (verifikator).
pub async fn transisi(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    langkah: Langkah,
    t: &Tulis<'_>,
) -> Result<Kepala, AppError> {
    let Langkah { dok, tahun, aksi, alasan } = langkah;
    let txn = crate::db::begin_write(db).await?;
    let k = kepala_repo::kepala(scope, &txn, dok, satker.id, tahun)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("{} {} tahun {tahun} belum ada.", dok.nama(), satker.kode)))?;
    cek_if_match(dok, Some(&k), t.if_match)?;
    let alasan = alasan.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    let (boleh, ke) = match aksi {
        Aksi::Ajukan => (matches!(k.status.as_str(), "draf" | "dikembalikan"), "diajukan"),
        Aksi::Setujui => (k.status == "diajukan", "disetujui"),
        Aksi::Kembalikan => (k.status == "diajukan", "dikembalikan"),
    };
    if !boleh {
        return Err(AppError::Terkunci {
            kode: "status_tidak_sesuai",
            pesan: format!("{} berstatus '{}'; tidak dapat di-{}.", dok.nama(), k.status, aksi.nama()),
        });
    }
    if aksi == Aksi::Ajukan {
        super::periode::cek_terbuka(&txn, satker, tahun, dok).await?;
    }
    if aksi == Aksi::Kembalikan && alasan.is_none() {
        return Err(AppError::Validation(vec![FieldError::new("alasan", "wajib diisi saat mengembalikan")]));
    }
    if alasan.as_ref().is_some_and(|a| a.chars().count() > 2000) {
        return Err(AppError::Validation(vec![FieldError::new("alasan", "paling banyak 2000 karakter")]));
    }
    let p = Perubahan {
        status: ke,
        alasan: if aksi == Aksi::Kembalikan { alasan.as_deref() } else { None },
        diajukan: aksi == Aksi::Ajukan,
        diputuskan_oleh: (aksi != Aksi::Ajukan).then_some(t.pelaku.sub.as_str()),
        demo: None,
    };
    if !kepala_repo::ubah(&txn, dok, k.id, k.versi, p).await? {
        return Err(AppError::PreconditionFailed(format!(
            "{} diubah oleh permintaan lain; ambil ulang lalu coba lagi.",
            dok.nama()
        )));
    }
    let prefix = match dok {
        Dokumen::Pk => "pk",
        Dokumen::Realisasi(_) => "realisasi",
        Dokumen::Anggaran => "anggaran",
    };
    catat(
        &txn,
        t,
        satker,
        &format!("{prefix}.{}", aksi.nama()),
        dok,
        tahun,
        Some(json!({ "status": k.status, "versi": k.versi })),
        Some(json!({ "status": ke, "versi": k.versi + 1, "alasan": alasan })),
    )
    .await?;
    let baru = kepala_repo::kepala(scope, &txn, dok, satker.id, tahun)
        .await?
        .ok_or_else(|| AppError::internal("header vanished"))?;
    txn.commit().await?;
    Ok(baru)
}

/// The current header, for ETags on reads.
pub async fn kepala(
    db: &DatabaseConnection,
    scope: &Scope,
    dok: Dokumen,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<Option<Kepala>, AppError> {
    kepala_repo::kepala(scope, db, dok, satker.id, tahun).await
}

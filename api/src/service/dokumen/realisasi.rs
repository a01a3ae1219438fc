//! A triwulan's realisasi: values against the PK's indicators, with capaian computed and
//! stored as they are written.

use std::collections::HashMap;

use entity::realisasi;
use sea_orm::{ConnectionTrait, DatabaseConnection, IntoActiveModel, NotSet};
use serde::Serialize;
use serde_json::json;

use super::hitung::{DataTahun, Dihitung, hitung_satu, hitung_ulang_dengan, rules};
use super::{Bagian, Hasil, Tulis, akhiri, catat, periksa, simpan_kepala, temuan_view};
use crate::domain::capaian::Target;
use crate::domain::dokumen::{RealisasiMasuk, dari_e6, ke_e6, nilai_realisasi};
use crate::domain::kode::Triwulan;
use crate::domain::ringkasan::{self, Butir, Ringkasan};
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::aturan::{self, AturanCapaian};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, DokumenId, Kepala};
use crate::repo::{Scope, isi};
use crate::view::{RealisasiIndikatorView, RealisasiView, RingkasanRealisasi, teks};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct KolomRealisasi {
    kode: String,
    nilai_teks: Option<String>,
    nilai_e6: Option<i64>,
    capaian_dilaporkan: Option<String>,
    catatan: Option<String>,
    bukti_dukung: Option<String>,
    /// Evidence ids, comma-separated, as stored.
    bukti: Option<String>,
}

/// The evidence the rows list, as shown (one read).
async fn bukti_rows(
    db: &impl ConnectionTrait,
    milik: crate::repo::SatkerMilik,
    satker: &SatkerRef,
    rows: &[realisasi::Model],
) -> Result<HashMap<String, crate::view::BuktiView>, AppError> {
    let kode: Vec<String> = rows.iter().flat_map(|r| crate::service::bukti::dari_kolom(r.bukti.as_deref())).collect();
    Ok(crate::repo::bukti::menurut_kode(db, milik, &kode)
        .await?
        .into_iter()
        .map(|b| (b.kode.clone(), crate::service::bukti::view(&satker.kode, b)))
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn put_realisasi(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    triwulan: Triwulan,
    masuk: Vec<RealisasiMasuk>,
    t: &Tulis<'_>,
) -> Result<Hasil<RealisasiView>, AppError> {
    let dok = Dokumen::Realisasi(triwulan);
    let tw = triwulan.nomor();
    let milik = scope.milik(satker)?;
    let txn = crate::db::begin_write(db).await?;
    let pk = kepala_repo::kepala(scope, &txn, Dokumen::Pk, milik, tahun).await?.ok_or_else(|| AppError::Terkunci {
        kode: "pk_belum_ada",
        pesan: format!("Perjanjian Kinerja {} tahun {tahun} belum ada; kirim PK terlebih dahulu.", satker.kode),
    })?;
    let inds = isi::indikator(&txn, pk.id).await?;
    let aturan = aturan::berlaku(&txn, registry, satker).await?;

    // Validate every row against the PK before touching anything.
    let mut errors = Vec::new();
    let mut baru: Vec<(i64, KolomRealisasi, Dihitung)> = Vec::new();
    // Indicators whose row does not list its evidence: they keep what their stored row lists.
    let mut bukti_tetap: Vec<i64> = Vec::new();
    for m in &masuk {
        let path = format!("indikator[{}]", m.indeks);
        let Some(ind) = inds.iter().find(|i| i.kode.eq_ignore_ascii_case(&m.kode)) else {
            errors.push(FieldError::new(
                format!("{path}.kode"),
                format!("indikator '{}' tidak ada dalam PK {tahun}", m.kode),
            ));
            continue;
        };
        if m.bukti.is_none() {
            bukti_tetap.push(ind.id);
        }
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
                    bukti: m.bukti.as_deref().and_then(crate::service::bukti::kolom),
                },
                d,
            )),
            Err(e) => errors.push(FieldError::new(format!("{path}.realisasi"), e)),
        }
    }
    let lampiran: Vec<(String, Vec<String>)> =
        masuk.iter().filter_map(|m| Some((format!("indikator[{}]", m.indeks), m.bukti.clone()?))).collect();
    errors.extend(crate::service::bukti::periksa_lampiran(&txn, milik, &lampiran).await?);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    // The whole year's reports and rows in two reads: this triwulan's header and old rows are
    // among them, and the findings that depend on earlier triwulan need the rest.
    let laporan = isi::laporan_tahun(&txn, milik, tahun).await?;
    let kepala = laporan.iter().find(|(_, l)| l.triwulan == tw).map(|(id, l)| kepala_dari(*id, l)).transpose()?;
    periksa(&txn, dok, satker, tahun, kepala.as_ref(), t).await?;
    let rows_tahun = isi::realisasi(&txn, &laporan.iter().map(|(id, _)| *id).collect::<Vec<_>>()).await?;
    let kode_of: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let lama_rows: Vec<&realisasi::Model> =
        rows_tahun.iter().filter(|r| kepala.as_ref().is_some_and(|k| k.id.nilai() == r.laporan_id)).collect();
    let lama: Vec<KolomRealisasi> = lama_rows
        .iter()
        .map(|r| KolomRealisasi {
            kode: kode_of.get(&r.indikator_id).cloned().unwrap_or_default(),
            nilai_teks: r.nilai_teks.clone(),
            nilai_e6: r.nilai_e6,
            capaian_dilaporkan: r.capaian_dilaporkan.clone(),
            catatan: r.catatan.clone(),
            bukti_dukung: r.bukti_dukung.clone(),
            bukti: r.bukti.clone(),
        })
        .collect();
    for (indikator_id, k, _) in baru.iter_mut().filter(|(id, _, _)| bukti_tetap.contains(id)) {
        k.bukti = lama_rows.iter().find(|r| r.indikator_id == *indikator_id).and_then(|r| r.bukti.clone());
    }
    let kolom_baru: Vec<KolomRealisasi> = baru.iter().map(|(_, k, _)| k.clone()).collect();
    // The same report in another row order (a workbook lists the PK's order) is the same report.
    let urut = |v: &[KolomRealisasi]| {
        let mut v = v.to_vec();
        v.sort_by_key(|k| k.kode.to_lowercase());
        v
    };
    if kepala.as_ref().is_some_and(|k| k.demo == t.demo) && urut(&lama) == urut(&kolom_baru) {
        txn.rollback().await?;
        return Ok(Hasil {
            berubah: false,
            dry_run: t.dry_run,
            isi: get_realisasi(db, registry, scope, satker, tahun, triwulan).await?,
        });
    }
    let baru_kepala = simpan_kepala(&txn, dok, milik, tahun, kepala.as_ref(), t.demo).await?;
    let laporan_id = baru_kepala.id;
    // The rows as they are stored, kept for the recomputation and the answer.
    let tersimpan: Vec<realisasi::Model> = baru
        .iter()
        .map(|(indikator_id, k, d)| realisasi::Model {
            id: 0,
            laporan_id: laporan_id.nilai(),
            indikator_id: *indikator_id,
            nilai_e6: k.nilai_e6,
            nilai_teks: k.nilai_teks.clone(),
            capaian_e6: d.capaian_e6,
            capaian_terbatas_e6: d.terbatas_e6,
            kategori: d.kategori.clone(),
            capaian_dilaporkan_e6: None,
            catatan: k.catatan.clone(),
            bukti_dukung: k.bukti_dukung.clone(),
            capaian_dilaporkan: k.capaian_dilaporkan.clone(),
            bukti: k.bukti.clone(),
        })
        .collect();
    // The same rows to insert, the id left to the database.
    let models =
        tersimpan.iter().map(|m| realisasi::ActiveModel { id: NotSet, ..m.clone().into_active_model() }).collect();
    isi::ganti_realisasi(&txn, laporan_id, models).await?;
    // The evidence it rests on is kept from now on.
    let dilampirkan: Vec<String> = masuk.iter().flat_map(|m| m.bukti.iter().flatten().cloned()).collect();
    crate::repo::bukti::lampirkan(&txn, milik, &dilampirkan).await?;
    let bukti = bukti_rows(&txn, milik, satker, &tersimpan).await?;
    // The year as it now stands, without reading it again: other triwulan as read, this one as
    // written. A realisasi write changes no stored capaian but its own (the rules are the same),
    // and no finding before its triwulan.
    let mut semua: Vec<(DokumenId, i16)> = laporan.iter().map(|(id, l)| (*id, l.triwulan)).collect();
    if kepala.is_none() {
        semua.push((laporan_id, tw));
    }
    let mut rows: Vec<realisasi::Model> =
        rows_tahun.iter().filter(|r| r.laporan_id != laporan_id.nilai()).cloned().collect();
    rows.extend(tersimpan.iter().cloned());
    let data = DataTahun { inds: &inds, laporan: &semua, rows: &rows };
    let (lain_berubah, mut temuan) = hitung_ulang_dengan(&txn, milik, tahun, &aturan, data, Some(tw)).await?;
    catat(
        &txn,
        t,
        satker,
        "realisasi.simpan",
        (dok, tahun, baru_kepala.versi),
        kepala.map(|_| json!(lama)),
        Some(json!(kolom_baru)),
    )
    .await?;
    let isi = realisasi_view_dari(
        satker,
        (tahun, triwulan),
        &baru_kepala,
        &inds,
        &tersimpan,
        temuan.remove(&tw).unwrap_or_default(),
        &aturan,
        &bukti,
    );
    // Only this triwulan's summaries change, unless the recomputation changed stored capaian
    // of other reports too.
    let bagian = if lain_berubah > 0 { Bagian::Kinerja } else { Bagian::Triwulan(tw) };
    akhiri(txn, t.dry_run, (milik, tahun, bagian)).await?;
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

pub async fn get_realisasi(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    triwulan: Triwulan,
) -> Result<RealisasiView, AppError> {
    let aturan = aturan::berlaku(db, registry, satker).await?;
    realisasi_view(db, scope, satker, tahun, triwulan, &aturan).await
}

async fn realisasi_view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    triwulan: Triwulan,
    aturan: &AturanCapaian,
) -> Result<RealisasiView, AppError> {
    let not_found =
        || AppError::NotFound(format!("Laporan realisasi {} tahun {tahun} {triwulan} belum ada.", satker.kode));
    let milik = scope.milik(satker)?;
    let k = kepala_repo::kepala(scope, db, Dokumen::Realisasi(triwulan), milik, tahun).await?.ok_or_else(not_found)?;
    let pk = kepala_repo::kepala(scope, db, Dokumen::Pk, milik, tahun).await?.ok_or_else(not_found)?;
    let inds = isi::indikator(db, pk.id).await?;
    let rows = isi::realisasi(db, &[k.id]).await?;
    let kode: HashMap<i64, String> = inds.iter().map(|i| (i.id, i.kode.clone())).collect();
    let temuan = temuan_view(isi::temuan(db, milik, tahun, "realisasi", Some(triwulan.nomor())).await?, &kode);
    let bukti = bukti_rows(db, milik, satker, &rows).await?;
    Ok(realisasi_view_dari(satker, (tahun, triwulan), &k, &inds, &rows, temuan, aturan, &bukti))
}

/// A header as read with the year's reports.
fn kepala_dari(id: DokumenId, l: &entity::laporan_realisasi::Model) -> Result<Kepala, AppError> {
    Ok(Kepala {
        id,
        status: l.status.parse().map_err(AppError::internal)?,
        versi: l.versi,
        alasan: l.alasan.clone(),
        demo: l.demo,
        updated_at: l.updated_at,
        diputuskan_pada: l.diputuskan_pada,
    })
}

/// The report as shown, from what the caller holds: no database access.
#[allow(clippy::too_many_arguments)]
fn realisasi_view_dari(
    satker: &SatkerRef,
    (tahun, triwulan): (i32, Triwulan),
    k: &Kepala,
    inds: &[entity::indikator::Model],
    rows: &[realisasi::Model],
    temuan: Vec<crate::view::TemuanView>,
    aturan: &AturanCapaian,
    bukti: &HashMap<String, crate::view::BuktiView>,
) -> RealisasiView {
    let mut butir = Vec::new();
    let mut indikator = Vec::new();
    let mut belum = Vec::new();
    for m in inds {
        let bobot = dari_e6(m.bobot_e6);
        match rows.iter().find(|r| r.indikator_id == m.id) {
            Some(r) => {
                butir.push(Butir { capaian_terbatas: r.capaian_terbatas_e6.map(dari_e6), bobot });
                let rules = rules(m);
                indikator.push(RealisasiIndikatorView {
                    kode: m.kode.clone(),
                    nama: m.nama.clone(),
                    satuan: m.satuan.clone(),
                    target: rules.target_untuk(triwulan.nomor()).map(|t| match t {
                        Target::Nilai(n) => n.teks(rules.aturan.tipe),
                        Target::Rentang { .. } => m.target_teks.clone().unwrap_or_default(),
                    }),
                    realisasi: r.nilai_teks.clone(),
                    realisasi_nilai: teks(r.nilai_e6.map(dari_e6)),
                    capaian: teks(r.capaian_e6.map(dari_e6)),
                    capaian_terbatas: teks(r.capaian_terbatas_e6.map(dari_e6)),
                    kategori: r.kategori.clone(),
                    capaian_dilaporkan: r.capaian_dilaporkan.clone(),
                    catatan: r.catatan.clone(),
                    bukti_dukung: r.bukti_dukung.clone(),
                    bukti: crate::service::bukti::dari_kolom(r.bukti.as_deref())
                        .iter()
                        .filter_map(|k| bukti.get(k).cloned())
                        .collect(),
                });
            }
            None => {
                butir.push(Butir { capaian_terbatas: None, bobot });
                belum.push(m.kode.clone());
            }
        }
    }
    let Ringkasan { capaian_rata_rata, kategori, dilaporkan, diharapkan, kelengkapan } =
        ringkasan::ringkas(&butir, &aturan.pita);
    RealisasiView {
        satker: satker.kode.clone(),
        tahun,
        triwulan,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan.clone(),
        demo: k.demo,
        diperbarui_pada: k.updated_at,
        indikator,
        belum_dilaporkan: belum,
        ringkasan: RingkasanRealisasi {
            capaian_rata_rata: teks(capaian_rata_rata),
            kategori,
            dilaporkan,
            diharapkan,
            kelengkapan: teks(Some(kelengkapan)),
            batas_capaian: teks(Some(aturan.batas)),
        },
        temuan,
    }
}

//! A triwulan's realisasi: values against the PK's indicators, with capaian computed and
//! stored as they are written.

use std::collections::HashMap;

use entity::realisasi;
use sea_orm::{ConnectionTrait, DatabaseConnection, Set};
use serde::Serialize;
use serde_json::json;

use super::hitung::{Dihitung, hitung_satu, hitung_ulang_tahun, rules};
use super::{Hasil, Tulis, akhiri, catat, siapkan, simpan_kepala, temuan_view};
use crate::domain::capaian::Target;
use crate::domain::dokumen::{RealisasiMasuk, dari_e6, ke_e6, nilai_realisasi};
use crate::domain::kode::Triwulan;
use crate::domain::ringkasan::{self, Butir, Ringkasan};
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::aturan::{self, AturanCapaian};
use crate::repo::dokumen::{self as kepala_repo, Dokumen};
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
            isi: get_realisasi(db, registry, scope, satker, tahun, triwulan).await?,
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
    let isi = realisasi_view(&txn, scope, satker, tahun, triwulan, &aturan).await?;
    akhiri(txn, t.dry_run).await?;
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
    let k =
        kepala_repo::kepala(scope, db, Dokumen::Realisasi(triwulan), satker.id, tahun).await?.ok_or_else(not_found)?;
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
    let temuan = isi::temuan(db, satker.id, tahun, "realisasi", Some(triwulan.nomor())).await?;
    Ok(RealisasiView {
        satker: satker.kode.clone(),
        tahun,
        triwulan,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan,
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
        temuan: temuan_view(temuan, &kode),
    })
}

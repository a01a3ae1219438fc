//! The indicator catalogue through the documents' write protocol: one owner's catalogue of a
//! Renstra period (KPU RI's national one, or a provinsi's additions) is a document like the
//! others, with its version, `If-Match`, dry run, all-or-nothing validation, the per-object
//! writer lock and an audit row. An entry keeps its row (and so its identity) while its code
//! stays; an entry a PK uses is retired (`pensiun`), never deleted.

use std::collections::HashMap;

use entity::katalog_indikator;
use sea_orm::{ConnectionTrait, DatabaseConnection, Set};
use serde_json::{Value, json};

use super::{Hasil, Tulis, catat, siapkan, simpan_kepala};
use crate::domain::dokumen::IndikatorPk;
use crate::domain::dokumen::katalog::{self as aturan, EntriKatalog, nama_periode, periode_tahun};
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala};
use crate::repo::katalog::{self as repo, NASIONAL, Terlihat};
use crate::repo::{Scope, ringkasan};
use crate::view::{EntriKatalogView, KatalogTerlihatView, KatalogView, PeriodeKatalogView};

/// The level a satker's indicators are for, in the catalogue's words.
pub(super) fn tingkat(satker: &SatkerRef) -> &str {
    match satker.tingkat.as_str() {
        "pusat" => "ri",
        t => t,
    }
}

/// Every catalogue entry `t` sees in the period starting `awal`, with its id.
pub(super) async fn entri_terlihat(
    db: &impl ConnectionTrait,
    t: &Terlihat,
    awal: i32,
) -> Result<Vec<(i64, EntriKatalog)>, AppError> {
    repo::entri(db, t, awal).await?.iter().map(|(m, _)| Ok((m.id, entri_dari(m)?))).collect()
}

fn entri_dari(m: &katalog_indikator::Model) -> Result<EntriKatalog, AppError> {
    Ok(EntriKatalog {
        kode: m.kode.clone(),
        nama: m.nama.clone(),
        tujuan: m.tujuan.clone(),
        sasaran: m.sasaran.clone(),
        definisi: m.definisi.clone(),
        cara_ukur: m.cara_ukur.clone(),
        satuan: m.satuan.clone(),
        tipe_nilai: m.tipe_nilai.parse().map_err(AppError::internal)?,
        polaritas: m.polaritas.parse().map_err(AppError::internal)?,
        metode_predikat: m.metode_predikat.as_deref().map(str::parse).transpose().map_err(AppError::internal)?,
        tingkat: m.tingkat.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        pensiun: m.pensiun,
        menggantikan: m.menggantikan.clone(),
    })
}

fn entri_view(m: &katalog_indikator::Model, pemilik: &str) -> Result<EntriKatalogView, AppError> {
    let e = entri_dari(m)?;
    Ok(EntriKatalogView {
        kode: e.kode,
        nama: e.nama,
        tujuan: e.tujuan,
        sasaran: e.sasaran,
        definisi: e.definisi,
        cara_ukur: e.cara_ukur,
        satuan: e.satuan,
        tipe_nilai: e.tipe_nilai,
        polaritas: e.polaritas,
        metode_predikat: e.metode_predikat,
        tingkat: e.tingkat,
        pensiun: e.pensiun,
        menggantikan: e.menggantikan,
        identitas: m.identitas.clone(),
        pemilik: pemilik.to_string(),
    })
}

/// Only KPU RI and a KPU Provinsi keep a catalogue.
fn cek_pemilik(pemilik: &SatkerRef) -> Result<(), AppError> {
    if pemilik.kode == NASIONAL || pemilik.tingkat == "provinsi" {
        Ok(())
    } else {
        Err(AppError::Validation(vec![FieldError::new(
            "satker",
            "hanya KPU RI dan KPU Provinsi yang memiliki katalog indikator; KPU Kabupaten/Kota memakai katalog provinsinya",
        )]))
    }
}

async fn view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    pemilik: &SatkerRef,
    awal: i32,
) -> Result<KatalogView, AppError> {
    let milik = scope.milik(pemilik)?;
    let k = kepala_repo::kepala(scope, db, Dokumen::Katalog, milik, awal).await?.ok_or_else(|| {
        AppError::NotFound(format!("Katalog indikator {} periode {} belum ada.", pemilik.kode, nama_periode(awal)))
    })?;
    view_dari(db, pemilik, awal, &k).await
}

async fn view_dari(
    db: &impl ConnectionTrait,
    pemilik: &SatkerRef,
    awal: i32,
    k: &Kepala,
) -> Result<KatalogView, AppError> {
    let rows = repo::entri_dokumen(db, k.id).await?;
    Ok(KatalogView {
        satker: pemilik.kode.clone(),
        periode: nama_periode(awal),
        status: k.status,
        versi: k.versi,
        diperbarui_pada: k.updated_at,
        indikator: rows.iter().map(|m| entri_view(m, &pemilik.kode)).collect::<Result<_, _>>()?,
    })
}

/// One owner's catalogue of the period starting `awal`, as its admin edits it.
pub async fn get_katalog(
    db: &DatabaseConnection,
    scope: &Scope,
    pemilik: &SatkerRef,
    awal: i32,
) -> Result<KatalogView, AppError> {
    cek_pemilik(pemilik)?;
    view(db, scope, pemilik, awal).await
}

/// The catalogue of a period as `pembaca` sees it (national plus its provinsi's additions).
pub async fn katalog_terlihat(
    db: &DatabaseConnection,
    registry: &Registry,
    pembaca: &SatkerRef,
    awal: i32,
) -> Result<KatalogTerlihatView, AppError> {
    let rows = repo::entri(db, &repo::terlihat(registry, pembaca), awal).await?;
    let indikator = rows
        .iter()
        .map(|(m, p)| entri_view(m, registry.by_id(*p).map_or("", |s| s.kode.as_str())))
        .collect::<Result<_, _>>()?;
    Ok(KatalogTerlihatView { periode: nama_periode(awal), indikator })
}

/// The periods with a catalogue `pembaca` sees.
pub async fn daftar_periode(
    db: &DatabaseConnection,
    registry: &Registry,
    pembaca: &SatkerRef,
) -> Result<Vec<PeriodeKatalogView>, AppError> {
    let rows = repo::periode(db, &repo::terlihat(registry, pembaca)).await?;
    let mut out: Vec<PeriodeKatalogView> = Vec::new();
    for (awal, n) in rows {
        out.push(PeriodeKatalogView { periode: nama_periode(awal), jumlah_indikator: n });
    }
    Ok(out)
}

/// Replaces one owner's catalogue of a period.
pub async fn put_katalog(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    pemilik: &SatkerRef,
    awal: i32,
    baru: Vec<EntriKatalog>,
    t: &Tulis<'_>,
) -> Result<Hasil<KatalogView>, AppError> {
    cek_pemilik(pemilik)?;
    let mut errors = Vec::new();
    if pemilik.kode != NASIONAL {
        for (i, e) in baru.iter().enumerate() {
            if e.tingkat.iter().any(|t| t == "ri") {
                errors.push(FieldError::new(
                    format!("indikator[{i}].tingkat"),
                    "tambahan provinsi hanya berlaku untuk provinsi dan kabupaten/kota di bawahnya",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let dok = Dokumen::Katalog;
    let milik = scope.milik(pemilik)?;
    let txn = crate::db::begin_write(db).await?;
    let kepala = siapkan(&txn, scope, dok, pemilik, awal, t).await?;
    let lama_rows = match &kepala {
        Some(k) => repo::entri_dokumen(&txn, k.id).await?,
        None => Vec::new(),
    };
    let lama: Vec<EntriKatalog> = lama_rows.iter().map(entri_dari).collect::<Result<_, _>>()?;
    if let Some(k) = kepala.as_ref().filter(|k| k.demo == t.demo && lama == baru) {
        let isi = view_dari(&txn, pemilik, awal, k).await?;
        txn.rollback().await?;
        return Ok(Hasil { berubah: false, dry_run: t.dry_run, isi });
    }

    // Codes are unique in a period across owners; a successor names an entry that exists.
    let kode: Vec<String> = baru.iter().map(|e| e.kode.clone()).collect();
    let dipakai_lain = repo::kode_milik_lain(&txn, awal, kepala.as_ref().map(|k| k.id), &kode).await?;
    let mut identitas = Vec::with_capacity(baru.len());
    for (i, e) in baru.iter().enumerate() {
        if dipakai_lain.iter().any(|k| k.eq_ignore_ascii_case(&e.kode)) {
            errors.push(FieldError::new(
                format!("indikator[{i}].kode"),
                format!("kode {} sudah dipakai katalog lain pada periode {}", e.kode, nama_periode(awal)),
            ));
        }
        let id = match &e.menggantikan {
            Some(sebelum) => match repo::identitas(&txn, awal - 5, sebelum).await? {
                Some(id) => id,
                None => {
                    errors.push(FieldError::new(
                        format!("indikator[{i}].menggantikan"),
                        format!("{sebelum} tidak ada di katalog periode {}", nama_periode(awal - 5)),
                    ));
                    String::new()
                }
            },
            None => format!("{awal}:{}", e.kode),
        };
        identitas.push(id);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let cari_lama = |kode: &str| lama_rows.iter().find(|m| m.kode.eq_ignore_ascii_case(kode));
    let dihapus: Vec<&katalog_indikator::Model> =
        lama_rows.iter().filter(|m| !baru.iter().any(|e| e.kode.eq_ignore_ascii_case(&m.kode))).collect();
    let dipakai = repo::dipakai(&txn, &dihapus.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    if !dipakai.is_empty() {
        let kode: Vec<&str> = dihapus.iter().filter(|m| dipakai.contains(&m.id)).map(|m| m.kode.as_str()).collect();
        return Err(AppError::Terkunci {
            kode: "katalog_dipakai",
            pesan: format!(
                "Indikator katalog yang dipakai PK tidak dapat dihapus; tandai \"pensiun\": true: {}.",
                kode.join(", ")
            ),
        });
    }

    let baru_kepala = simpan_kepala(&txn, dok, milik, awal, kepala.as_ref(), t.demo).await?;
    let mut identitas_berubah = Vec::new();
    for (urutan, (e, id)) in baru.iter().zip(&identitas).enumerate() {
        let ada = cari_lama(&e.kode);
        if let Some(m) = ada.filter(|m| m.identitas != *id) {
            identitas_berubah.push(m.id);
        }
        let mut m = katalog_indikator::ActiveModel {
            katalog_id: Set(baru_kepala.id.nilai()),
            tahun: Set(awal),
            urutan: Set(i32::try_from(urutan).unwrap_or(i32::MAX)),
            kode: Set(e.kode.clone()),
            identitas: Set(id.clone()),
            menggantikan: Set(e.menggantikan.clone()),
            nama: Set(e.nama.clone()),
            tujuan: Set(e.tujuan.clone()),
            sasaran: Set(e.sasaran.clone()),
            definisi: Set(e.definisi.clone()),
            cara_ukur: Set(e.cara_ukur.clone()),
            satuan: Set(e.satuan.clone()),
            tipe_nilai: Set(e.tipe_nilai.as_str().into()),
            polaritas: Set(e.polaritas.as_str().into()),
            metode_predikat: Set(e.metode_predikat.map(|m| m.as_str().into())),
            tingkat: Set(e.tingkat.join(",")),
            pensiun: Set(e.pensiun),
            ..Default::default()
        };
        if let Some(l) = ada {
            m.id = Set(l.id);
        }
        repo::simpan(&txn, m).await?;
    }
    repo::hapus(&txn, &dihapus.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    // An entry whose identity changed (it now carries on an earlier period's indicator) moves
    // the summary rows of every PK that uses it, in this transaction.
    for (satker_id, tahun) in repo::pk_yang_memakai(&txn, &identitas_berubah).await? {
        let satker = registry.by_id(satker_id).ok_or_else(|| AppError::internal("satker of a PK not in registry"))?;
        ringkasan::perbarui(&txn, scope.milik(satker)?, tahun, ringkasan::Bagian::Kinerja).await?;
    }
    let sesudah: Vec<Value> = baru.iter().map(|e| Value::Object(aturan::ke_json(e))).collect();
    let sebelum: Vec<Value> = lama.iter().map(|e| Value::Object(aturan::ke_json(e))).collect();
    catat(
        &txn,
        t,
        pemilik,
        "katalog.simpan",
        (dok, awal, baru_kepala.versi),
        kepala.map(|_| json!(sebelum)),
        Some(json!(sesudah)),
    )
    .await?;
    let isi = view_dari(&txn, pemilik, awal, &baru_kepala).await?;
    if t.dry_run {
        txn.rollback().await?;
    } else {
        crate::db::komit(txn).await?;
    }
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

/// A PK body with the indicators that name a catalogue entry completed from the catalogue the
/// satker sees for the year's period (see [`aturan::lengkapi_pk`]).
pub async fn lengkapi_pk(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    body: &Value,
) -> Result<Value, AppError> {
    let menyebut = body
        .get("indikator")
        .and_then(Value::as_array)
        .is_some_and(|rows| rows.iter().any(|r| r.get("katalog").is_some_and(|k| !k.is_null())));
    if !menyebut {
        return Ok(body.clone());
    }
    let mut entri = entri_terlihat(db, &repo::terlihat(registry, satker), periode_tahun(tahun)).await?;
    // A retired entry stays usable by the PK that already reports against it.
    let sudah = super::pk::katalog_tersimpan(db, scope, satker, tahun).await?;
    for (id, e) in &mut entri {
        e.pensiun = e.pensiun && !sudah.contains(id);
    }
    aturan::lengkapi_pk(body, tingkat(satker), |k| {
        entri.iter().map(|(_, e)| e).find(|e| e.kode.eq_ignore_ascii_case(k))
    })
    .map_err(AppError::Validation)
}

/// The catalogue entry id of each PK indicator (none for the satker's own), resolved in the
/// writing transaction: an entry retired or removed since the body was completed is refused.
pub(super) async fn katalog_id_pk(
    txn: &impl ConnectionTrait,
    registry: &Registry,
    satker: &SatkerRef,
    tahun: i32,
    doc: &[IndikatorPk],
    lama: &[entity::indikator::Model],
) -> Result<Vec<Option<i64>>, AppError> {
    if doc.iter().all(|i| i.katalog.is_none()) {
        return Ok(vec![None; doc.len()]);
    }
    let t: Terlihat = repo::terlihat(registry, satker);
    let rows = repo::entri(txn, &t, periode_tahun(tahun)).await?;
    let by_kode: HashMap<String, &katalog_indikator::Model> =
        rows.iter().map(|(m, _)| (m.kode.to_lowercase(), m)).collect();
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(doc.len());
    for (i, ind) in doc.iter().enumerate() {
        let Some(kode) = &ind.katalog else {
            out.push(None);
            continue;
        };
        match by_kode.get(&kode.to_lowercase()) {
            Some(m) if !m.pensiun || lama.iter().any(|l| l.katalog_id == Some(m.id)) => out.push(Some(m.id)),
            _ => {
                errors.push(FieldError::new(
                    format!("indikator[{i}].katalog"),
                    format!("{kode} tidak (lagi) ada di katalog; ambil ulang katalog lalu kirim lagi"),
                ));
                out.push(None);
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(AppError::Validation(errors)) }
}

//! Linking what exists: each satker's own PK indicators matched by name to the catalogue they
//! should report against (`kinerja katalog cocokkan`). Nothing changes unless asked; when asked,
//! each PK is linked in one transaction of its own: under the writer lock, a new version, an
//! audit row with before and after, and its summary rows moved to the catalogue identity, while
//! its targets and stored capaian stay exactly as they were.

use std::collections::HashMap;

use entity::indikator;
use sea_orm::{DatabaseConnection, Set};
use serde::Serialize;
use serde_json::json;

use super::{Tulis, catat};
use crate::domain::dokumen::katalog::{Cocok, EntriKatalog, cocokkan as cocok, periode_tahun};
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Perubahan};
use crate::repo::katalog as repo;
use crate::repo::{Scope, isi, ringkasan};

/// One local indicator and what matching found for it.
#[derive(Clone, Debug, Serialize)]
pub struct Usulan {
    pub satker: String,
    pub tahun: i32,
    pub kode: String,
    pub nama: String,
    /// `tautkan` (linked, or to be linked), `bentrok` (same name, another definition) or
    /// `lokal` (no entry of that name).
    pub hasil: &'static str,
    pub katalog: Option<String>,
    pub catatan: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct HasilCocok {
    pub diterapkan: bool,
    pub tautkan: usize,
    pub bentrok: usize,
    pub lokal: usize,
    /// PKs that could not be linked now (a writer changed them meanwhile); linked next time.
    pub dilewati: usize,
    pub usulan: Vec<Usulan>,
}

/// Proposes (and with `terapkan`, makes) the link of every satker's own indicator to the
/// catalogue entry of the same name, for `tahun` or every year.
pub async fn cocokkan(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    tahun: Option<i32>,
    terapkan: bool,
    t: &Tulis<'_>,
) -> Result<HasilCocok, AppError> {
    let mut out = HasilCocok { diterapkan: terapkan, ..Default::default() };
    let mut katalog: HashMap<(repo::Terlihat, i32), Vec<(i64, EntriKatalog)>> = HashMap::new();
    for (satker_id, tahun) in repo::pk_tersimpan(db, scope, tahun).await? {
        let Some(satker) = registry.by_id(satker_id) else { continue };
        let kunci = (repo::terlihat(registry, satker), periode_tahun(tahun));
        if !katalog.contains_key(&kunci) {
            let entri = super::katalog::entri_terlihat(db, &kunci.0, kunci.1).await?;
            katalog.insert(kunci.clone(), entri);
        }
        let entri = katalog.get(&kunci).map(Vec::as_slice).unwrap_or_default();
        if !satu_pk(db, scope, satker, tahun, entri, terapkan, t, &mut out).await? {
            out.dilewati += 1;
        }
    }
    Ok(out)
}

/// Matches (and links) one PK; false when a concurrent writer changed it first.
#[allow(clippy::too_many_arguments)]
async fn satu_pk(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    entri: &[(i64, EntriKatalog)],
    terapkan: bool,
    t: &Tulis<'_>,
    out: &mut HasilCocok,
) -> Result<bool, AppError> {
    let daftar: Vec<EntriKatalog> = entri.iter().map(|(_, e)| e.clone()).collect();
    let tingkat = super::katalog::tingkat(satker);
    let txn = crate::db::begin_write(db).await?;
    let milik = scope.milik(satker)?;
    crate::db::kunci_tulis(&txn, satker.id, &Dokumen::Pk.objek(tahun)).await?;
    let Some(k) = kepala_repo::kepala(scope, &txn, Dokumen::Pk, milik, tahun).await? else {
        txn.rollback().await?;
        return Ok(true);
    };
    let mut tautan = Vec::new();
    let indikator = isi::indikator(&txn, k.id).await?;
    for m in indikator.iter().filter(|m| m.katalog_id.is_none()) {
        let tipe = m.tipe_nilai.parse().map_err(AppError::internal)?;
        let polaritas = m.polaritas.parse().map_err(AppError::internal)?;
        let (hasil, katalog, catatan) = match cocok((&m.nama, &m.satuan, tipe, polaritas), tingkat, &daftar) {
            Cocok::Tautkan(e) => {
                let id = entri.iter().find(|(_, x)| x.kode == e.kode).map(|(id, _)| *id);
                if let Some(id) = id {
                    tautan.push((m, id, e));
                }
                ("tautkan", Some(e.kode.clone()), None)
            }
            Cocok::Bentrok(e, why) => ("bentrok", Some(e.kode.clone()), Some(why)),
            Cocok::Tidak => ("lokal", None, None),
        };
        match hasil {
            "tautkan" => out.tautkan += 1,
            "bentrok" => out.bentrok += 1,
            _ => out.lokal += 1,
        }
        out.usulan.push(Usulan {
            satker: satker.kode.clone(),
            tahun,
            kode: m.kode.clone(),
            nama: m.nama.clone(),
            hasil,
            katalog,
            catatan,
        });
    }
    if !terapkan || tautan.is_empty() {
        txn.rollback().await?;
        return Ok(true);
    }
    let perubahan =
        Perubahan { status: k.status, alasan: k.alasan.as_deref(), diajukan: false, diputuskan_oleh: None, demo: None };
    if kepala_repo::ubah(&txn, Dokumen::Pk, k.id, k.versi, perubahan).await?.is_none() {
        txn.rollback().await?;
        return Ok(false);
    }
    let mut sebelum = Vec::new();
    let mut sesudah = Vec::new();
    for (m, id, e) in &tautan {
        sebelum.push(json!({"kode": m.kode, "nama": m.nama, "katalog": null}));
        sesudah.push(json!({"kode": m.kode, "nama": e.nama, "katalog": e.kode}));
        let ubah = indikator::ActiveModel {
            id: Set(m.id),
            katalog_id: Set(Some(*id)),
            nama: Set(e.nama.clone()),
            ..Default::default()
        };
        isi::simpan_indikator(&txn, ubah).await?;
    }
    catat(
        &txn,
        t,
        satker,
        "pk.tautkan_katalog",
        (Dokumen::Pk, tahun, k.versi + 1),
        Some(json!(sebelum)),
        Some(json!(sesudah)),
    )
    .await?;
    ringkasan::perbarui(&txn, milik, tahun, ringkasan::Bagian::Kinerja).await?;
    crate::db::komit(txn).await?;
    Ok(true)
}

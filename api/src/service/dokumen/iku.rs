//! The IKU decree of a satker-year through the documents' write protocol: version, `If-Match`,
//! dry run, all-or-nothing validation, the writer lock, the workflow (the same steps as a PK:
//! diajukan, disetujui by the provinsi) and an audit row with before and after. Rows that name a
//! catalogue indicator take its words.

use entity::{iku, iku_baris};
use sea_orm::{ConnectionTrait, DatabaseConnection, Set};
use serde::Serialize;
use serde_json::json;

use super::{Hasil, Tulis, catat, siapkan, simpan_kepala};
use crate::domain::dokumen::iku::{BarisIku, Iku, Pejabat, Salinan, lengkapi_bawaan, lengkapi_katalog};
use crate::domain::dokumen::katalog::periode_tahun;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::dokumen::{self as kepala_repo, Dokumen, Kepala};
use crate::repo::{Scope, iku as repo, katalog as katalog_repo};
use crate::view::{BarisIkuView, IkuView, PejabatView, SalinanView};

/// A Lampiran row as stored: (tujuan, sasaran, indikator, keterangan, catalogue entry id).
type BarisTersimpan = (String, String, String, Option<String>, Option<i64>);

/// The decree exactly as stored: what "the same decree twice" is compared on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct Tersimpan {
    nomor: Option<String>,
    ditetapkan_di: Option<String>,
    tanggal: Option<String>,
    penetap: (Option<String>, Option<String>),
    salinan: (Option<String>, Option<String>, Option<String>),
    menimbang: Vec<String>,
    mengingat: Vec<String>,
    diktum: Vec<String>,
    baris: Vec<BarisTersimpan>,
}

fn daftar(json_teks: &str) -> Result<Vec<String>, AppError> {
    serde_json::from_str(json_teks).map_err(AppError::internal)
}

fn tersimpan(m: &iku::Model, rows: &[iku_baris::Model]) -> Result<Tersimpan, AppError> {
    Ok(Tersimpan {
        nomor: m.nomor.clone(),
        ditetapkan_di: m.ditetapkan_di.clone(),
        tanggal: m.tanggal.clone(),
        penetap: (m.penetap_jabatan.clone(), m.penetap_nama.clone()),
        salinan: (m.salinan_unit.clone(), m.salinan_jabatan.clone(), m.salinan_nama.clone()),
        menimbang: daftar(&m.menimbang)?,
        mengingat: daftar(&m.mengingat)?,
        diktum: daftar(&m.diktum)?,
        baris: rows
            .iter()
            .map(|r| (r.tujuan.clone(), r.sasaran.clone(), r.indikator.clone(), r.keterangan.clone(), r.katalog_id))
            .collect(),
    })
}

fn baru(iku: &Iku, katalog_id: &[Option<i64>]) -> Tersimpan {
    let Iku { penetap: Pejabat { jabatan, nama }, salinan: Salinan { unit, jabatan: sj, nama: sn }, .. } = iku;
    Tersimpan {
        nomor: iku.nomor.clone(),
        ditetapkan_di: iku.ditetapkan_di.clone(),
        tanggal: crate::repo::tanggal_ke_kolom(iku.tanggal),
        penetap: (jabatan.clone(), nama.clone()),
        salinan: (unit.clone(), sj.clone(), sn.clone()),
        menimbang: iku.menimbang.clone(),
        mengingat: iku.mengingat.clone(),
        diktum: iku.diktum.clone(),
        baris: iku
            .baris
            .iter()
            .zip(katalog_id)
            .map(|(b, k)| {
                let BarisIku { tujuan, sasaran, indikator, keterangan, .. } = b;
                (tujuan.clone(), sasaran.clone(), indikator.clone().unwrap_or_default(), keterangan.clone(), *k)
            })
            .collect(),
    }
}

async fn view(
    db: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    k: &Kepala,
) -> Result<IkuView, AppError> {
    let m = repo::baca(db, k.id).await?;
    let milik = scope.milik(satker)?;
    let temuan = crate::repo::isi::temuan(db, milik, tahun, super::konsistensi::SUMBER, None).await?;
    // The PK's indicators only name the temuan about one of them; most reads have none.
    let pk = if temuan.iter().any(|t| t.indikator_id.is_some()) {
        match kepala_repo::kepala(scope, db, Dokumen::Pk, milik, tahun).await? {
            Some(pk) => crate::repo::isi::indikator(db, pk.id).await?,
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let kode_pk = pk.into_iter().map(|i| (i.id, i.kode)).collect();
    let rows = repo::baris(db, k.id).await?;
    let kode = katalog_repo::kode(db, &rows.iter().filter_map(|r| r.katalog_id).collect::<Vec<_>>()).await?;
    Ok(IkuView {
        satker: satker.kode.clone(),
        nama_satker: satker.nama.clone(),
        tahun,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan.clone(),
        demo: k.demo,
        diperbarui_pada: k.updated_at,
        tanggal: crate::repo::tanggal_dari_kolom(m.tanggal.as_deref()),
        nomor: m.nomor.clone(),
        ditetapkan_di: m.ditetapkan_di.clone(),
        penetap: PejabatView { jabatan: m.penetap_jabatan.clone(), nama: m.penetap_nama.clone() },
        salinan: SalinanView {
            unit: m.salinan_unit.clone(),
            jabatan: m.salinan_jabatan.clone(),
            nama: m.salinan_nama.clone(),
        },
        menimbang: daftar(&m.menimbang)?,
        mengingat: daftar(&m.mengingat)?,
        diktum: daftar(&m.diktum)?,
        temuan: super::temuan_view(temuan, &kode_pk),
        baris: rows
            .into_iter()
            .map(|r| BarisIkuView {
                katalog: r.katalog_id.and_then(|id| kode.get(&id).cloned()),
                tujuan: r.tujuan,
                sasaran: r.sasaran,
                indikator: r.indikator,
                keterangan: r.keterangan,
            })
            .collect(),
    })
}

pub async fn get_iku(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
) -> Result<IkuView, AppError> {
    let milik = scope.milik(satker)?;
    let k = kepala_repo::kepala(scope, db, Dokumen::Iku, milik, tahun).await?.ok_or_else(|| {
        AppError::NotFound(format!("Indikator Kinerja Utama {} tahun {tahun} belum ada.", satker.kode))
    })?;
    view(db, scope, satker, tahun, &k).await
}

/// Replaces the satker's IKU decree of the year.
pub async fn put_iku(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    iku: Iku,
    t: &Tulis<'_>,
) -> Result<Hasil<IkuView>, AppError> {
    let mut iku = lengkapi_bawaan(iku, &satker.nama, tahun);
    let terlihat = katalog_repo::terlihat(registry, satker);
    let daftar = super::katalog::entri_terlihat(db, &terlihat, periode_tahun(tahun)).await?;
    let kode = lengkapi_katalog(&mut iku.baris, super::katalog::tingkat(satker), |k| {
        daftar.iter().find(|(_, e)| e.kode.eq_ignore_ascii_case(k)).map(|(_, e)| e)
    })
    .map_err(AppError::Validation)?;
    let katalog_id: Vec<Option<i64>> = kode
        .iter()
        .map(|k| k.as_ref().and_then(|k| daftar.iter().find(|(_, e)| &e.kode == k).map(|(id, _)| *id)))
        .collect();
    let isi_baru = baru(&iku, &katalog_id);

    let dok = Dokumen::Iku;
    let milik = scope.milik(satker)?;
    let txn = crate::db::begin_write(db).await?;
    let kepala = siapkan(&txn, scope, dok, satker, tahun, t).await?;
    let lama = match &kepala {
        Some(k) => Some(tersimpan(&repo::baca(&txn, k.id).await?, &repo::baris(&txn, k.id).await?)?),
        None => None,
    };
    if let Some(k) = kepala.as_ref().filter(|k| k.demo == t.demo && lama.as_ref() == Some(&isi_baru)) {
        let isi = view(&txn, scope, satker, tahun, k).await?;
        txn.rollback().await?;
        return Ok(Hasil { berubah: false, dry_run: t.dry_run, isi });
    }
    let k = simpan_kepala(&txn, dok, milik, tahun, kepala.as_ref(), t.demo).await?;
    let teks = |v: &Vec<String>| serde_json::to_string(v).map_err(AppError::internal);
    let m = iku::ActiveModel {
        nomor: Set(isi_baru.nomor.clone()),
        ditetapkan_di: Set(isi_baru.ditetapkan_di.clone()),
        tanggal: Set(isi_baru.tanggal.clone()),
        penetap_jabatan: Set(isi_baru.penetap.0.clone()),
        penetap_nama: Set(isi_baru.penetap.1.clone()),
        salinan_unit: Set(isi_baru.salinan.0.clone()),
        salinan_jabatan: Set(isi_baru.salinan.1.clone()),
        salinan_nama: Set(isi_baru.salinan.2.clone()),
        menimbang: Set(teks(&isi_baru.menimbang)?),
        mengingat: Set(teks(&isi_baru.mengingat)?),
        diktum: Set(teks(&isi_baru.diktum)?),
        ..Default::default()
    };
    repo::simpan(&txn, k.id, m).await?;
    let rows = isi_baru
        .baris
        .iter()
        .enumerate()
        .map(|(i, (tujuan, sasaran, indikator, keterangan, katalog_id))| iku_baris::ActiveModel {
            urutan: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            tujuan: Set(tujuan.clone()),
            sasaran: Set(sasaran.clone()),
            indikator: Set(indikator.clone()),
            keterangan: Set(keterangan.clone()),
            katalog_id: Set(*katalog_id),
            ..Default::default()
        })
        .collect();
    repo::ganti_baris(&txn, k.id, rows).await?;
    catat(&txn, t, satker, "iku.simpan", (dok, tahun, k.versi), lama.map(|l| json!(l)), Some(json!(isi_baru))).await?;
    super::konsistensi::perbarui(&txn, scope, satker, tahun).await?;
    let isi = view(&txn, scope, satker, tahun, &k).await?;
    if t.dry_run {
        txn.rollback().await?;
    } else {
        crate::db::komit(txn).await?;
    }
    Ok(Hasil { berubah: true, dry_run: t.dry_run, isi })
}

//! Bukti dukung: evidence files uploaded by a satker, judged by their bytes, stored once per
//! content, attached to the rows of its documents, read by whoever may read those documents.

pub mod bersih;
pub mod simpan;

use bytes::Bytes;
use entity::bukti;
use futures_util::{Stream, StreamExt};
use sea_orm::{DatabaseConnection, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::domain::bukti::{Ditolak, JenisBerkas, Pengenal, nama_sah};
use crate::error::{AppError, FieldError};
use crate::registry::{Registry, SatkerRef};
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::bukti as repo;
use crate::repo::{SatkerMilik, Scope};
use crate::view::{BuktiView, DaftarBukti, PemakaianBukti, PemakaianBuktiSatker};
pub use simpan::Penyimpan;

/// What the service allows: the largest file and a satker's quota, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct Batas {
    pub maks: u64,
    pub kuota: u64,
}

/// The evidence ids a document row lists, as its `bukti` column stores them: comma-separated,
/// none when the list is empty (an empty list clears).
pub fn kolom(kode: &[String]) -> Option<String> {
    (!kode.is_empty()).then(|| kode.join(","))
}

/// The evidence ids of a stored `bukti` column.
pub fn dari_kolom(k: Option<&str>) -> Vec<String> {
    k.map(|k| k.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

/// An evidence file as shown, under the satker's path.
pub fn view(satker: &str, b: bukti::Model) -> BuktiView {
    BuktiView {
        tautan: format!("/api/v1/satker/{satker}/bukti/{}", b.kode),
        terlampir: b.dilampirkan_pada.is_some(),
        id: b.kode,
        nama: b.nama,
        ukuran: b.ukuran,
        media: b.media,
        sha256: b.sha256,
        pengunggah: b.pengunggah,
        diunggah: b.dibuat,
    }
}

fn terlalu_besar(maks: u64) -> AppError {
    AppError::Berkas {
        kode: "berkas_terlalu_besar",
        status: actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        pesan: format!("Berkas bukti paling besar {} MB (KINERJA_BUKTI_MAKS_MB).", maks / (1024 * 1024)),
    }
}

fn kuota_habis(kuota: u64, terpakai: i64) -> AppError {
    AppError::Berkas {
        kode: "kuota_bukti_habis",
        status: actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        pesan: format!(
            "Kuota bukti satker ini {} GB sudah terpakai {} MB; hapus bukti yang tidak terlampir atau minta kuota \
             ditambah (KINERJA_BUKTI_KUOTA_GB).",
            kuota / (1024 * 1024 * 1024),
            terpakai / (1024 * 1024)
        ),
    }
}

/// An upload as asked: the satker, its name, and the length it announced, if any.
pub struct Unggahan<'a> {
    pub satker: &'a SatkerRef,
    pub nama: Option<&'a str>,
    pub panjang: Option<u64>,
    pub pelaku: &'a Pelaku,
    pub request_id: Option<String>,
}

/// Streams an upload into storage, hashing and judging it on the way, and records it. Nothing
/// is recorded unless the object is in place; a refused or broken upload leaves nothing.
pub async fn unggah<S, E>(
    db: &DatabaseConnection,
    penyimpan: &Penyimpan,
    batas: Batas,
    scope: &Scope,
    u: Unggahan<'_>,
    mut isi: S,
) -> Result<BuktiView, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let milik = scope.milik(u.satker)?;
    let nama = match u.nama.map(nama_sah) {
        None => Err("nama berkas wajib: ?nama=… atau Content-Disposition: attachment; filename=\"…\""),
        Some(r) => r,
    }
    .map_err(|m| AppError::Validation(vec![FieldError::new("nama", m)]))?;
    if u.panjang.is_some_and(|p| p > batas.maks) {
        return Err(terlalu_besar(batas.maks));
    }
    let terpakai = repo::pemakaian(db, milik).await?;
    let sisa = i64::try_from(batas.kuota).unwrap_or(i64::MAX).saturating_sub(terpakai);
    if sisa <= 0 || u.panjang.is_some_and(|p| i64::try_from(p).unwrap_or(i64::MAX) > sisa) {
        return Err(kuota_habis(batas.kuota, terpakai));
    }
    let mut tulisan = penyimpan.mulai().await?;
    let mut hash = Sha256::new();
    let mut pengenal = Pengenal::default();
    let hasil: Result<(), AppError> = async {
        while let Some(potongan) = isi.next().await {
            let potongan =
                potongan.map_err(|e| AppError::BadRequest(format!("Unggahan terputus sebelum selesai: {e}.")))?;
            pengenal.lihat(&potongan);
            if pengenal.ukuran() > batas.maks {
                return Err(terlalu_besar(batas.maks));
            }
            hash.update(&potongan);
            tulisan.tulis(&potongan).await?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = hasil {
        tulisan.batal().await;
        return Err(e);
    }
    let jenis = match pengenal.jenis() {
        Ok(j) => j,
        Err(d) => {
            tulisan.batal().await;
            return Err(match d {
                Ditolak::Kosong => AppError::Validation(vec![FieldError::new("berkas", "berkas kosong")]),
                Ditolak::BukanJenis => AppError::Berkas {
                    kode: "jenis_berkas_ditolak",
                    status: actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    pesan: "Bukti dukung harus PDF, PNG, JPEG, XLSX, DOCX, ODT atau ODS (dinilai dari isinya, bukan \
                            namanya)."
                        .into(),
                },
                Ditolak::Makro => AppError::Berkas {
                    kode: "jenis_berkas_ditolak",
                    status: actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    pesan: "Dokumen Office bermakro tidak diterima; simpan ulang sebagai .xlsx/.docx tanpa makro."
                        .into(),
                },
            });
        }
    };
    let ukuran = i64::try_from(pengenal.ukuran()).unwrap_or(i64::MAX);
    if ukuran > sisa {
        tulisan.batal().await;
        return Err(kuota_habis(batas.kuota, terpakai));
    }
    let sementara = tulisan.selesai().await?;
    let sha256: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let kode = format!("bkt_{}", uuid::Uuid::new_v4().simple());
    let simpan = async {
        let txn = crate::db::begin_write(db).await?;
        // The content's row first: a cleaner removing the same content waits for it, so the
        // object moved into place below is never removed under this row.
        if repo::klaim_berkas(&txn, &sha256, ukuran, jenis.media()).await? {
            penyimpan.tetapkan(&sementara, &sha256).await?;
        } else {
            penyimpan.hapus(&sementara).await?;
        }
        let saved = repo::simpan(
            &txn,
            bukti::ActiveModel {
                kode: Set(kode.clone()),
                satker_id: Set(milik.id()),
                sha256: Set(sha256.clone()),
                nama: Set(nama.clone()),
                ukuran: Set(ukuran),
                media: Set(jenis.media().into()),
                pengunggah: Set(u.pelaku.sub.clone()),
                dibuat: Set(chrono::Utc::now()),
                dilampirkan_pada: Set(None),
                ..Default::default()
            },
        )
        .await?;
        audit::catat(
            &txn,
            Jejak {
                pelaku: u.pelaku,
                satker_id: Some(milik.id()),
                aksi: "bukti.unggah",
                objek: format!("bukti:{kode}"),
                sebelum: None,
                sesudah: Some(json!({ "nama": nama, "ukuran": ukuran, "media": jenis.media(), "sha256": sha256 })),
                request_id: u.request_id.clone(),
            },
        )
        .await?;
        crate::db::komit(txn).await?;
        Ok::<_, AppError>(saved)
    };
    match simpan.await {
        Ok(saved) => Ok(view(&u.satker.kode, saved)),
        Err(e) => {
            // The temporary object may still be there (it is removed by the hourly cleaning
            // anyway); the content at its address is left for the cleaner to judge.
            let _ = penyimpan.hapus(&sementara).await;
            Err(e)
        }
    }
}

pub async fn daftar(
    db: &DatabaseConnection,
    batas: Batas,
    scope: &Scope,
    satker: &SatkerRef,
) -> Result<DaftarBukti, AppError> {
    let milik = scope.milik(satker)?;
    let bukti = repo::daftar(db, milik).await?.into_iter().map(|b| view(&satker.kode, b)).collect();
    Ok(DaftarBukti {
        bukti,
        terpakai: repo::pemakaian(db, milik).await?,
        kuota: i64::try_from(batas.kuota).unwrap_or(i64::MAX),
    })
}

fn tidak_ada(kode: &str) -> AppError {
    AppError::NotFound(format!("Bukti {} tidak ditemukan.", crate::domain::teks::kutip(kode)))
}

/// What a read serves: the metadata, the range asked (if any), and the bytes.
pub struct Sajian {
    pub bukti: bukti::Model,
    pub jenis: Option<JenisBerkas>,
    pub rentang: Option<(u64, u64)>,
    pub isi: futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>,
}

/// One evidence file of the satker, whole or the range asked; `Err(None)` in the range's place
/// means it lies outside the file (416).
pub async fn baca(
    db: &DatabaseConnection,
    penyimpan: &Penyimpan,
    scope: &Scope,
    satker: &SatkerRef,
    kode: &str,
    range: Option<&str>,
) -> Result<Result<Sajian, (bukti::Model, u64)>, AppError> {
    let milik = scope.milik(satker)?;
    let b = repo::satu(db, milik, kode).await?.ok_or_else(|| tidak_ada(kode))?;
    let ukuran = u64::try_from(b.ukuran).unwrap_or(0);
    let rentang = match crate::domain::bukti::rentang(range, ukuran) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(())) => return Ok(Err((b, ukuran))),
    };
    let isi = penyimpan.baca(&b.sha256, rentang).await?;
    Ok(Ok(Sajian { jenis: JenisBerkas::dari_media(&b.media), bukti: b, rentang, isi }))
}

/// Removes an upload no document rests on; one attached is kept with its document.
pub async fn hapus(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    kode: &str,
    pelaku: &Pelaku,
    request_id: Option<String>,
) -> Result<(), AppError> {
    let milik = scope.milik(satker)?;
    let b = repo::satu(db, milik, kode).await?.ok_or_else(|| tidak_ada(kode))?;
    if b.dilampirkan_pada.is_some() {
        return Err(AppError::Terkunci {
            kode: "bukti_terlampir",
            pesan: "Bukti ini sudah menjadi dasar dokumen dan disimpan bersamanya; tidak dapat dihapus.".into(),
        });
    }
    let txn = crate::db::begin_write(db).await?;
    if !repo::hapus_lepas(&txn, milik, kode).await? {
        return Err(tidak_ada(kode));
    }
    audit::catat(
        &txn,
        Jejak {
            pelaku,
            satker_id: Some(milik.id()),
            aksi: "bukti.hapus",
            objek: format!("bukti:{kode}"),
            sebelum: Some(json!({ "nama": b.nama, "sha256": b.sha256 })),
            sesudah: None,
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(())
}

/// Each satker's evidence usage in a subtree (for its provinsi).
pub async fn pemakaian(
    db: &DatabaseConnection,
    registry: &Registry,
    batas: Batas,
    scope: &Scope,
    akar: &SatkerRef,
) -> Result<PemakaianBukti, AppError> {
    let lingkup = scope.di_bawah(akar)?;
    let baris = repo::pemakaian_satker(db, lingkup.satker_ids()).await?;
    let mut satker: Vec<PemakaianBuktiSatker> = baris
        .into_iter()
        .filter_map(|(id, jumlah, ukuran)| {
            registry.by_id(id).map(|s| PemakaianBuktiSatker {
                satker: s.kode.clone(),
                nama: s.nama.clone(),
                jumlah,
                ukuran,
            })
        })
        .collect();
    satker.sort_by(|a, b| b.ukuran.cmp(&a.ukuran).then(a.satker.cmp(&b.satker)));
    Ok(PemakaianBukti { satker, kuota_per_satker: i64::try_from(batas.kuota).unwrap_or(i64::MAX) })
}

/// The evidence among `kode` that the satker has, for a document that lists them: the ids it
/// does not have are field errors at `path`.
pub async fn periksa_lampiran(
    db: &impl sea_orm::ConnectionTrait,
    milik: SatkerMilik,
    daftar: &[(String, Vec<String>)],
) -> Result<Vec<FieldError>, AppError> {
    let semua: Vec<String> = daftar.iter().flat_map(|(_, k)| k.iter().cloned()).collect();
    let ada: std::collections::HashSet<String> =
        repo::menurut_kode(db, milik, &semua).await?.into_iter().map(|b| b.kode).collect();
    let mut errors = Vec::new();
    for (path, kode) in daftar {
        for (j, k) in kode.iter().enumerate().filter(|(_, k)| !ada.contains(*k)) {
            errors.push(FieldError::new(
                format!("{path}.bukti[{j}]"),
                format!("bukti '{}' tidak ada di satker ini", crate::domain::teks::kutip(k)),
            ));
        }
    }
    Ok(errors)
}

/// The evidence of one realisasi report, per indicator that lists any (for a verifier's queue).
pub async fn per_indikator(
    db: &DatabaseConnection,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    triwulan: i16,
) -> Result<Vec<(String, Vec<BuktiView>)>, AppError> {
    let milik = scope.milik(satker)?;
    let baris = repo::lampiran_realisasi(db, milik, tahun, triwulan).await?;
    let kode: Vec<String> = baris.iter().flat_map(|(_, b)| dari_kolom(Some(b))).collect();
    let semua: std::collections::HashMap<String, bukti::Model> =
        repo::menurut_kode(db, milik, &kode).await?.into_iter().map(|b| (b.kode.clone(), b)).collect();
    Ok(baris
        .into_iter()
        .map(|(ind, b)| {
            let v = dari_kolom(Some(&b))
                .iter()
                .filter_map(|k| semua.get(k).cloned())
                .map(|m| view(&satker.kode, m))
                .collect();
            (ind, v)
        })
        .collect())
}

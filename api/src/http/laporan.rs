//! The Laporan Kinerja over REST: one view, answered as JSON, as a Word document or as a
//! printable page, by `?format=` or `Accept`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::tahun;
use crate::auth::{Principal, Target};
use crate::error::{AppError, FieldError};
use crate::lkj;
use crate::repo::Scope;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Bentuk {
    pub(super) format: Option<String>,
}

/// An LKj's query: the format, and who it is for (`serah`: the version to sign and submit,
/// without the Catatan Verifikasi; `periksa`, the default: the reviewer's, with it).
#[derive(Deserialize)]
pub struct BentukLkj {
    format: Option<String>,
    untuk: Option<String>,
}

impl BentukLkj {
    fn untuk(&self) -> Result<lkj::Untuk, AppError> {
        match self.untuk.as_deref() {
            None => Ok(lkj::Untuk::default()),
            Some(u) => lkj::Untuk::dari(u)
                .ok_or_else(|| AppError::Validation(vec![FieldError::new("untuk", "harus serah atau periksa")])),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Jenis {
    Json,
    Docx,
    Html,
}

/// `?format=` wins; else the first of the media types `Accept` names that we serve; else JSON.
pub(super) fn jenis(req: &HttpRequest, format: Option<&str>) -> Result<Jenis, AppError> {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("json") => return Ok(Jenis::Json),
        Some("docx") => return Ok(Jenis::Docx),
        Some("html") => return Ok(Jenis::Html),
        Some(_) => return Err(AppError::Validation(vec![FieldError::new("format", "harus json, docx atau html")])),
        None => {}
    }
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    for m in accept.split(',').map(|m| m.split(';').next().unwrap_or("").trim()) {
        match m {
            lkj::DOCX => return Ok(Jenis::Docx),
            "text/html" => return Ok(Jenis::Html),
            "application/json" => return Ok(Jenis::Json),
            _ => {}
        }
    }
    Ok(Jenis::Json)
}

/// What a document that is also a workbook is asked as: `None` for the workbook
/// (`?format=xlsx` or its `Accept`), else JSON or the document to sign.
pub(super) fn jenis_atau_buku(req: &HttpRequest, format: Option<&str>) -> Result<Option<Jenis>, AppError> {
    match format {
        Some(f) if f.eq_ignore_ascii_case("xlsx") => Ok(None),
        Some(f) if ["json", "docx", "html"].iter().any(|x| f.eq_ignore_ascii_case(x)) => jenis(req, format).map(Some),
        Some(_) => Err(AppError::Validation(vec![FieldError::new("format", "harus json, xlsx, docx atau html")])),
        None if crate::xlsx::diminta(req, None)? => Ok(None),
        None => jenis(req, None).map(Some),
    }
}

pub async fn get_lkj(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<BentukLkj>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let (jenis, untuk) = (jenis(&req, bentuk.format.as_deref())?, bentuk.untuk()?);
    let view = crate::service::lkj::satker(&state.db, &state.registry, &scope, &target.0, tahun).await?;
    jawab((jenis, untuk), nama_berkas(&target.0.kode, tahun, untuk), view, lkj::susun).await
}

/// A provinsi's LKj with the annex over every satker below it; at `00`, KPU RI's, with one
/// annex row per provinsi.
pub async fn get_lkj_provinsi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<BentukLkj>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if target.0.tingkat != "provinsi" && target.0.tingkat != "pusat" {
        return Err(AppError::NotFound(format!("Provinsi {} tidak ditemukan.", target.0.kode)));
    }
    let tahun = tahun(&path.1)?;
    let (jenis, untuk) = (jenis(&req, bentuk.format.as_deref())?, bentuk.untuk()?);
    let view =
        crate::service::lkj::provinsi(&state.db, &state.registry, &state.cache, &scope, &target.0, tahun).await?;
    jawab((jenis, untuk), nama_berkas(&target.0.kode, tahun, untuk), view, lkj::susun_provinsi).await
}

/// `lkj-18.03-2024`, and `lkj-18.03-2024-serah` for the version to submit.
fn nama_berkas(kode: &str, tahun: i32, untuk: lkj::Untuk) -> String {
    match untuk {
        lkj::Untuk::Serah => format!("lkj-{kode}-{tahun}-serah"),
        lkj::Untuk::Periksa => format!("lkj-{kode}-{tahun}"),
    }
}

/// The view as JSON, or laid out by `susun` for whom it is and rendered as asked.
async fn jawab<V: serde::Serialize + Send + 'static>(
    (jenis, untuk): (Jenis, lkj::Untuk),
    nama: String,
    view: V,
    susun: fn(&V, lkj::Untuk) -> lkj::Laporan,
) -> Result<HttpResponse, AppError> {
    if jenis == Jenis::Json {
        return Ok(HttpResponse::Ok().insert_header((header::VARY, "Accept")).json(view));
    }
    cetak(jenis, nama, view, move |v, jenis| {
        let laporan = susun(v, untuk);
        match jenis {
            Jenis::Docx => lkj::docx::tulis(&laporan),
            _ => Ok(lkj::html::tulis(&laporan)?.into_bytes()),
        }
    })
    .await
}

/// A document rendered by `tulis` off the executor, as Word or as the printable page, and
/// answered as the file `nama` (Word to save, the page to show).
pub(super) async fn cetak<V: Send + 'static>(
    jenis: Jenis,
    nama: String,
    view: V,
    tulis: impl FnOnce(&V, Jenis) -> Result<Vec<u8>, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let body = web::block(move || tulis(&view, jenis)).await.map_err(AppError::internal)??;
    let (media, ext, disposisi) = match jenis {
        Jenis::Docx => (lkj::DOCX, "docx", "attachment"),
        _ => ("text/html; charset=utf-8", "html", "inline"),
    };
    Ok(HttpResponse::Ok()
        .content_type(media)
        .insert_header((header::CONTENT_DISPOSITION, format!("{disposisi}; filename=\"{nama}.{ext}\"")))
        .insert_header((header::VARY, "Accept"))
        .body(body))
}

/// The satker's own chapters of its LKj (empty, version 0, while none are stored).
pub async fn get_narasi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    Ok(super::protokol::read(&req, crate::service::lkj::get_narasi(&state.db, &scope, &target.0, tahun).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn put_narasi(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<super::protokol::Opsi>,
    body: super::Isi<serde_json::Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let isi = crate::domain::dokumen::narasi::parse_narasi(&body).map_err(AppError::Validation)?;
    let asal = super::protokol::Permintaan::dari(&req, &p);
    let t = asal.tulis(opsi.dry_run);
    let h = crate::service::lkj::put_narasi(&state.db, &scope, &target.0, tahun, isi, &t).await?;
    Ok(super::protokol::written(h))
}

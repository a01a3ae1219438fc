//! Bukti dukung over HTTP: upload as the raw body (`?nama=` or `Content-Disposition` names it),
//! list, read (with ranges, in a sandbox), remove an unattached one, and a provinsi's usage.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::request_id;
use crate::auth::{Principal, Target};
use crate::error::AppError;
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::service::bukti::{self as service, Unggahan};
use crate::state::AppState;

fn pelaku(p: &Principal) -> Pelaku {
    Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() }
}

#[derive(Deserialize)]
pub struct UnggahQuery {
    nama: Option<String>,
}

/// The `filename` of a `Content-Disposition` header (the plain form; `filename*` when given).
fn nama_dari_header(req: &HttpRequest) -> Option<String> {
    let v = req.headers().get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
    let cd = header::ContentDisposition::from_raw(&header::HeaderValue::from_str(v).ok()?).ok()?;
    cd.get_filename_ext()
        .and_then(|f| String::from_utf8(f.value.clone()).ok())
        .or_else(|| cd.get_filename().map(str::to_string))
}

/// What a multipart form's parts around the file may add to the body's length.
const SELIMUT_MULTIPART: u64 = 64 * 1024;

/// Takes the file as the whole body (`?nama=` or `Content-Disposition` names it), or as the
/// first file part of a `multipart/form-data` form (its own file name names it), as a browser
/// or `curl -F berkas=@…` sends it.
pub async fn unggah(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    q: web::Query<UnggahQuery>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let panjang = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let pl = pelaku(&p);
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let v = if multipart {
        use futures_util::TryStreamExt;
        let mut form = actix_multipart::Multipart::new(req.headers(), payload);
        let mut berkas = None;
        while let Some(field) = form
            .try_next()
            .await
            .map_err(|e| AppError::BadRequest(format!("Formulir multipart tidak dapat dibaca: {e}.")))?
        {
            let nama_berkas = field.content_disposition().and_then(|cd| cd.get_filename().map(str::to_string));
            if let Some(n) = nama_berkas {
                berkas = Some((n, field));
                break;
            }
        }
        let Some((nama_berkas, field)) = berkas else {
            return Err(AppError::Validation(vec![crate::error::FieldError::new(
                "berkas",
                "formulir tidak memuat berkas (bagian dengan filename)",
            )]));
        };
        let nama = q.nama.clone().unwrap_or(nama_berkas);
        // The form's length is the file's and a little more: only what is surely too large is
        // refused before reading.
        let panjang = panjang.map(|p| p.saturating_sub(SELIMUT_MULTIPART));
        let u = Unggahan { satker: &target.0, nama: Some(&nama), panjang, pelaku: &pl, request_id: request_id(&req) };
        service::unggah(&state.db, &state.bukti, state.bukti_batas, &scope, u, field).await?
    } else {
        let nama = q.nama.clone().or_else(|| nama_dari_header(&req));
        let u =
            Unggahan { satker: &target.0, nama: nama.as_deref(), panjang, pelaku: &pl, request_id: request_id(&req) };
        service::unggah(&state.db, &state.bukti, state.bukti_batas, &scope, u, payload).await?
    };
    Ok(HttpResponse::Created().insert_header((header::LOCATION, v.tautan.clone())).json(v))
}

pub async fn daftar(scope: Scope, target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar(&state.db, state.bukti_batas, &scope, &target.0).await?))
}

pub async fn baca(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let kode = path.into_inner().1;
    let range = req.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
    let sajian = match service::baca(&state.db, &state.bukti, &scope, &target.0, &kode, range).await? {
        Ok(s) => s,
        Err((_, ukuran)) => {
            let mut r = actix_web::ResponseError::error_response(&AppError::Berkas {
                kode: "rentang_di_luar_berkas",
                status: actix_web::http::StatusCode::RANGE_NOT_SATISFIABLE,
                pesan: format!("Range yang diminta di luar berkas ({ukuran} byte)."),
            });
            if let Ok(v) = header::HeaderValue::from_str(&format!("bytes */{ukuran}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return Ok(r);
        }
    };
    let b = &sajian.bukti;
    let tampil = sajian.jenis.is_some_and(|j| j.tampil());
    let mut res = match sajian.rentang {
        Some((a, z)) => {
            let mut r = HttpResponse::PartialContent();
            r.insert_header((header::CONTENT_RANGE, format!("bytes {a}-{z}/{}", b.ukuran)));
            r.no_chunking(z - a + 1);
            r
        }
        None => {
            let mut r = HttpResponse::Ok();
            r.no_chunking(u64::try_from(b.ukuran).unwrap_or(0));
            r
        }
    };
    res.insert_header((header::CONTENT_TYPE, b.media.clone()))
        .insert_header((header::CONTENT_DISPOSITION, crate::domain::bukti::disposisi(&b.nama, tampil)))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::ETAG, format!("\"{}\"", b.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400, immutable"))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header((
            "content-security-policy",
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ));
    Ok(res.streaming(sajian.isi))
}

pub async fn hapus(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let kode = path.into_inner().1;
    service::hapus(&state.db, &scope, &target.0, &kode, &pelaku(&p), request_id(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn pemakaian(scope: Scope, target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let v = service::pemakaian(&state.db, &state.registry, state.bukti_batas, &scope, &target.0).await?;
    Ok(HttpResponse::Ok().json(v))
}

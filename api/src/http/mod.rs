//! HTTP: the route table and request/response shapes. Handlers parse, call a service, render.
//! Every route is declared once in [`table`] with the permission it needs; the auth guard
//! reads the same table, and the cross-tenant test suite iterates it.

pub(crate) mod admin;
mod agregat;
pub mod alamat;
mod aturan;
mod auth;
mod bukti;
mod dasbor;
mod dokumen;
mod graphql;
mod iku;
mod indikator;
mod katalog;
mod langganan;
mod laporan;
mod masukan;
pub mod middleware;
pub mod openapi;
mod ops;
mod periode;
mod perubahan;
mod protokol;
mod satker;

use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{FromRequest, Handler, HttpMessage, HttpRequest, HttpResponse, Responder, Route, web};

use crate::auth::guard::{RouteTable, authorize};
use crate::domain::akses::Izin;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub izin: Izin,
}

fn entry<F, Args>(method: Method, path: &'static str, izin: Izin, handler: F) -> (RouteInfo, Route)
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    (RouteInfo { method: method.clone(), path, izin }, web::route().method(method).to(handler))
}

fn table() -> Vec<(RouteInfo, Route)> {
    use Izin::*;
    use Method as M;
    vec![
        // The router tries resources in this order, matching each pattern with a `{…}` by a
        // regular expression: the totals and GraphQL, asked most often, come first (each of
        // these paths matches no other pattern; issue 28).
        entry(M::GET, "/api/v1/provinsi/{kode}/ringkasan", Agregat, agregat::provinsi),
        entry(M::GET, "/api/v1/nasional/ringkasan", Nasional, agregat::nasional),
        entry(M::POST, "/graphql", Masuk, graphql::post),
        entry(M::GET, "/graphql", Masuk, graphql::get),
        entry(M::GET, "/health", Publik, ops::health),
        entry(M::GET, "/ready", Publik, ops::ready),
        entry(M::GET, "/metrics", Publik, ops::metrics),
        entry(M::GET, "/.well-known/jwks.json", Publik, auth::jwks),
        entry(M::POST, "/api/v1/auth/token", Publik, auth::token),
        entry(M::GET, "/api/v1/auth/saya", Masuk, auth::saya),
        entry(M::GET, "/api/v1/satker", Masuk, satker::daftar),
        entry(M::GET, "/api/v1/satker/{kode}", Baca, satker::detail),
        entry(M::GET, "/api/v1/satker/{kode}/klien", Kelola, admin::daftar_klien),
        entry(M::POST, "/api/v1/satker/{kode}/klien", Kelola, admin::buat_klien),
        entry(M::POST, "/api/v1/satker/{kode}/klien/{client_id}/cabut", Kelola, admin::cabut_klien),
        entry(M::GET, "/api/v1/satker/{kode}/pengguna", Kelola, admin::daftar_pengguna),
        entry(M::POST, "/api/v1/satker/{kode}/pengguna", Kelola, admin::buat_pengguna),
        entry(M::POST, "/api/v1/satker/{kode}/pengguna/{username}/cabut", Kelola, admin::cabut_pengguna),
        entry(M::GET, "/api/v1/satker/{kode}/pk/{tahun}", Baca, dokumen::get_pk),
        entry(M::PUT, "/api/v1/satker/{kode}/pk/{tahun}", Tulis, dokumen::put_pk),
        entry(M::POST, "/api/v1/satker/{kode}/pk/{tahun}/ajukan", Tulis, dokumen::ajukan_pk),
        entry(M::POST, "/api/v1/satker/{kode}/pk/{tahun}/setujui", Verifikasi, dokumen::setujui_pk),
        entry(M::POST, "/api/v1/satker/{kode}/pk/{tahun}/kembalikan", Verifikasi, dokumen::kembalikan_pk),
        entry(M::GET, "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}", Baca, dokumen::get_realisasi),
        entry(M::PUT, "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}", Tulis, dokumen::put_realisasi),
        entry(M::POST, "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/ajukan", Tulis, dokumen::ajukan_realisasi),
        entry(
            M::POST,
            "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/setujui",
            Verifikasi,
            dokumen::setujui_realisasi,
        ),
        entry(
            M::POST,
            "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/kembalikan",
            Verifikasi,
            dokumen::kembalikan_realisasi,
        ),
        entry(M::GET, "/api/v1/satker/{kode}/iku/{tahun}", Baca, iku::get),
        entry(M::PUT, "/api/v1/satker/{kode}/iku/{tahun}", Tulis, iku::put),
        entry(M::POST, "/api/v1/satker/{kode}/iku/{tahun}/ajukan", Tulis, iku::ajukan),
        entry(M::POST, "/api/v1/satker/{kode}/iku/{tahun}/setujui", Verifikasi, iku::setujui),
        entry(M::POST, "/api/v1/satker/{kode}/iku/{tahun}/kembalikan", Verifikasi, iku::kembalikan),
        entry(M::GET, "/api/v1/satker/{kode}/anggaran/{tahun}", Baca, dokumen::get_anggaran),
        entry(M::GET, "/api/v1/satker/{kode}/lkj/{tahun}", Baca, laporan::get_lkj),
        entry(M::GET, "/api/v1/satker/{kode}/lkj/{tahun}/narasi", Baca, laporan::get_narasi),
        entry(M::PUT, "/api/v1/satker/{kode}/lkj/{tahun}/narasi", Tulis, laporan::put_narasi),
        entry(M::PUT, "/api/v1/satker/{kode}/anggaran/{tahun}", Tulis, dokumen::put_anggaran),
        entry(M::GET, "/api/v1/satker/{kode}/riwayat", Baca, dokumen::riwayat),
        entry(M::POST, "/api/v1/satker/{kode}/bukti", Tulis, bukti::unggah),
        entry(M::GET, "/api/v1/satker/{kode}/bukti", Baca, bukti::daftar),
        entry(M::GET, "/api/v1/satker/{kode}/bukti/{id}", Baca, bukti::baca),
        entry(M::DELETE, "/api/v1/satker/{kode}/bukti/{id}", Tulis, bukti::hapus),
        entry(M::GET, "/api/v1/provinsi/{kode}/bukti", Agregat, bukti::pemakaian),
        entry(M::GET, "/api/v1/satker/{kode}/aturan-capaian", Baca, aturan::get),
        entry(M::PUT, "/api/v1/satker/{kode}/aturan-capaian", Kelola, aturan::put),
        entry(M::DELETE, "/api/v1/satker/{kode}/aturan-capaian", Kelola, aturan::delete),
        entry(M::GET, "/api/v1/periode/{tahun}", Masuk, periode::daftar),
        entry(M::GET, "/api/v1/perubahan", Masuk, perubahan::umpan),
        entry(M::GET, "/api/v1/langganan", Masuk, langganan::daftar),
        entry(M::POST, "/api/v1/langganan", Masuk, langganan::buat),
        entry(M::GET, "/api/v1/langganan/{id}", Masuk, langganan::satu),
        entry(M::DELETE, "/api/v1/langganan/{id}", Masuk, langganan::hapus),
        entry(M::POST, "/api/v1/langganan/{id}/jeda", Masuk, langganan::jeda),
        entry(M::POST, "/api/v1/langganan/{id}/lanjutkan", Masuk, langganan::lanjutkan),
        entry(M::POST, "/api/v1/langganan/{id}/rotasi", Masuk, langganan::rotasi),
        entry(M::GET, "/api/v1/langganan/{id}/parkir", Masuk, langganan::parkir),
        entry(M::POST, "/api/v1/langganan/{id}/parkir/kirim-ulang", Masuk, langganan::kirim_ulang),
        entry(M::GET, "/api/v1/katalog", Masuk, katalog::daftar),
        entry(M::GET, "/api/v1/katalog/{periode}", Masuk, katalog::terlihat),
        entry(M::PUT, "/api/v1/katalog/{periode}", KelolaNasional, katalog::put_nasional),
        entry(M::GET, "/api/v1/satker/{kode}/katalog/{periode}", Baca, katalog::get),
        entry(M::PUT, "/api/v1/satker/{kode}/katalog/{periode}", Kelola, katalog::put),
        entry(M::GET, "/api/v1/provinsi/{kode}/lkj/{tahun}", Agregat, laporan::get_lkj_provinsi),
        entry(M::GET, "/api/v1/provinsi/{kode}/indikator/{katalog}", Agregat, indikator::provinsi),
        entry(M::GET, "/api/v1/nasional/indikator/{katalog}", Nasional, indikator::nasional),
        entry(M::GET, "/graphiql", Publik, dasbor::graphiql),
        entry(M::GET, "/api/v1/openapi.json", Publik, openapi::json_doc),
        entry(M::GET, "/docs", Publik, openapi::html),
        entry(M::PUT, "/api/v1/satker/{kode}/periode/{tahun}/{jenis}", Kelola, periode::tetapkan),
        entry(M::POST, "/api/v1/satker/{kode}/periode/{tahun}/{jenis}/buka", Verifikasi, periode::buka),
        // Pages (HTML; the session cookie is accepted here, see `auth::sesi`).
        entry(M::GET, "/", Publik, dasbor::beranda),
        entry(M::GET, "/aset/{nama}", Publik, crate::halaman::aset::get),
        entry(M::GET, "/dasbor/masuk", Publik, dasbor::masuk_form),
        entry(M::POST, "/dasbor/masuk", Publik, dasbor::masuk),
        entry(M::POST, "/dasbor/keluar", Dasbor, dasbor::keluar),
        entry(M::GET, "/dasbor", Dasbor, dasbor::ringkasan),
        entry(M::GET, "/dasbor/verifikasi", Dasbor, dasbor::verifikasi),
        entry(M::GET, "/dasbor/indikator", Dasbor, dasbor::indikator),
        entry(M::GET, "/dasbor/satker/{kode}", Dasbor, dasbor::satker),
        entry(M::POST, "/dasbor/satker/{kode}/pk/{tahun}/{aksi}", Verifikasi, dasbor::putuskan_pk),
        entry(
            M::POST,
            "/dasbor/satker/{kode}/realisasi/{tahun}/{triwulan}/{aksi}",
            Verifikasi,
            dasbor::putuskan_realisasi,
        ),
        // The downloads a page links to: the API's own handlers, reached with the session.
        entry(M::GET, "/dasbor/provinsi/{kode}/ringkasan", Agregat, agregat::provinsi),
        entry(M::GET, "/dasbor/nasional/ringkasan", Nasional, agregat::nasional),
        entry(M::GET, "/dasbor/satker/{kode}/lkj/{tahun}", Dasbor, laporan::get_lkj),
        entry(M::GET, "/dasbor/satker/{kode}/iku/{tahun}", Dasbor, iku::get),
        entry(M::GET, "/dasbor/satker/{kode}/pk/{tahun}", Dasbor, dokumen::get_pk),
        entry(M::GET, "/dasbor/satker/{kode}/bukti/{id}", Dasbor, bukti::baca),
        entry(M::GET, "/dasbor/provinsi/{kode}/lkj/{tahun}", Agregat, laporan::get_lkj_provinsi),
    ]
}

/// Every route with the permission it needs.
pub fn route_infos() -> Vec<RouteInfo> {
    table().into_iter().map(|(info, _)| info).collect()
}

/// Whether a route is a page for people (or a file a page loads) rather than part of the API:
/// the OpenAPI document describes the API alone.
pub fn halaman(path: &str) -> bool {
    path == "/" || path.starts_with("/aset/") || crate::auth::sesi::rute_halaman(path)
}

/// The guard's table of permissions, from the route table.
pub fn route_table() -> RouteTable {
    RouteTable::new(route_infos().into_iter().map(|r| (r.method, r.path, r.izin)))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Per path: its routes, and the methods they serve (the `Allow` of its 405).
    let mut by_path: Vec<(&'static str, Vec<Route>, Vec<String>)> = Vec::new();
    for (info, route) in table() {
        let method = info.method.to_string();
        match by_path.iter_mut().find(|(p, _, _)| *p == info.path) {
            Some((_, routes, methods)) => {
                routes.push(route);
                methods.push(method);
            }
            None => by_path.push((info.path, vec![route], vec![method])),
        }
    }
    for (path, routes, methods) in by_path {
        let allow = methods.join(", ");
        let mut resource = web::resource(path).app_data(middleware::Pola(path)).default_service(web::to(move || {
            let allow = allow.clone();
            async move { Err::<HttpResponse, AppError>(AppError::MethodNotAllowed(allow)) }
        }));
        for r in routes {
            resource = resource.route(r);
        }
        cfg.service(resource.wrap(from_fn(authorize)));
    }
}

/// Any path the router does not know answers with problem+json, like every other error.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound(format!("Alamat {} tidak ada.", req.path())))
}

/// Malformed or mistyped JSON bodies become problem+json, never actix's plain-text default.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(1024 * 1024).error_handler(|err, _req| {
        use actix_web::error::JsonPayloadError as E;
        let app = match &err {
            E::ContentType => AppError::UnsupportedMediaType,
            E::OverflowKnownLength { .. } | E::Overflow { .. } => AppError::PayloadTooLarge,
            E::Deserialize(e) if e.is_data() => AppError::Validation(vec![crate::error::FieldError::new(
                "body",
                format!("isian tidak sesuai (baris {}, kolom {}): {e}", e.line(), e.column()),
            )]),
            E::Deserialize(e) => {
                AppError::BadRequest(format!("JSON tidak valid pada baris {}, kolom {}: {e}.", e.line(), e.column()))
            }
            other => AppError::BadRequest(format!("Badan permintaan tidak dapat dibaca: {other}.")),
        };
        app.into()
    })
}

/// A JSON body whose every string and key has been checked for control characters (see
/// [`crate::domain::teks`]) before any handler sees it; then deserialised as `T`. Every JSON
/// body is read through this, so no stored text can carry a NUL on either database.
pub struct Isi<T>(pub T);

impl<T> Isi<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Isi<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Isi<T> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            Ok(Isi(periksa_isi(value)?))
        })
    }
}

/// The body of a document write: JSON as [`Isi`] reads it, or a workbook
/// (`Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`) taken
/// as bytes, up to its own bound, for [`crate::xlsx::unggah`] to read.
pub enum Masukan {
    Json(serde_json::Value),
    Buku(web::Bytes),
}

impl FromRequest for Masukan {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let ct = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let mime = ct.and_then(|c| c.split(';').next()).unwrap_or("").trim().to_ascii_lowercase();
        if mime != crate::xlsx::MEDIA_TYPE {
            let json = Isi::<serde_json::Value>::from_request(req, payload);
            return Box::pin(async move { Ok(Masukan::Json(json.await?.into_inner())) });
        }
        let body = web::Payload::from_request(req, payload);
        Box::pin(async move {
            let bytes = body
                .await?
                .to_bytes_limited(crate::xlsx::baca::MAKS_BERKAS)
                .await
                .map_err(|_| crate::xlsx::baca::terlalu_besar())?
                .map_err(|e| AppError::BadRequest(format!("Badan permintaan tidak dapat dibaca: {e}.")))?;
            Ok(Masukan::Buku(bytes))
        })
    }
}

/// The control-character check and typed reading of [`Isi`], for bodies read by hand.
pub(crate) fn periksa_isi<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    let errors = crate::domain::teks::periksa_json(&value);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    serde_json::from_value(value).map_err(|e| {
        AppError::Validation(vec![crate::error::FieldError::new("body", format!("isian tidak sesuai: {e}"))])
    })
}

/// A body read as bytes must still be declared JSON: anything else (or nothing) is 415,
/// exactly as for the bodies the JSON extractor reads.
pub(crate) fn wajib_json(req: &HttpRequest) -> Result<(), AppError> {
    let ct = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json")) {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType)
    }
}

/// Query strings that do not parse (`?dry_run=mungkin`) are problem+json too; on a dashboard
/// page (`/dasbor?tahun=<script>`) the same problem is shown as the dashboard's error page.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, req| {
        let e =
            AppError::Validation(vec![crate::error::FieldError::new("query", format!("parameter tidak valid: {err}"))]);
        if crate::auth::sesi::rute_halaman(req.path()) { crate::halaman::Galat(e).into() } else { e.into() }
    })
}

/// Bodies read as bytes (token, GraphQL, workflow steps) have the same 1 MiB limit as JSON;
/// the 413 becomes problem+json in [`middleware::request_context`].
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(1024 * 1024)
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _req| AppError::BadRequest(format!("Alamat tidak valid: {err}.")).into())
}

/// The `{tahun}` of a path: a year between 2000 and 2100.
pub(crate) fn tahun(s: &str) -> Result<i32, AppError> {
    tahun_sah(s.parse::<i32>().unwrap_or(0))
}

/// A year between 2000 and 2100, as every `tahun` must be (path or query).
pub(crate) fn tahun_sah(t: i32) -> Result<i32, AppError> {
    if (2000..=2100).contains(&t) {
        Ok(t)
    } else {
        Err(AppError::Validation(vec![crate::error::FieldError::new("tahun", "harus tahun antara 2000 dan 2100")]))
    }
}

/// A `{triwulan}` or `?triwulan=`: TW1–TW4.
pub(crate) fn triwulan(s: &str) -> Result<crate::domain::kode::Triwulan, AppError> {
    s.parse().map_err(|m: String| AppError::Validation(vec![crate::error::FieldError::new("triwulan", m)]))
}

/// The request id fixed by the request-context middleware, for audit rows.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<middleware::RequestId>().map(|r| r.0.clone())
}

//! `/api/v1/langganan`: webhook subscriptions of the calling client. Each answers only its
//! owner; another client's subscription is one that does not exist.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::request_id;
use crate::auth::Principal;
use crate::error::AppError;
use crate::service::langganan::{self as service, Langkah, Masukan};
use crate::state::AppState;

/// A new webhook subscription.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanggananMasuk {
    /// Where deliveries are POSTed: http(s), not an internal address unless the operator
    /// allowed it (`KINERJA_WEBHOOK_IZINKAN`).
    #[schema(min_length = 1, max_length = 2000)]
    url: String,
    /// Change types to receive (as the feed names them: `realisasi.simpan`); none: all.
    #[schema(max_items = 50)]
    jenis: Option<Vec<String>>,
    /// The satker whose subtree to follow, within the caller's scope; default: the caller's.
    satker: Option<String>,
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    keterangan: Option<String>,
    /// A feed cursor to start after (what the client has read from `GET /api/v1/perubahan`);
    /// default: the changes from now on.
    #[schema(pattern = "^[0-9]{1,18}-[0-9]{1,18}$")]
    setelah: Option<String>,
}

/// Which parked deliveries to send again; none named: all.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KirimUlangMasuk {
    #[schema(max_items = 1000)]
    kiriman: Option<Vec<i64>>,
}

pub async fn buat(
    req: HttpRequest,
    p: Principal,
    input: super::Isi<LanggananMasuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let i = input.into_inner();
    let m = Masukan {
        url: i.url,
        jenis: i.jenis.unwrap_or_default(),
        satker: i.satker,
        keterangan: i.keterangan,
        setelah: i.setelah,
    };
    let baru = service::buat(&state.db, &state.registry, &state.webhook, &p, m, request_id(&req)).await?;
    Ok(HttpResponse::Created().insert_header(("cache-control", "no-store")).json(baru))
}

pub async fn daftar(p: Principal, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar(&state.db, &state.registry, &p).await?))
}

pub async fn satu(p: Principal, id: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::satu(&state.db, &state.registry, &p, &id).await?))
}

pub async fn hapus(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    service::hapus(&state.db, &p, &id, request_id(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn langkah(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    state: web::Data<AppState>,
    l: Langkah,
) -> Result<HttpResponse, AppError> {
    let v = service::langkah(&state.db, &state.registry, &p, &id, l, request_id(&req)).await?;
    if l == Langkah::Lanjutkan {
        state.webhook.bangunkan();
    }
    Ok(HttpResponse::Ok().json(v))
}

pub async fn jeda(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    langkah(req, p, id, state, Langkah::Jeda).await
}

pub async fn lanjutkan(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    langkah(req, p, id, state, Langkah::Lanjutkan).await
}

pub async fn rotasi(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let v = service::rotasi(&state.db, &state.registry, &p, &id, request_id(&req)).await?;
    Ok(HttpResponse::Ok().insert_header(("cache-control", "no-store")).json(v))
}

pub async fn parkir(p: Principal, id: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::parkir(&state.db, &p, &id).await?))
}

/// Sends parked deliveries again; an empty body (or no `kiriman`) means all of them.
pub async fn kirim_ulang(
    req: HttpRequest,
    p: Principal,
    id: web::Path<String>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let ids = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        super::wajib_json(&req)?;
        let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
            AppError::BadRequest(format!("JSON tidak valid pada baris {}, kolom {}: {e}.", e.line(), e.column()))
        })?;
        let m: KirimUlangMasuk = super::periksa_isi(v)?;
        m.kiriman
    };
    let v = service::kirim_ulang(&state.db, &state.webhook, &p, &id, ids).await?;
    Ok(HttpResponse::Accepted().json(v))
}

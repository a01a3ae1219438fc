//! Deadlines per period, and reopening a closed period for one satker.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{request_id, tahun};
use crate::auth::{Principal, Target};
use crate::error::{AppError, FieldError};
use crate::repo::audit::Pelaku;
use crate::service::periode as service;
use crate::state::AppState;

fn waktu(v: Option<&Value>, field: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s).map(|t| Some(t.with_timezone(&Utc))).map_err(|_| {
            AppError::Validation(vec![FieldError::new(field, "harus waktu RFC 3339, mis. 2025-01-31T23:59:59+07:00")])
        }),
        Some(_) => Err(AppError::Validation(vec![FieldError::new(field, "harus teks waktu RFC 3339")])),
    }
}

fn pelaku(p: &Principal) -> Pelaku {
    Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() }
}

pub async fn daftar(path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path)?;
    Ok(HttpResponse::Ok().json(service::daftar(&state.db, tahun).await?))
}

pub async fn tetapkan(
    req: HttpRequest,
    p: Principal,
    target: Target,
    path: web::Path<(String, String, String)>,
    body: super::Isi<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if target.0.tingkat != "pusat" {
        return Err(AppError::Validation(vec![FieldError::new(
            "satker",
            "batas waktu periode ditetapkan secara nasional oleh KPU RI (00)",
        )]));
    }
    let (tahun, dok) = (tahun(&path.1)?, service::parse_jenis(&path.2)?);
    if body.get("tenggat").is_none() {
        return Err(AppError::Validation(vec![FieldError::new(
            "tenggat",
            "wajib ada (null untuk menghapus batas waktu)",
        )]));
    }
    let tenggat = waktu(body.get("tenggat"), "tenggat")?;
    let hasil = service::tetapkan(&state.db, &target.0, tahun, dok, tenggat, &pelaku(&p), request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(hasil))
}

pub async fn buka(
    req: HttpRequest,
    p: Principal,
    target: Target,
    path: web::Path<(String, String, String)>,
    body: super::Isi<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, dok) = (tahun(&path.1)?, service::parse_jenis(&path.2)?);
    let sampai = waktu(body.get("sampai"), "sampai")?;
    let alasan = body.get("alasan").and_then(Value::as_str).map(str::to_string);
    let hasil = service::buka(&state.db, &target.0, tahun, dok, sampai, alasan, &pelaku(&p), request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(hasil))
}

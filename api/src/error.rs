//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//! Every problem carries a stable machine `code`, a Bahasa Indonesia `detail`, and, for
//! validation errors, one entry per offending field or row. Internal causes are logged once
//! and never sent to the client.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field or row: `field` is a path such as `baris[3].pagu`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub pesan: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, pesan: impl Into<String>) -> Self {
        Self { field: field.into(), pesan: pesan.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validasi gagal")]
    Validation(Vec<FieldError>),
    #[error("permintaan tidak valid: {0}")]
    BadRequest(String),
    #[error("tidak ditemukan: {0}")]
    NotFound(String),
    #[error("basis data tidak tersedia")]
    Unavailable(String),
    #[error("kesalahan internal")]
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// Stable machine code; integrators match on it, so it never changes once published.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validasi_gagal",
            Self::BadRequest(_) => "permintaan_tidak_valid",
            Self::NotFound(_) => "tidak_ditemukan",
            Self::Unavailable(_) => "layanan_tidak_siap",
            Self::Internal(_) => "kesalahan_internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "Data tidak valid",
            Self::BadRequest(_) => "Permintaan tidak valid",
            Self::NotFound(_) => "Tidak ditemukan",
            Self::Unavailable(_) => "Layanan belum siap",
            Self::Internal(_) => "Kesalahan internal",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Validation(errors) => format!("{} isian tidak valid; perbaiki lalu kirim ulang.", errors.len()),
            Self::BadRequest(m) | Self::NotFound(m) | Self::Unavailable(m) => m.clone(),
            Self::Internal(_) => "Terjadi kesalahan di server. Laporkan request_id kepada admin.".into(),
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(code = self.code(), %cause, "kesalahan internal"),
            Self::Unavailable(cause) => tracing::warn!(code = self.code(), %cause, "layanan tidak siap"),
            _ => {}
        }
        let errors: &[FieldError] = match self {
            Self::Validation(e) => e,
            _ => &[],
        };
        let status = self.status_code();
        let body = Problem {
            kind: format!("https://kinerja.kpu.go.id/masalah/{}", self.code()),
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            code: self.code(),
            errors,
        };
        HttpResponse::build(status).insert_header((header::CONTENT_TYPE, PROBLEM_JSON)).json(body)
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body(e: &AppError) -> serde_json::Value {
        let resp = e.error_response();
        let bytes = resp.into_body().try_into_bytes().unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn internal_cause_is_never_sent() {
        let e = AppError::internal("duplicate key value violates unique constraint \"satker_pkey\"");
        let b = body(&e);
        assert_eq!(b["status"], 500);
        assert_eq!(b["code"], "kesalahan_internal");
        assert!(!b.to_string().contains("satker_pkey"), "{b}");
    }

    #[test]
    fn validation_lists_each_field() {
        let e = AppError::Validation(vec![FieldError::new("baris[3].pagu", "harus bilangan bulat ≥ 0")]);
        assert_eq!(e.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        let b = body(&e);
        assert_eq!(b["errors"][0]["field"], "baris[3].pagu");
        assert_eq!(b["type"], "https://kinerja.kpu.go.id/masalah/validasi_gagal");
    }
}

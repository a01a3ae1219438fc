//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//! Every problem carries a stable machine `code`, a Bahasa Indonesia `detail`, and, for
//! validation errors, one entry per offending field or row. Internal causes are logged once
//! and never sent to the client.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

pub use crate::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validasi gagal")]
    Validation(Vec<FieldError>),
    #[error("permintaan tidak valid: {0}")]
    BadRequest(String),
    #[error("tidak ditemukan: {0}")]
    NotFound(String),
    /// 405, with the methods the resource does serve (the `Allow` header).
    #[error("metode tidak diizinkan")]
    MethodNotAllowed(String),
    #[error("jenis konten tidak didukung")]
    UnsupportedMediaType,
    #[error("badan permintaan terlalu besar")]
    PayloadTooLarge,
    #[error("token diperlukan")]
    MissingToken,
    #[error("token tidak valid: {0}")]
    InvalidToken(String),
    #[error("akses ditolak: {0}")]
    Forbidden(String),
    #[error("konflik: {0}")]
    Conflict(String),
    /// 409 with a code that says why the document cannot be changed now.
    #[error("terkunci: {pesan}")]
    Terkunci { kode: &'static str, pesan: String },
    #[error("versi berubah")]
    PreconditionFailed(String),
    /// What was asked for existed once and is gone for good (a feed cursor older than the
    /// changes kept): the code says what to do instead.
    #[error("sudah tidak tersedia: {pesan}")]
    Hilang { kode: &'static str, pesan: String },
    /// An uploaded file that cannot be taken as it is (not a workbook, macro-enabled,
    /// encrypted, too large once unpacked): the status and code say which.
    #[error("berkas ditolak: {pesan}")]
    Berkas { kode: &'static str, status: StatusCode, pesan: String },
    #[error("terlalu banyak percobaan")]
    TooManyRequests { retry_after: u64 },
    /// RFC 6749 §5.2 token endpoint errors (`invalid_client`, `invalid_grant`, …).
    #[error("oauth: {error}")]
    OAuth { error: &'static str, description: String, status: StatusCode, basic_challenge: bool },
    /// A stored total is beyond what a rupiah (i64) holds: only rows stored before today's
    /// bounds can make one.
    #[error("jumlah terlalu besar")]
    JumlahTerlaluBesar,
    /// A GraphQL request asked for more distinct totals than one request may compute.
    #[error("terlalu banyak perhitungan")]
    TerlaluBanyakHitungan { batas: usize },
    #[error("layanan tidak siap")]
    Unavailable(String),
    /// The database cannot be reached now (down, restarting, overloaded): 503 with
    /// `Retry-After`. The driver's words are logged, never sent.
    #[error("basis data tidak tersedia")]
    BasisDataTidakTersedia,
    /// A database error that is no outage and no bad input: kept whole for the log, never
    /// sent.
    #[error("kesalahan basis data: {0}")]
    Db(sea_orm::DbErr),
    #[error("kesalahan internal")]
    Internal(String),
}

impl AppError {
    /// The problem for an error answer that something other than our handlers produced
    /// (actix's own extractors and limits), so every error a client sees is problem+json.
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            404 => Self::NotFound("Alamat tidak ada.".into()),
            405 => Self::MethodNotAllowed(String::new()),
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            s if s >= 500 => Self::Internal(format!("actix answered {status}")),
            _ => Self::BadRequest("Permintaan tidak dapat dibaca.".into()),
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// 404 for a satker that does not exist or is not the caller's to see (the same words
    /// for both), repeating at most the start of the code asked for.
    pub fn satker_tidak_ditemukan(kode: &str) -> Self {
        Self::NotFound(format!("Satker {} tidak ditemukan.", crate::domain::teks::kutip(kode)))
    }

    /// Stable machine code; integrators match on it, so it never changes once published.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validasi_gagal",
            Self::BadRequest(_) => "permintaan_tidak_valid",
            Self::NotFound(_) => "tidak_ditemukan",
            Self::MethodNotAllowed(_) => "metode_tidak_diizinkan",
            Self::UnsupportedMediaType => "jenis_konten_tidak_didukung",
            Self::PayloadTooLarge => "terlalu_besar",
            Self::MissingToken => "token_diperlukan",
            Self::InvalidToken(_) => "token_tidak_valid",
            Self::Forbidden(_) => "akses_ditolak",
            Self::Conflict(_) => "sudah_ada",
            Self::Terkunci { kode, .. } | Self::Hilang { kode, .. } => kode,
            Self::PreconditionFailed(_) => "versi_berubah",
            Self::Berkas { kode, .. } => kode,
            Self::TooManyRequests { .. } => "terlalu_banyak_percobaan",
            Self::OAuth { error, .. } => error,
            Self::JumlahTerlaluBesar => "jumlah_terlalu_besar",
            Self::TerlaluBanyakHitungan { .. } => "terlalu_banyak_perhitungan",
            Self::Unavailable(_) => "layanan_tidak_siap",
            Self::BasisDataTidakTersedia => "basis_data_tidak_tersedia",
            Self::Internal(_) | Self::Db(_) => "kesalahan_internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "Data tidak valid",
            Self::BadRequest(_) => "Permintaan tidak valid",
            Self::NotFound(_) => "Tidak ditemukan",
            Self::MethodNotAllowed(_) => "Metode tidak diizinkan",
            Self::UnsupportedMediaType => "Jenis konten tidak didukung",
            Self::PayloadTooLarge => "Terlalu besar",
            Self::MissingToken => "Token diperlukan",
            Self::InvalidToken(_) => "Token tidak valid",
            Self::Forbidden(_) => "Akses ditolak",
            Self::Conflict(_) => "Sudah ada",
            Self::Terkunci { .. } => "Tidak dapat diubah sekarang",
            Self::Hilang { .. } => "Sudah tidak tersedia",
            Self::PreconditionFailed(_) => "Versi berubah",
            Self::Berkas { .. } => "Berkas tidak dapat diterima",
            Self::TooManyRequests { .. } => "Terlalu banyak percobaan",
            Self::OAuth { .. } => "Permintaan token ditolak",
            Self::JumlahTerlaluBesar => "Jumlah terlalu besar",
            Self::TerlaluBanyakHitungan { .. } => "Terlalu banyak perhitungan",
            Self::Unavailable(_) => "Layanan belum siap",
            Self::BasisDataTidakTersedia => "Basis data tidak tersedia",
            Self::Internal(_) | Self::Db(_) => "Kesalahan internal",
        }
    }

    /// The Bahasa Indonesia message a client sees; never an internal cause.
    pub fn detail(&self) -> String {
        match self {
            Self::Validation(errors) => format!("{} isian tidak valid; perbaiki lalu kirim ulang.", errors.len()),
            Self::BadRequest(m)
            | Self::NotFound(m)
            | Self::Unavailable(m)
            | Self::Forbidden(m)
            | Self::Conflict(m)
            | Self::Terkunci { pesan: m, .. }
            | Self::Hilang { pesan: m, .. }
            | Self::PreconditionFailed(m)
            | Self::Berkas { pesan: m, .. }
            | Self::OAuth { description: m, .. } => m.clone(),
            Self::InvalidToken(m) => format!("Token tidak valid: {m}."),
            Self::MethodNotAllowed(_) => "Metode HTTP ini tidak didukung untuk alamat tersebut.".into(),
            Self::UnsupportedMediaType => "Kirim badan permintaan sebagai application/json (PK, realisasi dan \
                                            anggaran juga dapat dikirim sebagai buku kerja Excel .xlsx)."
                .into(),
            Self::PayloadTooLarge => "Badan permintaan melebihi 1 MiB.".into(),
            Self::MissingToken => "Sertakan header Authorization: Bearer <token>.".into(),
            Self::TooManyRequests { retry_after } => {
                format!("Terlalu banyak percobaan gagal. Coba lagi dalam {retry_after} detik.")
            }
            Self::JumlahTerlaluBesar => "Jumlah rupiah melampaui batas yang dapat dihitung. Ada data tersimpan \
                                         yang melebihi batas Rp100 triliun per baris atau per dokumen; \
                                         minta admin memeriksanya."
                .into(),
            Self::TerlaluBanyakHitungan { batas } => format!(
                "Satu permintaan boleh menghitung paling banyak {batas} rekap berbeda; pecah kueri menjadi beberapa permintaan."
            ),
            Self::BasisDataTidakTersedia => {
                format!(
                    "Basis data sedang tidak dapat dihubungi. Tidak ada yang disimpan; kirim ulang dalam {RETRY_AFTER_DB} detik."
                )
            }
            Self::Internal(_) | Self::Db(_) => "Terjadi kesalahan di server. Laporkan request_id kepada admin.".into(),
        }
    }
}

/// An RFC 9457 problem, as every error answers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem<'a> {
    /// A URI naming the problem: `https://kinerja.kpu.go.id/masalah/{code}`.
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    /// What happened, in Bahasa Indonesia.
    detail: String,
    /// Stable machine code (`validasi_gagal`, `terkunci_disetujui`, …).
    code: &'a str,
    /// One entry per invalid field or row, on validation errors.
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    #[schema(value_type = Vec<FieldError>)]
    errors: &'a [FieldError],
    /// RFC 6749 members, present on token endpoint errors only.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_description: Option<String>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MissingToken | Self::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) | Self::Terkunci { .. } => StatusCode::CONFLICT,
            Self::Hilang { .. } => StatusCode::GONE,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::Berkas { status, .. } => *status,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::OAuth { status, .. } => *status,
            Self::JumlahTerlaluBesar | Self::TerlaluBanyakHitungan { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable(_) | Self::BasisDataTidakTersedia => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) | Self::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(code = self.code(), %cause, "kesalahan internal"),
            Self::Db(cause) => tracing::error!(code = self.code(), %cause, "kesalahan basis data"),
            Self::Unavailable(cause) => tracing::warn!(code = self.code(), %cause, "layanan tidak siap"),
            _ => {}
        }
        let errors: &[FieldError] = match self {
            Self::Validation(e) => e,
            _ => &[],
        };
        let status = self.status_code();
        let oauth = matches!(self, Self::OAuth { .. });
        let body = Problem {
            kind: format!("https://kinerja.kpu.go.id/masalah/{}", self.code()),
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            code: self.code(),
            errors,
            error: oauth.then(|| self.code()),
            error_description: oauth.then(|| self.detail()),
        };
        let mut resp = HttpResponse::build(status);
        // OAuth clients expect application/json (RFC 6749 §5.2); the body carries both the
        // OAuth members and the problem members, so either kind of client can read it.
        resp.insert_header((header::CONTENT_TYPE, if oauth { "application/json" } else { PROBLEM_JSON }));
        match self {
            Self::MissingToken => {
                resp.insert_header((header::WWW_AUTHENTICATE, r#"Bearer realm="kinerja""#));
            }
            Self::InvalidToken(m) => {
                let challenge = format!(r#"Bearer realm="kinerja", error="invalid_token", error_description="{m}""#);
                resp.insert_header((header::WWW_AUTHENTICATE, challenge));
            }
            Self::OAuth { basic_challenge: true, .. } => {
                resp.insert_header((header::WWW_AUTHENTICATE, r#"Basic realm="kinerja""#));
            }
            Self::TooManyRequests { retry_after } => {
                resp.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::MethodNotAllowed(allow) => {
                resp.insert_header((header::ALLOW, allow.as_str()));
            }
            Self::BasisDataTidakTersedia | Self::Unavailable(_) => {
                resp.insert_header((header::RETRY_AFTER, RETRY_AFTER_DB.to_string()));
            }
            Self::Berkas { status, .. } if *status == StatusCode::SERVICE_UNAVAILABLE => {
                resp.insert_header((header::RETRY_AFTER, RETRY_AFTER_DB.to_string()));
            }
            _ => {}
        }
        if oauth {
            resp.insert_header((header::CACHE_CONTROL, "no-store"));
        }
        resp.json(body)
    }
}

/// The driver's own error, where there is one.
fn sqlx_error(e: &sea_orm::DbErr) -> Option<&sea_orm::sqlx::Error> {
    use sea_orm::{DbErr, RuntimeErr};
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(s))
        | DbErr::Query(RuntimeErr::SqlxError(s))
        | DbErr::Conn(RuntimeErr::SqlxError(s)) => Some(s.as_ref()),
        _ => None,
    }
}

/// A unique constraint refused the row: the driver says so by its error kind, on both
/// databases, not by the wording of a message.
pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(sqlx_error(e), Some(sea_orm::sqlx::Error::Database(d)) if d.kind() == sea_orm::sqlx::error::ErrorKind::UniqueViolation)
}

/// The SQLSTATE (PostgreSQL) or extended result code (SQLite) of a database error.
pub fn db_code(e: &sea_orm::DbErr) -> Option<String> {
    match sqlx_error(e) {
        Some(sea_orm::sqlx::Error::Database(d)) => d.code().map(|c| c.into_owned()),
        _ => None,
    }
}

/// Seconds a client is asked to wait after a 503.
pub const RETRY_AFTER_DB: u64 = 2;

/// What a database error means for the client.
#[derive(Debug, PartialEq, Eq)]
enum KelasDb {
    /// The server cannot be reached or is shutting down or overloaded: try again later.
    TidakTersedia,
    /// Text the database cannot store (PostgreSQL and NUL): the client's input.
    TeksTidakSah,
    Lain,
}

/// A PostgreSQL SQLSTATE.
fn kelas_sqlstate(code: &str) -> KelasDb {
    match code {
        // connection exception, operator intervention (shutdown), insufficient resources
        c if c.starts_with("08") || c.starts_with("57P") || c.starts_with("53") => KelasDb::TidakTersedia,
        // character_not_in_repertoire, untranslatable_character
        "22021" | "22P05" => KelasDb::TeksTidakSah,
        _ => KelasDb::Lain,
    }
}

/// A SQLite (extended) result code: SQLITE_BUSY and SQLITE_LOCKED mean the file is busy.
fn kelas_sqlite(code: &str) -> KelasDb {
    match code.parse::<i32>().map(|n| n & 0xff) {
        Ok(5 | 6) => KelasDb::TidakTersedia,
        _ => KelasDb::Lain,
    }
}

fn kelas_db(e: &sea_orm::DbErr) -> KelasDb {
    use sea_orm::sqlx::Error as S;
    if matches!(e, sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_)) {
        return KelasDb::TidakTersedia;
    }
    match sqlx_error(e) {
        Some(S::Io(_) | S::PoolTimedOut | S::PoolClosed | S::WorkerCrashed | S::Tls(_)) => KelasDb::TidakTersedia,
        // Each driver's codes mean what that database says they mean.
        Some(S::Database(d)) => match (d.code(), d.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()) {
            (Some(c), Some(_)) => kelas_sqlite(&c),
            (Some(c), None) => kelas_sqlstate(&c),
            (None, _) => KelasDb::Lain,
        },
        _ => KelasDb::Lain,
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        match kelas_db(&e) {
            KelasDb::TidakTersedia => {
                tracing::warn!(cause = %e, "basis data tidak tersedia");
                Self::BasisDataTidakTersedia
            }
            KelasDb::TeksTidakSah => Self::Validation(vec![FieldError::new(
                "body",
                "memuat karakter yang tidak dapat disimpan (NUL atau karakter kontrol lain)",
            )]),
            KelasDb::Lain => Self::Db(e),
        }
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
    fn database_errors_are_classified_by_their_code() {
        assert_eq!(kelas_sqlstate("08006"), KelasDb::TidakTersedia);
        assert_eq!(kelas_sqlstate("57P01"), KelasDb::TidakTersedia, "admin shutdown");
        assert_eq!(kelas_sqlstate("53300"), KelasDb::TidakTersedia, "too many connections");
        assert_eq!(kelas_sqlstate("22021"), KelasDb::TeksTidakSah, "NUL in text");
        assert_eq!(kelas_sqlite("5"), KelasDb::TidakTersedia, "SQLITE_BUSY");
        assert_eq!(kelas_sqlite("517"), KelasDb::TidakTersedia, "SQLITE_BUSY_SNAPSHOT");
        assert_eq!(kelas_sqlstate("23505"), KelasDb::Lain, "a unique violation is not an outage");
        assert_eq!(kelas_sqlite("2067"), KelasDb::Lain, "SQLITE_CONSTRAINT_UNIQUE");
        // A numeric SQLSTATE is no SQLite code: insufficient_privilege, 42501 (0xA605), once read
        // as SQLITE_BUSY and answered 503.
        assert_eq!(kelas_sqlstate("42501"), KelasDb::Lain, "insufficient_privilege is not an outage");
        let e = AppError::from(sea_orm::DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout));
        assert_eq!(e.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let resp = e.error_response();
        assert_eq!(resp.headers().get(header::RETRY_AFTER).unwrap(), RETRY_AFTER_DB.to_string().as_str());
        let b = body(&e);
        assert_eq!(b["code"], "basis_data_tidak_tersedia");
        assert!(!b.to_string().to_lowercase().contains("pool"), "{b}");
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

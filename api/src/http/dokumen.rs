//! PK, realisasi and anggaran over REST: parse, call the service, render with an ETag.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Masukan, request_id, tahun, triwulan};
use crate::auth::{Principal, Target};
use crate::domain::dokumen as doc;
use crate::domain::kode::Triwulan;
use crate::error::{AppError, FieldError};
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::repo::dokumen::Dokumen;
use crate::service::dokumen::{self as service, Aksi, Langkah, Tulis, etag};
use crate::state::AppState;
use crate::view::{Berversi, StatusView};
use crate::xlsx::baca::Henti;
use crate::xlsx::unggah::{self, Peta, Spek, Versi};

#[derive(Deserialize)]
pub struct Opsi {
    #[serde(default)]
    dry_run: bool,
}

fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Who asks, with which `If-Match`, under which request id: what every write records.
pub(super) struct Permintaan {
    pelaku: Pelaku,
    if_match: Option<String>,
    /// `If-None-Match: *`: create only.
    baru: bool,
    request_id: Option<String>,
}

impl Permintaan {
    pub(super) fn dari(req: &HttpRequest, p: &Principal) -> Self {
        Self {
            pelaku: Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() },
            if_match: if_match(req),
            baru: req
                .headers()
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim() == "*"),
            request_id: request_id(req),
        }
    }

    pub(super) fn tulis(&self, dry_run: bool) -> Tulis<'_> {
        Tulis {
            pelaku: &self.pelaku,
            if_match: self.if_match.as_deref(),
            baru: self.baru,
            dry_run,
            demo: false,
            request_id: self.request_id.clone(),
        }
    }
}

/// A document body as the JSON the parsers read: as sent, or read from a workbook, with where
/// each field came from and the version the workbook was downloaded at.
pub(super) struct Bacaan {
    pub(super) isi: Value,
    buku: Option<(Peta, Versi)>,
}

/// How long reading one workbook may take before the upload is refused.
const BATAS_BACA: std::time::Duration = std::time::Duration::from_secs(10);
/// How long an upload waits for a free reader before it is told to come back (503).
const BATAS_ANTRE: std::time::Duration = std::time::Duration::from_secs(5);

/// Workbooks read at once on this instance: one per core (at least two). A parse holds its
/// place until it has really ended, not merely until its client was answered, so a burst of
/// uploads cannot pile parses up in memory.
fn pembaca_buku() -> &'static tokio::sync::Semaphore {
    static PEMBACA: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PEMBACA.get_or_init(|| {
        let inti = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(inti.max(2))
    })
}

/// Tells a parse to stop when the request that started it is answered or dropped.
struct BatalkanSaatSelesai(Henti);

impl Drop for BatalkanSaatSelesai {
    fn drop(&mut self) {
        self.0.batalkan();
    }
}

impl Bacaan {
    /// Reads a workbook off the async executor, within [`BATAS_BACA`], after checking that the
    /// satker is the caller's: nobody learns anything from uploading to another's address.
    /// At most [`pembaca_buku`] parses run at once; an upload that finds none free within
    /// [`BATAS_ANTRE`] answers 503 with `Retry-After`.
    pub(super) async fn dari(
        body: Masukan,
        spek: &'static Spek,
        (scope, target): (&Scope, &Target),
        tahun: i32,
        triwulan: Option<Triwulan>,
    ) -> Result<Self, AppError> {
        let bytes = match body {
            Masukan::Json(isi) => return Ok(Self { isi, buku: None }),
            Masukan::Buku(bytes) => bytes,
        };
        scope.milik(&target.0)?;
        let izin = tokio::time::timeout(BATAS_ANTRE, pembaca_buku().acquire())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| AppError::Berkas {
                kode: "xlsx_sibuk",
                status: actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                pesan: "Layanan sedang membaca banyak buku kerja; tidak ada yang disimpan. Kirim lagi sebentar lagi."
                    .into(),
            })?;
        let henti = Henti::dalam(BATAS_BACA);
        let _batal = BatalkanSaatSelesai(henti.clone());
        let kerja = tokio::task::spawn_blocking(move || {
            let _izin = izin;
            unggah::baca(bytes.to_vec(), spek, &henti)
        });
        let u = tokio::time::timeout(BATAS_BACA, kerja)
            .await
            .map_err(|_| crate::xlsx::baca::terlalu_rumit())?
            .map_err(AppError::internal)??;
        u.cocokkan(&target.0.kode, tahun, triwulan.and_then(|t| u8::try_from(t.nomor()).ok()))?;
        Ok(Self { isi: u.isi, buku: Some((u.peta, u.versi)) })
    }

    /// The write's options: an `If-Match` header wins; a workbook's version cell stands in for
    /// it, so an upload of a workbook downloaded before someone else's change answers 412.
    pub(super) fn tulis<'a>(&'a self, asal: &'a Permintaan, dry_run: bool) -> Tulis<'a> {
        let mut t = asal.tulis(dry_run);
        if t.if_match.is_none() && !t.baru {
            match &self.buku {
                Some((_, Versi::Ada(etag))) => t.if_match = Some(etag),
                Some((_, Versi::Baru)) => t.baru = true,
                None => {}
            }
        }
        t
    }

    /// The outcome, with each validation error pointing at its cell when a workbook was sent.
    /// Whether the document came as a workbook.
    pub(super) fn dari_buku(&self) -> bool {
        self.buku.is_some()
    }

    pub(super) fn hasil<T>(&self, r: Result<T, AppError>) -> Result<T, AppError> {
        match &self.buku {
            Some((peta, _)) => r.map_err(|e| peta.tandai(e)),
            None => r,
        }
    }
}

fn with_etag(body: &(impl Serialize + Berversi)) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(body.versi()))).json(body)
}

/// Answers a read, honouring `If-None-Match` with 304.
pub(super) fn read(req: &HttpRequest, body: impl Serialize + Berversi) -> HttpResponse {
    let tag = etag(body.versi());
    let inm = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if inm.is_some_and(|inm| inm.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
        return HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish();
    }
    with_etag(&body)
}

pub(super) fn written<T: Serialize + Berversi>(h: service::Hasil<T>) -> HttpResponse {
    let mut resp = with_etag(&h);
    if !h.berubah || h.dry_run {
        resp.extensions_mut().insert(super::middleware::TidakBerubah);
    }
    resp
}

/// The PK as JSON; as the agreement ready to sign (`?format=docx|html` or `Accept`), its
/// Lampiran and both signature blocks; or (`?format=xlsx` or `Accept` of a workbook) as a
/// workbook: the stored indicators, or an empty template when none are stored yet.
pub async fn get_pk(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    if let Some(jenis) = super::laporan::jenis_atau_buku(&req, bentuk.format.as_deref())? {
        if jenis == super::laporan::Jenis::Json {
            let mut res = read(&req, service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await?);
            res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept"));
            return Ok(res);
        }
        let view = service::get_perjanjian(&state.db, &scope, &target.0, tahun).await?;
        let nama = format!("pk-{}-{tahun}", target.0.kode);
        return super::laporan::cetak(jenis, nama, view, |v, jenis| {
            let n = crate::perjanjian::susun(v);
            match jenis {
                super::laporan::Jenis::Docx => crate::perjanjian::docx::tulis(&n),
                _ => Ok(crate::perjanjian::html::tulis(&n).into_bytes()),
            }
        })
        .await;
    }
    let view = tersimpan(&scope, &target, service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await)?;
    let awal = crate::domain::dokumen::katalog::periode_tahun(tahun);
    let katalog = service::katalog_terlihat(&state.db, &state.registry, &target.0, awal).await?.indikator;
    let satker = target.0.clone();
    let body = web::block(move || crate::xlsx::pk::tulis(&satker, tahun, view.as_ref(), &katalog))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("pk-{}-{tahun}.xlsx", target.0.kode)))
}

/// A stored document for a workbook, or `None` (a template) when none is stored. A satker
/// outside the caller's scope is refused first, so that "not stored" never hides "not yours".
pub(super) fn tersimpan<T>(scope: &Scope, target: &Target, hasil: Result<T, AppError>) -> Result<Option<T>, AppError> {
    scope.milik(&target.0)?;
    match hasil {
        Ok(v) => Ok(Some(v)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn put_pk(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let masuk = Bacaan::dari(body, &crate::xlsx::pk::SPEK, (&scope, &target), tahun, None).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let isi = service::lengkapi_pk(&state.db, &state.registry, &scope, &target.0, tahun, &masuk.isi).await?;
        let pk = doc::perjanjian::parse_perjanjian(&isi).map_err(AppError::Validation)?;
        service::put_pk(&state.db, &state.registry, &scope, &target.0, tahun, pk, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

/// A triwulan's realisasi as JSON, or as a workbook: the reported indicators as stored, then
/// the rest of the PK's indicators with their realisasi cells empty (all of them, when nothing
/// is reported yet).
pub async fn get_realisasi(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
    let laporan = service::get_realisasi(&state.db, &state.registry, &scope, &target.0, tahun, tw).await;
    if !crate::xlsx::diminta(&req, bentuk.format.as_deref())? {
        return Ok(read(&req, laporan?));
    }
    let view = tersimpan(&scope, &target, laporan)?;
    let pk = service::get_pk(&state.db, &state.registry, &scope, &target.0, tahun).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::Terkunci {
            kode: "pk_belum_ada",
            pesan: format!("Perjanjian Kinerja {} tahun {tahun} belum ada; kirim PK terlebih dahulu.", target.0.kode),
        },
        other => other,
    })?;
    let satker = target.0.clone();
    let body = web::block(move || crate::xlsx::realisasi::tulis(&satker, tahun, tw, &pk, view.as_ref()))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("realisasi-{}-{tahun}-tw{}.xlsx", target.0.kode, tw.nomor())))
}

#[allow(clippy::too_many_arguments)]
pub async fn put_realisasi(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
    let masuk = Bacaan::dari(body, &crate::xlsx::realisasi::SPEK, (&scope, &target), tahun, Some(tw)).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let baris = doc::parse_realisasi(&masuk.isi).map_err(AppError::Validation)?;
        service::put_realisasi(&state.db, &state.registry, &scope, &target.0, tahun, tw, baris, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

#[derive(Deserialize)]
pub struct Bentuk {
    pub(super) format: Option<String>,
}

/// The anggaran as JSON, or (`?format=xlsx` or `Accept` of a workbook) as the planner's
/// workbook: the stored lines, or an empty template when none are stored yet.
pub async fn get_anggaran(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    if !crate::xlsx::diminta(&req, bentuk.format.as_deref())? {
        return Ok(read(&req, service::get_anggaran(&state.db, &scope, &target.0, tahun).await?));
    }
    let view = tersimpan(&scope, &target, service::get_anggaran(&state.db, &scope, &target.0, tahun).await)?;
    let satker = target.0.clone();
    let body = web::block(move || crate::xlsx::anggaran::tulis(&satker, tahun, view.as_ref()))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("anggaran-{}-{tahun}.xlsx", target.0.kode)))
}

#[allow(clippy::too_many_arguments)]
pub async fn put_anggaran(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<Opsi>,
    body: Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let tahun = tahun(&path.1)?;
    let masuk = Bacaan::dari(body, &crate::xlsx::anggaran::SPEK, (&scope, &target), tahun, None).await?;
    let asal = Permintaan::dari(&req, &p);
    let t = masuk.tulis(&asal, opsi.dry_run);
    let hasil = async {
        let baris = doc::parse_anggaran(&masuk.isi).map_err(AppError::Validation)?;
        service::put_anggaran(&state.db, &scope, &target.0, tahun, baris, &t).await
    };
    Ok(written(masuk.hasil(hasil.await)?))
}

/// The optional `{"alasan": "…"}` of a workflow step; an empty body is fine.
fn alasan(req: &HttpRequest, body: &[u8]) -> Result<Option<String>, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    super::wajib_json(req)?;
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(format!("JSON tidak valid pada baris {}, kolom {}: {e}.", e.line(), e.column()))
    })?;
    let v: Value = super::periksa_isi(v)?;
    match v.get("alasan") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(AppError::Validation(vec![FieldError::new("alasan", "harus teks")])),
    }
}

pub(super) async fn step(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    (dok, tahun, aksi): (Dokumen, i32, Aksi),
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let langkah = Langkah { dok, tahun, aksi, alasan: alasan(&req, &body)? };
    let asal = Permintaan::dari(&req, &p);
    let t = asal.tulis(false);
    let k = service::transisi(&state.db, &scope, &target.0, langkah, &t).await?;
    Ok(with_etag(&StatusView {
        satker: target.0.kode.clone(),
        tahun,
        status: k.status,
        versi: k.versi,
        alasan: k.alasan,
    }))
}

macro_rules! workflow {
    ($name:ident, $aksi:expr, pk) => {
        pub async fn $name(
            req: HttpRequest,
            p: Principal,
            scope: Scope,
            target: Target,
            path: web::Path<(String, String)>,
            body: web::Bytes,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, AppError> {
            let tahun = tahun(&path.1)?;
            step(req, p, scope, target, (Dokumen::Pk, tahun, $aksi), body, state).await
        }
    };
    ($name:ident, $aksi:expr, realisasi) => {
        pub async fn $name(
            req: HttpRequest,
            p: Principal,
            scope: Scope,
            target: Target,
            path: web::Path<(String, String, String)>,
            body: web::Bytes,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, AppError> {
            let (tahun, tw) = (tahun(&path.1)?, triwulan(&path.2)?);
            step(req, p, scope, target, (Dokumen::Realisasi(tw), tahun, $aksi), body, state).await
        }
    };
}

workflow!(ajukan_pk, Aksi::Ajukan, pk);
workflow!(setujui_pk, Aksi::Setujui, pk);
workflow!(kembalikan_pk, Aksi::Kembalikan, pk);
workflow!(ajukan_realisasi, Aksi::Ajukan, realisasi);
workflow!(setujui_realisasi, Aksi::Setujui, realisasi);
workflow!(kembalikan_realisasi, Aksi::Kembalikan, realisasi);

#[derive(Deserialize)]
pub struct RiwayatOpsi {
    limit: Option<u64>,
    sebelum: Option<i64>,
}

pub async fn riwayat(
    p: Principal,
    target: Target,
    opsi: web::Query<RiwayatOpsi>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let limit = opsi.limit.unwrap_or(100);
    let mut errors = Vec::new();
    if !(1..=1000).contains(&limit) {
        errors.push(FieldError::new("limit", "harus 1–1000"));
    }
    if opsi.sebelum.is_some_and(|s| s < 1) {
        errors.push(FieldError::new("sebelum", "harus id baris, 1 atau lebih"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(HttpResponse::Ok()
        .json(crate::service::riwayat::baca(&state.db, p.peran, &target.0, limit, opsi.sebelum).await?))
}

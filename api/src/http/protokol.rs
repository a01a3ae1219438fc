//! The documents' write protocol where it meets HTTP: who asks and with which `If-Match` or
//! `If-None-Match`, a body that is JSON or the workbook the document's GET gives (read on the
//! blocking pool, bounded in time and in how many at once, its errors pointed at their cells,
//! its version cell standing in for `If-Match`), and the answers: a read with its ETag (304
//! when unchanged), a write that tells the middleware whether anything was committed.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Masukan, request_id};
use crate::auth::{Principal, Target};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::service::dokumen::{self as service, Tulis, etag};
use crate::view::Berversi;
use crate::xlsx::baca::Henti;
use crate::xlsx::unggah::{self, Peta, Spek, Versi};

#[derive(Deserialize)]
pub struct Opsi {
    #[serde(default)]
    pub(super) dry_run: bool,
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

pub(super) fn with_etag(body: &(impl Serialize + Berversi)) -> HttpResponse {
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

/// A document's JSON read ([`read`]) on a path that also answers the document to sign or its
/// workbook: the answer varies with `Accept`.
pub(super) fn read_bervariasi(req: &HttpRequest, body: impl Serialize + Berversi) -> HttpResponse {
    let mut res = read(req, body);
    res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept"));
    res
}

/// A workbook writer: the satker, the year, the stored document if any, the catalogue list.
type TulisBuku<V> =
    fn(&crate::registry::SatkerRef, i32, Option<&V>, &[crate::view::EntriKatalogView]) -> Result<Vec<u8>, AppError>;

/// A document's workbook (`{nama}-{kode}-{tahun}.xlsx`) that offers the catalogue the satker sees
/// for the year's period as a list: the stored document (`hasil`), or an empty template when none
/// is stored. Written on the blocking pool.
pub(super) async fn buku_berkatalog<V: Send + 'static>(
    (state, scope, target): (&crate::state::AppState, &Scope, &Target),
    (nama, tahun): (&str, i32),
    hasil: Result<V, AppError>,
    tulis: TulisBuku<V>,
) -> Result<HttpResponse, AppError> {
    let view = tersimpan(scope, target, hasil)?;
    let awal = crate::domain::dokumen::katalog::periode_tahun(tahun);
    let katalog = service::katalog_terlihat(&state.db, &state.registry, &target.0, awal).await?.indikator;
    let satker = target.0.clone();
    let body = actix_web::web::block(move || tulis(&satker, tahun, view.as_ref(), &katalog))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("{nama}-{}-{tahun}.xlsx", target.0.kode)))
}

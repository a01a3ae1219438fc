//! The pages over HTTP: parse, call a service, render a page. The guard has already placed
//! the caller (by bearer token or the session cookie) and checked the satker in the path and
//! the CSRF token of every form that changes something.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::request_id;
use crate::auth::{Principal, Target, sesi};
use crate::domain::akses::Peran;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::halaman::{
    self, Galat, HalamanBeranda, HalamanDasbor, HalamanGraphiql, HalamanIndikator, HalamanMasuk, HalamanSatker,
    HalamanVerifikasi, Kerangka, Pengguna, Urut, ke,
};
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::repo::dokumen::Dokumen;
use crate::service::dasbor as service;
use crate::service::dokumen::{Aksi, Langkah, Tulis, etag, transisi};
use crate::service::token::{self, TokenRequest};
use crate::state::{AppState, Baca};

type Jawab = Result<HttpResponse, Galat>;

/// The layout for a logged-in page.
fn kerangka(req: &HttpRequest, p: &Principal, judul: String, aktif: &'static str) -> Kerangka {
    let csrf = req.cookie(sesi::COOKIE).map(|c| sesi::csrf(c.value())).unwrap_or_default();
    Kerangka {
        judul,
        pengguna: Some(Pengguna {
            nama: p.sub.clone(),
            peran: p.peran.to_string(),
            satker: p.satker.nama.clone(),
            csrf,
            verifikator: p.peran == Peran::Verifikator,
        }),
        aktif,
    }
}

fn tahun_opsi(t: Option<i32>) -> Result<Option<i32>, AppError> {
    t.map(super::tahun_sah).transpose()
}

/// The year asked, else the one the scope's data ends in.
async fn tahun_atau_awal(t: Option<i32>, state: &AppState, scope: &Scope) -> Result<i32, AppError> {
    match tahun_opsi(t)? {
        Some(t) => Ok(t),
        None => service::tahun_awal(&state.db, scope).await,
    }
}

fn triwulan_opsi(t: Option<&str>) -> Result<Option<Triwulan>, AppError> {
    t.filter(|t| !t.is_empty()).map(super::triwulan).transpose()
}

/// `/`: the landing page.
pub async fn beranda(state: web::Data<AppState>) -> Jawab {
    let siap = state.db.ping().await.is_ok();
    let page = HalamanBeranda {
        k: Kerangka { judul: "Beranda".into(), pengguna: None, aktif: "" },
        versi: env!("CARGO_PKG_VERSION"),
        siap,
    };
    Ok(halaman::jawab(StatusCode::OK, &page)?)
}

/// `/graphiql`, served from the vendored assets; with a dashboard session, queries run as it.
pub async fn graphiql(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let mut csrf = None;
    if let Some(c) = req.cookie(sesi::COOKIE)
        && crate::auth::guard::authenticate(&state, c.value()).await.is_ok()
    {
        csrf = Some(sesi::csrf(c.value()));
    }
    let body = askama::Template::render(&HalamanGraphiql { csrf }).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, halaman::CSP_GRAPHIQL))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

#[derive(Deserialize)]
pub struct MasukQuery {
    lanjut: Option<String>,
    keluar: Option<String>,
}

fn form_masuk(
    secure: bool,
    status: StatusCode,
    lanjut: String,
    username: String,
    pesan: Option<String>,
    info: Option<String>,
) -> Jawab {
    // A fresh random value per form, in a cookie of the form's own: the form's hidden field
    // must match it (a login cannot be forged from another site either).
    let acak = crate::auth::password::generate_secret();
    let page = HalamanMasuk {
        k: Kerangka { judul: "Masuk".into(), pengguna: None, aktif: "" },
        csrf: sesi::csrf(&acak),
        lanjut,
        username,
        pesan,
        info,
    };
    let mut res = halaman::jawab(status, &page)?;
    res.add_cookie(&sesi::cookie_masuk(acak, secure)).map_err(AppError::internal)?;
    Ok(res)
}

pub async fn masuk_form(q: web::Query<MasukQuery>, state: web::Data<AppState>) -> Jawab {
    let info = q.keluar.as_ref().map(|_| "Anda sudah keluar.".to_string());
    form_masuk(
        state.hsts.is_some(),
        StatusCode::OK,
        halaman::lanjut_aman(q.lanjut.as_deref()),
        String::new(),
        None,
        info,
    )
}

#[derive(Deserialize, Default)]
pub struct MasukForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    lanjut: Option<String>,
}

/// The login: the `password` grant, as the token endpoint gives it (same limits, same audit),
/// its token kept in the session cookie.
pub async fn masuk(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> Jawab {
    let form: MasukForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let lanjut = halaman::lanjut_aman(form.lanjut.as_deref());
    let secure = state.hsts.is_some();
    let ulang = |status, pesan: &str| {
        form_masuk(secure, status, lanjut.clone(), form.username.clone(), Some(pesan.into()), None)
    };
    let cookie_form = req.cookie(sesi::COOKIE_MASUK).map(|c| c.value().to_string()).unwrap_or_default();
    if !sesi::asal_sendiri(req.headers())
        || cookie_form.is_empty()
        || !sesi::sama(&form.csrf, &sesi::csrf(&cookie_form))
    {
        return ulang(StatusCode::FORBIDDEN, "Formulir kedaluwarsa atau bukan dari halaman ini. Silakan coba lagi.");
    }
    let ctx = super::auth::konteks(&req, &state, false);
    let jawab = token::terbitkan(
        &ctx,
        TokenRequest {
            grant_type: Some("password".into()),
            username: Some(form.username.clone()),
            password: Some(form.password.clone()),
            ..Default::default()
        },
    )
    .await;
    let t = match jawab {
        Ok(t) => t,
        Err(AppError::TooManyRequests { retry_after }) => {
            return ulang(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Terlalu banyak percobaan gagal. Coba lagi dalam {retry_after} detik."),
            );
        }
        Err(AppError::OAuth { .. }) => {
            return ulang(StatusCode::UNAUTHORIZED, "Nama pengguna atau kata sandi salah.");
        }
        Err(e) => return Err(e.into()),
    };
    let p = crate::auth::guard::authenticate(&state, &t.access_token).await?;
    if p.peran == Peran::Operator {
        return ulang(
            StatusCode::FORBIDDEN,
            "Dasbor untuk analis, verifikator dan admin. Operator mengirim data lewat sistemnya atau buku kerja Excel.",
        );
    }
    let mut res = ke(lanjut);
    res.add_cookie(&sesi::cookie(t.access_token, t.expires_in, secure)).map_err(AppError::internal)?;
    res.add_cookie(&sesi::hapus_masuk(secure)).map_err(AppError::internal)?;
    Ok(res)
}

/// Logout: the cookie is dropped. (The token itself stays valid until it expires, as any bearer
/// token does; it was never readable by a script.)
pub async fn keluar(state: web::Data<AppState>) -> Jawab {
    let mut res = ke("/dasbor/masuk?keluar=1".into());
    res.add_cookie(&sesi::hapus(state.hsts.is_some())).map_err(AppError::internal)?;
    Ok(res)
}

#[derive(Deserialize)]
pub struct DasborQuery {
    tahun: Option<i32>,
    triwulan: Option<String>,
    urut: Option<String>,
    arah: Option<String>,
}

/// `/dasbor`: the totals of the caller's provinsi, or of the nation for KPU RI. A kabupaten's
/// analyst has no subtree: its own satker's page.
pub async fn ringkasan(req: HttpRequest, p: Principal, scope: Scope, q: web::Query<DasborQuery>, baca: Baca) -> Jawab {
    let tahun_ada = baca
        .jalankan(|state| {
            let scope = scope.clone();
            async move { service::tahun_awal(&state.db, &scope).await }
        })
        .await?;
    let tahun = tahun_opsi(q.tahun)?.unwrap_or(tahun_ada);
    if p.satker.tingkat == "kabupaten_kota" {
        return Ok(ke(format!("/dasbor/satker/{}?tahun={tahun}", p.satker.kode)));
    }
    let minta = halaman::Permintaan {
        tahun,
        triwulan: triwulan_opsi(q.triwulan.as_deref())?,
        urut: Urut::parse(q.urut.as_deref()),
        turun: q.arah.as_deref() == Some("turun"),
    };
    let v = baca
        .jalankan(|state| {
            let (scope, root, tw) = (scope.clone(), p.satker.clone(), minta.triwulan);
            async move { service::ringkasan(&state.db, &state.registry, &state.cache, &scope, &root, tahun, tw).await }
        })
        .await?;
    let k = kerangka(&req, &p, format!("Ringkasan {tahun}"), "ringkasan");
    Ok(halaman::jawab(StatusCode::OK, &HalamanDasbor::susun(k, &v, &minta, tahun_ada))?)
}

#[derive(Deserialize)]
pub struct IndikatorQuery {
    katalog: Option<String>,
    tahun: Option<i32>,
    triwulan: Option<String>,
}

/// `/dasbor/indikator`: one catalogue indicator across the caller's provinsi (nationally, every
/// satker and provinsi), ranked. A kabupaten's analyst has no subtree: its own satker's page.
pub async fn indikator(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    q: web::Query<IndikatorQuery>,
    baca: Baca,
) -> Jawab {
    if p.satker.tingkat == "kabupaten_kota" {
        return Ok(ke(format!("/dasbor/satker/{}", p.satker.kode)));
    }
    let triwulan = triwulan_opsi(q.triwulan.as_deref())?.unwrap_or(Triwulan::TW4);
    let (diminta, katalog) = (q.tahun, q.katalog.clone());
    let (tahun, daftar, v) = baca
        .jalankan(|state| {
            let (scope, root, katalog) = (scope.clone(), p.satker.clone(), katalog.clone());
            async move {
                let tahun = tahun_atau_awal(diminta, &state, &scope).await?;
                let awal = crate::domain::dokumen::katalog::periode_tahun(tahun);
                let daftar = crate::service::dokumen::katalog_terlihat(&state.db, &state.registry, &root, awal).await?;
                let pilih = katalog.or_else(|| daftar.indikator.iter().find(|e| !e.pensiun).map(|e| e.kode.clone()));
                let v = match pilih {
                    Some(k) => Some(
                        crate::service::peringkat::peringkat(
                            &state.db,
                            &state.registry,
                            &scope,
                            &root,
                            &k,
                            tahun,
                            triwulan,
                        )
                        .await?,
                    ),
                    None => None,
                };
                Ok((tahun, daftar, v))
            }
        })
        .await?;
    let k = kerangka(&req, &p, format!("Indikator {tahun}"), "indikator");
    let periode = daftar.periode.clone();
    let page = HalamanIndikator::susun(k, &p.satker.kode, (tahun, triwulan, periode), &daftar.indikator, v.as_ref());
    Ok(halaman::jawab(StatusCode::OK, &page)?)
}

#[derive(Deserialize)]
pub struct SatkerQuery {
    tahun: Option<i32>,
}

/// `/dasbor/satker/{kode}`: one satker's year.
pub async fn satker(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    q: web::Query<SatkerQuery>,
    baca: Baca,
) -> Jawab {
    let bawah = scope.di_bawah(&target.0)?;
    let diminta = q.tahun;
    let v = baca
        .jalankan(|state| {
            let (scope, bawah, satker, peran) = (scope.clone(), bawah.clone(), target.0.clone(), p.peran);
            async move {
                let tahun = tahun_atau_awal(diminta, &state, &bawah).await?;
                service::satker(&state.db, &state.registry, &scope, peran, &satker, tahun).await
            }
        })
        .await?;
    let k = kerangka(&req, &p, format!("{} {}", target.0.nama, v.lkj.tahun), "");
    Ok(halaman::jawab(StatusCode::OK, &HalamanSatker::susun(k, &v))?)
}

#[derive(Deserialize)]
pub struct VerifikasiQuery {
    tahun: Option<i32>,
    triwulan: Option<String>,
    hasil: Option<String>,
}

/// The words for the outcome of a decision, by a fixed code: a link cannot put text of its own
/// on the page.
fn hasil_teks(kode: &str) -> Option<String> {
    Some(
        match kode {
            "setujui" => "Dokumen disetujui.",
            "kembalikan" => "Dokumen dikembalikan dengan alasan.",
            "validasi_gagal" => {
                "Alasan wajib diisi saat mengembalikan (paling banyak 2000 karakter). Tidak ada yang diubah."
            }
            "versi_berubah" => {
                "Dokumen diubah sejak halaman ini dibuka; periksa lagi versi terbarunya. Tidak ada yang diubah."
            }
            "status_tidak_sesuai" => {
                "Dokumen tidak lagi menunggu keputusan (sudah diputuskan atau ditarik). Tidak ada yang diubah."
            }
            "tidak_ditemukan" => "Dokumen tidak ditemukan. Tidak ada yang diubah.",
            "akses_ditolak" => "Anda tidak dapat memutuskan dokumen ini. Tidak ada yang diubah.",
            _ => return None,
        }
        .to_string(),
    )
}

/// `/dasbor/verifikasi`: what waits for a decision below the caller, and who has not reported.
pub async fn verifikasi(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    q: web::Query<VerifikasiQuery>,
    baca: Baca,
) -> Jawab {
    let triwulan = triwulan_opsi(q.triwulan.as_deref())?.unwrap_or(Triwulan::TW4);
    let diminta = q.tahun;
    let (tahun, v) = baca
        .jalankan(|state| {
            let (scope, root) = (scope.clone(), p.satker.clone());
            async move {
                let tahun = tahun_atau_awal(diminta, &state, &scope).await?;
                Ok((tahun, service::verifikasi(&state.db, &state.registry, &scope, &root, tahun, triwulan).await?))
            }
        })
        .await?;
    let k = kerangka(&req, &p, format!("Verifikasi {tahun}"), "verifikasi");
    let pesan = q.hasil.as_deref().and_then(hasil_teks);
    Ok(halaman::jawab(StatusCode::OK, &HalamanVerifikasi::susun(k, &v, tahun, triwulan, pesan))?)
}

#[derive(Deserialize)]
pub struct PutusanQuery {
    versi: Option<i32>,
    tw: Option<String>,
}

#[derive(Deserialize, Default)]
struct PutusanForm {
    alasan: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn putuskan(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    (dok, tahun, aksi): (Dokumen, i32, &str),
    q: web::Query<PutusanQuery>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Jawab {
    let aksi = match aksi {
        "setujui" => Aksi::Setujui,
        "kembalikan" => Aksi::Kembalikan,
        _ => return Err(AppError::NotFound(format!("Alamat {} tidak ada.", req.path())).into()),
    };
    let form: PutusanForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let if_match = q.versi.map(etag);
    let pelaku = Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() };
    let t = Tulis {
        pelaku: &pelaku,
        if_match: if_match.as_deref(),
        baru: false,
        dry_run: false,
        demo: false,
        request_id: request_id(&req),
    };
    let langkah = Langkah { dok, tahun, aksi, alasan: form.alasan };
    let hasil = match transisi(&state.db, &scope, &target.0, langkah, &t).await {
        Ok(_) => {
            if aksi == Aksi::Setujui {
                "setujui"
            } else {
                "kembalikan"
            }
        }
        Err(e) => {
            let kode = e.code();
            if hasil_teks(kode).is_none() {
                return Err(e.into());
            }
            kode
        }
    };
    let tw = triwulan_opsi(q.tw.as_deref()).ok().flatten().unwrap_or(Triwulan::TW4);
    Ok(ke(format!("/dasbor/verifikasi?tahun={tahun}&triwulan={tw}&hasil={hasil}")))
}

#[allow(clippy::too_many_arguments)]
pub async fn putuskan_pk(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String)>,
    q: web::Query<PutusanQuery>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Jawab {
    let tahun = super::tahun(&path.1)?;
    putuskan(req, p, scope, target, (Dokumen::Pk, tahun, &path.2), q, body, state).await
}

#[allow(clippy::too_many_arguments)]
pub async fn putuskan_realisasi(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String, String, String)>,
    q: web::Query<PutusanQuery>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Jawab {
    let tahun = super::tahun(&path.1)?;
    let tw = super::triwulan(&path.2)?;
    putuskan(req, p, scope, target, (Dokumen::Realisasi(tw), tahun, &path.3), q, body, state).await
}

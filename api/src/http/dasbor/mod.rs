//! The pages over HTTP: parse, call a service, render a page. The guard has already placed
//! the caller (by bearer token or the session cookie) and checked the satker in the path and
//! the CSRF token of every form that changes something.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::auth::{Principal, Target, sesi};
use crate::domain::akses::Peran;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::halaman::{
    self, Galat, HalamanBeranda, HalamanDasbor, HalamanGraphiql, HalamanIndikator, HalamanSatker, Kerangka, Pengguna,
    Urut, ke,
};
use crate::repo::Scope;
use crate::service::dasbor as service;
use crate::state::{AppState, Baca};

mod masuk;
mod verifikasi;

pub use masuk::{keluar, masuk, masuk_form};
pub use verifikasi::{putuskan_pk, putuskan_realisasi, verifikasi};

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

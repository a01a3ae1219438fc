//! The indicator catalogue over REST: everyone signed in reads the catalogue of a period as
//! their place sees it; KPU RI's admin writes the national one, a provinsi's admin its own
//! additions, through the documents' write protocol (ETag, If-Match, dry run).

use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::{Principal, Target};
use crate::domain::dokumen::katalog::{parse_katalog, periode};
use crate::error::AppError;
use crate::repo::Scope;
use crate::service::dokumen as service;
use crate::state::AppState;

fn awal(s: &str) -> Result<i32, AppError> {
    periode(s).map_err(|e| AppError::Validation(vec![e]))
}

/// `GET /api/v1/katalog`: the periods that have a catalogue the caller sees.
pub async fn daftar(p: Principal, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::daftar_periode(&state.db, &state.registry, &p.satker).await?))
}

/// `GET /api/v1/katalog/{periode}`: the national catalogue and the caller's provinsi's additions.
pub async fn terlihat(
    p: Principal,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path)?;
    Ok(HttpResponse::Ok().json(service::katalog_terlihat(&state.db, &state.registry, &p.satker, awal).await?))
}

/// `GET /api/v1/satker/{kode}/katalog/{periode}`: one owner's catalogue with its ETag; as a
/// workbook (`?format=xlsx`), to edit offline (an empty template when none is stored).
pub async fn get(
    req: HttpRequest,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    bentuk: web::Query<super::dokumen::Bentuk>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path.1)?;
    let hasil = service::get_katalog(&state.db, &scope, &target.0, awal).await;
    if !crate::xlsx::diminta(&req, bentuk.format.as_deref())? {
        return Ok(super::protokol::read(&req, hasil?));
    }
    let view = super::protokol::tersimpan(&scope, &target, hasil)?;
    let pemilik = target.0.clone();
    let body = web::block(move || crate::xlsx::katalog::tulis(&pemilik, awal, view.as_ref()))
        .await
        .map_err(AppError::internal)??;
    Ok(crate::xlsx::jawaban(body, &format!("katalog-{}-{}.xlsx", target.0.kode, path.1)))
}

/// A catalogue write: the JSON, or the workbook its GET gives, read by the documents' reader
/// (its errors then name the cell, its version cell stands in for `If-Match`).
async fn tulis(
    req: &HttpRequest,
    p: &Principal,
    (scope, target): (&Scope, &Target),
    (awal, dry_run): (i32, bool),
    body: super::Masukan,
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let masuk = super::protokol::Bacaan::dari(body, &crate::xlsx::katalog::SPEK, (scope, target), awal, None).await?;
    let asal = super::protokol::Permintaan::dari(req, p);
    let t = masuk.tulis(&asal, dry_run);
    let hasil = async {
        let isi = crate::xlsx::katalog::ke_json(masuk.isi.clone());
        let entri = parse_katalog(&isi).map_err(AppError::Validation)?;
        service::put_katalog(&state.db, &state.registry, scope, &target.0, awal, entri, &t).await
    };
    Ok(super::protokol::written(masuk.hasil(hasil.await)?))
}

/// `PUT /api/v1/satker/{kode}/katalog/{periode}`: KPU RI's (`00`) or a provinsi's catalogue.
#[allow(clippy::too_many_arguments)]
pub async fn put(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<super::protokol::Opsi>,
    body: super::Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path.1)?;
    tulis(&req, &p, (&scope, &target), (awal, opsi.dry_run), body, &state).await
}

/// `PUT /api/v1/katalog/{periode}`: the national catalogue (KPU RI's admin).
#[allow(clippy::too_many_arguments)]
pub async fn put_nasional(
    req: HttpRequest,
    p: Principal,
    scope: Scope,
    target: Target,
    path: web::Path<String>,
    opsi: web::Query<super::protokol::Opsi>,
    body: super::Masukan,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let awal = awal(&path)?;
    tulis(&req, &p, (&scope, &target), (awal, opsi.dry_run), body, &state).await
}

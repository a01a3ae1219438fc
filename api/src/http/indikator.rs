//! One catalogue indicator across a provinsi (or, nationally, every satker and provinsi): the
//! ranking an analyst or an integration script asks for, read from a replica when one is fit.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::Target;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::repo::Scope;
use crate::state::Baca;

#[derive(Deserialize)]
pub struct Opsi {
    tahun: Option<String>,
    triwulan: Option<String>,
}

fn parse(opsi: &Opsi) -> Result<(i32, Triwulan), AppError> {
    let tahun = super::tahun(opsi.tahun.as_deref().unwrap_or_default())?;
    let triwulan = match opsi.triwulan.as_deref() {
        None | Some("") => Triwulan::TW4,
        Some(t) => super::triwulan(t)?,
    };
    Ok((tahun, triwulan))
}

async fn jawab(
    scope: Scope,
    target: Target,
    katalog: String,
    opsi: &Opsi,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    let (tahun, triwulan) = parse(opsi)?;
    let v = baca
        .jalankan(|state| {
            let (scope, root, katalog) = (scope.clone(), target.0.clone(), katalog.clone());
            async move {
                crate::service::peringkat::peringkat(
                    &state.db,
                    &state.registry,
                    &scope,
                    &root,
                    &katalog,
                    tahun,
                    triwulan,
                )
                .await
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// `GET /api/v1/provinsi/{kode}/indikator/{katalog}?tahun=&triwulan=`
pub async fn provinsi(
    scope: Scope,
    target: Target,
    path: web::Path<(String, String)>,
    opsi: web::Query<Opsi>,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    if target.0.tingkat != "provinsi" {
        return Err(AppError::NotFound(format!("Provinsi {} tidak ditemukan.", target.0.kode)));
    }
    jawab(scope, target, path.into_inner().1, &opsi, baca).await
}

/// `GET /api/v1/nasional/indikator/{katalog}?tahun=&triwulan=`
pub async fn nasional(
    scope: Scope,
    target: Target,
    path: web::Path<String>,
    opsi: web::Query<Opsi>,
    baca: Baca,
) -> Result<HttpResponse, AppError> {
    jawab(scope, target, path.into_inner(), &opsi, baca).await
}

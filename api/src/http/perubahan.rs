//! `GET /api/v1/perubahan`: the change feed an integration script follows instead of polling
//! every total. Read on the primary: a replica's horizon is not the writers'.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::Principal;
use crate::error::{AppError, FieldError};
use crate::service::perubahan::{self as service, Minta};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct UmpanQuery {
    setelah: Option<String>,
    batas: Option<String>,
    tunggu: Option<String>,
    jenis: Option<String>,
    satker: Option<String>,
}

/// A whole number of a query parameter, or the field error that names it.
fn bilangan(nama: &str, v: Option<&str>) -> Result<Option<u64>, FieldError> {
    v.map(|s| s.trim().parse::<u64>().map_err(|_| FieldError::new(nama, "harus bilangan bulat tidak negatif")))
        .transpose()
}

pub async fn umpan(
    p: Principal,
    q: web::Query<UmpanQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (batas, tunggu) = (bilangan("batas", q.batas.as_deref()), bilangan("tunggu", q.tunggu.as_deref()));
    let errors: Vec<FieldError> = [&batas, &tunggu].into_iter().filter_map(|r| r.clone().err()).collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let m = Minta {
        setelah: q.setelah.as_deref(),
        batas: batas.ok().flatten(),
        tunggu: tunggu.ok().flatten(),
        jenis: q.jenis.as_deref(),
        satker: q.satker.as_deref(),
        simpan_hari: state.perubahan_simpan_hari,
    };
    let v = service::umpan(&state.db, &state.registry, &p.scope(), m).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(v))
}

//! Capaian rules (cap and category bands) of a subtree.

use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;
use serde_json::Value;

use super::request_id;
use crate::auth::{Principal, Target};
use crate::domain::angka::{self, Konteks};
use crate::domain::kategori::{Pita, PitaKategori};
use crate::error::{AppError, FieldError};
use crate::repo::audit::Pelaku;
use crate::service::aturan::{self, BATAS_MAKS, BATAS_MIN};
use crate::state::AppState;

pub async fn get(target: Target, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let a = aturan::berlaku(&state.db, &state.registry, &target.0).await?;
    Ok(HttpResponse::Ok().json(crate::view::AturanView {
        satker: target.0.kode.clone(),
        batas_capaian: a.batas.normalize().to_string(),
        pita_kategori: a.pita,
        ditetapkan_oleh: a.ditetapkan_oleh,
    }))
}

fn decimal(v: Option<&Value>, field: &str, errors: &mut Vec<FieldError>) -> Option<Decimal> {
    let parsed = match v {
        Some(Value::Number(n)) => n.to_string().parse::<Decimal>().map_err(|e| e.to_string()),
        Some(Value::String(s)) => angka::parse(s, Konteks::Desimal).map_err(|e| e.0),
        None | Some(Value::Null) => return None,
        Some(_) => Err("harus angka".into()),
    };
    let checked = parsed.and_then(|d| {
        if crate::domain::dokumen::muat_e6(d) { Ok(d) } else { Err("paling banyak 6 angka desimal".to_string()) }
    });
    checked.map_err(|m| errors.push(FieldError::new(field, m))).ok()
}

fn parse(body: &Value) -> Result<(Decimal, PitaKategori), AppError> {
    if !body.is_object() {
        return Err(AppError::Validation(vec![FieldError::new("body", "harus objek JSON")]));
    }
    let mut errors = Vec::new();
    let batas = decimal(body.get("batas_capaian"), "batas_capaian", &mut errors)
        .unwrap_or(crate::domain::capaian::BATAS_BAWAAN);
    if !(BATAS_MIN..=BATAS_MAKS).contains(&batas) {
        errors.push(FieldError::new("batas_capaian", "harus antara 100 dan 1000"));
    }
    let mut pita = Vec::new();
    match body.get("pita_kategori") {
        None | Some(Value::Null) => pita = PitaKategori::bawaan().pita().to_vec(),
        Some(Value::Array(rows)) => {
            for (i, r) in rows.iter().enumerate() {
                let p = format!("pita_kategori[{i}]");
                let dari = decimal(r.get("dari"), &format!("{p}.dari"), &mut errors);
                let sampai = decimal(r.get("sampai"), &format!("{p}.sampai"), &mut errors);
                let nama = r.get("nama").and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string();
                if nama.is_empty() {
                    errors.push(FieldError::new(format!("{p}.nama"), "wajib diisi"));
                } else if nama.chars().count() > 64 {
                    errors.push(FieldError::new(format!("{p}.nama"), "paling banyak 64 karakter"));
                } else if let Err(e) = crate::domain::teks::satu_baris(&format!("{p}.nama"), &nama) {
                    errors.push(e);
                }
                if let Some(dari) = dari {
                    pita.push(Pita { dari, sampai, nama });
                } else {
                    errors.push(FieldError::new(format!("{p}.dari"), "wajib diisi"));
                }
            }
        }
        Some(_) => errors.push(FieldError::new("pita_kategori", "harus daftar pita {dari, sampai, nama}")),
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let pita = PitaKategori::new(pita).map_err(|m| AppError::Validation(vec![FieldError::new("pita_kategori", m)]))?;
    Ok((batas, pita))
}

fn only_upper_levels(target: &Target) -> Result<(), AppError> {
    if target.0.tingkat == "kabupaten_kota" {
        return Err(AppError::Validation(vec![FieldError::new(
            "satker",
            "aturan capaian ditetapkan oleh KPU RI atau KPU Provinsi untuk satker di bawahnya",
        )]));
    }
    Ok(())
}

pub async fn put(
    req: HttpRequest,
    p: Principal,
    target: Target,
    body: super::Isi<Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    only_upper_levels(&target)?;
    let rules = parse(&body)?;
    let pelaku = Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() };
    let hasil = aturan::tetapkan(&state.db, &state.registry, &target.0, Some(rules), &pelaku, request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(hasil))
}

pub async fn delete(
    req: HttpRequest,
    p: Principal,
    target: Target,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    only_upper_levels(&target)?;
    let pelaku = Pelaku { sub: p.sub.clone(), jenis: p.jenis.as_str().into() };
    let hasil = aturan::tetapkan(&state.db, &state.registry, &target.0, None, &pelaku, request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(hasil))
}

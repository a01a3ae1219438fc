//! The verification queue and the decisions taken on it (approve, return with a reason).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use serde::Deserialize;

use super::{Jawab, kerangka, tahun_atau_awal, triwulan_opsi};
use crate::auth::{Principal, Target};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::halaman::{self, HalamanVerifikasi, ke};
use crate::http::request_id;
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::repo::dokumen::Dokumen;
use crate::service::dasbor as service;
use crate::service::dokumen::{Aksi, Langkah, Tulis, etag, transisi};
use crate::state::{AppState, Baca};

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
    let tahun = crate::http::tahun(&path.1)?;
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
    let tahun = crate::http::tahun(&path.1)?;
    let tw = crate::http::triwulan(&path.2)?;
    putuskan(req, p, scope, target, (Dokumen::Realisasi(tw), tahun, &path.3), q, body, state).await
}

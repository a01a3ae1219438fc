//! Logging in and out of the pages: the form, the session cookie, and the way out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use serde::Deserialize;

use super::Jawab;
use crate::auth::sesi;
use crate::domain::akses::Peran;
use crate::error::AppError;
use crate::halaman::{self, HalamanMasuk, Kerangka, ke};
use crate::service::token::{self, TokenRequest};
use crate::state::AppState;

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
    let ctx = crate::http::auth::konteks(&req, &state, false);
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

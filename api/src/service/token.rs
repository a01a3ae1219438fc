//! The OAuth 2.0 token grant (RFC 6749 §4.3 password, §4.4 client_credentials).

use actix_web::http::StatusCode;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::Jenis;
use crate::auth::keys::{KeySet, now_secs};
use crate::auth::password::Hasher;
use crate::auth::ratelimit::FailureLimiter;
use crate::error::AppError;
use crate::registry::Registry;
use crate::repo::audit::{self, Jejak, Pelaku};
use crate::repo::{Scope, akses as repo};

#[derive(Debug, Default, Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
}

pub struct Context<'a> {
    pub db: &'a DatabaseConnection,
    pub hasher: &'a Hasher,
    pub keys: &'a KeySet,
    pub limiter: &'a FailureLimiter,
    pub registry: &'a Registry,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// The client authenticated with HTTP Basic, so a 401 must challenge with Basic.
    pub basic: bool,
}

fn oauth(error: &'static str, status: StatusCode, description: impl Into<String>, basic: bool) -> AppError {
    AppError::OAuth { error, description: description.into(), status, basic_challenge: basic }
}

fn invalid_request(description: &str) -> AppError {
    oauth("invalid_request", StatusCode::BAD_REQUEST, description, false)
}

fn required(v: Option<String>, name: &str) -> Result<String, AppError> {
    let v = v.filter(|s| !s.is_empty()).ok_or_else(|| invalid_request(&format!("{name} wajib diisi.")))?;
    match crate::domain::teks::karakter_kontrol(&v, false) {
        Some(c) => Err(invalid_request(&format!("{name} {}.", crate::domain::teks::pesan(c)))),
        None => Ok(v),
    }
}

pub async fn terbitkan(ctx: &Context<'_>, req: TokenRequest) -> Result<TokenResponse, AppError> {
    let grant = required(req.grant_type, "grant_type")?;
    let (jenis, id, secret) = match grant.as_str() {
        "client_credentials" => {
            (Jenis::Klien, required(req.client_id, "client_id")?, required(req.client_secret, "client_secret")?)
        }
        "password" => (Jenis::Pengguna, required(req.username, "username")?, required(req.password, "password")?),
        other => {
            return Err(oauth(
                "unsupported_grant_type",
                StatusCode::BAD_REQUEST,
                format!("grant_type '{other}' tidak didukung; gunakan client_credentials atau password."),
                false,
            ));
        }
    };
    let keys = ctx.limiter.kunci(&format!("{}:{id}", jenis.as_str()), ctx.ip.as_deref().unwrap_or("-"));
    // The attempt is counted before the secret is checked: a burst of concurrent guesses is
    // evaluated at most as often as the limit allows.
    ctx.limiter.ambil(ctx.db, &keys).await?;

    // An attempt that could not be judged (the database is down) is no failure of the caller's.
    let judged = async {
        let found = repo::cari(&Scope::sistem(), ctx.db, jenis, &id).await?;
        let verified = ctx.hasher.verify(secret, found.as_ref().map(|k| k.hash.clone())).await?;
        Ok::<_, AppError>((found, verified))
    };
    let (found, verified) = match judged.await {
        Ok(v) => v,
        Err(e) => {
            ctx.limiter.kembalikan(ctx.db, &keys).await;
            return Err(e);
        }
    };
    let pelaku = Pelaku { sub: id.clone(), jenis: jenis.as_str().into() };
    let granted = found.filter(|k| verified && k.dicabut_pada.is_none());
    let Some(kredensial) = granted else {
        audit::catat(
            ctx.db,
            Jejak {
                pelaku: &pelaku,
                satker_id: None,
                aksi: "token.gagal",
                objek: format!("{}:{id}", jenis.as_str()),
                sebelum: None,
                sesudah: Some(json!({ "grant_type": grant, "ip": ctx.ip })),
                request_id: ctx.request_id.clone(),
            },
        )
        .await?;
        // The same answer whether the id is unknown, the secret wrong or the credential
        // revoked: nothing tells an attacker which ids exist.
        return Err(match jenis {
            Jenis::Klien => {
                oauth("invalid_client", StatusCode::UNAUTHORIZED, "Klien tidak dikenal atau rahasia salah.", ctx.basic)
            }
            Jenis::Pengguna | Jenis::Eksternal => {
                oauth("invalid_grant", StatusCode::BAD_REQUEST, "Nama pengguna atau kata sandi salah.", false)
            }
        });
    };
    ctx.limiter.berhasil(ctx.db, &keys).await?;

    let satker =
        ctx.registry.by_id(kredensial.satker_id).ok_or_else(|| AppError::internal("satker of credential missing"))?;
    let claims = ctx.keys.claims(&id, &satker.kode, &kredensial.peran, jenis.as_str(), now_secs());
    let access_token = ctx.keys.sign(&claims).map_err(AppError::internal)?;
    audit::catat(
        ctx.db,
        Jejak {
            pelaku: &pelaku,
            satker_id: Some(kredensial.satker_id),
            aksi: "token.terbit",
            objek: format!("token:{}", claims.jti),
            sebelum: None,
            sesudah: Some(json!({ "grant_type": grant, "role": kredensial.peran, "exp": claims.exp })),
            request_id: ctx.request_id.clone(),
        },
    )
    .await?;
    Ok(TokenResponse { access_token, token_type: "Bearer", expires_in: ctx.keys.ttl_secs })
}

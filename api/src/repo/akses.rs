//! API clients and users: two tables, one shape ([`Kredensial`]) for everything that treats
//! them alike (lookup, listing, revocation).

use chrono::{DateTime, Utc};
use entity::{klien_api, pengguna};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Scope;
use crate::auth::Jenis;
use crate::error::AppError;

/// A stored credential, client or user.
#[derive(Clone, Debug)]
pub struct Kredensial {
    /// client_id or username.
    pub id: String,
    pub hash: String,
    pub nama: String,
    pub satker_id: i64,
    pub peran: String,
    pub created_at: DateTime<Utc>,
    pub dicabut_pada: Option<DateTime<Utc>>,
}

impl From<klien_api::Model> for Kredensial {
    fn from(k: klien_api::Model) -> Self {
        Self {
            id: k.client_id,
            hash: k.secret_hash,
            nama: k.nama,
            satker_id: k.satker_id,
            peran: k.peran,
            created_at: k.created_at,
            dicabut_pada: k.dicabut_pada,
        }
    }
}

impl From<pengguna::Model> for Kredensial {
    fn from(p: pengguna::Model) -> Self {
        Self {
            id: p.username,
            hash: p.password_hash,
            nama: p.nama,
            satker_id: p.satker_id,
            peran: p.peran,
            created_at: p.created_at,
            dicabut_pada: p.dicabut_pada,
        }
    }
}

/// One credential by id, if it belongs to a satker in `scope`. External identities have
/// no stored credential.
pub async fn cari(
    scope: &Scope,
    db: &impl ConnectionTrait,
    jenis: Jenis,
    id: &str,
) -> Result<Option<Kredensial>, AppError> {
    Ok(match jenis {
        Jenis::Klien => klien_api::Entity::find()
            .filter(klien_api::Column::ClientId.eq(id))
            .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
            .one(db)
            .await?
            .map(Kredensial::from),
        Jenis::Pengguna => pengguna::Entity::find()
            .filter(pengguna::Column::Username.eq(id))
            .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
            .one(db)
            .await?
            .map(Kredensial::from),
        Jenis::Eksternal => None,
    })
}

pub async fn daftar(scope: &Scope, db: &impl ConnectionTrait, jenis: Jenis) -> Result<Vec<Kredensial>, AppError> {
    Ok(match jenis {
        Jenis::Klien => klien_api::Entity::find()
            .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
            .order_by_asc(klien_api::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(Kredensial::from)
            .collect(),
        Jenis::Pengguna => pengguna::Entity::find()
            .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
            .order_by_asc(pengguna::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(Kredensial::from)
            .collect(),
        Jenis::Eksternal => Vec::new(),
    })
}

pub async fn cabut(scope: &Scope, db: &impl ConnectionTrait, jenis: Jenis, id: &str) -> Result<(), AppError> {
    let now = Expr::value(Utc::now());
    match jenis {
        Jenis::Klien => {
            klien_api::Entity::update_many()
                .col_expr(klien_api::Column::DicabutPada, now)
                .filter(klien_api::Column::ClientId.eq(id))
                .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
                .exec(db)
                .await?;
        }
        Jenis::Pengguna => {
            pengguna::Entity::update_many()
                .col_expr(pengguna::Column::DicabutPada, now)
                .filter(pengguna::Column::Username.eq(id))
                .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
                .exec(db)
                .await?;
        }
        Jenis::Eksternal => {}
    }
    Ok(())
}

pub async fn simpan_klien(db: &impl ConnectionTrait, m: klien_api::ActiveModel) -> Result<klien_api::Model, AppError> {
    Ok(m.insert(db).await?)
}

pub async fn simpan_pengguna(db: &impl ConnectionTrait, m: pengguna::ActiveModel) -> Result<pengguna::Model, AppError> {
    Ok(m.insert(db).await?)
}

/// Whether a token's credential is revoked or gone. Authentication is the one place that
/// runs before there is a tenant, so it asks with the system scope, visibly.
pub async fn dicabut(db: &impl ConnectionTrait, jenis: Jenis, sub: &str) -> Result<bool, AppError> {
    Ok(cari(&Scope::sistem(), db, jenis, sub).await?.is_none_or(|k| k.dicabut_pada.is_some()))
}

/// The display names of credentials by id: (`klien`|`pengguna`, id) → nama.
pub async fn nama(
    db: &impl ConnectionTrait,
    klien: Vec<String>,
    pengguna: Vec<String>,
) -> Result<std::collections::HashMap<(String, String), String>, AppError> {
    let mut out = std::collections::HashMap::new();
    if !klien.is_empty() {
        for k in klien_api::Entity::find().filter(klien_api::Column::ClientId.is_in(klien)).all(db).await? {
            out.insert(("klien".to_string(), k.client_id), k.nama);
        }
    }
    if !pengguna.is_empty() {
        for p in pengguna::Entity::find().filter(pengguna::Column::Username.is_in(pengguna)).all(db).await? {
            out.insert(("pengguna".to_string(), p.username), p.nama);
        }
    }
    Ok(out)
}

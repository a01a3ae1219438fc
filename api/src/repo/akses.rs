//! API clients and users.

use entity::{klien_api, pengguna};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Scope;
use crate::error::AppError;

pub async fn klien(
    scope: &Scope,
    db: &impl ConnectionTrait,
    client_id: &str,
) -> Result<Option<klien_api::Model>, AppError> {
    Ok(klien_api::Entity::find()
        .filter(klien_api::Column::ClientId.eq(client_id))
        .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
        .one(db)
        .await?)
}

pub async fn daftar_klien(scope: &Scope, db: &impl ConnectionTrait) -> Result<Vec<klien_api::Model>, AppError> {
    Ok(klien_api::Entity::find()
        .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
        .order_by_asc(klien_api::Column::Id)
        .all(db)
        .await?)
}

pub async fn simpan_klien(db: &impl ConnectionTrait, m: klien_api::ActiveModel) -> Result<klien_api::Model, AppError> {
    Ok(m.insert(db).await?)
}

pub async fn cabut_klien(scope: &Scope, db: &impl ConnectionTrait, client_id: &str) -> Result<(), AppError> {
    klien_api::Entity::update_many()
        .col_expr(klien_api::Column::DicabutPada, Expr::value(chrono::Utc::now()))
        .filter(klien_api::Column::ClientId.eq(client_id))
        .filter(klien_api::Column::SatkerId.in_subquery(scope.satker_ids()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn pengguna(
    scope: &Scope,
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<pengguna::Model>, AppError> {
    Ok(pengguna::Entity::find()
        .filter(pengguna::Column::Username.eq(username))
        .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
        .one(db)
        .await?)
}

pub async fn daftar_pengguna(scope: &Scope, db: &impl ConnectionTrait) -> Result<Vec<pengguna::Model>, AppError> {
    Ok(pengguna::Entity::find()
        .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
        .order_by_asc(pengguna::Column::Id)
        .all(db)
        .await?)
}

pub async fn simpan_pengguna(db: &impl ConnectionTrait, m: pengguna::ActiveModel) -> Result<pengguna::Model, AppError> {
    Ok(m.insert(db).await?)
}

pub async fn cabut_pengguna(scope: &Scope, db: &impl ConnectionTrait, username: &str) -> Result<(), AppError> {
    pengguna::Entity::update_many()
        .col_expr(pengguna::Column::DicabutPada, Expr::value(chrono::Utc::now()))
        .filter(pengguna::Column::Username.eq(username))
        .filter(pengguna::Column::SatkerId.in_subquery(scope.satker_ids()))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a token's credential is revoked or gone. Authentication is the one place that
/// runs before there is a tenant, so it asks with the system scope, visibly.
pub async fn dicabut(db: &impl ConnectionTrait, jenis_klien: bool, sub: &str) -> Result<bool, AppError> {
    let scope = Scope::sistem();
    let revoked = if jenis_klien {
        klien(&scope, db, sub).await?.is_none_or(|k| k.dicabut_pada.is_some())
    } else {
        pengguna(&scope, db, sub).await?.is_none_or(|p| p.dicabut_pada.is_some())
    };
    Ok(revoked)
}

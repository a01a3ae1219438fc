//! The satker registry held in memory: 553 rows that change only by migration, needed on
//! every authenticated request to place the caller and the target in the hierarchy.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::error::AppError;
use crate::repo::{self, Scope};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SatkerRef {
    #[serde(skip)]
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub tingkat: String,
    #[serde(skip)]
    pub jalur: String,
}

impl From<entity::satker::Model> for SatkerRef {
    fn from(s: entity::satker::Model) -> Self {
        Self { id: s.id, kode: s.kode_wilayah, nama: s.nama, tingkat: s.tingkat, jalur: s.jalur }
    }
}

pub struct Registry {
    by_kode: HashMap<String, SatkerRef>,
    by_id: HashMap<i64, SatkerRef>,
}

impl Registry {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let rows = repo::satker::list(&Scope::sistem(), db, None).await?;
        let refs: Vec<SatkerRef> = rows.into_iter().map(SatkerRef::from).collect();
        Ok(Self {
            by_id: refs.iter().map(|r| (r.id, r.clone())).collect(),
            by_kode: refs.into_iter().map(|r| (r.kode.clone(), r)).collect(),
        })
    }

    pub fn by_kode(&self, kode: &str) -> Option<&SatkerRef> {
        self.by_kode.get(kode)
    }

    pub fn by_id(&self, id: i64) -> Option<&SatkerRef> {
        self.by_id.get(&id)
    }

    /// The satker at `jalur` and everything below it, in hierarchy order.
    pub fn subtree(&self, jalur: &str) -> Vec<&SatkerRef> {
        let mut out: Vec<&SatkerRef> =
            self.by_id.values().filter(|s| crate::domain::akses::dalam_subtree(jalur, &s.jalur)).collect();
        out.sort_by(|a, b| a.jalur.cmp(&b.jalur));
        out
    }
}

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
    /// Every satker in hierarchy order (by `jalur`): a subtree is one range of it.
    urut: Vec<SatkerRef>,
    /// Positions in `urut`.
    by_kode: HashMap<String, usize>,
    by_id: HashMap<i64, usize>,
    /// The path every satker lies under (KPU RI's `00`), when there is one.
    akar: Option<String>,
}

impl Registry {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let rows = repo::satker::list(&Scope::sistem(), db, None).await?;
        let mut refs: Vec<SatkerRef> = rows.into_iter().map(SatkerRef::from).collect();
        refs.sort_by(|a, b| a.jalur.cmp(&b.jalur));
        let akar = refs
            .first()
            .filter(|r| refs.iter().all(|s| crate::domain::akses::dalam_subtree(&r.jalur, &s.jalur)))
            .map(|r| r.jalur.clone());
        Ok(Self {
            akar,
            by_id: refs.iter().enumerate().map(|(i, r)| (r.id, i)).collect(),
            by_kode: refs.iter().enumerate().map(|(i, r)| (r.kode.clone(), i)).collect(),
            urut: refs,
        })
    }

    pub fn by_kode(&self, kode: &str) -> Option<&SatkerRef> {
        self.by_kode.get(kode).and_then(|i| self.urut.get(*i))
    }

    pub fn by_id(&self, id: i64) -> Option<&SatkerRef> {
        self.by_id.get(&id).and_then(|i| self.urut.get(*i))
    }

    /// The satker at `jalur` and everything below it, in hierarchy order.
    pub fn subtree(&self, jalur: &str) -> Vec<&SatkerRef> {
        subtree_urut(&self.urut, jalur)
    }

    /// Whether every satker lies at or below `jalur` (KPU RI's whole tree).
    pub fn seluruh(&self, jalur: &str) -> bool {
        self.akar.as_deref() == Some(jalur)
    }
}

/// The part of `urut` (sorted by `jalur`) at `jalur` and below. Every path below `x` starts
/// `x/`, and `/` sorts just before `0`, so they all lie between `x` and `x0`; a sibling such as
/// `x.1` may lie there too, and is left out by the subtree test.
fn subtree_urut<'a>(urut: &'a [SatkerRef], jalur: &str) -> Vec<&'a SatkerRef> {
    let batas = format!("{jalur}0");
    let awal = urut.partition_point(|s| s.jalur.as_str() < jalur);
    let akhir = urut.partition_point(|s| s.jalur.as_str() < batas.as_str());
    urut[awal..akhir.max(awal)].iter().filter(|s| crate::domain::akses::dalam_subtree(jalur, &s.jalur)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satker(jalur: &str) -> SatkerRef {
        SatkerRef {
            id: 0,
            kode: jalur.rsplit('/').next().unwrap_or(jalur).into(),
            nama: String::new(),
            tingkat: String::new(),
            jalur: jalur.into(),
        }
    }

    #[test]
    fn a_subtree_is_its_range_of_the_sorted_registry_and_nothing_else() {
        let mut semua: Vec<SatkerRef> = [
            "00",
            "00/18",
            "00/18/18.01",
            "00/18/18.03",
            "00/18.5",
            "00/18-x",
            "00/180",
            "00/19",
            "00/19/19.01",
            "00/1",
        ]
        .into_iter()
        .map(satker)
        .collect();
        semua.sort_by(|a, b| a.jalur.cmp(&b.jalur));
        let jalur = |v: Vec<&SatkerRef>| v.into_iter().map(|s| s.jalur.clone()).collect::<Vec<_>>();
        assert_eq!(jalur(subtree_urut(&semua, "00/18")), ["00/18", "00/18/18.01", "00/18/18.03"]);
        assert_eq!(jalur(subtree_urut(&semua, "00/19")), ["00/19", "00/19/19.01"]);
        assert_eq!(jalur(subtree_urut(&semua, "00/18/18.03")), ["00/18/18.03"]);
        assert_eq!(subtree_urut(&semua, "00").len(), semua.len());
        assert!(subtree_urut(&semua, "00/20").is_empty());
        // The same as testing every satker, for every root.
        for root in &semua {
            let mut lama: Vec<&SatkerRef> =
                semua.iter().filter(|s| crate::domain::akses::dalam_subtree(&root.jalur, &s.jalur)).collect();
            lama.sort_by(|a, b| a.jalur.cmp(&b.jalur));
            assert_eq!(subtree_urut(&semua, &root.jalur), lama, "{}", root.jalur);
        }
    }
}

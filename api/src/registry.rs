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
    by_id: IndeksId,
    /// The path every satker lies under (KPU RI's `00`), when there is one.
    akar: Option<String>,
}

impl Registry {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let rows = repo::satker::list(&Scope::sistem(), db, None).await?;
        Ok(Self::dari(rows.into_iter().map(SatkerRef::from).collect()))
    }

    fn dari(mut refs: Vec<SatkerRef>) -> Self {
        refs.sort_by(|a, b| a.jalur.cmp(&b.jalur));
        let akar = refs
            .first()
            .filter(|r| refs.iter().all(|s| crate::domain::akses::dalam_subtree(&r.jalur, &s.jalur)))
            .map(|r| r.jalur.clone());
        Self {
            akar,
            by_id: IndeksId::baru(&refs),
            by_kode: refs.iter().enumerate().map(|(i, r)| (r.kode.clone(), i)).collect(),
            urut: refs,
        }
    }

    pub fn by_kode(&self, kode: &str) -> Option<&SatkerRef> {
        self.by_kode.get(kode).and_then(|i| self.urut.get(*i))
    }

    pub fn by_id(&self, id: i64) -> Option<&SatkerRef> {
        self.posisi_id(id).and_then(|i| self.urut.get(i))
    }

    /// The position of the satker `id` in hierarchy order (as [`Registry::subtree_posisi`]
    /// gives them).
    pub fn posisi_id(&self, id: i64) -> Option<usize> {
        match &self.by_id {
            IndeksId::Tabel(t) => t.get(usize::try_from(id).ok()?).copied().flatten().map(|p| p as usize),
            IndeksId::Peta(m) => m.get(&id).copied(),
        }
    }

    /// The satker at `jalur` and everything below it, in hierarchy order.
    pub fn subtree(&self, jalur: &str) -> Vec<&SatkerRef> {
        subtree_urut(&self.urut, jalur).map(|(_, s)| s).collect()
    }

    /// [`Registry::subtree`] with each satker's position, and the range of positions they all
    /// lie in (a subtree is one range of the hierarchy order).
    pub fn subtree_posisi(&self, jalur: &str) -> (std::ops::Range<usize>, Vec<(usize, &SatkerRef)>) {
        let satker: Vec<(usize, &SatkerRef)> = subtree_urut(&self.urut, jalur).collect();
        let rentang = satker.first().map_or(0..0, |(awal, _)| *awal..satker.last().map_or(*awal, |(p, _)| p + 1));
        (rentang, satker)
    }

    /// Whether every satker lies at or below `jalur` (KPU RI's whole tree).
    pub fn seluruh(&self, jalur: &str) -> bool {
        self.akar.as_deref() == Some(jalur)
    }
}

/// The part of `urut` (sorted by `jalur`) at `jalur` and below. Every path below `x` starts
/// `x/`, and `/` sorts just before `0`, so they all lie between `x` and `x0`; a sibling such as
/// `x.1` may lie there too, and is left out by the subtree test.
fn subtree_urut<'a, 'j>(
    urut: &'a [SatkerRef],
    jalur: &'j str,
) -> impl Iterator<Item = (usize, &'a SatkerRef)> + use<'a, 'j> {
    let batas = format!("{jalur}0");
    let awal = urut.partition_point(|s| s.jalur.as_str() < jalur);
    let akhir = urut.partition_point(|s| s.jalur.as_str() < batas.as_str());
    let rentang = urut.get(awal..akhir.max(awal)).unwrap_or_default();
    rentang
        .iter()
        .enumerate()
        .map(move |(i, s)| (awal + i, s))
        .filter(move |(_, s)| crate::domain::akses::dalam_subtree(jalur, &s.jalur))
}

/// Positions in hierarchy order by satker id.
enum IndeksId {
    /// Indexed by id, when the ids are few and small enough for a table (as a database's serial
    /// ids are): the totals look up every line they read.
    Tabel(Vec<Option<u32>>),
    /// Any other ids.
    Peta(HashMap<i64, usize>),
}

impl IndeksId {
    /// A table when the largest id is at most a few times the number of satkers, else a map.
    fn baru(urut: &[SatkerRef]) -> Self {
        let terbesar = urut.iter().map(|s| s.id).max().unwrap_or(0);
        match usize::try_from(terbesar) {
            Ok(n) if urut.iter().all(|s| s.id >= 0) && n < 4 * urut.len() + 1024 && urut.len() < u32::MAX as usize => {
                let mut t = vec![None; n + 1];
                for (i, s) in urut.iter().enumerate() {
                    if let Some(slot) = usize::try_from(s.id).ok().and_then(|id| t.get_mut(id)) {
                        *slot = u32::try_from(i).ok();
                    }
                }
                Self::Tabel(t)
            }
            _ => Self::Peta(urut.iter().enumerate().map(|(i, r)| (r.id, i)).collect()),
        }
    }
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
        let sub = |j: &str| -> Vec<&SatkerRef> {
            subtree_urut(&semua, j)
                .map(|(p, s)| {
                    assert!(std::ptr::eq(&semua[p], s), "{j}: position {p} is where {} lies", s.jalur);
                    s
                })
                .collect()
        };
        let jalur = |v: Vec<&SatkerRef>| v.into_iter().map(|s| s.jalur.clone()).collect::<Vec<_>>();
        assert_eq!(jalur(sub("00/18")), ["00/18", "00/18/18.01", "00/18/18.03"]);
        assert_eq!(jalur(sub("00/19")), ["00/19", "00/19/19.01"]);
        assert_eq!(jalur(sub("00/18/18.03")), ["00/18/18.03"]);
        assert_eq!(sub("00").len(), semua.len());
        assert!(sub("00/20").is_empty());
        // The same as testing every satker, for every root.
        for root in &semua {
            let mut lama: Vec<&SatkerRef> =
                semua.iter().filter(|s| crate::domain::akses::dalam_subtree(&root.jalur, &s.jalur)).collect();
            lama.sort_by(|a, b| a.jalur.cmp(&b.jalur));
            assert_eq!(sub(&root.jalur), lama, "{}", root.jalur);
        }
    }

    #[test]
    fn a_satker_is_found_by_id_whether_the_ids_fit_a_table_or_not() {
        for ids in [[3_i64, 1, 2, 7], [3, 1, 2, 9_000_000_000]] {
            let refs = ["00", "00/11", "00/11/11.01", "00/12"]
                .into_iter()
                .zip(ids)
                .map(|(j, id)| SatkerRef { id, ..satker(j) })
                .collect::<Vec<_>>();
            let r = Registry::dari(refs.clone());
            assert_eq!(matches!(r.by_id, IndeksId::Peta(_)), ids[3] > 1_000, "a table only for small ids");
            for s in &refs {
                let p = r.posisi_id(s.id).expect("every id is found");
                assert_eq!(r.by_id(s.id), Some(s));
                assert_eq!(r.subtree_posisi("00").1[p].1, s, "the position is the one the subtree gives");
            }
            for absent in [0, 4, 8, -1, 10_000, i64::MAX] {
                assert_eq!(r.posisi_id(absent), None, "{absent}");
            }
            let (rentang, satker) = r.subtree_posisi("00/11");
            assert_eq!(rentang, 1..3);
            assert_eq!(satker.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [1, 2]);
            assert_eq!(r.subtree_posisi("00/13").0, 0..0);
        }
    }
}

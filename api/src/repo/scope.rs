use entity::satker;

use crate::domain::akses::{awalan_bawahan, dalam_subtree};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};

/// Which satkers a caller may see: a whole subtree of the hierarchy, identified by the
/// materialised path (`jalur`) of its root. Built from an authenticated principal, or as
/// [`Scope::sistem`] for trusted local operations (CLI, start-up, migrations).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope(Kind);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Sistem,
    Subtree {
        jalur: String,
    },
    /// One satker alone, nothing below it: an operator's.
    Satker {
        jalur: String,
    },
}

impl Scope {
    /// The explicit opt-out for code that acts for the operator, not for a tenant.
    pub fn sistem() -> Self {
        Self(Kind::Sistem)
    }

    /// The subtree rooted at the satker whose path is `jalur`. Made only for a principal
    /// ([`crate::auth::Principal::scope`]) and in tests; anything else narrows a scope it holds
    /// ([`Scope::di_bawah`]).
    pub(crate) fn subtree(jalur: impl Into<String>) -> Self {
        Self(Kind::Subtree { jalur: jalur.into() })
    }

    /// The satker whose path is `jalur`, alone (an operator's).
    pub(crate) fn satker(jalur: impl Into<String>) -> Self {
        Self(Kind::Satker { jalur: jalur.into() })
    }

    /// The condition every satker-bearing query is filtered by.
    pub fn satker_condition(&self) -> Condition {
        match &self.0 {
            Kind::Sistem => Condition::all(),
            Kind::Subtree { jalur } => Condition::any()
                .add(satker::Column::Jalur.eq(jalur.clone()))
                .add(satker::Column::Jalur.starts_with(awalan_bawahan(jalur))),
            Kind::Satker { jalur } => Condition::all().add(satker::Column::Jalur.eq(jalur.clone())),
        }
    }

    /// This scope narrowed to the subtree of `satker`, which must lie inside it (else it is
    /// answered like a satker that does not exist). A one-satker scope narrows to itself.
    pub fn di_bawah(&self, satker: &crate::registry::SatkerRef) -> Result<Scope, crate::error::AppError> {
        self.milik(satker)?;
        Ok(match &self.0 {
            Kind::Satker { .. } => self.clone(),
            Kind::Sistem | Kind::Subtree { .. } => Scope::subtree(satker.jalur.clone()),
        })
    }

    /// Whether the whole subtree rooted at `jalur` lies inside the scope: what an aggregate
    /// over that subtree needs (one satker's scope covers no subtree but a childless one, and
    /// even that is not asked of it: aggregates refuse operators first).
    pub fn covers_subtree(&self, jalur: &str) -> bool {
        match &self.0 {
            Kind::Satker { .. } => false,
            _ => self.contains(jalur),
        }
    }

    /// `SELECT id FROM satker WHERE <in scope>`: for tables that carry a `satker_id`.
    pub fn satker_ids(&self) -> SelectStatement {
        Query::select().column(satker::Column::Id).from(satker::Entity).cond_where(self.satker_condition()).to_owned()
    }

    /// The same condition for SQL written by hand: `kolom` is a satker's `jalur` column
    /// (`s.jalur`); the fragment and its values.
    pub(crate) fn saring_jalur(&self, kolom: &str) -> (String, Vec<sea_orm::Value>) {
        match &self.0 {
            Kind::Sistem => ("1 = 1".into(), Vec::new()),
            Kind::Subtree { jalur } => (
                format!("({kolom} = ? OR {kolom} LIKE ?)"),
                vec![jalur.clone().into(), format!("{}%", awalan_bawahan(jalur)).into()],
            ),
            Kind::Satker { jalur } => (format!("{kolom} = ?"), vec![jalur.clone().into()]),
        }
    }

    /// Whether a satker with this path lies inside the scope (for already-loaded rows).
    pub fn contains(&self, jalur: &str) -> bool {
        match &self.0 {
            Kind::Sistem => true,
            Kind::Subtree { jalur: root } => dalam_subtree(root, jalur),
            Kind::Satker { jalur: own } => jalur == own,
        }
    }
}

/// A satker proven to lie inside a [`Scope`]: the only way to name a satker to the repository
/// functions that read or write its documents' rows. Only [`Scope::milik`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SatkerMilik(i64);

impl SatkerMilik {
    pub fn id(self) -> i64 {
        self.0
    }
}

impl Scope {
    /// The handle of `satker` when it lies inside this scope; otherwise it is answered exactly
    /// like a satker that does not exist.
    pub fn milik(&self, satker: &crate::registry::SatkerRef) -> Result<SatkerMilik, crate::error::AppError> {
        if self.contains(&satker.jalur) {
            Ok(SatkerMilik(satker.id))
        } else {
            Err(crate::error::AppError::satker_tidak_ditemukan(&satker.kode))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_contains_itself_and_descendants_only() {
        let s = Scope::subtree("00/18");
        assert!(s.contains("00/18"));
        assert!(s.contains("00/18/18.03"));
        assert!(!s.contains("00/1"));
        assert!(!s.contains("00/31/31.71"));
        // A sibling whose code starts with the same digits is not a descendant.
        assert!(!Scope::subtree("00/18/18.0").contains("00/18/18.03"));
        assert!(!s.contains("00"));
        assert!(Scope::sistem().contains("00"));
    }

    #[test]
    fn a_satker_scope_is_that_satker_alone() {
        let s = Scope::satker("00/18");
        assert!(s.contains("00/18"));
        assert!(!s.contains("00/18/18.03"));
        assert!(!s.covers_subtree("00/18"));
        assert!(Scope::subtree("00/18").covers_subtree("00/18"));
        assert!(!Scope::subtree("00/18").covers_subtree("00"));
    }

    #[test]
    fn a_handle_is_given_only_inside_the_scope() {
        let s = |id, jalur: &str| crate::registry::SatkerRef {
            id,
            kode: jalur.rsplit('/').next().unwrap_or_default().into(),
            nama: "x".into(),
            tingkat: "x".into(),
            jalur: jalur.into(),
        };
        assert_eq!(Scope::subtree("00/18").milik(&s(7, "00/18/18.03")).map(SatkerMilik::id).ok(), Some(7));
        assert!(Scope::subtree("00/18").milik(&s(8, "00/31/31.71")).is_err());
        assert!(Scope::satker("00/18").milik(&s(7, "00/18/18.03")).is_err());
        assert!(Scope::sistem().milik(&s(8, "00/31/31.71")).is_ok());
        // Narrowing keeps inside what it narrows.
        let provinsi = Scope::subtree("00/18");
        let kab = provinsi.di_bawah(&s(7, "00/18/18.03")).unwrap();
        assert!(kab.contains("00/18/18.03") && !kab.contains("00/18/18.01"));
        assert!(provinsi.di_bawah(&s(9, "00/31")).is_err());
        assert_eq!(Scope::satker("00/18").di_bawah(&s(1, "00/18")).unwrap(), Scope::satker("00/18"));
    }
}

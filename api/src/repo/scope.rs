use entity::satker;
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

    /// The subtree rooted at the satker whose path is `jalur`.
    pub fn subtree(jalur: impl Into<String>) -> Self {
        Self(Kind::Subtree { jalur: jalur.into() })
    }

    /// The satker whose path is `jalur`, alone.
    pub fn satker(jalur: impl Into<String>) -> Self {
        Self(Kind::Satker { jalur: jalur.into() })
    }

    /// The condition every satker-bearing query is filtered by.
    pub fn satker_condition(&self) -> Condition {
        match &self.0 {
            Kind::Sistem => Condition::all(),
            Kind::Subtree { jalur } => Condition::any()
                .add(satker::Column::Jalur.eq(jalur.clone()))
                .add(satker::Column::Jalur.starts_with(format!("{jalur}/"))),
            Kind::Satker { jalur } => Condition::all().add(satker::Column::Jalur.eq(jalur.clone())),
        }
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

    /// Whether a satker with this path lies inside the scope (for already-loaded rows).
    pub fn contains(&self, jalur: &str) -> bool {
        match &self.0 {
            Kind::Sistem => true,
            Kind::Subtree { jalur: root } => {
                jalur == root || jalur.strip_prefix(root.as_str()).is_some_and(|rest| rest.starts_with('/'))
            }
            Kind::Satker { jalur: own } => jalur == own,
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
}

//! Who may do what: roles, permissions and the relation between a caller's satker and the
//! satker it acts on. The HTTP layer asks [`boleh`] once per request, from the route table.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Peran {
    /// Enters its own satker's data.
    Operator,
    /// Approves or returns submissions of satkers below its own.
    Verifikator,
    /// Reads its own satker and everything below it.
    Analis,
    /// Manages API clients and users in its subtree.
    Admin,
}

impl Peran {
    pub const ALL: [Peran; 4] = [Peran::Operator, Peran::Verifikator, Peran::Analis, Peran::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Peran::Operator => "operator",
            Peran::Verifikator => "verifikator",
            Peran::Analis => "analis",
            Peran::Admin => "admin",
        }
    }
}

impl fmt::Display for Peran {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Peran {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Peran::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("peran '{s}' tidak dikenal; pilih operator, verifikator, analis atau admin"))
    }
}

/// What a route needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Izin {
    /// No token needed (token endpoint, JWKS, operations).
    Publik,
    /// Any valid token; the route itself only ever shows the caller's own scope.
    Masuk,
    /// Read the data of the satker in the path.
    Baca,
    /// Read the aggregate of a subtree (a provinsi's ringkasan): every satker below it. An
    /// operator enters its own satker's data and reads that satker only, so it never has this.
    Agregat,
    /// Read national figures: [`Izin::Agregat`] on KPU RI (`00`), which only KPU RI's own
    /// callers have in their scope.
    Nasional,
    /// Write the satker's own data.
    Tulis,
    /// Approve or return a submission of the satker in the path.
    Verifikasi,
    /// Administer the satker in the path and its subtree: clients, users, capaian rules.
    Kelola,
    /// [`Izin::Kelola`] on KPU RI (`00`): what only KPU RI's admin has (the national catalogue).
    KelolaNasional,
    /// Open the dashboard's pages (of the satker in the path, or of the caller's own): the
    /// roles that read aggregates. An operator enters data through its own system or a
    /// workbook, and has no dashboard.
    Dasbor,
}

/// Where the target satker stands relative to the caller's. Targets outside the caller's
/// subtree never get this far: they are answered exactly like satkers that do not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hubungan {
    Sendiri,
    Bawahan,
}

pub fn boleh(peran: Peran, izin: Izin, hubungan: Hubungan) -> bool {
    use Hubungan::*;
    use Izin::*;
    use Peran::*;
    match izin {
        Publik | Masuk => true,
        Baca => match peran {
            Operator => hubungan == Sendiri,
            Verifikator | Analis | Admin => true,
        },
        // An operator's aggregate view is at most its own satker, which `Baca` gives it.
        Agregat | Nasional => peran != Operator,
        Tulis => peran == Operator && hubungan == Sendiri,
        Verifikasi => peran == Verifikator && hubungan == Bawahan,
        Kelola | KelolaNasional => peran == Admin,
        Dasbor => peran != Operator,
    }
}

/// The subtree rule, written once: a satker with path `jalur` lies in the subtree rooted at
/// `root` when it is the root or below it (`00/18` holds `00/18/18.03`, not `00/1`, and not the
/// sibling `00/18/18.0` of `00/18/18.03`'s parent). Paths are kode wilayah joined by `/`.
pub fn dalam_subtree(root: &str, jalur: &str) -> bool {
    jalur == root || jalur.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'))
}

/// What every path strictly below `root` starts with, for SQL (`LIKE '<this>%'`).
pub fn awalan_bawahan(root: &str) -> String {
    format!("{root}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        use Hubungan::*;
        use Izin::*;
        use Peran::*;
        // (peran, izin, hubungan, allowed)
        let table = [
            (Operator, Baca, Sendiri, true),
            (Operator, Baca, Bawahan, false),
            (Operator, Tulis, Sendiri, true),
            (Operator, Tulis, Bawahan, false),
            (Operator, Verifikasi, Bawahan, false),
            (Operator, Kelola, Sendiri, false),
            (Operator, Agregat, Sendiri, false),
            (Operator, Nasional, Sendiri, false),
            (Verifikator, Agregat, Sendiri, true),
            (Analis, Agregat, Bawahan, true),
            (Admin, Nasional, Sendiri, true),
            (Verifikator, Baca, Bawahan, true),
            (Verifikator, Tulis, Sendiri, false),
            (Verifikator, Verifikasi, Bawahan, true),
            (Verifikator, Verifikasi, Sendiri, false),
            (Analis, Baca, Sendiri, true),
            (Analis, Baca, Bawahan, true),
            (Analis, Tulis, Sendiri, false),
            (Analis, Verifikasi, Bawahan, false),
            (Analis, Kelola, Bawahan, false),
            (Admin, Kelola, Sendiri, true),
            (Admin, Kelola, Bawahan, true),
            (Admin, Tulis, Sendiri, false),
            (Admin, Verifikasi, Bawahan, false),
        ];
        for (peran, izin, hubungan, expected) in table {
            assert_eq!(boleh(peran, izin, hubungan), expected, "{peran} {izin:?} {hubungan:?}");
        }
    }

    #[test]
    fn the_subtree_rule() {
        assert!(dalam_subtree("00/18", "00/18"));
        assert!(dalam_subtree("00/18", "00/18/18.03"));
        assert!(!dalam_subtree("00/18", "00/1"));
        assert!(!dalam_subtree("00/1", "00/18"));
        assert!(!dalam_subtree("00/18/18.0", "00/18/18.03"));
        assert!(awalan_bawahan("00/18/18.03").starts_with("00/18/18.03/"));
    }

    #[test]
    fn roles_round_trip_and_unknown_is_explained() {
        for p in Peran::ALL {
            assert_eq!(p.as_str().parse::<Peran>().unwrap(), p);
        }
        assert!("superuser".parse::<Peran>().unwrap_err().contains("operator"));
    }
}

//! The closed vocabularies of the documents: a document's status, the triwulan, jenis belanja
//! and sumber dana. Each is an enum that serialises as the code people and integrators already
//! use (`diajukan`, `TW3`, `52`, `APBN`), so no string travels unchecked between layers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a document stands in the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusDokumen {
    Draf,
    Diajukan,
    Disetujui,
    Dikembalikan,
}

impl StatusDokumen {
    pub const ALL: [StatusDokumen; 4] =
        [StatusDokumen::Draf, StatusDokumen::Diajukan, StatusDokumen::Disetujui, StatusDokumen::Dikembalikan];

    pub fn as_str(self) -> &'static str {
        match self {
            StatusDokumen::Draf => "draf",
            StatusDokumen::Diajukan => "diajukan",
            StatusDokumen::Disetujui => "disetujui",
            StatusDokumen::Dikembalikan => "dikembalikan",
        }
    }
}

impl FromStr for StatusDokumen {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("status '{s}' tidak dikenal"))
    }
}

impl fmt::Display for StatusDokumen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A quarter of the year; realisasi is reported per triwulan, cumulative to date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Triwulan {
    TW1,
    TW2,
    TW3,
    TW4,
}

/// The months, as Indonesian reports name them.
pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

impl Triwulan {
    pub const ALL: [Triwulan; 4] = [Triwulan::TW1, Triwulan::TW2, Triwulan::TW3, Triwulan::TW4];

    /// 1–4, as stored.
    pub fn nomor(self) -> i16 {
        match self {
            Triwulan::TW1 => 1,
            Triwulan::TW2 => 2,
            Triwulan::TW3 => 3,
            Triwulan::TW4 => 4,
        }
    }

    pub fn dari_nomor(n: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.nomor() == n)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Triwulan::TW1 => "TW1",
            Triwulan::TW2 => "TW2",
            Triwulan::TW3 => "TW3",
            Triwulan::TW4 => "TW4",
        }
    }
}

impl FromStr for Triwulan {
    type Err = String;

    /// `TW1`…`TW4`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| "harus TW1, TW2, TW3 atau TW4".to_string())
    }
}

impl fmt::Display for Triwulan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Jenis belanja: the first two digits of the akun (PMK 62/2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub enum JenisBelanja {
    #[serde(rename = "51")]
    Pegawai,
    #[serde(rename = "52")]
    Barang,
    #[serde(rename = "53")]
    Modal,
    #[serde(rename = "54")]
    BebanBunga,
    #[serde(rename = "55")]
    Subsidi,
    #[serde(rename = "56")]
    Hibah,
    #[serde(rename = "57")]
    BantuanSosial,
    #[serde(rename = "58")]
    LainLain,
}

impl JenisBelanja {
    pub const ALL: [JenisBelanja; 8] = [
        JenisBelanja::Pegawai,
        JenisBelanja::Barang,
        JenisBelanja::Modal,
        JenisBelanja::BebanBunga,
        JenisBelanja::Subsidi,
        JenisBelanja::Hibah,
        JenisBelanja::BantuanSosial,
        JenisBelanja::LainLain,
    ];

    pub fn kode(self) -> &'static str {
        match self {
            JenisBelanja::Pegawai => "51",
            JenisBelanja::Barang => "52",
            JenisBelanja::Modal => "53",
            JenisBelanja::BebanBunga => "54",
            JenisBelanja::Subsidi => "55",
            JenisBelanja::Hibah => "56",
            JenisBelanja::BantuanSosial => "57",
            JenisBelanja::LainLain => "58",
        }
    }

    pub fn nama(self) -> &'static str {
        match self {
            JenisBelanja::Pegawai => "Belanja Pegawai",
            JenisBelanja::Barang => "Belanja Barang",
            JenisBelanja::Modal => "Belanja Modal",
            JenisBelanja::BebanBunga => "Beban Bunga",
            JenisBelanja::Subsidi => "Subsidi",
            JenisBelanja::Hibah => "Hibah",
            JenisBelanja::BantuanSosial => "Bantuan Sosial",
            JenisBelanja::LainLain => "Belanja Lain-lain",
        }
    }

    pub fn dari_kode(kode: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|j| j.kode() == kode)
    }
}

/// Where the money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum SumberDana {
    /// Rupiah murni.
    Apbn,
    /// A regional grant (the 2024 Pilkada).
    Hibah,
    Pnbp,
    Phln,
    Sbsn,
}

impl SumberDana {
    pub const ALL: [SumberDana; 5] =
        [SumberDana::Apbn, SumberDana::Hibah, SumberDana::Pnbp, SumberDana::Phln, SumberDana::Sbsn];

    pub fn kode(self) -> &'static str {
        match self {
            SumberDana::Apbn => "APBN",
            SumberDana::Hibah => "HIBAH",
            SumberDana::Pnbp => "PNBP",
            SumberDana::Phln => "PHLN",
            SumberDana::Sbsn => "SBSN",
        }
    }

    /// Case-insensitive: `apbn` is APBN.
    pub fn dari_kode(kode: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.kode().eq_ignore_ascii_case(kode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_serialise_as_people_write_them() {
        for s in StatusDokumen::ALL {
            assert_eq!(s.as_str().parse::<StatusDokumen>().unwrap(), s);
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for t in Triwulan::ALL {
            assert_eq!(Triwulan::dari_nomor(t.nomor()), Some(t));
            assert_eq!(t.as_str().to_lowercase().parse::<Triwulan>().unwrap(), t);
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        assert_eq!(Triwulan::dari_nomor(5), None);
        for j in JenisBelanja::ALL {
            assert_eq!(JenisBelanja::dari_kode(j.kode()), Some(j));
            assert_eq!(serde_json::to_value(j).unwrap(), j.kode());
        }
        for s in SumberDana::ALL {
            assert_eq!(SumberDana::dari_kode(&s.kode().to_lowercase()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.kode());
        }
        assert_eq!(JenisBelanja::Barang.nama(), "Belanja Barang");
    }
}

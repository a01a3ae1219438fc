//! The answer types of the schema, mapped from the views.

use super::*;

#[derive(SimpleObject)]
pub struct Anggaran {
    pub(super) pagu: Rupiah,
    pub(super) realisasi: Rupiah,
    pub(super) sisa: Rupiah,
    pub(super) persen_penyerapan: Option<Desimal>,
}

impl From<&Jumlah> for Anggaran {
    fn from(j: &Jumlah) -> Self {
        Self {
            pagu: Rupiah(j.pagu),
            realisasi: Rupiah(j.realisasi),
            sisa: Rupiah(j.sisa),
            persen_penyerapan: j.persen_penyerapan.clone().map(Desimal),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Ringkasan")]
pub struct RingkasanGql {
    pub(super) tahun: i32,
    pub(super) triwulan: Option<String>,
    pub(super) jumlah_satker: i32,
    pub(super) jumlah_melapor: i32,
    pub(super) capaian_rata_rata: Option<Desimal>,
    pub(super) kategori: Option<String>,
    pub(super) anggaran: Anggaran,
}

impl From<&Ringkasan> for RingkasanGql {
    fn from(r: &Ringkasan) -> Self {
        Self {
            tahun: r.tahun,
            triwulan: r.triwulan.map(|t| t.as_str().to_string()),
            jumlah_satker: i32::try_from(r.jumlah_satker).unwrap_or(i32::MAX),
            jumlah_melapor: i32::try_from(r.jumlah_melapor).unwrap_or(i32::MAX),
            capaian_rata_rata: r.capaian_rata_rata.clone().map(Desimal),
            kategori: r.kategori.clone(),
            anggaran: Anggaran::from(&r.anggaran),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "SatkerRingkas")]
pub struct BarisGql {
    pub(super) kode: String,
    pub(super) nama: String,
    pub(super) tingkat: String,
    pub(super) triwulan: Option<String>,
    pub(super) capaian_rata_rata: Option<Desimal>,
    pub(super) kategori: Option<String>,
    pub(super) dilaporkan: i32,
    pub(super) diharapkan: i32,
    pub(super) kelengkapan: Option<Desimal>,
    pub(super) anggaran: Anggaran,
}

impl From<&BarisSatker> for BarisGql {
    fn from(b: &BarisSatker) -> Self {
        Self {
            kode: b.kode.clone(),
            nama: b.nama.clone(),
            tingkat: b.tingkat.clone(),
            triwulan: b.triwulan.map(|t| t.as_str().to_string()),
            capaian_rata_rata: b.capaian_rata_rata.clone().map(Desimal),
            kategori: b.kategori.clone(),
            dilaporkan: i32::try_from(b.dilaporkan).unwrap_or(i32::MAX),
            diharapkan: i32::try_from(b.diharapkan).unwrap_or(i32::MAX),
            kelengkapan: b.kelengkapan.clone().map(Desimal),
            anggaran: Anggaran::from(&b.anggaran),
        }
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DimensiAnggaran {
    Program,
    JenisBelanja,
    SumberDana,
}

/// How to order the satker list: the ranking an analyst asks for.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UrutSatker {
    /// By kode_wilayah (the default).
    #[default]
    Kode,
    /// Highest capaian first; satkers that have not reported last.
    Capaian,
    /// Highest budget absorption first.
    Penyerapan,
}

/// Whether a satker submitted its triwulan report, and on time.
#[derive(SimpleObject)]
pub struct Pengajuan {
    pub(super) kode: String,
    pub(super) nama: String,
    /// draf, diajukan, disetujui, dikembalikan; none when there is no report.
    pub(super) status: Option<String>,
    pub(super) diajukan_pada: Option<String>,
    pub(super) tenggat: Option<String>,
    /// True when submitted by the deadline; false when submitted after it or not at all once
    /// it has passed; none while there is no deadline or it has not passed yet.
    pub(super) tepat_waktu: Option<bool>,
}

#[derive(SimpleObject)]
pub struct KelompokAnggaran {
    pub(super) kode: String,
    pub(super) nama: Option<String>,
    pub(super) anggaran: Anggaran,
}

#[derive(SimpleObject)]
pub struct Bulan {
    pub(super) bulan: i32,
    pub(super) realisasi: Rupiah,
    /// Realisasi from January to this month.
    pub(super) kumulatif: Rupiah,
    /// The pagu of the budget lines that give a monthly breakdown: the curve's denominator (a
    /// satker whose budget gives none is outside the curve, pagu and realisasi alike).
    pub(super) pagu: Rupiah,
    /// The cumulative realisasi against `pagu`: the absorption curve.
    pub(super) persen_kumulatif: Option<Desimal>,
}

#[derive(SimpleObject)]
pub struct JumlahKategori {
    pub(super) kategori: String,
    pub(super) jumlah: i32,
}

#[derive(SimpleObject)]
pub struct StatistikIndikator {
    /// The catalogue code, or for a local indicator the satker's own code.
    pub(super) kode: String,
    pub(super) nama: String,
    /// The catalogue indicator; null for a satker's own.
    pub(super) katalog: Option<String>,
    /// True for a satker's own indicator (never merged with another satker's).
    pub(super) lokal: bool,
    /// The satker whose own indicator it is (local indicators only).
    pub(super) satker: Option<String>,
    /// Satkers whose PK of the year has this indicator.
    pub(super) jumlah_satker: i32,
    /// Satkers that reported it in the triwulan.
    pub(super) jumlah_melapor: i32,
    /// Mean of the capped capaian of those that reported.
    pub(super) rata_rata: Option<Desimal>,
    /// Lowest and highest raw capaian.
    pub(super) min: Option<Desimal>,
    pub(super) max: Option<Desimal>,
    pub(super) kategori: Vec<JumlahKategori>,
}

#[derive(SimpleObject)]
pub struct JumlahTemuan {
    pub(super) kode: String,
    pub(super) jumlah: i32,
    pub(super) jumlah_satker: i32,
}

pub(super) fn i32_of(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

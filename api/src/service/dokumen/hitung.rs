//! Stored capaian and temuan, recomputed from the stored values under the rules in force:
//! after every write of a PK or realisasi, and after a change of the capaian rules.

use std::collections::HashMap;

use chrono::Utc;
use entity::{indikator, realisasi, temuan as temuan_entity};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Set};

use crate::domain::capaian::{self, Aturan, MetodePredikat, Polaritas, Target};
use crate::domain::dokumen::{dari_e6, ke_e6};
use crate::domain::kode::Triwulan;
use crate::domain::nilai::{self, Nilai, TipeNilai};
use crate::domain::temuan::{self, CekIndikator, Temuan};
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::SatkerMilik;
use crate::repo::aturan::AturanCapaian;
use crate::repo::dokumen::{self as kepala_repo, Dokumen, DokumenId};
use crate::repo::{Scope, isi};
use crate::view::TemuanView;

/// A finding as stored: of which satker-year, document (`sumber`, triwulan) and indicator.
pub(super) fn temuan_baris(
    satker: SatkerMilik,
    tahun: i32,
    (sumber, triwulan): (&str, Option<i16>),
    indikator_id: Option<i64>,
    t: Temuan,
    now: chrono::DateTime<Utc>,
) -> temuan_entity::ActiveModel {
    temuan_entity::ActiveModel {
        satker_id: Set(satker.id()),
        tahun: Set(tahun),
        triwulan: Set(triwulan),
        indikator_id: Set(indikator_id),
        kode: Set(t.kode.into()),
        pesan: Set(t.pesan),
        sumber: Set(sumber.into()),
        created_at: Set(now),
        ..Default::default()
    }
}

/// The engine's view of a stored indicator.
pub(super) struct Rules {
    pub(super) aturan: Aturan,
    pub(super) satuan: Option<nilai::Satuan>,
    pub(super) target: Option<Target>,
    pub(super) target_tw: [Option<Decimal>; 4],
}

pub(super) fn rules(m: &indikator::Model) -> Rules {
    let tipe: TipeNilai = m.tipe_nilai.parse().unwrap_or(TipeNilai::Angka);
    let polaritas: Polaritas = m.polaritas.parse().unwrap_or(Polaritas::Maksimal);
    let metode: Option<MetodePredikat> = m.metode_predikat.as_deref().and_then(|s| s.parse().ok());
    let satuan = nilai::Satuan::parse(&m.satuan);
    let target = match (polaritas, m.target_e6, m.target_atas_e6) {
        (Polaritas::Rentang, Some(b), Some(a)) => Some(Target::Rentang { bawah: dari_e6(b), atas: dari_e6(a) }),
        _ => m.target_teks.as_deref().and_then(|t| nilai::parse(t, tipe).ok()).map(Target::Nilai),
    };
    Rules {
        aturan: Aturan { tipe, polaritas, metode },
        satuan,
        target,
        target_tw: [m.target_tw1_e6, m.target_tw2_e6, m.target_tw3_e6, m.target_tw4_e6].map(|v| v.map(dari_e6)),
    }
}

impl Rules {
    /// The target a triwulan's cumulative realisasi is measured against: that triwulan's
    /// target where one is set, else the annual target.
    pub(super) fn target_untuk(&self, tw: i16) -> Option<Target> {
        let q = self.target_tw.get(usize::try_from(tw - 1).ok()?).copied().flatten();
        match (q, &self.target) {
            (Some(v), Some(Target::Nilai(Nilai::Angka { satuan, .. }))) => {
                Some(Target::Nilai(Nilai::Angka { nilai: v, satuan: satuan.clone() }))
            }
            _ => self.target.clone(),
        }
    }
}

/// A stored realisasi as the engine reads it back: value, computed result, reported capaian.
type Tercatat = (Nilai, Option<capaian::Hasil>, Option<String>);

pub(super) struct Dihitung {
    pub(super) capaian_e6: Option<i64>,
    pub(super) terbatas_e6: Option<i64>,
    pub(super) kategori: Option<String>,
    pub(super) hasil: Option<capaian::Hasil>,
}

pub(super) fn hitung_satu(rules: &Rules, tw: i16, nilai: &Nilai, aturan: &AturanCapaian) -> Result<Dihitung, String> {
    let target = rules.target_untuk(tw).ok_or("indikator tidak memiliki target")?;
    let hasil = capaian::hitung(&rules.aturan, &target, Some(nilai)).map_err(|e| e.to_string())?;
    let Some(h) = hasil else {
        return Ok(Dihitung { capaian_e6: None, terbatas_e6: None, kategori: None, hasil: None });
    };
    let capaian_e6 = ke_e6(h.capaian).ok_or("capaian terlalu besar untuk disimpan")?;
    let terbatas_e6 = ke_e6(capaian::batasi(h.capaian, aturan.batas)).ok_or("capaian terlalu besar untuk disimpan")?;
    Ok(Dihitung {
        capaian_e6: Some(capaian_e6),
        terbatas_e6: Some(terbatas_e6),
        kategori: aturan.pita.kategori(h.capaian).map(str::to_string),
        hasil: Some(h),
    })
}

/// Recomputes and stores the capaian of every realisasi of one satker-year, and rebuilds its
/// temuan, under the rules in force. Rows whose values do not change are not written.
/// Returns how many realisasi rows changed.
pub async fn hitung_ulang_tahun(
    txn: &impl ConnectionTrait,
    scope: &Scope,
    satker: &SatkerRef,
    tahun: i32,
    aturan: &AturanCapaian,
) -> Result<usize, AppError> {
    let milik = scope.milik(satker)?;
    let Some(pk) = kepala_repo::kepala(scope, txn, Dokumen::Pk, milik, tahun).await? else {
        return Ok(0);
    };
    let inds = isi::indikator(txn, pk.id).await?;
    let laporan: Vec<(DokumenId, i16)> =
        isi::laporan_tahun(txn, milik, tahun).await?.iter().map(|(id, l)| (*id, l.triwulan)).collect();
    let rows = isi::realisasi(txn, &laporan.iter().map(|l| l.0).collect::<Vec<_>>()).await?;
    let data = DataTahun { inds: &inds, laporan: &laporan, rows: &rows };
    Ok(hitung_ulang_dengan(txn, milik, tahun, aturan, data, None).await?.0)
}

/// What a recomputation reads: the year's indicators, its triwulan reports (id, triwulan) and
/// their rows, whether just read or just written by the caller.
pub(super) struct DataTahun<'a> {
    pub(super) inds: &'a [indikator::Model],
    pub(super) laporan: &'a [(DokumenId, i16)],
    pub(super) rows: &'a [realisasi::Model],
}

/// The findings of one triwulan as written, for the view of the report just stored.
pub(super) type TemuanTriwulan = HashMap<i16, Vec<TemuanView>>;

/// [`hitung_ulang_tahun`] on data the caller already holds. With `dari: Some(tw)` (after a
/// realisasi write) only the findings of that triwulan and later ones are rebuilt: nothing
/// before it changed, nor the PK's own. Returns the rows changed and the findings written per
/// triwulan.
pub(super) async fn hitung_ulang_dengan(
    txn: &impl ConnectionTrait,
    milik: SatkerMilik,
    tahun: i32,
    aturan: &AturanCapaian,
    data: DataTahun<'_>,
    dari: Option<i16>,
) -> Result<(usize, TemuanTriwulan), AppError> {
    let DataTahun { inds, laporan, rows } = data;
    let rules_of: HashMap<i64, Rules> = inds.iter().map(|m| (m.id, rules(m))).collect();
    let tw_of: HashMap<i64, i16> = laporan.iter().map(|(id, tw)| (id.nilai(), *tw)).collect();
    let kode_of: HashMap<i64, String> = inds.iter().map(|m| (m.id, m.kode.clone())).collect();

    let mut changed = 0;
    // (indikator id, triwulan) → (value, computed)
    let mut per: HashMap<(i64, i16), Tercatat> = HashMap::new();
    for r in rows {
        let (Some(rules), Some(tw)) = (rules_of.get(&r.indikator_id), tw_of.get(&r.laporan_id).copied()) else {
            continue;
        };
        let Some(nilai) = r.nilai_teks.as_deref().and_then(|t| nilai::parse(t, rules.aturan.tipe).ok()) else {
            continue;
        };
        let d = hitung_satu(rules, tw, &nilai, aturan).unwrap_or(Dihitung {
            capaian_e6: None,
            terbatas_e6: None,
            kategori: None,
            hasil: None,
        });
        if (d.capaian_e6, d.terbatas_e6, &d.kategori) != (r.capaian_e6, r.capaian_terbatas_e6, &r.kategori) {
            let m = realisasi::ActiveModel {
                id: Set(r.id),
                capaian_e6: Set(d.capaian_e6),
                capaian_terbatas_e6: Set(d.terbatas_e6),
                kategori: Set(d.kategori.clone()),
                ..Default::default()
            };
            isi::simpan_realisasi(txn, m).await?;
            changed += 1;
        }
        per.insert((r.indikator_id, tw), (nilai, d.hasil, r.capaian_dilaporkan.clone()));
    }

    // Findings of the PK itself, then of each triwulan report.
    const PK_LEVEL: [&str; 2] = ["target_triwulan_akhir_berbeda", "polaritas_perlu_diperiksa"];
    let now = Utc::now();
    let row = |t: Temuan, tw: Option<i16>, sumber: &str, ind: Option<i64>| {
        temuan_baris(milik, tahun, (sumber, tw), ind, t, now)
    };
    // A realisasi write (`dari`) changes nothing the PK's own findings depend on.
    if dari.is_none() {
        let mut pk_temuan = Vec::new();
        for m in inds {
            let rules = &rules_of[&m.id];
            let cek = CekIndikator {
                kode: &m.kode,
                nama: &m.nama,
                aturan: rules.aturan,
                target: rules.target.as_ref(),
                target_triwulan_akhir: rules.target_tw[3],
                realisasi: None,
                hasil: None,
                capaian_dilaporkan: None,
                kategori_dilaporkan: None,
                target_dilaporkan: None,
                nama_dilaporkan: None,
                pita: &aturan.pita,
            };
            pk_temuan.extend(
                temuan::periksa_indikator(&cek)
                    .into_iter()
                    .filter(|t| PK_LEVEL.contains(&t.kode))
                    .map(|t| row(t, None, "pk", Some(m.id))),
            );
        }
        isi::ganti_temuan(txn, milik, tahun, "pk", None, pk_temuan).await?;
    }

    let mut ditulis = TemuanTriwulan::new();
    for &(_, tw) in laporan.iter().filter(|(_, tw)| dari.is_none_or(|d| *tw >= d)) {
        let mut found: Vec<(Temuan, i64)> = Vec::new();
        for m in inds {
            let rules = &rules_of[&m.id];
            let Some((nilai, hasil, dilaporkan)) = per.get(&(m.id, tw)) else { continue };
            let target = rules.target_untuk(tw);
            let cek = CekIndikator {
                kode: &m.kode,
                nama: &m.nama,
                aturan: rules.aturan,
                target: target.as_ref(),
                target_triwulan_akhir: None,
                realisasi: Some(nilai),
                hasil: hasil.as_ref(),
                capaian_dilaporkan: dilaporkan.as_deref(),
                kategori_dilaporkan: None,
                target_dilaporkan: None,
                nama_dilaporkan: None,
                pita: &aturan.pita,
            };
            found.extend(
                temuan::periksa_indikator(&cek).into_iter().filter(|t| !PK_LEVEL.contains(&t.kode)).map(|t| (t, m.id)),
            );
            // A cumulative value that falls is reported in the triwulan where it falls.
            if matches!(rules.aturan.tipe, TipeNilai::Persen | TipeNilai::Angka | TipeNilai::Indeks) {
                let mut series = [None; 4];
                for q in 1..=tw {
                    series[usize::try_from(q - 1).unwrap_or(0)] = per.get(&(m.id, q)).and_then(|(n, _, _)| n.angka());
                }
                let falls = temuan::periksa_kumulatif(&m.kode, &series);
                let here = format!("(TW{tw})");
                found.extend(falls.into_iter().filter(|t| t.pesan.ends_with(&format!("{here}."))).map(|t| (t, m.id)));
            }
        }
        let tampak = found
            .iter()
            .map(|(t, ind)| TemuanView {
                kode: t.kode.to_string(),
                pesan: t.pesan.clone(),
                indikator: kode_of.get(ind).cloned(),
                triwulan: Triwulan::dari_nomor(tw),
            })
            .collect();
        let baris = found.into_iter().map(|(t, ind)| row(t, Some(tw), "realisasi", Some(ind))).collect();
        isi::ganti_temuan(txn, milik, tahun, "realisasi", Some(tw), baris).await?;
        ditulis.insert(tw, tampak);
    }
    Ok((changed, ditulis))
}

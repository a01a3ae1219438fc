//! One catalogue indicator across a subtree: the ranking an analyst asks for ("which of my
//! kabupaten is behind on partisipasi?"), whatever each satker calls the indicator.

use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;

use crate::domain::dokumen::katalog::{nama_periode, periode_tahun};
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::katalog::{self as katalog_repo, NASIONAL};
use crate::repo::{Scope, agregat};
use crate::view::{NilaiProvinsiView, NilaiSatkerView, PeringkatIndikatorView, teks, teks6};

fn e6(v: i64) -> Decimal {
    Decimal::new(v, 6)
}

/// Ranks: 1 for the best; equal capaian share a rank, the next rank skips (1, 2, 2, 4).
fn peringkat_dari(capaian: &[Option<i64>]) -> Vec<Option<i64>> {
    let mut out = Vec::with_capacity(capaian.len());
    let mut sebelum: Option<(i64, i64)> = None;
    for (i, c) in capaian.iter().enumerate() {
        let posisi = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        out.push(c.map(|v| match sebelum {
            Some((nilai, rank)) if nilai == v => rank,
            _ => {
                sebelum = Some((v, posisi));
                posisi
            }
        }));
    }
    out
}

/// The catalogue indicator coded `katalog` (as the root's place sees the catalogue of the
/// year's period) across the subtree of `root` in one triwulan.
pub async fn peringkat(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    root: &SatkerRef,
    katalog: &str,
    tahun: i32,
    triwulan: Triwulan,
) -> Result<PeringkatIndikatorView, AppError> {
    let awal = periode_tahun(tahun);
    let entri = katalog_repo::entri(db, &katalog_repo::terlihat(registry, root), awal).await?;
    let (e, _) = entri.iter().find(|(m, _)| m.kode.eq_ignore_ascii_case(katalog)).ok_or_else(|| {
        AppError::NotFound(format!(
            "Indikator {} tidak ada di katalog periode {}.",
            crate::domain::teks::kutip(katalog),
            nama_periode(awal)
        ))
    })?;
    let kunci = (tahun, triwulan.nomor());
    let rows = agregat::peringkat(scope, db, &root.jalur, kunci, &e.identitas).await?;
    let rank = peringkat_dari(&rows.iter().map(|r| r.capaian_e6).collect::<Vec<_>>());
    let mut satker = Vec::with_capacity(rows.len());
    for (r, peringkat) in rows.into_iter().zip(rank) {
        let s = registry.by_id(r.satker_id).ok_or_else(|| AppError::internal("satker of a PK not in registry"))?;
        satker.push(NilaiSatkerView {
            peringkat,
            kode: s.kode.clone(),
            nama: s.nama.clone(),
            kode_indikator: r.kode,
            target: r.target,
            realisasi: r.realisasi,
            capaian: teks(r.capaian_e6.map(e6)),
            kategori: r.kategori,
        });
    }
    let provinsi = if root.kode == NASIONAL {
        agregat::per_provinsi(scope, db, &root.jalur, kunci, &e.identitas)
            .await?
            .into_iter()
            .map(|p| NilaiProvinsiView {
                nama: registry.by_kode(&p.provinsi).map_or_else(|| p.provinsi.clone(), |s| s.nama.clone()),
                kode: p.provinsi,
                jumlah_satker: p.dimiliki,
                jumlah_melapor: p.melapor,
                rata_rata: (p.melapor > 0).then(|| teks6(e6(p.total_terbatas) / Decimal::from(p.melapor))),
                min: p.min.map(|v| teks6(e6(v))),
                max: p.max.map(|v| teks6(e6(v))),
            })
            .collect()
    } else {
        Vec::new()
    };
    let stat = agregat::indikator(scope, db, &root.jalur, kunci, false).await?;
    let kelompok = stat.iter().find(|s| s.identitas == format!("k:{}", e.identitas));
    let jumlah_melapor = kelompok.map_or(0, |k| k.melapor);
    Ok(PeringkatIndikatorView {
        katalog: e.kode.clone(),
        nama: e.nama.clone(),
        satuan: e.satuan.clone(),
        polaritas: e.polaritas.parse().map_err(AppError::internal)?,
        periode: nama_periode(awal),
        wilayah: root.kode.clone(),
        tahun,
        triwulan,
        jumlah_satker: i64::try_from(satker.len()).unwrap_or(i64::MAX),
        jumlah_melapor,
        rata_rata: kelompok.filter(|k| k.melapor > 0).map(|k| teks6(e6(k.total_terbatas) / Decimal::from(k.melapor))),
        satker,
        provinsi,
    })
}

#[cfg(test)]
mod tests {
    use super::peringkat_dari;

    #[test]
    fn equal_capaian_share_a_rank_and_the_unreported_have_none() {
        let r = peringkat_dari(&[Some(120), Some(100), Some(100), Some(90), None]);
        assert_eq!(r, vec![Some(1), Some(2), Some(2), Some(4), None]);
        assert!(peringkat_dari(&[]).is_empty());
    }
}

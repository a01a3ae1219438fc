//! The capaian rules in force for a satker: cap and category bands, set nationally or by a
//! provinsi for its subtree. The nearest setting up the hierarchy wins.

use entity::aturan_capaian;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::kategori::PitaKategori;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};

pub use crate::repo::aturan::{AturanCapaian, berlaku};

/// The rules a satker sets for its subtree, and what that recomputed.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Penetapan {
    pub satker: String,
    pub batas_capaian: String,
    pub pita_kategori: PitaKategori,
    /// Satker-years whose stored capaian were recomputed.
    pub dihitung_ulang: usize,
    /// Realisasi rows whose stored values changed.
    pub baris_berubah: usize,
}

pub const BATAS_MIN: Decimal = rust_decimal_macros::dec!(100);
pub const BATAS_MAKS: Decimal = rust_decimal_macros::dec!(1000);

/// Sets (or, with `None`, removes) the rules of `satker` for its subtree, recomputes every
/// stored capaian below it, and audits the change; all in one transaction.
pub async fn tetapkan(
    db: &sea_orm::DatabaseConnection,
    registry: &Registry,
    satker: &SatkerRef,
    aturan: Option<(Decimal, PitaKategori)>,
    pelaku: &crate::repo::audit::Pelaku,
    request_id: Option<String>,
) -> Result<Penetapan, AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let txn = crate::db::begin_write(db).await?;
    let sebelum = berlaku(&txn, registry, satker).await?;
    let existing =
        aturan_capaian::Entity::find().filter(aturan_capaian::Column::SatkerId.eq(satker.id)).one(&txn).await?;
    match (&aturan, existing) {
        (Some((batas, pita)), existing) => {
            let pita_json = serde_json::to_value(pita.pita()).map_err(AppError::internal)?;
            let batas_e6 =
                crate::domain::dokumen::ke_e6(*batas).ok_or_else(|| AppError::internal("cap out of range"))?;
            let mut m = aturan_capaian::ActiveModel {
                satker_id: Set(Some(satker.id)),
                batas_capaian_e6: Set(batas_e6),
                pita_kategori: Set(pita_json),
                updated_at: Set(chrono::Utc::now()),
                ..Default::default()
            };
            if let Some(e) = existing {
                m.id = Set(e.id);
            }
            m.save(&txn).await?;
        }
        (None, Some(e)) => {
            aturan_capaian::Entity::delete_by_id(e.id).exec(&txn).await?;
        }
        (None, None) => {}
    }
    let (dihitung_ulang, baris_berubah) = hitung_ulang_subtree(&txn, registry, satker, None).await?;
    let sesudah = berlaku(&txn, registry, satker).await?;
    crate::repo::audit::catat(
        &txn,
        crate::repo::audit::Jejak {
            pelaku,
            satker_id: Some(satker.id),
            aksi: if aturan.is_some() { "aturan.tetapkan" } else { "aturan.hapus" },
            objek: "aturan_capaian".into(),
            sebelum: Some(serde_json::json!({ "batas_capaian": sebelum.batas.to_string(), "pita_kategori": sebelum.pita, "dari": sebelum.ditetapkan_oleh })),
            sesudah: Some(serde_json::json!({
                "batas_capaian": sesudah.batas.to_string(),
                "pita_kategori": sesudah.pita,
                "dari": sesudah.ditetapkan_oleh,
                "dihitung_ulang": dihitung_ulang,
                "baris_berubah": baris_berubah,
            })),
            request_id,
        },
    )
    .await?;
    crate::db::komit(txn).await?;
    Ok(Penetapan {
        satker: satker.kode.clone(),
        batas_capaian: sesudah.batas.normalize().to_string(),
        pita_kategori: sesudah.pita,
        dihitung_ulang,
        baris_berubah,
    })
}

/// Recomputes the stored capaian of every satker-year with a PK in the subtree of `root`
/// (optionally one year), each under the rules in force for that satker.
pub async fn hitung_ulang_subtree(
    db: &impl ConnectionTrait,
    registry: &Registry,
    root: &SatkerRef,
    tahun: Option<i32>,
) -> Result<(usize, usize), AppError> {
    use entity::perjanjian_kinerja;
    use sea_orm::QuerySelect;
    // A recomputation after an authorised change of rules: the system acts, over the subtree
    // the rules apply to.
    let scope = crate::repo::Scope::sistem().di_bawah(root)?;
    let mut q = perjanjian_kinerja::Entity::find()
        .select_only()
        .column(perjanjian_kinerja::Column::SatkerId)
        .column(perjanjian_kinerja::Column::Tahun)
        .filter(perjanjian_kinerja::Column::SatkerId.in_subquery(scope.satker_ids()));
    if let Some(t) = tahun {
        q = q.filter(perjanjian_kinerja::Column::Tahun.eq(t));
    }
    let pairs: Vec<(i64, i32)> = q.into_tuple().all(db).await?;
    let mut rows = 0;
    for (satker_id, tahun) in &pairs {
        let Some(s) = registry.by_id(*satker_id) else { continue };
        let aturan = berlaku(db, registry, s).await?;
        let berubah = super::dokumen::hitung_ulang_tahun(db, &scope, s, *tahun, &aturan).await?;
        if berubah > 0 {
            crate::repo::ringkasan::perbarui(db, scope.milik(s)?, *tahun, crate::repo::ringkasan::Bagian::Kinerja)
                .await?;
        }
        rows += berubah;
    }
    Ok((pairs.len(), rows))
}

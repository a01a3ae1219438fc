//! The header of each submitted document (PK per year, realisasi per triwulan, anggaran per
//! year): workflow status and version. The three tables share these columns, so one piece of
//! code serves all three.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};

use super::{SatkerMilik, Scope};
use crate::domain::kode::{StatusDokumen, Triwulan};
use crate::error::AppError;

/// The id of a document header read through a scoped lookup ([`kepala`], or the year's
/// reports): the only way to name a document to the functions that read or write its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DokumenId(i64);

impl DokumenId {
    pub fn nilai(self) -> i64 {
        self.0
    }

    /// For rows this module reads: they carry the header's id.
    pub(super) fn dari(id: i64) -> Self {
        Self(id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dokumen {
    Pk,
    Realisasi(Triwulan),
    Anggaran,
    /// An owner's indicator catalogue of a Renstra period (`tahun` is the period's first year).
    Katalog,
    /// The IKU decree of a year.
    Iku,
}

impl Dokumen {
    fn table(self) -> Alias {
        Alias::new(match self {
            Dokumen::Pk => "perjanjian_kinerja",
            Dokumen::Realisasi(_) => "laporan_realisasi",
            Dokumen::Anggaran => "anggaran",
            Dokumen::Katalog => "katalog",
            Dokumen::Iku => "iku",
        })
    }

    /// `pk:2024`, `realisasi:2024:TW3`, `anggaran:2024`: the object named in the audit log.
    pub fn objek(self, tahun: i32) -> String {
        match self {
            Dokumen::Pk => format!("pk:{tahun}"),
            Dokumen::Realisasi(tw) => format!("realisasi:{tahun}:{tw}"),
            Dokumen::Anggaran => format!("anggaran:{tahun}"),
            Dokumen::Katalog => format!("katalog:{}", crate::domain::dokumen::katalog::nama_periode(tahun)),
            Dokumen::Iku => format!("iku:{tahun}"),
        }
    }

    pub fn nama(self) -> &'static str {
        match self {
            Dokumen::Pk => "Perjanjian Kinerja",
            Dokumen::Realisasi(_) => "Laporan realisasi",
            Dokumen::Anggaran => "Anggaran",
            Dokumen::Katalog => "Katalog indikator",
            Dokumen::Iku => "Indikator Kinerja Utama",
        }
    }

    fn has_workflow_detail(self) -> bool {
        !matches!(self, Dokumen::Anggaran | Dokumen::Katalog)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kepala {
    pub id: DokumenId,
    pub status: StatusDokumen,
    pub versi: i32,
    pub alasan: Option<String>,
    pub demo: bool,
    pub updated_at: DateTime<Utc>,
    /// When it was last approved or returned (documents with a workflow of their own).
    pub diputuskan_pada: Option<DateTime<Utc>>,
}

fn key(dok: Dokumen, satker_id: i64, tahun: i32) -> SimpleExpr {
    let mut cond = Expr::col(Alias::new("satker_id")).eq(satker_id).and(Expr::col(Alias::new("tahun")).eq(tahun));
    if let Dokumen::Realisasi(tw) = dok {
        cond = cond.and(Expr::col(Alias::new("triwulan")).eq(tw.nomor()));
    }
    cond
}

pub async fn kepala(
    scope: &Scope,
    db: &impl ConnectionTrait,
    dok: Dokumen,
    satker: SatkerMilik,
    tahun: i32,
) -> Result<Option<Kepala>, AppError> {
    let satker_id = satker.id();
    let mut cols = vec!["id", "status", "versi", "demo", "updated_at"];
    if dok.has_workflow_detail() {
        cols.extend(["alasan", "diputuskan_pada"]);
    }
    let q = Query::select()
        .columns(cols.into_iter().map(Alias::new))
        .from(dok.table())
        .and_where(key(dok, satker_id, tahun))
        .and_where(Expr::col(Alias::new("satker_id")).in_subquery(scope.satker_ids()))
        .to_owned();
    let Some(row) = db.query_one(&q).await? else { return Ok(None) };
    Ok(Some(Kepala {
        id: DokumenId(row.try_get("", "id")?),
        status: row.try_get::<String>("", "status")?.parse().map_err(AppError::internal)?,
        versi: row.try_get("", "versi")?,
        demo: row.try_get("", "demo")?,
        updated_at: row.try_get("", "updated_at")?,
        alasan: if dok.has_workflow_detail() { row.try_get("", "alasan")? } else { None },
        diputuskan_pada: if dok.has_workflow_detail() { row.try_get("", "diputuskan_pada")? } else { None },
    }))
}

pub async fn buat(
    db: &impl ConnectionTrait,
    dok: Dokumen,
    satker: SatkerMilik,
    tahun: i32,
    demo: bool,
) -> Result<(DokumenId, DateTime<Utc>), AppError> {
    let satker_id = satker.id();
    let now = sekarang();
    let mut q = Query::insert();
    q.into_table(dok.table());
    let mut cols = vec!["satker_id", "tahun", "status", "versi", "demo", "created_at", "updated_at"];
    let mut vals: Vec<SimpleExpr> =
        vec![satker_id.into(), tahun.into(), "draf".into(), 1_i32.into(), demo.into(), now.into(), now.into()];
    if let Dokumen::Realisasi(tw) = dok {
        cols.push("triwulan");
        vals.push(tw.nomor().into());
    }
    q.columns(cols.into_iter().map(Alias::new)).values(vals).map_err(AppError::internal)?;
    q.returning_col(Alias::new("id"));
    let row = db.query_one(&q).await?.ok_or_else(|| AppError::internal("insert returned no id"))?;
    Ok((DokumenId(row.try_get("", "id")?), now))
}

/// Now, to the microsecond both databases keep: what is written is what is read back.
fn sekarang() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

/// What a change does to the header besides bumping the version.
pub struct Perubahan<'a> {
    pub status: StatusDokumen,
    pub alasan: Option<&'a str>,
    /// Set `diajukan_pada` (submission) or `diputuskan_*` (decision by a verifikator).
    pub diajukan: bool,
    pub diputuskan_oleh: Option<&'a str>,
    pub demo: Option<bool>,
}

/// Bumps the version from `versi` and applies the change, only if nobody else changed the
/// document since it was read; answers when it did (`None`: a concurrent writer won).
pub async fn ubah(
    db: &impl ConnectionTrait,
    dok: Dokumen,
    id: DokumenId,
    versi: i32,
    p: Perubahan<'_>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let now = sekarang();
    let mut q = Query::update();
    q.table(dok.table())
        .value(Alias::new("versi"), versi + 1)
        .value(Alias::new("status"), p.status.as_str())
        .value(Alias::new("updated_at"), now)
        .and_where(Expr::col(Alias::new("id")).eq(id.0))
        .and_where(Expr::col(Alias::new("versi")).eq(versi));
    if let Some(demo) = p.demo {
        q.value(Alias::new("demo"), demo);
    }
    if dok.has_workflow_detail() {
        q.value(Alias::new("alasan"), p.alasan);
        if p.diajukan {
            q.value(Alias::new("diajukan_pada"), now);
        }
        if let Some(oleh) = p.diputuskan_oleh {
            q.value(Alias::new("diputuskan_pada"), now).value(Alias::new("diputuskan_oleh"), oleh);
        }
    }
    let res = db.execute(&q).await?;
    Ok((res.rows_affected() == 1).then_some(now))
}

/// A document waiting for a verifikator: submitted and not yet decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diajukan {
    pub satker_id: i64,
    pub dok: Dokumen,
    pub tahun: i32,
    pub versi: i32,
    pub diajukan_pada: Option<DateTime<Utc>>,
}

/// Every PK and realisasi report of `tahun` in the scope that is `diajukan`, oldest first.
pub async fn diajukan(scope: &Scope, db: &impl ConnectionTrait, tahun: i32) -> Result<Vec<Diajukan>, AppError> {
    let mut out = Vec::new();
    for dok in [Dokumen::Pk, Dokumen::Realisasi(Triwulan::TW1)] {
        let mut cols = vec!["satker_id", "tahun", "versi", "diajukan_pada"];
        if matches!(dok, Dokumen::Realisasi(_)) {
            cols.push("triwulan");
        }
        let q = Query::select()
            .columns(cols.into_iter().map(Alias::new))
            .from(dok.table())
            .and_where(Expr::col(Alias::new("tahun")).eq(tahun))
            .and_where(Expr::col(Alias::new("status")).eq(StatusDokumen::Diajukan.to_string()))
            .and_where(Expr::col(Alias::new("satker_id")).in_subquery(scope.satker_ids()))
            .to_owned();
        for row in db.query_all(&q).await? {
            let dok = match dok {
                Dokumen::Realisasi(_) => {
                    let n: i16 = row.try_get("", "triwulan")?;
                    Dokumen::Realisasi(Triwulan::dari_nomor(n).ok_or_else(|| AppError::internal("triwulan"))?)
                }
                d => d,
            };
            out.push(Diajukan {
                satker_id: row.try_get("", "satker_id")?,
                dok,
                tahun: row.try_get("", "tahun")?,
                versi: row.try_get("", "versi")?,
                diajukan_pada: row.try_get("", "diajukan_pada")?,
            });
        }
    }
    out.sort_by_key(|d| d.diajukan_pada);
    Ok(out)
}

//! One satker for one year: its own figures and its indicators.

use super::*;

#[derive(SimpleObject)]
pub struct IndikatorGql {
    pub(super) kode: String,
    pub(super) nama: String,
    pub(super) satuan: String,
    pub(super) target: Option<String>,
    pub(super) realisasi: Option<String>,
    pub(super) capaian: Option<Desimal>,
    pub(super) kategori: Option<String>,
}

/// One satker for one year: its own figures and its indicators.
pub struct SatkerGql {
    pub(super) satker: SatkerRef,
    pub(super) tahun: i32,
    pub(super) triwulan: Option<Triwulan>,
}

impl SatkerGql {
    async fn baris(&self, ctx: &Context<'_>) -> async_graphql::Result<BarisGql> {
        let r = summary(ctx, &self.satker, self.tahun, self.triwulan).await?;
        let b = r
            .satker
            .iter()
            .find(|b| b.kode == self.satker.kode)
            .ok_or_else(|| gql(AppError::internal("satker row missing")))?;
        Ok(BarisGql::from(b))
    }
}

#[Object(name = "Satker")]
impl SatkerGql {
    async fn kode(&self) -> &str {
        &self.satker.kode
    }

    async fn nama(&self) -> &str {
        &self.satker.nama
    }

    async fn tingkat(&self) -> &str {
        &self.satker.tingkat
    }

    async fn tahun(&self) -> i32 {
        self.tahun
    }

    async fn capaian_rata_rata(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Desimal>> {
        Ok(self.baris(ctx).await?.capaian_rata_rata)
    }

    async fn kategori(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.baris(ctx).await?.kategori)
    }

    async fn kelengkapan(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Desimal>> {
        Ok(self.baris(ctx).await?.kelengkapan)
    }

    async fn anggaran(&self, ctx: &Context<'_>) -> async_graphql::Result<Anggaran> {
        Ok(self.baris(ctx).await?.anggaran)
    }

    /// The indicators of the year's PK with their stored capaian for the triwulan (or the
    /// latest reported).
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn indikator(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IndikatorGql>> {
        let st = state(ctx)?;
        hitung_baru(ctx)?;
        let scope = principal(ctx)?.scope();
        let pk = match crate::service::dokumen::get_pk(&st.db, &st.registry, &scope, &self.satker, self.tahun).await {
            Ok(pk) => pk,
            Err(AppError::NotFound(_)) => return Ok(Vec::new()),
            Err(e) => return Err(gql(e)),
        };
        let want = self.triwulan.map(kode::Triwulan::from);
        Ok(pk
            .indikator
            .into_iter()
            .map(|i| {
                let c = match want {
                    Some(tw) => i.capaian.iter().find(|c| c.triwulan == tw),
                    None => i.capaian.last(),
                };
                IndikatorGql {
                    realisasi: c.and_then(|c| c.realisasi.clone()),
                    capaian: c.and_then(|c| c.capaian.clone()).map(Desimal),
                    kategori: c.and_then(|c| c.kategori.clone()),
                    kode: i.kode,
                    nama: i.nama,
                    satuan: i.satuan,
                    target: i.target,
                }
            })
            .collect())
    }
}

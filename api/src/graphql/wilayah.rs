//! A provinsi, or KPU RI for `nasional`: the same shape.

use super::*;

/// A provinsi, or KPU RI for `nasional`: the same shape.
pub struct Wilayah(pub(super) SatkerRef);

#[Object(name = "Wilayah")]
impl Wilayah {
    async fn kode(&self) -> &str {
        &self.0.kode
    }

    async fn nama(&self) -> &str {
        &self.0.nama
    }

    /// Totals of the subtree; without `triwulan`, each satker's latest report.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn ringkasan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Option<Triwulan>,
    ) -> async_graphql::Result<RingkasanGql> {
        Ok(RingkasanGql::from(summary(ctx, &self.0, tahun, triwulan).await?.as_ref()))
    }

    /// Every satker of the subtree (the provinsi's own included); nationally, every provinsi.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn satker(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Option<Triwulan>,
        #[graphql(default)] urut: UrutSatker,
    ) -> async_graphql::Result<Vec<BarisGql>> {
        let r = summary(ctx, &self.0, tahun, triwulan).await?;
        let mut rows: Vec<&BarisSatker> = r.satker.iter().collect();
        let persen = |b: &BarisSatker| b.anggaran.persen_penyerapan.as_deref().and_then(|p| p.parse::<Decimal>().ok());
        match urut {
            UrutSatker::Kode => {}
            // Descending, unreported last; ties keep the kode order (the sort is stable).
            UrutSatker::Capaian => rows.sort_by_key(|b| std::cmp::Reverse(b.nilai)),
            UrutSatker::Penyerapan => rows.sort_by_key(|b| std::cmp::Reverse(persen(b))),
        }
        Ok(rows.into_iter().map(BarisGql::from).collect())
    }

    /// Who submitted the triwulan report, when, and whether by the deadline.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn pengajuan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<Vec<Pengajuan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let rows =
            analisis::pengajuan(&st.db, &st.registry, &scope, &self.0, tahun, triwulan.into()).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|r| Pengajuan {
                kode: r.kode,
                nama: r.nama,
                status: r.status.map(|s| s.as_str().to_string()),
                diajukan_pada: r.diajukan_pada.map(|d| d.to_rfc3339()),
                tenggat: r.tenggat.map(|t| t.to_rfc3339()),
                tepat_waktu: r.tepat_waktu,
            })
            .collect())
    }

    /// Satkers that have not reported the triwulan.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn belum_melapor(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<Vec<BarisGql>> {
        let r = summary(ctx, &self.0, tahun, Some(triwulan)).await?;
        Ok(r.satker.iter().filter(|b| b.dilaporkan == 0).map(BarisGql::from).collect())
    }

    /// The subtree's budget grouped by program, jenis belanja or sumber dana.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn anggaran_per(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        dimensi: DimensiAnggaran,
    ) -> async_graphql::Result<Vec<KelompokAnggaran>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let dimensi = match dimensi {
            DimensiAnggaran::Program => view::DimensiAnggaran::Program,
            DimensiAnggaran::JenisBelanja => view::DimensiAnggaran::JenisBelanja,
            DimensiAnggaran::SumberDana => view::DimensiAnggaran::SumberDana,
        };
        let rows = analisis::anggaran_per(&st.db, &scope, &self.0, tahun, dimensi).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|k| KelompokAnggaran { kode: k.kode, nama: k.nama, anggaran: Anggaran::from(&k.jumlah) })
            .collect())
    }

    /// Month by month, the realisasi of budget lines that give a monthly breakdown, and the
    /// cumulative absorption against the pagu of those same lines (`pagu`).
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn anggaran_bulanan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
    ) -> async_graphql::Result<Vec<Bulan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let months = analisis::anggaran_bulanan(&st.db, &scope, &self.0, tahun).await.map_err(gql)?;
        Ok(months
            .into_iter()
            .map(|b| Bulan {
                bulan: i32::from(b.bulan),
                realisasi: Rupiah(b.realisasi),
                kumulatif: Rupiah(b.kumulatif),
                pagu: Rupiah(b.pagu),
                persen_kumulatif: b.persen_kumulatif.map(Desimal),
            })
            .collect())
    }

    /// Each indicator across the subtree's satkers in a triwulan (a catalogue indicator once,
    /// whatever each satker calls it; a satker's own indicator on its own): who has it, who
    /// reported it, mean, extremes, and how the reports fall over the categories.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn indikator(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
        #[graphql(
            default = true,
            desc = "false: only catalogue indicators, the ones comparable across satkers (nationally, the satkers' own indicators are most of the rows)"
        )]
        lokal: bool,
    ) -> async_graphql::Result<Vec<StatistikIndikator>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let stats = analisis::indikator(&st.db, &scope, &self.0, (tahun, triwulan.into()), lokal).await.map_err(gql)?;
        Ok(stats
            .into_iter()
            .map(|s| StatistikIndikator {
                kode: s.kode,
                nama: s.nama,
                katalog: s.katalog,
                lokal: s.lokal,
                satker: s.satker,
                jumlah_satker: i32_of(s.jumlah_satker),
                jumlah_melapor: i32_of(s.jumlah_melapor),
                rata_rata: s.rata_rata.map(Desimal),
                min: s.min.map(Desimal),
                max: s.max.map(Desimal),
                kategori: s
                    .kategori
                    .into_iter()
                    .map(|k| JumlahKategori { kategori: k.kategori, jumlah: i32_of(k.jumlah) })
                    .collect(),
            })
            .collect())
    }

    /// One catalogue indicator (by its catalogue code) across the subtree: every satker's
    /// target, realisasi, capaian and kategori, best first, whatever each calls it;
    /// nationally also per provinsi.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn peringkat_indikator(
        &self,
        ctx: &Context<'_>,
        katalog: String,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
        triwulan: Triwulan,
    ) -> async_graphql::Result<PeringkatIndikator> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let v = crate::service::peringkat::peringkat(
            &st.db,
            &st.registry,
            &scope,
            &self.0,
            &katalog,
            tahun,
            triwulan.into(),
        )
        .await
        .map_err(gql)?;
        Ok(v.into())
    }

    /// Temuan of the year in the subtree, counted by code.
    #[graphql(complexity = "BIAYA_AGREGAT + child_complexity")]
    async fn temuan(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(minimum = 2000, maximum = 2100))] tahun: i32,
    ) -> async_graphql::Result<Vec<JumlahTemuan>> {
        hitung_baru(ctx)?;
        let (st, scope) = (state(ctx)?, principal(ctx)?.scope());
        let rows = analisis::temuan(&st.db, &scope, &self.0, tahun).await.map_err(gql)?;
        Ok(rows
            .into_iter()
            .map(|t| JumlahTemuan { kode: t.kode, jumlah: i32_of(t.jumlah), jumlah_satker: i32_of(t.jumlah_satker) })
            .collect())
    }
}

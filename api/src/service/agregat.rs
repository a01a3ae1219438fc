//! The provinsi and national view: every satker of a subtree with its capaian, completeness
//! and budget absorption, and the totals of the subtree. The sums are made by the database
//! (see `repo::agregat`); here they are only combined and divided.

use rust_decimal::Decimal;

use crate::db::BacaBaris;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::{Registry, SatkerRef};
use crate::repo::aturan;
use crate::repo::{Scope, agregat};
use crate::view::{BarisSatkerView, Jumlah, RingkasanView};

use crate::view::teks6 as teks;

pub async fn ringkasan(
    db: &impl BacaBaris,
    registry: &Registry,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Option<i16>,
) -> Result<RingkasanView, AppError> {
    let (baris, total) = baca(db, registry, scope, root, (tahun, triwulan)).await?;
    let rules = &total.aturan;

    let mut satker = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut melapor = 0usize;
    // Only what the caller's scope holds (`baca` keeps no other): for a scope of one satker,
    // that satker's row alone.
    for &(p, s) in &baris.satker {
        let g = baris.garis(p);
        let b = g.map(|g| &g.baris);
        let c = b.and_then(|b| b.capaian.as_ref());
        let mean = g.and_then(|g| g.mean);
        let a = aturan::pilih(rules, registry, s)?;
        if let Some(m) = mean {
            sum += m;
            melapor += 1;
        }
        let harap = b.map_or(0, |b| b.diharapkan);
        let lapor = c.map_or(0, |c| c.dilaporkan);
        let (p, r) = b.map_or((0, 0), |b| (b.pagu, b.realisasi));
        let tw = c.and_then(|c| Triwulan::dari_nomor(c.triwulan));
        satker.push(baris_view(s, tw, mean, &a, (lapor, harap), Jumlah::new(p, r)));
    }
    let a = aturan::pilih(rules, registry, root)?;
    let n = satker.len();
    Ok(total_view(root, (tahun, triwulan), n, (sum, melapor), &a, Jumlah::new(total.pagu, total.realisasi), satker))
}

/// A satker's line of a total and its mean capaian, worked out as the line arrives.
struct Garis {
    baris: agregat::BarisRingkasan,
    mean: Option<Decimal>,
}

/// The lines of `root`'s subtree, by the satkers' positions in the registry.
struct Baris<'r> {
    /// The subtree's satkers the caller's scope holds (for a scope of one satker, that satker
    /// alone), in hierarchy order, with their positions.
    satker: Vec<(usize, &'r SatkerRef)>,
    /// The position the subtree starts at.
    awal: usize,
    /// A line per position of the subtree from `awal`, for the satkers that have one.
    garis: Vec<Option<Garis>>,
}

impl Baris<'_> {
    fn garis(&self, posisi: usize) -> Option<&Garis> {
        self.garis.get(posisi.checked_sub(self.awal)?)?.as_ref()
    }
}

/// Reads `root`'s totals, working out each satker's mean while the next lines are still on
/// their way (the two divisions of a mean are most of the work a line costs here).
async fn baca<'r>(
    db: &impl BacaBaris,
    registry: &'r Registry,
    scope: &Scope,
    root: &SatkerRef,
    periode: (i32, Option<i16>),
) -> Result<(Baris<'r>, agregat::Ringkasan), AppError> {
    let (rentang, mut satker) = registry.subtree_posisi(&root.jalur);
    satker.retain(|(_, s)| scope.contains(&s.jalur));
    let mut garis: Vec<Option<Garis>> = Vec::new();
    garis.resize_with(rentang.len(), || None);
    let awal = rentang.start;
    let mut simpan = |id: i64, baris: agregat::BarisRingkasan| {
        // A line of a satker outside the subtree (none is asked for) is not read.
        if let Some(g) = registry.posisi_id(id).and_then(|p| garis.get_mut(p.checked_sub(awal)?)) {
            *g = Some(Garis { mean: rata_rata(baris.capaian.as_ref()), baris });
        }
        Ok(())
    };
    let seluruh = registry.seluruh(&root.jalur);
    let total = agregat::ringkasan(scope, db, (&root.jalur, seluruh), periode, &mut simpan).await?;
    Ok((Baris { satker, awal, garis }, total))
}

/// A satker's mean capaian: Σ(c×10^6 · b×10^3) / Σ(b×10^3) / 10^6 = Σ(c·b) / Σ b.
fn rata_rata(c: Option<&agregat::SumCapaian>) -> Option<Decimal> {
    c.filter(|c| c.b > 0).map(|c| Decimal::from(c.cb) / Decimal::from(c.b) / Decimal::from(1_000_000))
}

/// One row of a total: a satker, or a provinsi rolled up.
fn baris_view(
    s: &SatkerRef,
    triwulan: Option<Triwulan>,
    mean: Option<Decimal>,
    a: &aturan::AturanCapaian,
    (dilaporkan, diharapkan): (i64, i64),
    anggaran: Jumlah,
) -> BarisSatkerView {
    BarisSatkerView {
        kode: s.kode.clone(),
        nama: s.nama.clone(),
        tingkat: s.tingkat.clone(),
        triwulan,
        capaian_rata_rata: mean.map(teks),
        kategori: mean.and_then(|m| a.pita.kategori(m)).map(str::to_string),
        dilaporkan,
        diharapkan,
        kelengkapan: (diharapkan > 0)
            .then(|| teks(Decimal::from(dilaporkan) * Decimal::ONE_HUNDRED / Decimal::from(diharapkan))),
        anggaran,
        nilai: mean,
    }
}

/// The total of `root`: the mean of the `melapor` satker means summing to `sum`, named by the
/// root's own rules.
fn total_view(
    root: &SatkerRef,
    (tahun, triwulan): (i32, Option<i16>),
    jumlah_satker: usize,
    (sum, melapor): (Decimal, usize),
    a: &aturan::AturanCapaian,
    anggaran: Jumlah,
    satker: Vec<BarisSatkerView>,
) -> RingkasanView {
    let mean = (melapor > 0).then(|| sum / Decimal::from(melapor));
    RingkasanView {
        kode: root.kode.clone(),
        nama: root.nama.clone(),
        tahun,
        triwulan: triwulan.and_then(Triwulan::dari_nomor),
        jumlah_satker,
        jumlah_melapor: melapor,
        capaian_rata_rata: mean.map(teks),
        kategori: mean.and_then(|m| a.pita.kategori(m)).map(str::to_string),
        anggaran,
        satker,
    }
}

/// KPU RI's view: the same shape, one row per provinsi (its whole subtree rolled up) and one
/// for KPU RI's own satker. One pass over the satkers' summary lines: each satker's mean goes
/// to its provinsi (the second segment of its path) and to the national mean.
pub async fn nasional(
    db: &impl BacaBaris,
    registry: &Registry,
    scope: &Scope,
    ri: &SatkerRef,
    tahun: i32,
    triwulan: Option<i16>,
) -> Result<RingkasanView, AppError> {
    let (baris, total) = baca(db, registry, scope, ri, (tahun, triwulan)).await?;
    let rules = &total.aturan;
    let satker = &baris.satker;
    // The rows: KPU RI's own satker and each provinsi, in hierarchy order.
    let kelompok: Vec<&SatkerRef> = satker.iter().map(|(_, s)| *s).filter(|s| s.tingkat != "kabupaten_kota").collect();
    let posisi: std::collections::HashMap<&str, usize> =
        kelompok.iter().enumerate().map(|(i, s)| (s.kode.as_str(), i)).collect();
    #[derive(Default)]
    struct Kumpul {
        sum: Decimal,
        melapor: i64,
        dilaporkan: i64,
        diharapkan: i64,
        pagu: i64,
        realisasi: i64,
    }
    let mut kumpul: Vec<Kumpul> = kelompok.iter().map(|_| Kumpul::default()).collect();
    let (mut sum, mut melapor) = (Decimal::ZERO, 0_usize);
    for (p, s) in satker {
        let g = baris.garis(*p);
        let b = g.map(|g| &g.baris);
        let c = b.and_then(|b| b.capaian.as_ref());
        let mean = g.and_then(|g| g.mean);
        if let Some(m) = mean {
            sum += m;
            melapor += 1;
        }
        let kunci = if s.tingkat == "pusat" { s.kode.as_str() } else { s.jalur.split('/').nth(1).unwrap_or_default() };
        let Some(k) = posisi.get(kunci).and_then(|i| kumpul.get_mut(*i)) else { continue };
        if let Some(m) = mean {
            k.sum += m;
            k.melapor += 1;
        }
        k.dilaporkan += c.map_or(0, |c| c.dilaporkan);
        k.diharapkan += b.map_or(0, |b| b.diharapkan);
        if let Some(b) = b {
            k.pagu = k.pagu.checked_add(b.pagu).ok_or(AppError::JumlahTerlaluBesar)?;
            k.realisasi = k.realisasi.checked_add(b.realisasi).ok_or(AppError::JumlahTerlaluBesar)?;
        }
    }
    let mut rows = Vec::with_capacity(kelompok.len());
    for (s, k) in kelompok.iter().zip(kumpul) {
        let mean = (k.melapor > 0).then(|| k.sum / Decimal::from(k.melapor));
        let a = aturan::pilih(rules, registry, s)?;
        let tw = triwulan.and_then(Triwulan::dari_nomor);
        rows.push(baris_view(s, tw, mean, &a, (k.dilaporkan, k.diharapkan), Jumlah::new(k.pagu, k.realisasi)));
    }
    let a = aturan::pilih(rules, registry, ri)?;
    let anggaran = Jumlah::new(total.pagu, total.realisasi);
    Ok(total_view(ri, (tahun, triwulan), satker.len(), (sum, melapor), &a, anggaran, rows))
}

/// RFC 4180 CSV: one row per satker and a total row.
pub fn csv(r: &RingkasanView) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
    }
    let mut out = String::from(
        "kode,nama,triwulan,capaian_rata_rata,kategori,dilaporkan,diharapkan,kelengkapan,pagu,realisasi,sisa,persen_penyerapan\r\n",
    );
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let tw = |t: Option<Triwulan>| t.map(|t| t.as_str().to_string()).unwrap_or_default();
    for s in &r.satker {
        let cols = [
            s.kode.clone(),
            s.nama.clone(),
            tw(s.triwulan),
            o(&s.capaian_rata_rata),
            o(&s.kategori),
            s.dilaporkan.to_string(),
            s.diharapkan.to_string(),
            o(&s.kelengkapan),
            s.anggaran.pagu.to_string(),
            s.anggaran.realisasi.to_string(),
            s.anggaran.sisa.to_string(),
            o(&s.anggaran.persen_penyerapan),
        ];
        out.push_str(&cols.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    let total = [
        "TOTAL".to_string(),
        r.nama.clone(),
        tw(r.triwulan),
        o(&r.capaian_rata_rata),
        o(&r.kategori),
        r.satker.iter().map(|s| s.dilaporkan).sum::<i64>().to_string(),
        r.satker.iter().map(|s| s.diharapkan).sum::<i64>().to_string(),
        String::new(),
        r.anggaran.pagu.to_string(),
        r.anggaran.realisasi.to_string(),
        r.anggaran.sisa.to_string(),
        o(&r.anggaran.persen_penyerapan),
    ];
    out.push_str(&total.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    out
}

/// The provinsi (or, for KPU RI, national) totals through the cache: REST and GraphQL both ask
/// here.
pub async fn ringkasan_cached(
    db: &impl BacaBaris,
    registry: &Registry,
    cache: &super::cache::CacheRingkasan,
    scope: &Scope,
    root: &SatkerRef,
    tahun: i32,
    triwulan: Option<i16>,
) -> Result<std::sync::Arc<RingkasanView>, AppError> {
    let nasional = root.tingkat == "pusat";
    let hitung = || async {
        if nasional {
            self::nasional(db, registry, scope, root, tahun, triwulan).await
        } else {
            ringkasan(db, registry, scope, root, tahun, triwulan).await
        }
    };
    // A total cut down to a one-satker scope is nobody else's: it is neither served from nor
    // kept in the shared cache. Without a cache every request reads the summaries itself, side
    // by side (no single-flight lock to queue behind).
    if !scope.covers_subtree(&root.jalur) || !cache.aktif() {
        return Ok(std::sync::Arc::new(hitung().await?));
    }
    let kunci = (root.kode.clone(), nasional, tahun, triwulan);
    if let Some(r) = cache.ambil(scope, &root.jalur, &kunci) {
        return Ok(r);
    }
    let lock = cache.kunci_hitung(&kunci);
    let _single_flight = lock.lock().await;
    // Whoever held the lock before us may have computed it meanwhile.
    if let Some(r) = cache.ambil(scope, &root.jalur, &kunci) {
        return Ok(r);
    }
    let g = cache.generasi();
    let r = std::sync::Arc::new(hitung().await?);
    cache.simpan(kunci, g, r.clone());
    Ok(r)
}

//! Demo data for Provinsi Lampung (18), 2024, so the first query shows something real:
//! Kab. Lampung Utara with the PK, realisasi and anggaran of its LKj 2024 (seed 001), Kab.
//! Lampung Selatan with the IKU of its decree 32/2024 (seed 000; the decree sets no targets,
//! so those are plausible), and plausible, deterministic data for the other thirteen
//! kabupaten/kota. The indicators report against a catalogue ([`katalog`]) where KPU defines
//! them, so the provinsi sees "Persentase Partisipasi Pemilih" once. Everything is loaded
//! through the service layer, so stored capaian are real, and marked `demo`.

mod iku;
mod katalog;

use sea_orm::DatabaseConnection;
use serde::Serialize;
use serde_json::{Value, json};

use crate::acak::Acak;
use crate::domain::akses::Peran;
use crate::domain::dokumen as doc;
use crate::domain::kode::Triwulan;
use crate::error::AppError;
use crate::registry::Registry;
use crate::repo::Scope;
use crate::repo::audit::Pelaku;
use crate::repo::dokumen::Dokumen;
use crate::service::dokumen::{self as service, Tulis};

const LAMPUNG_UTARA: &str = include_str!("../../data/demo/lampung_utara_2024.json");
pub const TAHUN: i32 = 2024;

#[derive(Debug, Default, Serialize)]
pub struct Dimuat {
    pub satker: usize,
    pub dokumen: usize,
    pub berubah: usize,
}

/// Lampung Selatan's PK of the indicators of its IKU decree 32/2024 (seed 000): tujuan,
/// sasaran, indikator, definisi and targets, and its TW4 realisasi (a data file, not code).
const LAMPUNG_SELATAN: &str = include_str!("../../data/demo/pk_lampung_selatan_2024.json");

fn lampung_selatan() -> (Value, Value) {
    // A compiled-in file that does not parse is a build defect, caught by the demo's tests.
    let v: Value = serde_json::from_str(LAMPUNG_SELATAN).unwrap_or_default();
    (v["pk"].clone(), v["realisasi_tw4"].clone())
}

/// A plausible year for a kabupaten/kota: a standard set of indicators, four triwulan of
/// cumulative realisasi, and a budget with monthly realisasi.
fn sintetis(kode: &str) -> (Value, [Value; 4], Value) {
    let mut r = Acak::new(0, kode.as_bytes());
    // (kode, nama, satuan, polaritas, target)
    let template: [(&str, &str, &str, &str, i64); 10] = [
        ("IK-01", "Persentase Partisipasi Pemilih dalam Pemilihan", "persen", "maksimal", 78),
        ("IK-02", "Persentase Partisipasi Pemilih Perempuan", "persen", "maksimal", 78),
        ("IK-03", "Persentase Partisipasi Pemilih Disabilitas", "persen", "maksimal", 60),
        ("IK-04", "Persentase pemilih yang berhak memilih namun tidak masuk DPT", "persen", "minimal", 2),
        (
            "IK-05",
            "Persentase laporan Monitoring dan Evaluasi yang akuntabel dan tepat waktu",
            "persen",
            "maksimal",
            100,
        ),
        ("IK-06", "Jumlah laporan keuangan yang disusun tepat waktu", "laporan", "maksimal", 2),
        ("IK-07", "Persentase penyelenggaraan tahapan sesuai jadwal", "persen", "maksimal", 100),
        ("IK-08", "Jumlah sosialisasi dan pendidikan pemilih", "kali", "maksimal", 24),
        ("IK-09", "Persentase arsip inaktif yang dikelola sesuai aturan", "persen", "maksimal", 90),
        ("IK-10", "Jumlah revisi anggaran", "kali", "minimal", 8),
    ];
    let mut pk = Vec::new();
    let mut tw: [Vec<Value>; 4] = Default::default();
    for (k, nama, satuan, polaritas, target) in template {
        // Quarterly targets: a quarter of the way each triwulan for counts, the target
        // throughout for rates.
        let count = satuan != "persen";
        let tws: Vec<String> =
            (1..=4).map(|q| if count { ((target * q + 3) / 4).to_string() } else { target.to_string() }).collect();
        pk.push(json!({"kode": k, "nama": nama, "satuan": satuan, "polaritas": polaritas, "target": target.to_string(), "target_triwulan": tws}));
        // Final value around the target, reached cumulatively for counts.
        let akhir_bp = target * 100 + r.antara(-1200, 900) * target / 100;
        for q in 1..=4_i64 {
            let v = if count { (akhir_bp * q / 4).max(0) / 100 } else { (akhir_bp + r.antara(-150, 150)).max(0) };
            let teks = if count { v.to_string() } else { format!("{},{:02}", v / 100, v % 100) };
            // Not everyone reports everything: about one indicator in twelve is missing.
            if r.antara(0, 11) != 0 || q == 4 {
                tw[usize::try_from(q - 1).unwrap_or(0)].push(json!({"kode": k, "realisasi": teks}));
            }
        }
    }
    let mut baris = Vec::new();
    for (program, nama, jenis, sumber, lo, hi) in [
        ("076.01.WA", "Dukungan Manajemen", "51", "APBN", 2_200_000_000_i64, 3_600_000_000_i64),
        ("076.01.WA", "Dukungan Manajemen", "52", "APBN", 120_000_000, 320_000_000),
        (
            "076.01.DH",
            "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
            "52",
            "APBN",
            25_000_000_000,
            85_000_000_000,
        ),
        (
            "076.01.DH",
            "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
            "53",
            "APBN",
            300_000_000,
            1_500_000_000,
        ),
        (
            "076.01.DH",
            "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
            "52",
            "HIBAH",
            12_000_000_000,
            45_000_000_000,
        ),
    ] {
        let pagu = r.antara(lo / 1000, hi / 1000) * 1000;
        let realisasi = pagu / 10_000 * r.antara(9_300, 10_000);
        // Spending by month, heavier towards the end of the year, adding up exactly.
        let weights: Vec<i64> = (1..=12).map(|m| 4 + m + r.antara(0, 4)).collect();
        let total_w: i64 = weights.iter().sum();
        let mut bulanan: Vec<i64> = weights.iter().map(|w| realisasi * w / total_w).collect();
        let selisih = realisasi - bulanan.iter().sum::<i64>();
        bulanan[11] += selisih;
        baris.push(json!({
            "program_kode": program, "program_nama": nama, "jenis_belanja": jenis, "sumber_dana": sumber,
            "pagu": pagu, "realisasi": realisasi, "realisasi_bulanan": bulanan
        }));
    }
    let [a, b, c, d] = tw;
    (
        json!({ "indikator": pk }),
        [json!({"indikator": a}), json!({"indikator": b}), json!({"indikator": c}), json!({"indikator": d})],
        json!({ "baris": baris }),
    )
}

fn invalid(what: &str) -> impl Fn(Vec<crate::error::FieldError>) -> AppError + '_ {
    move |errors| AppError::internal(format!("demo {what} tidak valid: {errors:?}"))
}

/// Loads (or reloads: unchanged documents are left as they are) the Lampung demo.
pub async fn muat(db: &DatabaseConnection, registry: &Registry) -> Result<Dimuat, AppError> {
    let scope = Scope::sistem();
    let pelaku = Pelaku::sistem("demo");
    let t = Tulis { pelaku: &pelaku, if_match: None, baru: false, dry_run: false, demo: true, request_id: None };
    let mut out = Dimuat::default();
    let lampura: Value = serde_json::from_str(LAMPUNG_UTARA).map_err(AppError::internal)?;
    let (lamsel_pk, lamsel_tw4) = lampung_selatan();
    // The catalogue first: the PKs report against it.
    out.dokumen += 2;
    out.berubah += katalog::muat(db, registry, &t).await?;
    out.dokumen += 1;
    out.berubah += usize::from(iku::muat(db, registry, &t).await?);

    let kabkota: Vec<_> = (1..=15)
        .map(|i| if i <= 13 { format!("18.{i:02}") } else { format!("18.{}", 71 + i - 14) })
        .filter_map(|k| registry.by_kode(&k).cloned())
        .collect();
    for s in &kabkota {
        let (pk, tws, anggaran): (Value, Vec<(Triwulan, Value)>, Option<Value>) = match s.kode.as_str() {
            "18.03" => (
                lampura["pk"].clone(),
                vec![(Triwulan::TW4, lampura["realisasi"]["TW4"].clone())],
                Some(lampura["anggaran"].clone()),
            ),
            "18.01" => {
                let (_, _, anggaran) = sintetis(&s.kode);
                (lamsel_pk.clone(), vec![(Triwulan::TW4, lamsel_tw4.clone())], Some(anggaran))
            }
            kode => {
                let (pk, tws, anggaran) = sintetis(kode);
                (pk, tws.into_iter().zip(Triwulan::ALL).map(|(v, q)| (q, v)).collect(), Some(anggaran))
            }
        };
        let mut pk = pk;
        katalog::tautkan(&s.kode, &mut pk)?;
        let pk = service::lengkapi_pk(db, registry, &scope, s, TAHUN, &pk).await?;
        let pk = doc::perjanjian::parse_perjanjian(&pk).map_err(invalid("PK"))?;
        let h = service::put_pk(db, registry, &scope, s, TAHUN, pk, &t).await?;
        out.dokumen += 1;
        out.berubah += usize::from(h.berubah);
        for (q, body) in tws {
            let masuk = doc::parse_realisasi(&body).map_err(invalid("realisasi"))?;
            out.dokumen += 1;
            match service::put_realisasi(db, registry, &scope, s, TAHUN, q, masuk, &t).await {
                Ok(h) => out.berubah += usize::from(h.berubah),
                // Submitted by an earlier load (see DIAJUKAN), or since: a report under
                // verification is left as it is.
                Err(AppError::Terkunci { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(a) = anggaran {
            let baris = doc::parse_anggaran(&a).map_err(invalid("anggaran"))?;
            let h = service::put_anggaran(db, &scope, s, TAHUN, baris, &t).await?;
            out.dokumen += 1;
            out.berubah += usize::from(h.berubah);
        }
        out.satker += 1;
    }
    // Two reports wait for the provinsi's verifikator, so its queue shows what one looks like.
    for kode in DIAJUKAN {
        let Some(s) = registry.by_kode(kode) else { continue };
        let langkah = service::Langkah {
            dok: Dokumen::Realisasi(Triwulan::TW4),
            tahun: TAHUN,
            aksi: service::Aksi::Ajukan,
            alasan: None,
        };
        match service::transisi(db, &scope, s, langkah, &t).await {
            // Reloaded: already submitted (or decided since).
            Ok(_) | Err(AppError::Terkunci { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The kabupaten/kota whose TW4 realisasi the demo submits.
pub const DIAJUKAN: [&str; 2] = ["18.04", "18.05"];

/// A demo user: who, which role at which satker, and the password generated for it.
#[derive(Debug)]
pub struct PenggunaDemo {
    pub username: &'static str,
    pub peran: Peran,
    pub satker: &'static str,
    pub password: String,
}

/// The people of the demo, created with generated passwords on the first start so that a
/// newcomer can open the dashboard at once: the provinsi's analis and verifikator, and KPU
/// RI's analis. A username already taken is left as it is (and not returned).
pub async fn pengguna(
    db: &DatabaseConnection,
    hasher: &crate::auth::password::Hasher,
    registry: &Registry,
) -> Result<Vec<PenggunaDemo>, AppError> {
    let pelaku = Pelaku::sistem("demo");
    let mut out = Vec::new();
    for (username, peran, satker, nama) in [
        ("analis.lampung", Peran::Analis, "18", "Analis KPU Provinsi Lampung (demo)"),
        ("verifikator.lampung", Peran::Verifikator, "18", "Verifikator KPU Provinsi Lampung (demo)"),
        ("analis.ri", Peran::Analis, "00", "Analis KPU RI (demo)"),
    ] {
        let Some(target) = registry.by_kode(satker) else { continue };
        let password = crate::auth::password::generate_secret()[..16].to_string();
        let dibuat = crate::service::akses::buat_pengguna(
            db,
            hasher,
            &pelaku,
            target,
            username,
            password.clone(),
            peran,
            Some(nama.into()),
            None,
        )
        .await;
        match dibuat {
            Ok(_) => out.push(PenggunaDemo { username, peran, satker, password }),
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Whether the database holds no submitted document at all (the demo's cue on first start).
pub async fn kosong(db: &DatabaseConnection) -> Result<bool, AppError> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(entity::perjanjian_kinerja::Entity::find().count(db).await? == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_documents_are_valid_and_deterministic() {
        for kode in ["18.02", "18.71", "18.13"] {
            let (pk, tws, anggaran) = sintetis(kode);
            assert!(doc::parse_pk(&pk).is_ok(), "{kode}");
            for tw in &tws {
                assert!(doc::parse_realisasi(tw).is_ok(), "{kode}");
            }
            let baris = doc::parse_anggaran(&anggaran).unwrap();
            assert!(baris.iter().all(|b| b.realisasi <= b.pagu));
            assert_eq!(sintetis(kode).2, anggaran, "same code, same data");
        }
        let (pk, tw4) = lampung_selatan();
        assert_eq!(doc::parse_pk(&pk).unwrap().len(), 14);
        assert_eq!(doc::parse_realisasi(&tw4).unwrap().len(), 14);
    }
}

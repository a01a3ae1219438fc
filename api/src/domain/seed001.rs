//! Seed 001 (LKj 2024, KPU Kab. Lampung Utara), Tabel 5 and the Sasaran detail tables: every
//! consistent row must come out as the report says, and every inconsistent row must raise
//! the temuan a careful reviewer would raise (the list is in shared/domain.md).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::capaian::{Aturan, BATAS_BAWAAN, MetodePredikat, Polaritas, Target, batasi, hitung};
use super::kategori::PitaKategori;
use super::nilai::{self, TipeNilai};
use super::ringkasan::{Butir, ringkas};
use super::temuan::{CekIndikator, Temuan, periksa_indikator, periksa_kategori_keseluruhan};

struct Baris {
    kode: &'static str,
    nama: &'static str,
    tipe: TipeNilai,
    target: &'static str,
    realisasi: Option<&'static str>,
    capaian: Option<&'static str>,
}

const fn b(
    kode: &'static str,
    nama: &'static str,
    tipe: TipeNilai,
    target: &'static str,
    realisasi: Option<&'static str>,
    capaian: Option<&'static str>,
) -> Baris {
    Baris { kode, nama, tipe, target, realisasi, capaian }
}

use TipeNilai::{Angka, Persen, Predikat};

/// Tabel 5 as printed (target, realisasi, capaian).
const TABEL_5: &[Baris] = &[
    b("SS1", "Persentase Tersedianya Sarana dan Prasarana", Persen, "100%", Some("100%"), Some("100%")),
    b("SS2", "Persentase kesesuaian kompetensi pegawai", Persen, "100%", None, None),
    b("SS3", "Nilai Evaluasi atas Akuntabilitas Kinerja KPU", Predikat, "B", Some("BB (70,65)"), Some("88%")),
    b("SS4.1", "Persentase laporan Monitoring dan Evaluasi", Persen, "75%", Some("75%"), Some("100%")),
    b(
        "SS4.2",
        "Persentase KPU Kabupaten/Kota yang Target Kinerjanya Tercapai",
        Persen,
        "90%",
        Some("90%"),
        Some("100%"),
    ),
    b("SS5", "Jumlah laporan sistem akuntansi dan pelaporan keuangan", Angka, "2 Lap", Some("2 Lap"), Some("100%")),
    b(
        "SS6",
        "Persentase permasalahan pengelolaan keuangan yang dapat diselesaikan",
        Persen,
        "90%",
        Some("90%"),
        Some("100%"),
    ),
    b("SS7", "Persentase LPJ berbasis SIMONIKA tepat waktu dan valid", Persen, "95%", Some("95%"), Some("100%")),
    b("SS8.1", "Persentase patuh dan tertib pengelolaan BMN", Persen, "98%", Some("98%"), Some("100%")),
    b("SS8.2", "Jumlah Laporan BMN berdasarkan SIMAK BMN", Angka, "5 Lap", Some("5 Lap"), Some("100%")),
    b("SS9", "Persentase pengelolaan arsip inaktif", Persen, "87,5%", Some("87,5%"), Some("100%")),
    b("SS10", "Persentase gangguan keamanan yang dapat ditanggulangi", Persen, "100%", Some("100%"), Some("100%")),
    b("SS11", "Jumlah revisi yang dilakukan terhadap rencana kerja", Angka, "12 Kali", None, None),
    b("SS12", "Terwujudnya Reformasi Birokrasi", Persen, "100%", None, None),
    b("SS13", "Persentase sarana TI yang aman, handal dan lancar", Persen, "100%", Some("100%"), Some("100%")),
    b("SS14", "Persentase pemutakhiran data pemilih tepat waktu", Persen, "100%", Some("100%"), Some("100%")),
    b("SS15.1", "Persentase Pemilu tanpa permasalahan anggaran logistik", Persen, "100%", Some("100%"), Some("100%")),
    b(
        "SS15.2",
        "Persentase pengadaan logistik tanpa kasus kerugian negara",
        Persen,
        "100%",
        Some("100%"),
        Some("100%"),
    ),
    b("SS15.3", "Persentase inventarisasi dan pemeliharaan logistik", Persen, "100%", Some("100%"), Some("100%")),
    b("SS16", "Persentase penyediaan logistik Pemilu", Angka, "1 Satker", Some("1 Satker"), Some("100%")),
    b("SS17", "Persentase pemungutan sampai penetapan hasil", Angka, "1 Satker", Some("1 Satker"), Some("100%")),
    b("SS18", "Persentase pegawai tercatat dalam database kepegawaian", Persen, "95%", Some("95%"), Some("100%")),
    b("SS19", "Persentase bimtek dan penerapan regulasi kepemiluan", Persen, "100%", Some("100%"), Some("100%")),
    b("SS20", "Persentase rancangan PKPU disusun tepat waktu", Persen, "100%", Some("100%"), Some("100%")),
    b(
        "SS21.1",
        "Persentase produk hukum yang dikelola dan didokumentasikan",
        Persen,
        "100%",
        Some("100%"),
        Some("100%"),
    ),
    b("SS21.2", "Persentase informasi produk hukum cepat, tepat, akurat", Persen, "100%", Some("100%"), Some("100%")),
    b("SS21.3", "Persentase dokumentasi produk hukum terpublikasi", Persen, "100%", Some("100%"), Some("100%")),
    b("SS22", "Persentase penyampaian laporan SPIP", Persen, "100%", Some("100%"), Some("100%")),
    b("SS23", "Persentase proses PAW selesai dalam 5 hari kerja", Persen, "100%", Some("100%"), Some("100%")),
    b("SS24", "Persentase data kepengurusan partai politik dimutakhirkan", Persen, "100%", Some("100%"), Some("100%")),
    b(
        "SS25",
        "Persentase informasi tahapan ditampilkan paling lambat 1 hari",
        Persen,
        "100%",
        Some("100%"),
        Some("100%"),
    ),
    b("SS26", "Persentase penyampaian informasi dan publikasi tahapan", Persen, "100%", Some("100%"), Some("100%")),
];

fn aturan(tipe: TipeNilai) -> Aturan {
    let metode = (tipe == Predikat).then_some(MetodePredikat::Skor);
    Aturan { tipe, polaritas: Polaritas::Maksimal, metode }
}

struct Diperiksa {
    capaian: Option<Decimal>,
    temuan: Vec<Temuan>,
}

/// Computes and checks one row; `pk_target`/`nama_pk` stand for what the PK says when the
/// report's own table differs from it.
fn periksa(row: &Baris, pk_target: Option<&str>, nama_pk: Option<&str>) -> Diperiksa {
    let a = aturan(row.tipe);
    let target_laporan = nilai::parse(row.target, row.tipe).unwrap();
    let target = Target::Nilai(pk_target.map(|t| nilai::parse(t, row.tipe).unwrap()).unwrap_or(target_laporan.clone()));
    let realisasi = row.realisasi.map(|r| nilai::parse(r, row.tipe).unwrap());
    let hasil = hitung(&a, &target, realisasi.as_ref()).unwrap();
    let pita = PitaKategori::bawaan();
    let temuan = periksa_indikator(&CekIndikator {
        kode: row.kode,
        nama: nama_pk.unwrap_or(row.nama),
        aturan: a,
        target: Some(&target),
        target_triwulan_akhir: None,
        realisasi: realisasi.as_ref(),
        hasil: hasil.as_ref(),
        capaian_dilaporkan: row.capaian,
        kategori_dilaporkan: None,
        target_dilaporkan: pk_target.is_some().then_some(&target_laporan),
        nama_dilaporkan: nama_pk.is_some().then_some(row.nama),
        pita: &pita,
    });
    Diperiksa { capaian: hasil.map(|h| h.capaian), temuan }
}

fn kode(t: &[Temuan]) -> Vec<&'static str> {
    let mut k: Vec<_> = t.iter().map(|t| t.kode).collect();
    k.sort_unstable();
    k
}

#[test]
fn tabel_5_consistent_rows_reproduce_and_the_others_are_flagged() {
    let mut consistent = 0;
    for row in TABEL_5 {
        let d = periksa(row, None, None);
        match row.kode {
            "SS2" | "SS12" => {
                assert_eq!(d.capaian, None, "{}: not reported is not zero", row.kode);
                assert_eq!(kode(&d.temuan), ["belum_dilaporkan"], "{}", row.kode);
            }
            "SS11" => {
                assert_eq!(d.capaian, None);
                assert_eq!(kode(&d.temuan), ["belum_dilaporkan", "polaritas_perlu_diperiksa"]);
            }
            "SS3" => {
                // Target B, realisasi BB 70,65, reported 88% (= 70,65 / 80, the wrong bound).
                assert_eq!(d.capaian, Some(dec!(117.75)));
                assert_eq!(kode(&d.temuan), ["capaian_dilaporkan_berbeda", "predikat_tercapai_di_bawah_100"]);
                let berbeda = d.temuan.iter().find(|t| t.kode == "capaian_dilaporkan_berbeda").unwrap();
                assert!(
                    berbeda.pesan.starts_with("Capaian dilaporkan 88%, dihitung 117,75%"),
                    "as Tabel 5 prints it, not 118%: {}",
                    berbeda.pesan
                );
            }
            _ => {
                let reported = nilai::parse(row.capaian.unwrap(), Persen).unwrap().angka().unwrap();
                assert_eq!(d.capaian, Some(reported), "{}", row.kode);
                assert!(d.temuan.is_empty(), "{}: {:?}", row.kode, d.temuan);
                consistent += 1;
            }
        }
    }
    assert_eq!(consistent, 28);
}

#[test]
fn sasaran_detail_tables() {
    // SS2: the detail measures another indicator, in persons against a percent target.
    let ss2 = b(
        "SS2",
        "Percentase Pegawai yang telah Mengikuti Pendidikan dan Pelatihan",
        Persen,
        "90%",
        Some("0 orang"),
        Some("0 %"),
    );
    let d = periksa(&ss2, None, Some("Persentase kesesuaian kompetensi pegawai"));
    assert_eq!(d.capaian, Some(dec!(0)));
    assert_eq!(kode(&d.temuan), ["indikator_berbeda", "satuan_berbeda"]);

    // SS8: target 98%, realisasi "2 laporan", capaian 80%.
    let ss8 = b("SS8.1", "Persentase patuh dan tertib pengelolaan BMN", Persen, "98%", Some("2 laporan"), Some("80%"));
    let d = periksa(&ss8, None, None);
    assert_eq!(kode(&d.temuan), ["capaian_dilaporkan_berbeda", "satuan_berbeda"]);

    // SS11: the detail says target 10, realisasi 25, 250%: right by its own numbers, capped
    // to 120 for averaging; a revision count is a lower-is-better indicator.
    let ss11 = b(
        "SS11",
        "Jumlah revisi yang dilakukan terhadap rencana kerja",
        Angka,
        "10 Kali",
        Some("25 Kali"),
        Some("250 %"),
    );
    let d = periksa(&ss11, None, None);
    assert_eq!(d.capaian, Some(dec!(250)));
    assert_eq!(batasi(dec!(250), BATAS_BAWAAN), dec!(120));
    assert_eq!(kode(&d.temuan), ["polaritas_perlu_diperiksa"]);
    // Against the PK's 12 kali (Tabel 3), the restated target and the 250% are both off.
    let d = periksa(&ss11, Some("12 Kali"), None);
    assert_eq!(d.capaian, Some(dec!(208.333333)));
    assert_eq!(kode(&d.temuan), ["capaian_dilaporkan_berbeda", "polaritas_perlu_diperiksa", "target_berbeda"]);
    // As a lower-is-better indicator, 25 revisions against 10 scores 0.
    let minimal = Aturan { polaritas: Polaritas::Minimal, ..aturan(Angka) };
    let t = Target::Nilai(nilai::parse("10 Kali", Angka).unwrap());
    let r = nilai::parse("25 Kali", Angka).unwrap();
    assert_eq!(hitung(&minimal, &t, Some(&r)).unwrap().unwrap().capaian, dec!(0));

    // SS12: the detail reports 75% of a 100% target: consistent.
    let ss12 = b("SS12", "Terwujudnya Reformasi Birokrasi", Persen, "100%", Some("75 %"), Some("75 %"));
    let d = periksa(&ss12, None, None);
    assert_eq!(d.capaian, Some(dec!(75)));
    assert!(d.temuan.is_empty());

    // SS16: "1 Satker" written where a capaian belongs.
    let ss16 =
        b("SS16", "Persentase penyediaan logistik Pemilu", Angka, "1 Satker", Some("1 Satker"), Some("1 Satker"));
    let d = periksa(&ss16, None, None);
    assert_eq!(d.capaian, Some(dec!(100)));
    assert_eq!(kode(&d.temuan), ["capaian_dilaporkan_bukan_angka"]);

    // SS21: the detail's 97% target differs from the PK's 100%.
    let ss21 = b(
        "SS21.1",
        "Persentase produk hukum yang dikelola dan didokumentasikan",
        Persen,
        "97%",
        Some("97 %"),
        Some("100 %"),
    );
    let d = periksa(&ss21, Some("100%"), None);
    assert_eq!(d.capaian, Some(dec!(97)));
    assert_eq!(kode(&d.temuan), ["capaian_dilaporkan_berbeda", "target_berbeda"]);
}

#[test]
fn the_overall_result() {
    let pita = PitaKategori::bawaan();
    // "100% … dikategorikan capaian kinerja Baik": by its own Tabel 6, 100 is Sangat Baik.
    let t = periksa_kategori_keseluruhan(dec!(100), "Baik", &pita).expect("flagged");
    assert_eq!(t.kode, "kategori_dilaporkan_berbeda");
    assert!(t.pesan.contains("Sangat Baik"));

    // Our own mean over Tabel 5: the three unreported rows are left out, SS3 counts capped.
    let butir: Vec<Butir> = TABEL_5
        .iter()
        .map(|row| {
            let d = periksa(row, None, None);
            Butir { capaian_terbatas: d.capaian.map(|c| batasi(c, BATAS_BAWAAN)), bobot: Decimal::ONE }
        })
        .collect();
    let r = ringkas(&butir, &pita);
    assert_eq!((r.dilaporkan, r.diharapkan), (29, 32));
    // (28 × 100 + 117,75) / 29
    assert_eq!(r.capaian_rata_rata, Some(dec!(100.612069)));
    assert_eq!(r.kategori.as_deref(), Some("Sangat Baik"));
    assert_eq!(r.kelengkapan, dec!(90.625));
}

use super::*;

use rust_decimal_macros::dec;
use serde_json::json;

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_pk_with_defaults_and_indonesian_numbers() {
    let pk = parse_pk(&json!({"indikator": [
        {"kode": "IK-01", "nama": "Persentase arsip", "satuan": "persen", "target": "87,5", "target_triwulan": ["25", "50", 75, "87,5"]},
        {"kode": "IK-02", "nama": "Laporan keuangan", "satuan": "laporan", "target": 2},
        {"kode": "IK-03", "nama": "Nilai SAKIP", "satuan": "predikat", "tipe_nilai": "predikat", "metode_predikat": "skor", "target": "B"}
    ]}))
    .unwrap();
    assert_eq!(pk[0].tipe_nilai, TipeNilai::Persen);
    assert_eq!(pk[0].target_nilai(), Some(dec!(87.5)));
    assert_eq!(pk[0].target_triwulan, [Some(dec!(25)), Some(dec!(50)), Some(dec!(75)), Some(dec!(87.5))]);
    assert_eq!(pk[0].target_teks, "87,5%");
    assert_eq!(pk[1].tipe_nilai, TipeNilai::Angka);
    assert_eq!(pk[1].target_teks, "2 laporan");
    assert_eq!(pk[2].metode_predikat, Some(MetodePredikat::Skor));
    assert_eq!(pk[0].polaritas, Polaritas::Maksimal);
    assert_eq!(pk[0].bobot, Decimal::ONE);
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let e = parse_pk(&json!({"indikator": [
        {"kode": "IK-01", "nama": "", "satuan": "persen", "target": "1.234"},
        {"kode": "ik-01", "nama": "x", "satuan": "persen", "target": "0"},
        {"kode": "IK-03", "nama": "x", "satuan": "predikat", "tipe_nilai": "predikat", "target": "B"},
        {"kode": "IK-04", "nama": "x", "satuan": "persen", "polaritas": "rentang", "target": "95"},
        "bukan objek"
    ]}))
    .unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "indikator[0].nama",
            "indikator[0].target",
            "indikator[1].kode",
            "indikator[1].target",
            "indikator[2].metode_predikat",
            "indikator[3].target_atas",
            "indikator[4]"
        ]
    );
    assert!(e[1].pesan.contains("ambigu"));
    assert_eq!(fields(&parse_pk(&json!({"indikator": []})).unwrap_err()), ["indikator"]);
    assert_eq!(fields(&parse_pk(&json!([])).unwrap_err()), ["body"]);
}

#[test]
fn budget_lines_are_exact_and_checked() {
    let rows = parse_anggaran(&json!({"baris": [
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "51", "sumber_dana": "apbn",
         "pagu": 2999452000_i64, "realisasi": "2.996.870.206"},
    ]}))
    .unwrap();
    assert_eq!(rows[0].pagu, 2_999_452_000);
    assert_eq!(rows[0].realisasi, 2_996_870_206);
    assert_eq!(rows[0].sumber_dana, SumberDana::Apbn);

    let e = parse_anggaran(&json!({"baris": [
        {"program_kode": "76.1.WA", "program_nama": "x", "jenis_belanja": "59", "pagu": -1, "realisasi": 1.5},
        {"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "akun": "511111", "pagu": 10, "realisasi": 10,
         "realisasi_bulanan": [1,1,1,1,1,1,1,1,1,1,1,1]},
        {"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "sumber_dana": "DAK", "pagu": "12,5", "realisasi": 0}
    ]}))
    .unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "baris[0].program_kode",
            "baris[0].jenis_belanja",
            "baris[0].pagu",
            "baris[0].realisasi",
            "baris[1].akun",
            "baris[1].realisasi_bulanan",
            "baris[2].sumber_dana",
            "baris[2].pagu"
        ]
    );
    assert_eq!(e[2].pesan, "harus bilangan bulat ≥ 0");
}

#[test]
fn rupiah_are_bounded_per_line_and_per_document() {
    let line = |pagu: Value| json!({"program_kode": "076.01.WA", "program_nama": "x", "jenis_belanja": "52", "pagu": pagu, "realisasi": 0});
    assert!(parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH))]})).is_ok());
    let e = parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH + 1))]})).unwrap_err();
    assert_eq!(fields(&e), ["baris[0].pagu"]);
    assert!(e[0].pesan.contains("terlalu besar"), "{}", e[0].pesan);
    let e = parse_anggaran(&json!({"baris": [line(json!(i64::MAX)), line(json!("9.223.372.036.854.775.807"))]}))
        .unwrap_err();
    assert_eq!(fields(&e), ["baris[0].pagu", "baris[1].pagu"]);
    assert!(parse_anggaran(&json!({"baris": [line(json!("99999999999999999999999"))]})).is_err());
    let e = parse_anggaran(&json!({"baris": [line(json!(MAKS_RUPIAH)), line(json!(1))]})).unwrap_err();
    assert_eq!(fields(&e), ["baris"]);
    assert!(e[0].pesan.contains("per dokumen"), "{}", e[0].pesan);
}

#[test]
fn precision_the_store_cannot_hold_is_refused() {
    let pk = |target: Value| {
        parse_pk(&json!({"indikator": [{"kode": "A", "nama": "x", "satuan": "persen", "target": target}]}))
    };
    assert!(pk(json!("0,000001")).is_ok());
    for bad in [json!("0,0000001"), json!(0.0000001), json!("87,1234567")] {
        let e = pk(bad.clone()).unwrap_err();
        assert_eq!(fields(&e), ["indikator[0].target"], "{bad}");
        assert!(e[0].pesan.contains("6 angka desimal"), "{}", e[0].pesan);
    }
    assert!(pk(json!("87,5000000")).is_ok(), "trailing zeros lose nothing");
    let e = nilai_realisasi(&json!("BB (70,6500001)"), "r", TipeNilai::Predikat, None).unwrap_err();
    assert!(e.pesan.contains("6 angka desimal"), "{}", e.pesan);
}

#[test]
fn control_characters_in_fields_are_refused() {
    let e = parse_pk(&json!({"indikator": [
        {"kode": "A\u{0}", "nama": "x", "satuan": "persen", "target": 1},
        {"kode": "B", "nama": "x", "satuan": "persen", "target": 1, "definisi": "dua\nbaris\tboleh"},
        {"kode": "C\tD", "nama": "x", "satuan": "persen", "target": 1}
    ]}))
    .unwrap_err();
    assert_eq!(fields(&e), ["indikator[0].kode", "indikator[2].kode"]);
}

#[test]
fn too_many_rows_is_one_clear_error() {
    let rows: Vec<Value> = (0..=MAKS_INDIKATOR).map(|i| json!({"kode": format!("K{i}")})).collect();
    let e = parse_pk(&json!({ "indikator": rows })).unwrap_err();
    assert_eq!(fields(&e), ["indikator"]);
    assert!(e[0].pesan.contains("paling banyak 500"));
}

#[test]
fn fixed_point_storage() {
    assert_eq!(ke_e6(dec!(87.5)), Some(87_500_000));
    assert_eq!(ke_e6(dec!(208.3333333)), Some(208_333_333));
    assert_eq!(dari_e6(117_750_000), dec!(117.75));
    assert_eq!(ke_e6(Decimal::MAX), None);
    assert_eq!(MAKS_NILAI, dec!(9000000000000));
    assert!(ke_e6(MAKS_NILAI).is_some() && ke_e6(-MAKS_NILAI).is_some());
    let e =
        parse_pk(&json!({"indikator": [{"kode": "A", "nama": "x", "satuan": "orang", "target": "9.000.000.000.001"}]}))
            .unwrap_err();
    assert!(e[0].pesan.contains("terlalu besar"));
}

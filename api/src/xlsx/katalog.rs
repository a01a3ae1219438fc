//! One owner's indicator catalogue of a Renstra period as a workbook (KPU RI's national one, or
//! a provinsi's additions): one row per indicator, lists for tipe nilai, polaritas, metode
//! predikat and the levels, the identity shown (computed), the version in the marked cell. It
//! is read back by the same reader as the documents and written by the same service as JSON.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::unggah::{Kolom, LABEL_SATKER, LABEL_TAHUN, LABEL_VERSI, Spek, VERSI_BARU};
use super::{Gaya, Isian, blok_kepala, daftar, kepala_kolom};
use crate::domain::capaian::{MetodePredikat, Polaritas};
use crate::domain::dokumen::katalog::{MAKS_ENTRI, nama_periode};
use crate::domain::nilai::TipeNilai;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::view::KatalogView;

/// Empty input rows offered below the stored indicators.
const BARIS_KOSONG: u32 = 50;

/// How the levels are written in a cell: comma-separated, these words.
const TINGKAT_SEL: &str = "ri, provinsi, kabupaten_kota";

const KOLOM: [Kolom; 14] = [
    Kolom::teks("Kode", 12.0, "kode"),
    Kolom::teks("Nama indikator", 44.0, "nama"),
    Kolom::teks("Satuan", 12.0, "satuan"),
    Kolom::teks("Tipe nilai", 12.0, "tipe_nilai"),
    Kolom::teks("Polaritas", 12.0, "polaritas"),
    Kolom::teks("Metode predikat", 12.0, "metode_predikat"),
    Kolom::teks("Berlaku untuk", 24.0, "tingkat"),
    Kolom::teks("Tujuan", 28.0, "tujuan"),
    Kolom::teks("Sasaran strategis", 28.0, "sasaran"),
    Kolom::teks("Definisi", 32.0, "definisi"),
    Kolom::teks("Cara ukur", 32.0, "cara_ukur"),
    Kolom::teks("Pensiun", 9.0, "pensiun"),
    Kolom::teks("Menggantikan (kode periode sebelumnya)", 16.0, "menggantikan"),
    Kolom::dihitung("Identitas — dihitung", 16.0),
];

/// The catalogue sheet, as uploads are read.
pub const SPEK: Spek =
    Spek { lembar: "Katalog", wadah: "indikator", kolom: &KOLOM, maks: MAKS_ENTRI, kunci: &[], nol: &[] };

/// Input columns: everything before the identity.
const ISIAN: u16 = 13;

/// The workbook's bytes: `v` as stored, or an empty template when none is.
pub fn tulis(pemilik: &SatkerRef, awal: i32, v: Option<&KatalogView>) -> Result<Vec<u8>, AppError> {
    let g = Gaya::new();
    let isian = Isian::new(&g);
    let mut wb = Workbook::new();
    super::cetak::petunjuk(
        &mut wb,
        &format!("Katalog indikator {} periode {}", pemilik.nama, crate::domain::dokumen::katalog::nama_periode(awal)),
        &[
            "Satu baris per indikator katalog. Kode unik dalam satu periode Renstra, di seluruh katalog nasional dan tambahan provinsi.",
            "Tipe nilai, polaritas dan tingkat dipilih dari daftar. Indikator yang melanjutkan indikator periode sebelumnya menyebut kodenya di kolom Menggantikan.",
        ],
    )?;
    let ws = wb.add_worksheet();
    ws.set_name("Katalog")?;
    let (status, versi) = match v {
        Some(v) => (v.status.to_string(), crate::service::dokumen::etag(v.versi)),
        None => ("belum ada".to_string(), VERSI_BARU.to_string()),
    };
    let kepala = [
        (LABEL_SATKER, format!("{} {}", pemilik.kode, pemilik.nama)),
        (LABEL_TAHUN, awal.to_string()),
        ("Periode Renstra", nama_periode(awal)),
        ("Berlaku untuk", format!("tulis dipisah koma: {TINGKAT_SEL}; kosong: semua")),
        ("Pensiun", "Ya bila indikator tidak dipakai lagi (yang sudah dipakai PK tidak dapat dihapus)".into()),
        ("Status", status),
        (LABEL_VERSI, versi),
    ];
    let header = blok_kepala(ws, &g, "Katalog indikator", &kepala)?;
    kepala_kolom(ws, &g, header, &KOLOM)?;
    let mut row = header + 1;
    for e in v.map(|v| v.indikator.as_slice()).unwrap_or_default() {
        let tingkat = e.tingkat.join(", ");
        let teks = [
            Some(e.kode.as_str()),
            Some(e.nama.as_str()),
            Some(e.satuan.as_str()),
            Some(e.tipe_nilai.as_str()),
            Some(e.polaritas.as_str()),
            e.metode_predikat.map(MetodePredikat::as_str),
            Some(tingkat.as_str()),
            e.tujuan.as_deref(),
            e.sasaran.as_deref(),
            e.definisi.as_deref(),
            e.cara_ukur.as_deref(),
            e.pensiun.then_some("Ya"),
            e.menggantikan.as_deref(),
        ];
        for (col, t) in (0_u16..).zip(teks) {
            ws.write_string_with_format(row, col, t.unwrap_or_default(), &isian.teks)?;
        }
        ws.write_string_with_format(row, ISIAN, &e.identitas, &isian.hitung_teks)?;
        row += 1;
    }
    let akhir = super::baris_kosong(ws, (row, BARIS_KOSONG), ISIAN, &isian.teks)?;
    let tipe: Vec<&str> = TipeNilai::ALL.iter().map(|t| t.as_str()).collect();
    let polaritas = [Polaritas::Maksimal, Polaritas::Minimal, Polaritas::Rentang].map(Polaritas::as_str);
    let metode = [MetodePredikat::Ordinal, MetodePredikat::Skor].map(MetodePredikat::as_str);
    ws.add_data_validation(header + 1, 3, akhir, 3, &daftar(&tipe, "tipe nilai")?)?;
    ws.add_data_validation(header + 1, 4, akhir, 4, &daftar(&polaritas, "polaritas")?)?;
    ws.add_data_validation(header + 1, 5, akhir, 5, &daftar(&metode, "metode predikat")?)?;
    ws.add_data_validation(header + 1, 11, akhir, 11, &daftar(&["Ya", "Tidak"], "pensiun")?)?;
    ws.protect();
    Ok(wb.save_to_buffer()?)
}

/// The JSON the catalogue API reads, from a workbook's rows: the levels from their cell
/// (`provinsi, kabupaten_kota`) as a list, `Pensiun` Ya/Tidak as a boolean. Anything else is
/// left as written, for the API's validation to name the cell.
pub fn ke_json(mut isi: Value) -> Value {
    let Some(rows) = isi.get_mut("indikator").and_then(Value::as_array_mut) else { return isi };
    for row in rows {
        let Some(o) = row.as_object_mut() else { continue };
        if let Some(Value::String(s)) = o.get("tingkat").cloned() {
            let daftar: Vec<Value> = s
                .split([',', ';'])
                .map(|t| t.trim().to_lowercase().replace(['/', ' '], "_"))
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(if t == "kpu_ri" { "ri".into() } else { t }))
                .collect();
            o.insert("tingkat".into(), Value::Array(daftar));
        }
        if let Some(Value::String(s)) = o.get("pensiun").cloned() {
            match s.trim().to_lowercase().as_str() {
                "ya" | "true" | "1" => o.insert("pensiun".into(), Value::Bool(true)),
                "tidak" | "false" | "0" | "" => o.insert("pensiun".into(), Value::Bool(false)),
                _ => None,
            };
        }
    }
    isi
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn levels_and_retirement_are_read_as_people_write_them() {
        let v = ke_json(json!({"indikator": [
            {"kode": "A", "tingkat": "Provinsi; Kabupaten/Kota", "pensiun": "Ya"},
            {"kode": "B", "tingkat": "KPU RI", "pensiun": "tidak"},
            {"kode": "C", "pensiun": "mungkin"},
        ]}));
        assert_eq!(v["indikator"][0]["tingkat"], json!(["provinsi", "kabupaten_kota"]));
        assert_eq!(v["indikator"][0]["pensiun"], true);
        assert_eq!(
            (v["indikator"][1]["tingkat"].clone(), v["indikator"][1]["pensiun"].clone()),
            (json!(["ri"]), json!(false))
        );
        assert_eq!(v["indikator"][2]["pensiun"], "mungkin", "left for the API to refuse at its cell");
    }
}

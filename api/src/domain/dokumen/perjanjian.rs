//! The Perjanjian Kinerja's own particulars, beside its indicators: the two parties (pihak
//! pertama, the Sekretaris; pihak kedua, the Ketua "selaku atasan"), where and when it is
//! signed, and the program rows of its Lampiran with their anggaran.
//!
//! They travel in the PK's body as top-level fields. A field left out keeps what is stored (a
//! workbook or a script that only sends indicators never erases the signatories); `null`
//! clears it. A program row's anggaran left out is the year's budget total of that program,
//! and no program rows at all is every program of the year's budget with its total.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use super::iku::{Pejabat, lembaga, pejabat, tanggal};
use super::{Cek, FieldError, IndikatorPk, object, parse_pk, top};

/// The most program rows a PK's Lampiran holds.
pub const MAKS_PROGRAM: usize = 100;

/// A program (or kegiatan) row of the Lampiran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramPk {
    /// The budget's program code (`076.01.WA`), which finds its total.
    pub kode: Option<String>,
    pub nama: Option<String>,
    /// Rupiah; none: the year's budget total of the program.
    pub anggaran: Option<i64>,
}

/// The particulars as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RincianPk {
    pub pihak_pertama: Pejabat,
    pub pihak_kedua: Pejabat,
    pub ditetapkan_di: Option<String>,
    pub tanggal: Option<NaiveDate>,
    pub program: Vec<ProgramPk>,
}

/// What a PUT says about the particulars: each field it names, the rest kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UbahRincian {
    pub pihak_pertama: Option<Pejabat>,
    pub pihak_kedua: Option<Pejabat>,
    pub ditetapkan_di: Option<Option<String>>,
    pub tanggal: Option<Option<NaiveDate>>,
    pub program: Option<Vec<ProgramPk>>,
}

impl UbahRincian {
    /// The particulars after this change to `lama`.
    pub fn terapkan(self, lama: RincianPk) -> RincianPk {
        RincianPk {
            pihak_pertama: self.pihak_pertama.unwrap_or(lama.pihak_pertama),
            pihak_kedua: self.pihak_kedua.unwrap_or(lama.pihak_kedua),
            ditetapkan_di: self.ditetapkan_di.unwrap_or(lama.ditetapkan_di),
            tanggal: self.tanggal.unwrap_or(lama.tanggal),
            program: self.program.unwrap_or(lama.program),
        }
    }
}

/// A PK as sent: its indicators, and what it says about its particulars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pk {
    pub indikator: Vec<IndikatorPk>,
    pub rincian: UbahRincian,
}

impl From<Vec<IndikatorPk>> for Pk {
    /// Indicators alone: the particulars stay as stored.
    fn from(indikator: Vec<IndikatorPk>) -> Self {
        Self { indikator, rincian: UbahRincian::default() }
    }
}

/// A whole PK body: its indicators and its particulars, every problem of both reported.
pub fn parse_perjanjian(body: &Value) -> Result<Pk, Vec<FieldError>> {
    match (parse_pk(body), parse_rincian_pk(body)) {
        (Ok(indikator), Ok(rincian)) => Ok(Pk { indikator, rincian }),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            for e in b.err().unwrap_or_default() {
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
            Err(errors)
        }
    }
}

/// The particulars a PK body names, every problem at its field (`program[2].anggaran`). The
/// indicators are [`super::parse_pk`]'s.
pub fn parse_rincian_pk(body: &Value) -> Result<UbahRincian, Vec<FieldError>> {
    let obj = top(body)?;
    let mut cek = Cek { errors: Vec::new() };
    let ada = |name: &str| obj.contains_key(name);
    let mut ubah = UbahRincian::default();
    if ada("pihak_pertama") {
        ubah.pihak_pertama = Some(pejabat(&mut cek, obj, "pihak_pertama"));
    }
    if ada("pihak_kedua") {
        ubah.pihak_kedua = Some(pejabat(&mut cek, obj, "pihak_kedua"));
    }
    if ada("ditetapkan_di") {
        ubah.ditetapkan_di = Some(cek.text(obj, "", "ditetapkan_di", false, 100));
    }
    if ada("tanggal") {
        ubah.tanggal = Some(tanggal(&mut cek, obj));
    }
    if ada("program") {
        ubah.program = Some(program(&mut cek, obj));
    }
    cek.finish(ubah)
}

fn program(cek: &mut Cek, obj: &Map<String, Value>) -> Vec<ProgramPk> {
    if obj.get("program").is_some_and(Value::is_null) {
        return Vec::new();
    }
    let none = Vec::new();
    let rows = cek.array(obj, "program", MAKS_PROGRAM).unwrap_or(&none);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let path = format!("program[{i}]");
        let Some(o) = object(cek, row, &path) else { continue };
        let kode = cek.text(o, &path, "kode", false, 32);
        let nama = cek.text(o, &path, "nama", false, 1000);
        let anggaran = cek.rupiah(o.get("anggaran"), &format!("{path}.anggaran"), false);
        if kode.is_none() && nama.is_none() {
            cek.err(&format!("{path}.nama"), "wajib diisi, kecuali baris menyebut kode program anggaran");
        }
        out.push(ProgramPk { kode, nama, anggaran });
    }
    out
}

/// The position of pihak pertama when none is given: the satker's Sekretaris.
pub fn jabatan_pihak_pertama(nama_satker: &str) -> String {
    format!("Sekretaris {}", lembaga(nama_satker))
}

/// The position of pihak kedua when none is given: the satker's Ketua.
pub fn jabatan_pihak_kedua(nama_satker: &str) -> String {
    format!("Ketua {}", lembaga(nama_satker))
}

/// A budget program's code, name and total, as the anggaran document sums it.
pub type TotalProgram = (String, String, i64);

/// The Lampiran's program rows with their anggaran resolved: a row's own figure, else its
/// program's total in the year's budget; no rows at all is every program of the budget. Each
/// row answers whether its figure came from the budget. A row whose code the budget does not
/// have keeps no figure.
pub fn program_lampiran(program: &[ProgramPk], anggaran: &[TotalProgram]) -> Vec<(ProgramPk, bool)> {
    if program.is_empty() {
        return anggaran
            .iter()
            .map(|(kode, nama, pagu)| {
                (ProgramPk { kode: Some(kode.clone()), nama: Some(nama.clone()), anggaran: Some(*pagu) }, true)
            })
            .collect();
    }
    program
        .iter()
        .map(|p| {
            let dari =
                p.kode.as_deref().and_then(|k| anggaran.iter().find(|(kode, _, _)| kode.eq_ignore_ascii_case(k)));
            match (p.anggaran, dari) {
                (Some(_), _) | (None, None) => (p.clone(), false),
                (None, Some((_, nama, pagu))) => (
                    ProgramPk {
                        kode: p.kode.clone(),
                        nama: p.nama.clone().or_else(|| Some(nama.clone())),
                        anggaran: Some(*pagu),
                    },
                    true,
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_left_out_keep_what_is_stored_and_null_clears() {
        let lama = RincianPk {
            pihak_pertama: Pejabat { jabatan: Some("Sekretaris".into()), nama: Some("A".into()) },
            ditetapkan_di: Some("Kotabumi".into()),
            program: vec![ProgramPk { kode: Some("076.01.WA".into()), nama: None, anggaran: None }],
            ..Default::default()
        };
        let hanya_indikator = parse_rincian_pk(&json!({"indikator": []})).unwrap();
        assert_eq!(hanya_indikator.terapkan(lama.clone()), lama);
        let ubah = parse_rincian_pk(&json!({"ditetapkan_di": null, "tanggal": "2024-01-02", "program": null})).unwrap();
        let baru = ubah.terapkan(lama.clone());
        assert_eq!((baru.ditetapkan_di, baru.tanggal), (None, NaiveDate::from_ymd_opt(2024, 1, 2)));
        assert_eq!((baru.pihak_pertama, baru.program), (lama.pihak_pertama, Vec::new()));
    }

    #[test]
    fn bad_particulars_are_named_by_field() {
        let e = parse_rincian_pk(&json!({
            "pihak_kedua": "Ketua",
            "tanggal": "2 Januari 2024",
            "program": [{"anggaran": "1.000"}, {"nama": "P", "anggaran": -5}, {"kode": "076.01.WA", "anggaran": "1,5"}],
        }))
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["pihak_kedua", "tanggal", "program[0].nama", "program[1].anggaran", "program[2].anggaran"]);
    }

    #[test]
    fn program_rows_take_their_budget_total_when_they_give_none() {
        let anggaran = vec![
            ("076.01.WA".to_string(), "Dukungan Manajemen".to_string(), 3_174_505_000),
            ("076.01.DH".to_string(), "Penyelenggaraan Pemilu".to_string(), 74_277_981_000),
        ];
        let semua = program_lampiran(&[], &anggaran);
        assert_eq!(semua.len(), 2);
        assert_eq!((semua[1].0.anggaran, semua[1].1), (Some(74_277_981_000), true));
        let sendiri = [
            ProgramPk { kode: Some("076.01.wa".into()), nama: Some("Dukungan".into()), anggaran: None },
            ProgramPk { kode: None, nama: Some("Kegiatan lain".into()), anggaran: Some(5) },
            ProgramPk { kode: Some("X".into()), nama: None, anggaran: None },
        ];
        let r = program_lampiran(&sendiri, &anggaran);
        assert_eq!((r[0].0.anggaran, r[0].0.nama.as_deref(), r[0].1), (Some(3_174_505_000), Some("Dukungan"), true));
        assert_eq!((r[1].0.anggaran, r[1].1), (Some(5), false));
        assert_eq!((r[2].0.anggaran, r[2].1), (None, false), "a code the budget does not have");
    }
}

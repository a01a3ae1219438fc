//! The IKU decree laid out once, as seed 000 is: the letterhead, the title block, Menimbang and
//! Mengingat as lettered and numbered lists, MEMUTUSKAN and Menetapkan, the diktum KESATU…,
//! place and date, the signature, the attested copy, then the Lampiran on a page of its own
//! with its table (No | Tujuan | Sasaran Strategis | Indikator Kinerja Utama | Keterangan), a
//! tujuan and a sasaran spanning the rows they hold. The Word document and the printable page
//! render this one outline; what is not filled in yet (a draft's nomor, date, name) is a
//! dotted blank, as on a form.

pub mod docx;
pub mod html;

use chrono::{Datelike, NaiveDate};

use crate::domain::dokumen::iku::{label_diktum, lembaga};
use crate::domain::kode::BULAN;
use crate::view::IkuView;

/// What a field not yet filled in prints as.
pub const KOSONG: &str = "……………";

/// A cell that spans the `rentang` rows from its own (0: covered by one above).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rentang {
    pub teks: String,
    pub rentang: usize,
}

/// One row of the Lampiran's table: the spanning cells only on the row that starts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarisLampiran {
    pub no: Option<Rentang>,
    pub tujuan: Option<Rentang>,
    pub sasaran: Option<Rentang>,
    pub indikator: String,
    pub keterangan: String,
}

/// The decree as laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keputusan {
    pub judul_dokumen: String,
    pub kop: Vec<String>,
    pub judul: Vec<String>,
    pub penetap_kepala: String,
    pub menimbang: Vec<String>,
    pub mengingat: Vec<String>,
    pub menetapkan: String,
    /// (KESATU, lines): a list inside a diktum is one line per item.
    pub diktum: Vec<(String, Vec<String>)>,
    pub tempat: String,
    pub tanggal: String,
    /// The signatory's position, in lines, and name.
    pub penetap: (Vec<String>, String),
    /// "Salinan sesuai dengan aslinya", the unit and position, and the name.
    pub salinan: Option<(Vec<String>, String)>,
    pub lampiran_kepala: Vec<String>,
    pub lampiran_judul: Vec<String>,
    pub tabel: Vec<BarisLampiran>,
    pub kaki: String,
}

/// "19 Januari 2024".
pub fn tanggal(d: NaiveDate) -> String {
    let bulan = usize::try_from(d.month0()).ok().and_then(|m| BULAN.get(m)).copied().unwrap_or("");
    format!("{} {bulan} {}", d.day(), d.year())
}

/// The lines of a position as printed on a signature: "Ketua Komisi Pemilihan Umum Kabupaten
/// Lampung Selatan" → "KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN LAMPUNG SELATAN,".
pub(crate) fn baris_jabatan(jabatan: &str) -> Vec<String> {
    let j = jabatan.to_uppercase();
    let mut out =
        match j.split_once(" KABUPATEN ").or_else(|| j.split_once(" KOTA ")).or_else(|| j.split_once(" PROVINSI ")) {
            Some((a, b)) => {
                let sambung = &j[a.len() + 1..j.len() - b.len() - 1];
                vec![a.to_string(), format!("{sambung} {b}")]
            }
            None => vec![j.clone()],
        };
    if let Some(last) = out.last_mut() {
        last.push(',');
    }
    out
}

/// Groups consecutive equal values into spans: `[a, a, b]` → `[Some(a, 2), None, Some(b, 1)]`.
pub(crate) fn rentang<'a>(nilai: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Option<Rentang>> {
    let nilai: Vec<(&str, &str)> = nilai.collect();
    let mut out: Vec<Option<Rentang>> = vec![None; nilai.len()];
    let mut mulai = 0;
    for i in 1..=nilai.len() {
        if i == nilai.len() || nilai[i] != nilai[mulai] {
            out[mulai] = Some(Rentang { teks: nilai[mulai].1.to_string(), rentang: i - mulai });
            mulai = i;
        }
    }
    out
}

/// Lays out the decree of `v`.
pub fn susun(v: &IkuView) -> Keputusan {
    let l = lembaga(&v.nama_satker);
    let l_besar = l.to_uppercase();
    let kop = match l_besar.strip_prefix("KOMISI PEMILIHAN UMUM ") {
        Some(rest) => vec!["KOMISI PEMILIHAN UMUM".to_string(), rest.to_string()],
        None => vec![l_besar.clone()],
    };
    let nomor = v.nomor.clone().unwrap_or_else(|| KOSONG.into());
    let tentang = format!("PENETAPAN INDIKATOR KINERJA UTAMA TAHUN {}", v.tahun);
    let judul = vec![
        format!("KEPUTUSAN {l_besar}"),
        format!("NOMOR {nomor} TAHUN {}", v.tahun),
        "TENTANG".into(),
        tentang.clone(),
        format!("DI LINGKUNGAN {l_besar}"),
    ];
    let jabatan = v.penetap.jabatan.clone().unwrap_or_else(|| format!("Ketua {l}"));
    let nama_penetap = v.penetap.nama.clone().map_or_else(|| KOSONG.to_string(), |n| n.to_uppercase());
    let diktum =
        v.diktum.iter().enumerate().map(|(i, d)| (label_diktum(i), d.lines().map(str::to_string).collect())).collect();
    let salinan = (v.salinan.nama.is_some() || v.salinan.jabatan.is_some()).then(|| {
        let mut baris = vec!["Salinan sesuai dengan aslinya".to_string()];
        if let Some(u) = &v.salinan.unit {
            baris.extend(baris_jabatan(u).into_iter().map(|s| s.trim_end_matches(',').to_string()));
        }
        if let Some(j) = &v.salinan.jabatan {
            baris.push(format!("{j},"));
        }
        (baris, v.salinan.nama.clone().unwrap_or_else(|| KOSONG.into()))
    });
    let tujuan = rentang(v.baris.iter().map(|b| (b.tujuan.as_str(), b.tujuan.as_str())));
    let sasaran = rentang(v.baris.iter().map(|b| (b.tujuan.as_str(), b.sasaran.as_str())));
    let mut no = 0;
    let tabel = v
        .baris
        .iter()
        .zip(tujuan.into_iter().zip(sasaran))
        .map(|(b, (t, s))| {
            let nomor = t.as_ref().map(|t| {
                no += 1;
                Rentang { teks: no.to_string(), rentang: t.rentang }
            });
            BarisLampiran {
                no: nomor,
                tujuan: t,
                sasaran: s,
                indikator: b.indikator.clone(),
                keterangan: b.keterangan.clone().unwrap_or_default(),
            }
        })
        .collect();
    Keputusan {
        judul_dokumen: format!("Keputusan {l} Nomor {nomor} Tahun {} tentang {}", v.tahun, tentang.to_lowercase()),
        kop,
        penetap_kepala: format!("{},", jabatan.to_uppercase()),
        menimbang: v.menimbang.clone(),
        mengingat: v.mengingat.clone(),
        menetapkan: format!("KEPUTUSAN {l_besar} TENTANG {tentang} DI LINGKUNGAN {l_besar}."),
        diktum,
        tempat: format!("Ditetapkan di {}", v.ditetapkan_di.as_deref().unwrap_or(KOSONG)),
        tanggal: format!("pada tanggal {}", v.tanggal.map_or_else(|| format!("{KOSONG} {}", v.tahun), tanggal)),
        penetap: (baris_jabatan(&jabatan), nama_penetap),
        salinan,
        lampiran_kepala: vec![
            "LAMPIRAN".into(),
            format!("KEPUTUSAN {l_besar}"),
            format!("NOMOR {nomor} TAHUN {}", v.tahun),
            format!("TENTANG {tentang}"),
            format!("DI LINGKUNGAN {l_besar}"),
        ],
        lampiran_judul: vec![format!("INDIKATOR KINERJA UTAMA TAHUN {}", v.tahun), format!("DI LINGKUNGAN {l_besar}")],
        tabel,
        kaki: format!("Keputusan {l} Nomor {nomor} Tahun {}", v.tahun),
        judul,
    }
}

/// The letter of the `i`-th consideration (from 0): a, b, …, z, aa.
pub fn huruf(i: usize) -> String {
    let abjad = "abcdefghijklmnopqrstuvwxyz";
    let c = |k: usize| abjad.chars().nth(k % 26).unwrap_or('a');
    if i < 26 { c(i).to_string() } else { format!("{}{}", c(i / 26 - 1), c(i)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_consecutive_cells_span_their_rows() {
        let r = rentang([("a", "a"), ("a", "a"), ("b", "b"), ("a", "a")].into_iter());
        assert_eq!(r[0], Some(Rentang { teks: "a".into(), rentang: 2 }));
        assert_eq!(r[1], None);
        assert_eq!(r[2], Some(Rentang { teks: "b".into(), rentang: 1 }));
        assert_eq!(r[3], Some(Rentang { teks: "a".into(), rentang: 1 }), "not merged across another value");
    }

    #[test]
    fn dates_positions_and_letters_as_decrees_write_them() {
        assert_eq!(tanggal(NaiveDate::from_ymd_opt(2024, 1, 19).unwrap()), "19 Januari 2024");
        assert_eq!(
            baris_jabatan("Ketua Komisi Pemilihan Umum Kabupaten Lampung Selatan"),
            vec!["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN LAMPUNG SELATAN,"]
        );
        assert_eq!((huruf(0), huruf(2), huruf(26)), ("a".into(), "c".into(), "aa".into()));
    }
}

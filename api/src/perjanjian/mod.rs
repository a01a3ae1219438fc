//! The Perjanjian Kinerja laid out once, in the form of PermenPAN-RB 53/2014 that KPU satkers
//! sign: the letterhead and title, the two parties (Nama, Jabatan), the agreement's two
//! paragraphs, place and date, the two signature blocks side by side (pihak kedua left, pihak
//! pertama right); then, on a page of its own, the Lampiran: sasaran, indikator and target
//! (a sasaran spanning the rows it holds), the programs with their anggaran and their sum, and
//! the signatures again. The Word document and the printable page render this one outline;
//! what is not filled in yet (a name, the date) is a dotted blank, as on a form.

pub mod docx;
pub mod html;

use crate::domain::dokumen::iku::lembaga;
use crate::keputusan::{KOSONG, Rentang, baris_jabatan, rentang, tanggal};
use crate::view::{PejabatView, PerjanjianView};

/// One party: their position and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pihak {
    pub nama: String,
    pub jabatan: String,
    /// "selanjutnya disebut pihak pertama." and the like.
    pub sebutan: String,
}

/// A signature block: the role, the position in lines, the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TandaTangan {
    pub peran: String,
    pub jabatan: Vec<String>,
    pub nama: String,
}

/// One indicator row of the Lampiran: the spanning cells only on the row that starts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarisSasaran {
    pub no: Option<Rentang>,
    pub sasaran: Option<Rentang>,
    pub indikator: String,
    pub target: String,
}

/// The agreement as laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Naskah {
    pub judul_dokumen: String,
    pub kop: Vec<String>,
    pub judul: Vec<String>,
    pub pembuka: String,
    pub pihak: [Pihak; 2],
    pub isi: Vec<String>,
    pub tempat_tanggal: String,
    /// Left (pihak kedua) and right (pihak pertama).
    pub ttd: [TandaTangan; 2],
    pub lampiran_judul: Vec<String>,
    pub sasaran: Vec<BarisSasaran>,
    /// (No, Program, Anggaran) rows, then the sum.
    pub program: Vec<[String; 3]>,
    pub jumlah: String,
    pub kaki: String,
}

fn nama(p: &PejabatView) -> String {
    p.nama.clone().unwrap_or_else(|| KOSONG.to_string())
}

fn jabatan(p: &PejabatView) -> String {
    p.jabatan.clone().unwrap_or_else(|| KOSONG.to_string())
}

/// "Rp3.174.505.000".
fn rp(v: i64) -> String {
    format!("Rp{}", crate::domain::angka::rupiah(v))
}

/// Lays out the agreement of `v`.
pub fn susun(v: &PerjanjianView) -> Naskah {
    let l = lembaga(&v.nama_satker);
    let l_besar = l.to_uppercase();
    let kop = match l_besar.strip_prefix("KOMISI PEMILIHAN UMUM ") {
        Some(rest) => vec!["KOMISI PEMILIHAN UMUM".to_string(), rest.to_string()],
        None => vec![l_besar.clone()],
    };
    let ttd = |peran: &str, p: &PejabatView| TandaTangan {
        peran: peran.to_string(),
        jabatan: baris_jabatan(&jabatan(p)),
        nama: nama(p).to_uppercase(),
    };
    let sasaran_rentang = rentang(v.indikator.iter().map(|b| {
        let s = b.sasaran.as_deref().unwrap_or("");
        (s, s)
    }));
    let mut no = 0;
    let sasaran = v
        .indikator
        .iter()
        .zip(sasaran_rentang)
        .map(|(b, s)| BarisSasaran {
            no: s.as_ref().map(|s| {
                no += 1;
                Rentang { teks: no.to_string(), rentang: s.rentang }
            }),
            sasaran: s,
            indikator: b.indikator.clone(),
            target: b.target.clone().unwrap_or_default(),
        })
        .collect();
    let program = v
        .program
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let nama = match (&p.kode, &p.nama) {
                (Some(k), Some(n)) => format!("{n} ({k})"),
                (Some(k), None) => k.clone(),
                (None, Some(n)) => n.clone(),
                (None, None) => String::new(),
            };
            [(i + 1).to_string(), nama, p.anggaran.map_or_else(|| KOSONG.to_string(), rp)]
        })
        .collect();
    let tempat = v.ditetapkan_di.clone().unwrap_or_else(|| KOSONG.to_string());
    let judul_tahun = format!("PERJANJIAN KINERJA TAHUN {}", v.tahun);
    Naskah {
        judul_dokumen: format!("Perjanjian Kinerja Tahun {} {l}", v.tahun),
        kop,
        judul: vec![judul_tahun.clone()],
        pembuka: "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:".into(),
        pihak: [
            Pihak {
                nama: nama(&v.pihak_pertama),
                jabatan: jabatan(&v.pihak_pertama),
                sebutan: "selanjutnya disebut pihak pertama.".into(),
            },
            Pihak {
                nama: nama(&v.pihak_kedua),
                jabatan: jabatan(&v.pihak_kedua),
                sebutan: "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.".into(),
            },
        ],
        isi: vec![
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.".into(),
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.".into(),
        ],
        tempat_tanggal: format!("{tempat}, {}", v.tanggal.map_or_else(|| format!("{KOSONG} {}", v.tahun), tanggal)),
        ttd: [ttd("Pihak Kedua,", &v.pihak_kedua), ttd("Pihak Pertama,", &v.pihak_pertama)],
        lampiran_judul: vec![judul_tahun, l_besar],
        sasaran,
        program,
        jumlah: rp(v.jumlah_anggaran),
        kaki: format!("Perjanjian Kinerja {l} Tahun {}", v.tahun),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kode::StatusDokumen;
    use crate::view::{BarisPerjanjianView, ProgramPerjanjianView};

    fn view() -> PerjanjianView {
        let baris = |s: &str, i: &str, t: &str| BarisPerjanjianView {
            sasaran: Some(s.into()),
            kode: i.into(),
            indikator: i.into(),
            target: Some(t.into()),
        };
        PerjanjianView {
            satker: "18.03".into(),
            nama_satker: "KPU Kabupaten Lampung Utara".into(),
            tahun: 2024,
            status: StatusDokumen::Draf,
            versi: 1,
            demo: false,
            diperbarui_pada: chrono::Utc::now(),
            pihak_pertama: PejabatView {
                jabatan: Some("Sekretaris Komisi Pemilihan Umum Kabupaten Lampung Utara".into()),
                nama: None,
            },
            pihak_kedua: PejabatView {
                jabatan: Some("Ketua Komisi Pemilihan Umum Kabupaten Lampung Utara".into()),
                nama: Some("Nama Ketua".into()),
            },
            ditetapkan_di: Some("Kotabumi".into()),
            tanggal: chrono::NaiveDate::from_ymd_opt(2024, 1, 2),
            indikator: vec![baris("S1", "I1", "100%"), baris("S1", "I2", "87,5%"), baris("S2", "I3", "B")],
            program: vec![ProgramPerjanjianView {
                kode: Some("076.01.WA".into()),
                nama: Some("Dukungan Manajemen".into()),
                anggaran: Some(3_174_505_000),
                dari_anggaran: true,
            }],
            jumlah_anggaran: 3_174_505_000,
        }
    }

    #[test]
    fn the_agreement_names_both_parties_and_spans_each_sasaran() {
        let n = susun(&view());
        assert_eq!(n.kop, ["KOMISI PEMILIHAN UMUM", "KABUPATEN LAMPUNG UTARA"]);
        assert_eq!(n.pihak[0].nama, KOSONG, "a name not given yet is a blank to fill in");
        assert_eq!(n.ttd[0].peran, "Pihak Kedua,");
        assert_eq!(n.ttd[0].jabatan, ["KETUA KOMISI PEMILIHAN UMUM", "KABUPATEN LAMPUNG UTARA,"]);
        assert_eq!(n.ttd[0].nama, "NAMA KETUA");
        assert_eq!(n.tempat_tanggal, "Kotabumi, 2 Januari 2024");
        assert_eq!(n.sasaran[0].sasaran, Some(Rentang { teks: "S1".into(), rentang: 2 }));
        assert_eq!((n.sasaran[1].no.clone(), n.sasaran[2].no.clone().map(|r| r.teks)), (None, Some("2".into())));
        assert_eq!(n.program[0], ["1".to_string(), "Dukungan Manajemen (076.01.WA)".into(), "Rp3.174.505.000".into()]);
        assert_eq!(n.jumlah, "Rp3.174.505.000");
    }
}

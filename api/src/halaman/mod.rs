//! The pages a person uses: the landing page, the dashboard (login, the totals of a provinsi
//! or of the nation, a satker's year, the verification queue) and GraphiQL. Each page is a
//! struct and its template (askama, checked at compile time, escaping on), built from the
//! typed views the services return. Figures are written from the views' exact values the
//! Indonesian way by the same helpers the LKj uses; nothing is recomputed here but sorting and
//! the year-over-year difference of two figures the API gives.
//!
//! Everything a page needs is served by this binary ([`aset`]); no page loads anything from
//! another origin, and every page works without JavaScript.

pub mod aset;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use rust_decimal::Decimal;

use crate::domain::angka::{self, Konteks};
use crate::domain::kode::{BULAN, StatusDokumen, Triwulan};
use crate::error::AppError;
use crate::lkj::{self, Grafik};
use crate::repo::dokumen::Dokumen;
use crate::service::dasbor::{DasborView, SatkerDasborView, VerifikasiView};
use crate::view::{BarisSatkerView, Jumlah, PengajuanView};

/// What a page may load: its own origin's styles and images, nothing else; no script at all
/// (GraphiQL has its own policy), and it may not be framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

/// The page as an answer: HTML, never cached (it shows a person's data), never framed.
pub fn jawab<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .body(body))
}

/// Who is logged in, as the layout shows it.
#[derive(Clone, Debug)]
pub struct Pengguna {
    pub nama: String,
    pub peran: String,
    pub satker: String,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    pub verifikator: bool,
}

/// The layout around every page.
#[derive(Clone, Debug)]
pub struct Kerangka {
    pub judul: String,
    pub pengguna: Option<Pengguna>,
    /// Which menu entry is this page: `ringkasan`, `verifikasi`, or empty.
    pub aktif: &'static str,
}

/// An error as a person sees it: the same words as the API's problem, on a page.
#[derive(Template)]
#[template(path = "galat.html")]
pub struct HalamanGalat {
    pub k: Kerangka,
    pub status: u16,
    pub kode: &'static str,
    pub pesan: String,
}

/// An error of a page handler, answered as a page.
#[derive(Debug)]
pub struct Galat(pub AppError);

impl From<AppError> for Galat {
    fn from(e: AppError) -> Self {
        Galat(e)
    }
}

impl std::fmt::Display for Galat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl actix_web::ResponseError for Galat {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        halaman_galat(&self.0, None)
    }
}

fn halaman_galat(e: &AppError, pengguna: Option<Pengguna>) -> HttpResponse {
    use actix_web::ResponseError;
    // The API's answer logs internal causes once; the page shows only the safe words.
    let _ = e.error_response();
    let status = e.status_code();
    let page = HalamanGalat {
        k: Kerangka { judul: format!("Galat {}", status.as_u16()), pengguna, aktif: "" },
        status: status.as_u16(),
        kode: e.code(),
        pesan: e.detail(),
    };
    jawab(status, &page).unwrap_or_else(|_| HttpResponse::build(status).finish())
}

/// The guard refused a page: without a (valid) session, the login form, coming back here
/// after; anything else, an error page.
pub fn galat_guard(req: &HttpRequest, e: AppError) -> HttpResponse {
    match e {
        AppError::MissingToken | AppError::InvalidToken(_) => {
            let lanjut = if req.method() == actix_web::http::Method::GET {
                let pq = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/dasbor");
                format!("/dasbor/masuk?lanjut={}", urlencode(pq))
            } else {
                "/dasbor/masuk".to_string()
            };
            ke(lanjut)
        }
        e => halaman_galat(&e, None),
    }
}

/// A redirect after a form or to the login form (303: the browser follows it with a GET).
pub fn ke(lokasi: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, lokasi))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// A query-string component.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q.trim_start_matches('=').to_string()).unwrap_or_default()
}

/// Where a login may send a person afterwards: a dashboard page of this server, nothing else.
pub fn lanjut_aman(lanjut: Option<&str>) -> String {
    match lanjut {
        Some(l) if (l == "/dasbor" || l.starts_with("/dasbor/") || l.starts_with("/dasbor?")) && !l.contains("//") => {
            l.to_string()
        }
        _ => "/dasbor".to_string(),
    }
}

/// `/`: what the service is, where to go, and whether it is up.
#[derive(Template)]
#[template(path = "beranda.html")]
pub struct HalamanBeranda {
    pub k: Kerangka,
    pub versi: &'static str,
    pub siap: bool,
}

/// The login form.
#[derive(Template)]
#[template(path = "masuk.html")]
pub struct HalamanMasuk {
    pub k: Kerangka,
    pub csrf: String,
    pub lanjut: String,
    pub username: String,
    pub pesan: Option<String>,
    pub info: Option<String>,
}

/// GraphiQL, from the vendored assets.
#[derive(Template)]
#[template(path = "graphiql.html")]
pub struct HalamanGraphiql {
    /// The session's CSRF token, when someone is logged in to the dashboard: GraphiQL then
    /// queries with that session.
    pub csrf: Option<String>,
}

/// The policy of the GraphiQL page: its own scripts and styles (React sets inline styles),
/// its inline fonts, queries to this origin.
pub const CSP_GRAPHIQL: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                                img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                                base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// ---- figures the Indonesian way -------------------------------------------------------------

fn desimal(s: Option<&str>) -> Option<Decimal> {
    s.and_then(|s| s.parse().ok())
}

/// A value of the API as a person reads it: a number the Indonesian way, a grade as it is.
fn nilai(s: Option<&str>) -> String {
    match s {
        Some(v) if v.parse::<Decimal>().is_ok() => lkj::desimal(Some(v)),
        Some(v) => v.to_string(),
        None => "-".into(),
    }
}

/// The CSS class of a kategori, by its name (`Sangat Baik` → `k-sangat-baik`).
fn kelas_kategori(k: Option<&str>) -> String {
    match k {
        Some(k) => format!("k-{}", k.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")),
        None => "k-none".into(),
    }
}

/// The difference of two percentages the API gives, in points with a sign: `+2,35`.
fn selisih(baru: Option<&str>, lama: Option<&str>) -> (String, Option<Decimal>) {
    match (desimal(baru), desimal(lama)) {
        (Some(b), Some(l)) => {
            let d = b - l;
            let t = angka::format(d.abs(), Konteks::Desimal);
            let tanda = if d > Decimal::ZERO {
                "+"
            } else if d < Decimal::ZERO {
                "−"
            } else {
                "±"
            };
            (format!("{tanda}{t}"), Some(d))
        }
        _ => ("-".into(), None),
    }
}

fn status_teks(s: Option<StatusDokumen>) -> &'static str {
    match s {
        None => "belum ada",
        Some(StatusDokumen::Draf) => "draf",
        Some(StatusDokumen::Diajukan) => "diajukan",
        Some(StatusDokumen::Disetujui) => "disetujui",
        Some(StatusDokumen::Dikembalikan) => "dikembalikan",
    }
}

fn waktu(t: chrono::DateTime<chrono::Utc>) -> String {
    let wib = t + chrono::Duration::hours(7);
    format!("{}, {} WIB", lkj::tanggal(t), wib.format("%H.%M"))
}

/// Whether a satker's report of a triwulan came in, and on time.
fn ketepatan(p: &PengajuanView) -> String {
    let tepat = match p.tepat_waktu {
        Some(true) => ", tepat waktu",
        Some(false) => ", terlambat",
        None => "",
    };
    match p.status {
        None | Some(StatusDokumen::Draf) if p.tepat_waktu == Some(false) => {
            format!("{} (lewat tenggat)", if p.status.is_none() { "Belum melapor" } else { "Draf" })
        }
        None => "Belum melapor".into(),
        Some(StatusDokumen::Draf) => "Draf".into(),
        Some(s) => format!("{}{tepat}", capital(status_teks(Some(s)))),
    }
}

/// How many of these reports came in (submitted, whatever was decided since).
fn masuk<'a>(p: impl Iterator<Item = &'a PengajuanView>) -> usize {
    p.filter(|p| matches!(p.status, Some(x) if x != StatusDokumen::Draf)).count()
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

// ---- the totals page ------------------------------------------------------------------------

/// A sortable column of the totals table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urut {
    Kode,
    Nama,
    Capaian,
    Kelengkapan,
    Penyerapan,
    Perubahan,
}

impl Urut {
    pub fn parse(s: Option<&str>) -> Urut {
        match s {
            Some("nama") => Urut::Nama,
            Some("capaian") => Urut::Capaian,
            Some("kelengkapan") => Urut::Kelengkapan,
            Some("penyerapan") => Urut::Penyerapan,
            Some("perubahan") => Urut::Perubahan,
            _ => Urut::Kode,
        }
    }

    fn kunci(self) -> &'static str {
        match self {
            Urut::Kode => "kode",
            Urut::Nama => "nama",
            Urut::Capaian => "capaian",
            Urut::Kelengkapan => "kelengkapan",
            Urut::Penyerapan => "penyerapan",
            Urut::Perubahan => "perubahan",
        }
    }
}

/// A header cell: its label and, when sortable, the link that sorts by it.
pub struct Kolom {
    pub label: &'static str,
    pub href: Option<String>,
    /// `ascending`, `descending` or `none` (aria-sort).
    pub aria: &'static str,
    pub angka: bool,
}

/// One satker (nationally, one provinsi) as the table shows it.
pub struct BarisHalaman {
    pub kode: String,
    pub nama: String,
    pub href: Option<String>,
    pub capaian: String,
    pub kategori: String,
    pub kelas_kategori: String,
    pub kelengkapan: String,
    pub pagu: String,
    pub realisasi: String,
    pub penyerapan: String,
    pub ketepatan: String,
    pub capaian_lalu: String,
    pub perubahan: String,
    urut: (Option<Decimal>, Option<Decimal>, Option<Decimal>, Option<Decimal>),
}

/// A headline figure.
pub struct Kartu {
    pub label: &'static str,
    pub nilai: String,
    pub catatan: String,
}

#[derive(Template)]
#[template(path = "dasbor.html")]
pub struct HalamanDasbor {
    pub k: Kerangka,
    pub judul: String,
    pub tahun: i32,
    pub tahun_lalu: i32,
    pub pilihan_tahun: Vec<(i32, bool)>,
    pub pilihan_triwulan: Vec<(&'static str, bool)>,
    pub triwulan: String,
    pub triwulan_pengajuan: &'static str,
    pub kartu: Vec<Kartu>,
    pub kolom: Vec<Kolom>,
    pub baris: Vec<BarisHalaman>,
    pub total: BarisHalaman,
    pub grafik_capaian: Option<String>,
    pub grafik_bulanan: Option<String>,
    pub unduh: Vec<(&'static str, String)>,
    pub nasional: bool,
}

/// What the totals page was asked for.
pub struct Permintaan {
    pub tahun: i32,
    pub triwulan: Option<Triwulan>,
    pub urut: Urut,
    pub turun: bool,
}

fn penyerapan(j: &Jumlah) -> String {
    lkj::persen(j.persen_penyerapan.as_deref())
}

fn baris_halaman(
    r: &BarisSatkerView,
    lalu: Option<&BarisSatkerView>,
    ketepatan: String,
    href: Option<String>,
) -> BarisHalaman {
    let (perubahan, d) = selisih(r.capaian_rata_rata.as_deref(), lalu.and_then(|l| l.capaian_rata_rata.as_deref()));
    BarisHalaman {
        kode: r.kode.clone(),
        nama: r.nama.clone(),
        href,
        capaian: lkj::persen(r.capaian_rata_rata.as_deref()),
        kategori: r.kategori.clone().unwrap_or_else(|| "belum dilaporkan".into()),
        kelas_kategori: kelas_kategori(r.kategori.as_deref()),
        kelengkapan: lkj::persen(r.kelengkapan.as_deref()),
        pagu: lkj::rupiah(r.anggaran.pagu),
        realisasi: lkj::rupiah(r.anggaran.realisasi),
        penyerapan: penyerapan(&r.anggaran),
        ketepatan,
        capaian_lalu: lkj::persen(lalu.and_then(|l| l.capaian_rata_rata.as_deref())),
        perubahan,
        urut: (
            desimal(r.capaian_rata_rata.as_deref()),
            desimal(r.kelengkapan.as_deref()),
            desimal(r.anggaran.persen_penyerapan.as_deref()),
            d,
        ),
    }
}

fn grafik(judul: &str, garis: bool, titik: Vec<(String, Decimal)>) -> Option<String> {
    if titik.is_empty() {
        return None;
    }
    let (label, nilai) = titik.into_iter().unzip();
    let g = Grafik { judul: judul.into(), garis, label, nilai, acuan: (!garis).then_some(Decimal::ONE_HUNDRED) };
    // A chart that cannot be drawn leaves its table to speak.
    lkj::grafik::svg(&g).ok()
}

impl HalamanDasbor {
    pub fn susun(k: Kerangka, v: &DasborView, minta: &Permintaan, tahun_ada: i32) -> Self {
        let r = &v.ringkasan;
        let nasional = r.kode == "00";
        let lalu = |kode: &str| v.tahun_lalu.satker.iter().find(|s| s.kode == kode);
        let mut baris: Vec<BarisHalaman> = r
            .satker
            .iter()
            .map(|s| {
                let ketepatan = if nasional {
                    // A provinsi's row: how many satkers under it have submitted.
                    let mine: Vec<&PengajuanView> = v
                        .pengajuan
                        .iter()
                        .filter(|p| s.kode != "00" && (p.kode == s.kode || p.kode.starts_with(&format!("{}.", s.kode))))
                        .collect();
                    let masuk = masuk(mine.iter().copied());
                    let telat = mine.iter().filter(|p| p.tepat_waktu == Some(false)).count();
                    if mine.is_empty() {
                        "-".into()
                    } else if telat > 0 {
                        format!("{masuk}/{} masuk, {telat} terlambat", mine.len())
                    } else {
                        format!("{masuk}/{} masuk", mine.len())
                    }
                } else {
                    v.pengajuan.iter().find(|p| p.kode == s.kode).map(ketepatan).unwrap_or_else(|| "-".into())
                };
                let href = if nasional { None } else { Some(format!("/dasbor/satker/{}?tahun={}", s.kode, r.tahun)) };
                baris_halaman(s, lalu(&s.kode), ketepatan, href)
            })
            .collect();
        baris.sort_by(|a, b| {
            use std::cmp::Ordering;
            let arah = |o: Ordering| if minta.turun { o.reverse() } else { o };
            // Rows without a figure go last, whichever way the column is sorted.
            let angka = |x: Option<Decimal>, y: Option<Decimal>| match (x, y) {
                (Some(x), Some(y)) => arah(x.cmp(&y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            match minta.urut {
                Urut::Kode => arah(a.kode.cmp(&b.kode)),
                Urut::Nama => arah(a.nama.cmp(&b.nama)),
                Urut::Capaian => angka(a.urut.0, b.urut.0),
                Urut::Kelengkapan => angka(a.urut.1, b.urut.1),
                Urut::Penyerapan => angka(a.urut.2, b.urut.2),
                Urut::Perubahan => angka(a.urut.3, b.urut.3),
            }
        });

        let tw_param = minta.triwulan.map(|t| format!("&triwulan={t}")).unwrap_or_default();
        let kolom = [
            ("Kode", Some(Urut::Kode), false),
            ("Satker", Some(Urut::Nama), false),
            ("Capaian", Some(Urut::Capaian), true),
            ("Kategori", None, false),
            ("Kelengkapan", Some(Urut::Kelengkapan), true),
            ("Pagu (Rp)", None, true),
            ("Realisasi (Rp)", None, true),
            ("Penyerapan", Some(Urut::Penyerapan), true),
            ("Penyampaian", None, false),
            ("Capaian tahun lalu", None, true),
            ("Perubahan (poin)", Some(Urut::Perubahan), true),
        ]
        .into_iter()
        .map(|(label, urut, angka)| {
            let aktif = urut == Some(minta.urut);
            let turun = if aktif { !minta.turun } else { angka };
            Kolom {
                label,
                href: urut.map(|u| {
                    format!(
                        "/dasbor?tahun={}{tw_param}&urut={}&arah={}",
                        r.tahun,
                        u.kunci(),
                        if turun { "turun" } else { "naik" }
                    )
                }),
                aria: match (aktif, minta.turun) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                angka,
            }
        })
        .collect();

        let total_baris = BarisSatkerView {
            kode: String::new(),
            nama: "Jumlah".into(),
            tingkat: String::new(),
            triwulan: r.triwulan,
            capaian_rata_rata: r.capaian_rata_rata.clone(),
            kategori: r.kategori.clone(),
            dilaporkan: 0,
            diharapkan: 0,
            kelengkapan: None,
            anggaran: r.anggaran.clone(),
            nilai: None,
        };
        let lalu_total =
            BarisSatkerView { capaian_rata_rata: v.tahun_lalu.capaian_rata_rata.clone(), ..total_baris.clone() };
        let masuk = masuk(v.pengajuan.iter());
        let mut total =
            baris_halaman(&total_baris, Some(&lalu_total), format!("{masuk}/{} masuk", v.pengajuan.len()), None);
        total.kelengkapan = format!("{} dari {} melapor", r.jumlah_melapor, r.jumlah_satker);

        let kartu = vec![
            Kartu {
                label: "Capaian rata-rata",
                nilai: lkj::persen(r.capaian_rata_rata.as_deref()),
                catatan: r.kategori.clone().unwrap_or_else(|| "belum ada laporan".into()),
            },
            Kartu {
                label: "Satker melapor",
                nilai: format!("{} dari {}", r.jumlah_melapor, r.jumlah_satker),
                catatan: format!("tahun lalu {}", lkj::persen(v.tahun_lalu.capaian_rata_rata.as_deref())),
            },
            Kartu {
                label: "Pagu",
                nilai: format!("Rp{}", lkj::rupiah(r.anggaran.pagu)),
                catatan: format!("sisa Rp{}", lkj::rupiah(r.anggaran.sisa)),
            },
            Kartu {
                label: "Realisasi anggaran",
                nilai: format!("Rp{}", lkj::rupiah(r.anggaran.realisasi)),
                catatan: format!("penyerapan {}", penyerapan(&r.anggaran)),
            },
        ];

        let grafik_capaian = grafik(
            "Capaian per satker",
            false,
            r.satker.iter().filter_map(|s| Some((s.kode.clone(), desimal(s.capaian_rata_rata.as_deref())?))).collect(),
        );
        let grafik_bulanan = grafik(
            "Penyerapan kumulatif",
            true,
            v.bulanan
                .iter()
                .filter_map(|b| {
                    let nama = BULAN.get(usize::try_from(b.bulan - 1).ok()?)?;
                    Some((nama.chars().take(3).collect(), desimal(b.persen_kumulatif.as_deref())?))
                })
                .collect(),
        );

        let tw = minta.triwulan.map(|t| format!("&triwulan={t}")).unwrap_or_default();
        let mut unduh = Vec::new();
        let dasar = if nasional {
            "/dasbor/nasional/ringkasan".to_string()
        } else {
            format!("/dasbor/provinsi/{}/ringkasan", r.kode)
        };
        unduh.push(("Rekap CSV", format!("{dasar}?tahun={}{tw}&format=csv", r.tahun)));
        unduh.push(("Rekap Excel (.xlsx)", format!("{dasar}?tahun={}{tw}&format=xlsx", r.tahun)));
        unduh.push(("LKj (halaman cetak)", format!("/dasbor/provinsi/{}/lkj/{}?format=html", r.kode, r.tahun)));
        unduh.push(("LKj (Word)", format!("/dasbor/provinsi/{}/lkj/{}?format=docx", r.kode, r.tahun)));

        let akhir = tahun_ada.max(r.tahun);
        HalamanDasbor {
            k,
            judul: if nasional { "Ringkasan nasional".into() } else { format!("Ringkasan {}", r.nama) },
            tahun: r.tahun,
            tahun_lalu: r.tahun - 1,
            pilihan_tahun: (akhir - 5..=akhir).rev().map(|t| (t, t == r.tahun)).collect(),
            pilihan_triwulan: Triwulan::ALL.iter().map(|t| (t.as_str(), Some(*t) == minta.triwulan)).collect(),
            triwulan: minta.triwulan.map_or_else(|| "laporan terakhir tiap satker".into(), |t| t.to_string()),
            triwulan_pengajuan: v.triwulan_pengajuan.as_str(),
            kartu,
            kolom,
            baris,
            total,
            grafik_capaian,
            grafik_bulanan,
            unduh,
            nasional,
        }
    }
}

// ---- a satker's page ------------------------------------------------------------------------

pub struct SelTriwulan {
    pub realisasi: String,
    pub capaian: String,
    pub kategori: String,
    pub kelas: String,
}

pub struct BarisIndikator {
    pub kode: String,
    pub nama: String,
    pub satuan: String,
    pub target: String,
    pub tw: Vec<SelTriwulan>,
}

pub struct BarisJumlah {
    pub nama: String,
    pub pagu: String,
    pub realisasi: String,
    pub sisa: String,
    pub penyerapan: String,
}

impl BarisJumlah {
    fn dari(nama: String, j: &Jumlah) -> Self {
        BarisJumlah {
            nama,
            pagu: lkj::rupiah(j.pagu),
            realisasi: lkj::rupiah(j.realisasi),
            sisa: lkj::rupiah(j.sisa),
            penyerapan: penyerapan(j),
        }
    }
}

pub struct BarisStatus {
    pub dokumen: String,
    pub status: &'static str,
    pub diperbarui: String,
    pub alasan: String,
}

pub struct BarisRiwayat {
    pub waktu: String,
    pub pelaku: String,
    pub aksi: String,
    pub objek: String,
}

#[derive(Template)]
#[template(path = "satker.html")]
pub struct HalamanSatker {
    pub k: Kerangka,
    pub kode: String,
    pub nama: String,
    pub tahun: i32,
    pub pilihan_tahun: Vec<(i32, bool)>,
    pub capaian: String,
    pub kategori: String,
    pub kelas_kategori: String,
    pub triwulan: String,
    pub indikator: Vec<BarisIndikator>,
    pub status: Vec<BarisStatus>,
    pub program: Vec<BarisJumlah>,
    pub jenis: Vec<BarisJumlah>,
    pub total: Option<BarisJumlah>,
    pub temuan: Vec<(String, String)>,
    pub riwayat: Vec<BarisRiwayat>,
    pub unduh: Vec<(&'static str, String)>,
}

impl HalamanSatker {
    pub fn susun(k: Kerangka, v: &SatkerDasborView) -> Self {
        let l = &v.lkj;
        let indikator =
            l.pk.iter()
                .flat_map(|pk| &pk.indikator)
                .map(|i| BarisIndikator {
                    kode: i.kode.clone(),
                    nama: i.nama.clone(),
                    satuan: i.satuan.clone(),
                    target: nilai(i.target.as_deref()),
                    tw: Triwulan::ALL
                        .iter()
                        .map(|tw| {
                            let c = i.capaian.iter().find(|c| c.triwulan == *tw);
                            SelTriwulan {
                                realisasi: c.map_or_else(|| "-".into(), |c| nilai(c.realisasi.as_deref())),
                                capaian: lkj::persen(c.and_then(|c| c.capaian.as_deref())),
                                kategori: c.and_then(|c| c.kategori.clone()).unwrap_or_default(),
                                kelas: kelas_kategori(c.and_then(|c| c.kategori.as_deref())),
                            }
                        })
                        .collect(),
                })
                .collect();
        let ringkasan = l.realisasi.as_ref().map(|r| &r.ringkasan);
        let a = l.anggaran.as_ref();
        let kelompok = |g: Option<&Vec<crate::view::KelompokView>>| -> Vec<BarisJumlah> {
            g.into_iter()
                .flatten()
                .map(|g| {
                    let nama = match &g.nama {
                        Some(n) => format!("{} {n}", g.kode),
                        None => g.kode.clone(),
                    };
                    BarisJumlah::dari(nama, &g.jumlah)
                })
                .collect()
        };
        HalamanSatker {
            k,
            kode: l.satker.clone(),
            nama: l.nama.clone(),
            tahun: l.tahun,
            pilihan_tahun: (l.tahun - 3..=l.tahun + 1).rev().map(|t| (t, t == l.tahun)).collect(),
            capaian: lkj::persen(ringkasan.and_then(|r| r.capaian_rata_rata.as_deref())),
            kategori: ringkasan.and_then(|r| r.kategori.clone()).unwrap_or_else(|| "belum dilaporkan".into()),
            kelas_kategori: kelas_kategori(ringkasan.and_then(|r| r.kategori.as_deref())),
            triwulan: l.realisasi.as_ref().map_or_else(|| "-".into(), |r| r.triwulan.to_string()),
            indikator,
            status: l
                .status
                .iter()
                .map(|s| BarisStatus {
                    dokumen: s.dokumen.clone(),
                    status: status_teks(s.status),
                    diperbarui: s.diperbarui_pada.map(waktu).unwrap_or_else(|| "-".into()),
                    alasan: s.alasan.clone().unwrap_or_default(),
                })
                .collect(),
            program: kelompok(a.map(|a| &a.per_program)),
            jenis: kelompok(a.map(|a| &a.per_jenis_belanja)),
            total: a.map(|a| BarisJumlah::dari("Jumlah".into(), &a.total)),
            temuan: l.temuan.iter().map(|t| (t.kode.clone(), t.pesan.clone())).collect(),
            riwayat: v
                .riwayat
                .riwayat
                .iter()
                .map(|j| BarisRiwayat {
                    waktu: waktu(j.waktu),
                    pelaku: j
                        .pelaku_nama
                        .clone()
                        .or_else(|| j.pelaku.clone())
                        .unwrap_or_else(|| j.jenis_pelaku.clone()),
                    aksi: j.aksi.clone(),
                    objek: j.objek.clone(),
                })
                .collect(),
            unduh: vec![
                ("LKj (halaman cetak)", format!("/dasbor/satker/{}/lkj/{}?format=html", l.satker, l.tahun)),
                ("LKj (Word)", format!("/dasbor/satker/{}/lkj/{}?format=docx", l.satker, l.tahun)),
            ],
        }
    }
}

// ---- the verification queue -----------------------------------------------------------------

pub struct ItemAntrean {
    pub satker: String,
    pub kode: String,
    pub dokumen: String,
    pub diajukan: String,
    pub href: String,
    /// The form actions (with the CSRF token and the version shown, so a document changed
    /// since is not decided blindly).
    pub setujui: String,
    pub kembalikan: String,
    pub id: String,
}

pub struct BarisBelum {
    pub kode: String,
    pub nama: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "verifikasi.html")]
pub struct HalamanVerifikasi {
    pub k: Kerangka,
    pub tahun: i32,
    pub triwulan: &'static str,
    pub pilihan_triwulan: Vec<(&'static str, bool)>,
    pub boleh_putuskan: bool,
    pub antrean: Vec<ItemAntrean>,
    pub belum: Vec<BarisBelum>,
    pub pesan: Option<String>,
}

impl HalamanVerifikasi {
    pub fn susun(k: Kerangka, v: &VerifikasiView, tahun: i32, triwulan: Triwulan, pesan: Option<String>) -> Self {
        let csrf = k.pengguna.as_ref().map(|p| p.csrf.clone()).unwrap_or_default();
        let boleh_putuskan = k.pengguna.as_ref().is_some_and(|p| p.verifikator);
        let antrean = v
            .antrean
            .iter()
            .map(|a| {
                let (jalur, nama, id) = match a.dok {
                    Dokumen::Pk => (format!("pk/{}", a.tahun), "Perjanjian Kinerja".to_string(), "pk".to_string()),
                    Dokumen::Realisasi(tw) => (
                        format!("realisasi/{}/{tw}", a.tahun),
                        format!("Realisasi {tw}"),
                        tw.to_string().to_lowercase(),
                    ),
                    Dokumen::Anggaran => (format!("anggaran/{}", a.tahun), "Anggaran".to_string(), "a".to_string()),
                };
                let aksi = |langkah: &str| {
                    format!(
                        "/dasbor/satker/{}/{jalur}/{langkah}?csrf={}&versi={}&tw={triwulan}",
                        a.satker.kode, csrf, a.versi
                    )
                };
                ItemAntrean {
                    satker: a.satker.nama.clone(),
                    kode: a.satker.kode.clone(),
                    dokumen: format!("{nama} {} (versi {})", a.tahun, a.versi),
                    diajukan: a.diajukan_pada.map(waktu).unwrap_or_else(|| "-".into()),
                    href: format!("/dasbor/satker/{}?tahun={}", a.satker.kode, a.tahun),
                    setujui: aksi("setujui"),
                    kembalikan: aksi("kembalikan"),
                    id: format!("{}-{id}", a.satker.kode.replace('.', "-")),
                }
            })
            .collect();
        let belum = v
            .pengajuan
            .iter()
            .filter(|p| matches!(p.status, None | Some(StatusDokumen::Draf) | Some(StatusDokumen::Dikembalikan)))
            .map(|p| BarisBelum { kode: p.kode.clone(), nama: p.nama.clone(), status: ketepatan(p) })
            .collect();
        HalamanVerifikasi {
            k,
            tahun,
            triwulan: triwulan.as_str(),
            pilihan_triwulan: Triwulan::ALL.iter().map(|t| (t.as_str(), *t == triwulan)).collect(),
            boleh_putuskan,
            antrean,
            belum,
            pesan,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_only_leads_to_a_dashboard_page() {
        assert_eq!(lanjut_aman(Some("/dasbor/satker/18.03?tahun=2024")), "/dasbor/satker/18.03?tahun=2024");
        assert_eq!(lanjut_aman(Some("/dasbor?tahun=2023")), "/dasbor?tahun=2023");
        for jahat in ["https://evil.example/", "//evil.example", "/dasbor//evil.example", "/dasborx", "/api/v1/satker"]
        {
            assert_eq!(lanjut_aman(Some(jahat)), "/dasbor", "{jahat}");
        }
        assert_eq!(lanjut_aman(None), "/dasbor");
    }

    #[test]
    fn year_over_year_is_the_difference_of_the_two_figures_in_points() {
        assert_eq!(selisih(Some("101.25"), Some("98.90")).0, "+2,35");
        assert_eq!(selisih(Some("90"), Some("100")).0, "−10");
        assert_eq!(selisih(Some("90"), None).0, "-");
        assert_eq!(kelas_kategori(Some("Sangat Baik")), "k-sangat-baik");
        assert_eq!(kelas_kategori(None), "k-none");
    }

    #[test]
    fn an_error_page_escapes_what_it_shows() {
        let page = HalamanGalat {
            k: Kerangka { judul: "Galat 404".into(), pengguna: None, aktif: "" },
            status: 404,
            kode: "tidak_ditemukan",
            pesan: "Satker <script>alert(1)</script> tidak ditemukan.".into(),
        };
        let html = page.render().unwrap();
        assert!(html.contains("alert(1)") && !html.contains("<script>alert"), "{html}");
    }
}

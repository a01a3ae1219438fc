//! What each route does and needs, in words and schema names: the table the document and the
//! page for people are made from.

use actix_web::http::Method;

use crate::domain::akses::Izin;

pub(super) struct Doc {
    pub(super) ringkasan: &'static str,
    pub(super) request: Option<&'static str>,
    pub(super) response: &'static str,
    /// The success status, when not 200.
    pub(super) status: u16,
}

const fn d(ringkasan: &'static str, request: Option<&'static str>, response: &'static str) -> Doc {
    Doc { ringkasan, request, response, status: 200 }
}

pub(super) fn doc_for(method: &Method, path: &str) -> Option<Doc> {
    let m = method.as_str();
    Some(match (m, path) {
        ("GET", "/health") => d("Proses hidup", None, "StatusLayanan"),
        ("GET", "/ready") => d("Siap melayani: basis data terhubung dan migrasi lengkap", None, "StatusLayanan"),
        ("GET", "/metrics") => d("Metrik Prometheus (teks)", None, "Teks"),
        ("GET", "/.well-known/jwks.json") => d("Kunci publik penanda tangan token (JWKS)", None, "Jwks"),
        ("POST", "/api/v1/auth/token") => {
            d("Token akses (OAuth 2.0 client_credentials atau password)", Some("TokenMasuk"), "TokenResponse")
        }
        ("GET", "/api/v1/auth/saya") => d("Identitas pemegang token", None, "SayaView"),
        ("GET", "/api/v1/satker") => d("Satker dalam cakupan pemanggil", None, "DaftarSatker"),
        ("GET", "/api/v1/satker/{kode}") => d("Satu satker", None, "SatkerView"),
        ("GET", "/api/v1/satker/{kode}/klien") => d("Klien API di subtree satker", None, "DaftarKredensial"),
        ("POST", "/api/v1/satker/{kode}/klien") => {
            Doc { status: 201, ..d("Buat klien API; rahasia ditampilkan sekali", Some("KlienInput"), "KlienBaru") }
        }
        ("POST", "/api/v1/satker/{kode}/klien/{client_id}/cabut") => d("Cabut klien API", None, "DicabutView"),
        ("GET", "/api/v1/satker/{kode}/pengguna") => d("Pengguna di subtree satker", None, "DaftarKredensial"),
        ("POST", "/api/v1/satker/{kode}/pengguna") => {
            Doc { status: 201, ..d("Buat pengguna", Some("PenggunaInput"), "Kredensial") }
        }
        ("POST", "/api/v1/satker/{kode}/pengguna/{username}/cabut") => d("Cabut pengguna", None, "DicabutView"),
        ("GET", "/api/v1/satker/{kode}/lkj/{tahun}") => d(
            "Laporan Kinerja (LKj) satker setahun dari data tersimpan: JSON, Word (?format=docx) atau halaman cetak (?format=html)",
            None,
            "LkjView",
        ),
        ("GET", "/api/v1/provinsi/{kode}/lkj/{tahun}") => d(
            "LKj provinsi (di 00: KPU RI) dengan lampiran rekap setiap satker di bawahnya: JSON, Word atau halaman cetak",
            None,
            "LkjProvinsiView",
        ),
        ("GET", "/api/v1/satker/{kode}/lkj/{tahun}/narasi") => d(
            "Bagian LKj milik satker (kata pengantar, ikhtisar, Bab I, Bab II, Bab IV, tempat, tanggal, penandatangan); versi 0 bila belum ada",
            None,
            "NarasiView",
        ),
        ("PUT", "/api/v1/satker/{kode}/lkj/{tahun}/narasi") => {
            d("Ganti narasi LKj (operator satker; If-Match seperti dokumen)", Some("NarasiMasuk"), "NarasiTersimpan")
        }
        ("GET", "/api/v1/satker/{kode}/pk/{tahun}") => {
            d("Perjanjian Kinerja dengan capaian tersimpan, atau naskahnya siap tanda tangan", None, "PkView")
        }
        ("PUT", "/api/v1/satker/{kode}/pk/{tahun}") => {
            d("Ganti Perjanjian Kinerja setahun", Some("PkMasuk"), "PkTersimpan")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/ajukan") => {
            d("Ajukan PK untuk diverifikasi", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/setujui") => {
            d("Setujui PK (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/kembalikan") => {
            d("Kembalikan PK dengan alasan (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("GET", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => {
            d("Realisasi triwulan dengan capaian, kategori, kelengkapan dan temuan", None, "RealisasiView")
        }
        ("PUT", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => {
            d("Ganti realisasi triwulan", Some("RealisasiMasukDokumen"), "RealisasiTersimpan")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/ajukan") => {
            d("Ajukan realisasi", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/setujui") => {
            d("Setujui realisasi (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/kembalikan") => {
            d("Kembalikan realisasi (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("GET", "/api/v1/satker/{kode}/iku/{tahun}") => d(
            "Keputusan penetapan Indikator Kinerja Utama: JSON, Word siap tanda tangan (?format=docx) atau halaman cetak A4 (?format=html)",
            None,
            "IkuView",
        ),
        ("PUT", "/api/v1/satker/{kode}/iku/{tahun}") => {
            d("Ganti keputusan IKU setahun (particulars dan lampiran)", Some("IkuMasuk"), "IkuTersimpan")
        }
        ("POST", "/api/v1/satker/{kode}/iku/{tahun}/ajukan") => {
            d("Ajukan IKU untuk diverifikasi", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/iku/{tahun}/setujui") => {
            d("Setujui IKU (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("POST", "/api/v1/satker/{kode}/iku/{tahun}/kembalikan") => {
            d("Kembalikan IKU dengan alasan (verifikator)", Some("LangkahMasuk"), "StatusView")
        }
        ("GET", "/api/v1/satker/{kode}/anggaran/{tahun}") => {
            d("Anggaran dengan total per program, jenis belanja dan sumber dana", None, "AnggaranView")
        }
        ("PUT", "/api/v1/satker/{kode}/anggaran/{tahun}") => {
            d("Ganti anggaran setahun", Some("AnggaranMasuk"), "AnggaranTersimpan")
        }
        ("GET", "/api/v1/satker/{kode}/riwayat") => d("Jejak audit satker", None, "RiwayatView"),
        ("POST", "/api/v1/satker/{kode}/bukti") => Doc {
            status: 201,
            ..d(
                "Unggah bukti dukung (badan permintaan = isi berkas; nama lewat ?nama= atau Content-Disposition). Jenis dinilai dari isinya: PDF, PNG, JPEG, XLSX, DOCX, ODT, ODS",
                Some("Berkas"),
                "BuktiView",
            )
        },
        ("GET", "/api/v1/satker/{kode}/bukti") => d("Bukti dukung satker dan pemakaian kuotanya", None, "DaftarBukti"),
        ("GET", "/api/v1/satker/{kode}/bukti/{id}") => {
            d("Isi satu bukti dukung (Range didukung), dengan jenis tersimpan, nosniff dan CSP sandbox", None, "Berkas")
        }
        ("DELETE", "/api/v1/satker/{kode}/bukti/{id}") => {
            Doc { status: 204, ..d("Hapus bukti yang belum terlampir pada dokumen", None, "Teks") }
        }
        ("GET", "/api/v1/provinsi/{kode}/bukti") => {
            d("Pemakaian penyimpanan bukti setiap satker di bawah provinsi", None, "PemakaianBukti")
        }
        ("GET", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Aturan capaian yang berlaku (batas dan pita kategori)", None, "AturanView")
        }
        ("PUT", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Tetapkan aturan capaian subtree; capaian tersimpan dihitung ulang", Some("AturanMasuk"), "Penetapan")
        }
        ("DELETE", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Hapus aturan subtree; kembali ke aturan di atasnya", None, "Penetapan")
        }
        ("GET", "/api/v1/periode/{tahun}") => d("Batas waktu setiap periode", None, "DaftarPeriode"),
        ("GET", "/api/v1/perubahan") => d(
            "Umpan perubahan dalam cakupan pemanggil, terlama dulu, dengan kursor yang tidak pernah melewatkan perubahan; 410 kursor_kedaluwarsa bila kursor lebih tua dari yang disimpan",
            None,
            "UmpanPerubahanView",
        ),
        ("GET", "/api/v1/langganan") => d("Langganan webhook milik pemanggil", None, "DaftarLangganan"),
        ("POST", "/api/v1/langganan") => Doc {
            status: 201,
            ..d(
                "Buat langganan webhook (Standard Webhooks); rahasia penanda tangan ditampilkan sekali",
                Some("LanggananMasuk"),
                "LanggananBaru",
            )
        },
        ("GET", "/api/v1/langganan/{id}") => {
            d("Satu langganan: status, kursor, percobaan dan kiriman terakhir", None, "LanggananView")
        }
        ("DELETE", "/api/v1/langganan/{id}") => Doc { status: 204, ..d("Hapus langganan", None, "Teks") },
        ("POST", "/api/v1/langganan/{id}/jeda") => d("Jeda pengiriman; kursor tetap", None, "LanggananView"),
        ("POST", "/api/v1/langganan/{id}/lanjutkan") => d(
            "Lanjutkan langganan yang dijeda atau dihentikan, dari kursornya, dengan percobaan mulai dari awal",
            None,
            "LanggananView",
        ),
        ("POST", "/api/v1/langganan/{id}/rotasi") => d(
            "Ganti rahasia (ditampilkan sekali); selama 24 jam kiriman ditandatangani dengan rahasia lama dan baru",
            None,
            "LanggananBaru",
        ),
        ("GET", "/api/v1/langganan/{id}/parkir") => {
            d("Kiriman yang diparkir setelah percobaannya habis", None, "DaftarKiriman")
        }
        ("POST", "/api/v1/langganan/{id}/parkir/kirim-ulang") => Doc {
            status: 202,
            ..d(
                "Kirim ulang kiriman yang diparkir (semua, atau yang disebut), dengan webhook-id yang sama",
                Some("KirimUlangMasuk"),
                "KirimUlangView",
            )
        },
        ("GET", "/api/v1/katalog") => {
            d("Periode Renstra yang memiliki katalog indikator", None, "DaftarPeriodeKatalog")
        }
        ("GET", "/api/v1/katalog/{periode}") => d(
            "Katalog indikator satu periode Renstra (mis. 2025-2029) sebagaimana terlihat oleh pemanggil: katalog nasional dan tambahan provinsinya",
            None,
            "KatalogTerlihatView",
        ),
        ("PUT", "/api/v1/katalog/{periode}") => d(
            "Ganti katalog indikator nasional (admin KPU RI; If-Match seperti dokumen)",
            Some("KatalogMasuk"),
            "KatalogTersimpan",
        ),
        ("GET", "/api/v1/satker/{kode}/katalog/{periode}") => {
            d("Katalog milik satu pemilik (00 atau provinsi) dengan versinya", None, "KatalogView")
        }
        ("PUT", "/api/v1/satker/{kode}/katalog/{periode}") => d(
            "Ganti katalog milik KPU RI (00) atau tambahan katalog provinsi (admin; If-Match seperti dokumen)",
            Some("KatalogMasuk"),
            "KatalogTersimpan",
        ),
        ("PUT", "/api/v1/satker/{kode}/periode/{tahun}/{jenis}") => {
            d("Tetapkan batas waktu periode (KPU RI)", Some("TenggatMasuk"), "Periode")
        }
        ("POST", "/api/v1/satker/{kode}/periode/{tahun}/{jenis}/buka") => {
            d("Buka kembali periode untuk satu satker (verifikator)", Some("PembukaanMasuk"), "Pembukaan")
        }
        ("GET", "/api/v1/provinsi/{kode}/ringkasan") => d(
            "Ringkasan provinsi: setiap satker di bawahnya dan totalnya (JSON; CSV dengan Accept: text/csv atau ?format=csv; buku kerja Excel dengan ?format=xlsx)",
            None,
            "RingkasanView",
        ),
        ("GET", "/api/v1/nasional/ringkasan") => d(
            "Ringkasan nasional: setiap provinsi dan totalnya (JSON, CSV atau buku kerja Excel)",
            None,
            "RingkasanView",
        ),
        ("GET", "/api/v1/provinsi/{kode}/indikator/{katalog}") => d(
            "Satu indikator katalog di semua satker provinsi: target, realisasi, capaian dan kategori masing-masing, peringkat terbaik lebih dulu",
            None,
            "PeringkatIndikatorView",
        ),
        ("GET", "/api/v1/nasional/indikator/{katalog}") => d(
            "Satu indikator katalog secara nasional: setiap satker dan setiap provinsi",
            None,
            "PeringkatIndikatorView",
        ),
        ("POST", "/graphql") => {
            d("GraphQL (lihat schema.graphql): provinsi, satker, nasional", Some("GraphQlMasuk"), "JawabanGraphQL")
        }
        ("GET", "/graphql") => d("GraphQL lewat GET untuk kueri (?query=…)", None, "JawabanGraphQL"),
        ("GET", "/graphiql") => d("GraphiQL untuk menjelajah skema", None, "Teks"),
        ("GET", "/api/v1/openapi.json") => d("Dokumen OpenAPI ini", None, "Teks"),
        ("GET", "/docs") => d("Dokumentasi untuk manusia", None, "Teks"),
        _ => return None,
    })
}

pub(super) fn izin_teks(izin: Izin) -> &'static str {
    match izin {
        Izin::Publik => "publik",
        Izin::Masuk => "token apa pun",
        Izin::Nasional => "analis, verifikator atau admin KPU RI",
        Izin::Agregat => {
            "rekap satker {kode} dan bawahannya: analis, verifikator dan admin di atas atau pada satker itu (bukan operator)"
        }
        Izin::Baca => {
            "membaca satker {kode}: operator satker itu; analis, verifikator dan admin di atas atau pada satker itu"
        }
        Izin::Tulis => "operator satker {kode}",
        Izin::Verifikasi => "verifikator satker di atas {kode}",
        Izin::Kelola => "admin satker {kode} atau di atasnya",
        Izin::KelolaNasional => "admin KPU RI",
        Izin::Dasbor => "analis, verifikator atau admin (halaman dasbor)",
    }
}

//! The OpenAPI 3.1 document, generated from the route table: every route appears with its
//! permission, parameters, request and response schemas. A route without a description here
//! is still listed, flagged `x-belum-didokumentasikan`, and a test fails on that flag.

use actix_web::HttpResponse;
use actix_web::http::Method;
use serde_json::{Map, Value, json};

use super::{RouteInfo, route_infos};
use crate::domain::akses::Izin;
use crate::error::AppError;

struct Doc {
    ringkasan: &'static str,
    request: Option<&'static str>,
    response: &'static str,
    /// The success status, when not 200.
    status: u16,
}

const fn d(ringkasan: &'static str, request: Option<&'static str>, response: &'static str) -> Doc {
    Doc { ringkasan, request, response, status: 200 }
}

fn doc_for(method: &Method, path: &str) -> Option<Doc> {
    let m = method.as_str();
    Some(match (m, path) {
        ("GET", "/health") => d("Proses hidup", None, "Status"),
        ("GET", "/ready") => d("Siap melayani: basis data terhubung dan migrasi lengkap", None, "Status"),
        ("GET", "/metrics") => d("Metrik Prometheus (teks)", None, "Teks"),
        ("GET", "/.well-known/jwks.json") => d("Kunci publik penanda tangan token (JWKS)", None, "Jwks"),
        ("POST", "/api/v1/auth/token") => {
            d("Token akses (OAuth 2.0 client_credentials atau password)", Some("PermintaanToken"), "Token")
        }
        ("GET", "/api/v1/auth/saya") => d("Identitas pemegang token", None, "Saya"),
        ("GET", "/api/v1/satker") => d("Satker dalam cakupan pemanggil", None, "DaftarSatker"),
        ("GET", "/api/v1/satker/{kode}") => d("Satu satker", None, "Satker"),
        ("GET", "/api/v1/satker/{kode}/klien") => d("Klien API di subtree satker", None, "DaftarKredensial"),
        ("POST", "/api/v1/satker/{kode}/klien") => {
            Doc { status: 201, ..d("Buat klien API; rahasia ditampilkan sekali", Some("KlienBaru"), "KlienDibuat") }
        }
        ("POST", "/api/v1/satker/{kode}/klien/{client_id}/cabut") => d("Cabut klien API", None, "Dicabut"),
        ("GET", "/api/v1/satker/{kode}/pengguna") => d("Pengguna di subtree satker", None, "DaftarKredensial"),
        ("POST", "/api/v1/satker/{kode}/pengguna") => {
            Doc { status: 201, ..d("Buat pengguna", Some("PenggunaBaru"), "Kredensial") }
        }
        ("POST", "/api/v1/satker/{kode}/pengguna/{username}/cabut") => d("Cabut pengguna", None, "Dicabut"),
        ("GET", "/api/v1/satker/{kode}/pk/{tahun}") => d("Perjanjian Kinerja dengan capaian tersimpan", None, "Pk"),
        ("PUT", "/api/v1/satker/{kode}/pk/{tahun}") => {
            d("Ganti Perjanjian Kinerja setahun", Some("DokumenPk"), "PkTersimpan")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/ajukan") => {
            d("Ajukan PK untuk diverifikasi", Some("Langkah"), "StatusDokumen")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/setujui") => {
            d("Setujui PK (verifikator)", Some("Langkah"), "StatusDokumen")
        }
        ("POST", "/api/v1/satker/{kode}/pk/{tahun}/kembalikan") => {
            d("Kembalikan PK dengan alasan (verifikator)", Some("Langkah"), "StatusDokumen")
        }
        ("GET", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => {
            d("Realisasi triwulan dengan capaian, kategori, kelengkapan dan temuan", None, "Realisasi")
        }
        ("PUT", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => {
            d("Ganti realisasi triwulan", Some("DokumenRealisasi"), "RealisasiTersimpan")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/ajukan") => {
            d("Ajukan realisasi", Some("Langkah"), "StatusDokumen")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/setujui") => {
            d("Setujui realisasi (verifikator)", Some("Langkah"), "StatusDokumen")
        }
        ("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/kembalikan") => {
            d("Kembalikan realisasi (verifikator)", Some("Langkah"), "StatusDokumen")
        }
        ("GET", "/api/v1/satker/{kode}/anggaran/{tahun}") => {
            d("Anggaran dengan total per program, jenis belanja dan sumber dana", None, "Anggaran")
        }
        ("PUT", "/api/v1/satker/{kode}/anggaran/{tahun}") => {
            d("Ganti anggaran setahun", Some("DokumenAnggaran"), "AnggaranTersimpan")
        }
        ("GET", "/api/v1/satker/{kode}/riwayat") => d("Jejak audit satker", None, "Riwayat"),
        ("GET", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Aturan capaian yang berlaku (batas dan pita kategori)", None, "AturanCapaian")
        }
        ("PUT", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Tetapkan aturan capaian subtree; capaian tersimpan dihitung ulang", Some("AturanBaru"), "Penetapan")
        }
        ("DELETE", "/api/v1/satker/{kode}/aturan-capaian") => {
            d("Hapus aturan subtree; kembali ke aturan di atasnya", None, "Penetapan")
        }
        ("GET", "/api/v1/periode/{tahun}") => d("Batas waktu setiap periode", None, "DaftarPeriode"),
        ("PUT", "/api/v1/satker/{kode}/periode/{tahun}/{jenis}") => {
            d("Tetapkan batas waktu periode (KPU RI)", Some("Tenggat"), "Periode")
        }
        ("POST", "/api/v1/satker/{kode}/periode/{tahun}/{jenis}/buka") => {
            d("Buka kembali periode untuk satu satker (verifikator)", Some("Pembukaan"), "Pembukaan")
        }
        ("GET", "/api/v1/provinsi/{kode}/ringkasan") => d(
            "Ringkasan provinsi: setiap satker di bawahnya dan totalnya (JSON, atau CSV dengan Accept: text/csv atau ?format=csv)",
            None,
            "Ringkasan",
        ),
        ("GET", "/api/v1/nasional/ringkasan") => {
            d("Ringkasan nasional: setiap provinsi dan totalnya", None, "Ringkasan")
        }
        ("POST", "/graphql") => {
            d("GraphQL (lihat schema.graphql): provinsi, satker, nasional", Some("PermintaanGraphQL"), "JawabanGraphQL")
        }
        ("GET", "/graphql") => d("GraphQL lewat GET untuk kueri (?query=…)", None, "JawabanGraphQL"),
        ("GET", "/graphiql") => d("GraphiQL untuk menjelajah skema", None, "Teks"),
        ("GET", "/api/v1/openapi.json") => d("Dokumen OpenAPI ini", None, "Teks"),
        ("GET", "/docs") => d("Dokumentasi untuk manusia", None, "Teks"),
        _ => return None,
    })
}

fn izin_teks(izin: Izin) -> &'static str {
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
    }
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn problem(description: &str) -> Value {
    json!({ "description": description, "content": { "application/problem+json": { "schema": reference("Problem") } } })
}

fn operation(r: &RouteInfo) -> Value {
    let doc = doc_for(&r.method, r.path);
    let mut op = Map::new();
    op.insert("summary".into(), json!(doc.as_ref().map(|x| x.ringkasan).unwrap_or(r.path)));
    op.insert("description".into(), json!(format!("Izin: {}.", izin_teks(r.izin))));
    op.insert("operationId".into(), json!(format!("{} {}", r.method, r.path)));
    let params: Vec<Value> = r
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    if !params.is_empty() {
        op.insert("parameters".into(), json!(params));
    }
    if let Some(req) = doc.as_ref().and_then(|x| x.request) {
        let media = if req == "PermintaanToken" {
            json!({ "application/x-www-form-urlencoded": { "schema": reference(req) }, "application/json": { "schema": reference(req) } })
        } else {
            json!({ "application/json": { "schema": reference(req) } })
        };
        op.insert("requestBody".into(), json!({ "required": req != "Langkah", "content": media }));
    }
    let mut responses = Map::new();
    let (status, schema) = doc.as_ref().map(|x| (x.status, x.response)).unwrap_or((200, "Teks"));
    let ok = if schema == "Teks" {
        json!({ "description": "Berhasil", "content": { "text/plain": { "schema": { "type": "string" } } } })
    } else {
        json!({ "description": "Berhasil", "content": { "application/json": { "schema": reference(schema) } } })
    };
    responses.insert(status.to_string(), ok);
    if r.izin != Izin::Publik {
        responses.insert("401".into(), problem("Token tidak ada atau tidak valid"));
        responses.insert("403".into(), problem("Peran tidak boleh melakukan ini"));
    }
    if r.path.contains("{kode}") {
        responses.insert("404".into(), problem("Satker atau dokumen tidak ada (atau di luar cakupan pemanggil)"));
    }
    if matches!(r.method, Method::PUT | Method::POST) {
        responses.insert("400".into(), problem("JSON tidak valid"));
        responses.insert("409".into(), problem("Dokumen terkunci; kode menyebut sebabnya"));
        responses.insert("412".into(), problem("If-Match tidak cocok dengan versi sekarang"));
        responses.insert("413".into(), problem("Badan permintaan lebih dari 1 MiB"));
        responses.insert("415".into(), problem("Jenis konten bukan application/json"));
        responses.insert("422".into(), problem("Isian tidak valid; errors menyebut setiap field"));
    }
    if r.path == "/api/v1/auth/token" {
        responses.insert("429".into(), problem("Terlalu banyak percobaan gagal; lihat Retry-After"));
    }
    op.insert("responses".into(), Value::Object(responses));
    if r.izin != Izin::Publik {
        op.insert("security".into(), json!([{ "bearer": [] }]));
    }
    if doc.is_none() {
        op.insert("x-belum-didokumentasikan".into(), json!(true));
    }
    Value::Object(op)
}

fn schemas() -> Value {
    let s = || json!({ "type": "string" });
    let sn = || json!({ "type": ["string", "null"] });
    let angka = || json!({ "description": "Angka JSON atau teks format Indonesia (\"87,5\", \"77.452.486.000\")", "type": ["number", "string"] });
    let rupiah = || json!({ "description": "Rupiah, bilangan bulat ≥ 0", "type": ["integer", "string"] });
    let desimal = || json!({ "description": "Desimal tepat sebagai teks", "type": ["string", "null"] });
    let jumlah = json!({ "type": "object", "properties": {
        "kode": s(), "nama": sn(), "pagu": { "type": "integer" }, "realisasi": { "type": "integer" }, "sisa": { "type": "integer" },
        "persen_penyerapan": { "type": ["string", "null"], "description": "dua desimal, mis. 99.83" } } });
    let temuan = json!({ "type": "array", "items": { "type": "object", "properties": {
        "kode": s(), "pesan": s(), "indikator": sn(), "triwulan": sn() } } });
    let kepala = |extra: Value| {
        let mut base = json!({ "satker": s(), "tahun": { "type": "integer" }, "status": { "enum": ["draf", "diajukan", "disetujui", "dikembalikan"] },
            "versi": { "type": "integer" }, "demo": { "type": "boolean" }, "diperbarui_pada": s() });
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        json!({ "type": "object", "properties": base })
    };
    let tersimpan = |view: &str| json!({ "allOf": [reference(view), { "type": "object", "properties": { "berubah": { "type": "boolean" }, "dry_run": { "type": "boolean" } } }] });
    json!({
        "Problem": { "type": "object", "required": ["type", "title", "status", "code"], "properties": {
            "type": s(), "title": s(), "status": { "type": "integer" }, "detail": s(), "code": s(),
            "errors": { "type": "array", "items": { "type": "object", "properties": { "field": s(), "pesan": s() } } },
            "error": s(), "error_description": s() } },
        "Status": { "type": "object", "properties": { "status": s(), "database": s() } },
        "Jwks": { "type": "object", "properties": { "keys": { "type": "array", "items": { "type": "object" } } } },
        "PermintaanToken": { "type": "object", "required": ["grant_type"], "properties": {
            "grant_type": { "enum": ["client_credentials", "password"] }, "client_id": s(), "client_secret": s(), "username": s(), "password": s() } },
        "Token": { "type": "object", "properties": { "access_token": s(), "token_type": { "const": "Bearer" }, "expires_in": { "type": "integer" } } },
        "Saya": { "type": "object", "properties": { "sub": s(), "jenis": s(), "role": s(), "satker": reference("SatkerRingkas") } },
        "SatkerRingkas": { "type": "object", "properties": { "kode": s(), "nama": s(), "tingkat": s() } },
        "Satker": { "type": "object", "properties": { "kode": s(), "nama": s(), "tingkat": { "enum": ["pusat", "provinsi", "kabupaten_kota"] },
            "induk": sn(), "kode_satker": sn(), "kode_bps": sn() } },
        "DaftarSatker": { "type": "array", "items": reference("Satker") },
        "Kredensial": { "type": "object", "properties": { "id": s(), "nama": s(), "satker": s(), "peran": s(), "dibuat_pada": s(), "dicabut_pada": sn() } },
        "DaftarKredensial": { "type": "array", "items": reference("Kredensial") },
        "KlienBaru": { "type": "object", "required": ["peran"], "properties": { "peran": { "enum": ["operator", "verifikator", "analis", "admin"] }, "nama": s() } },
        "KlienDibuat": { "type": "object", "properties": { "client_id": s(), "client_secret": s(), "nama": s(), "satker": s(), "peran": s() } },
        "PenggunaBaru": { "type": "object", "required": ["username", "password", "peran"], "properties": {
            "username": s(), "password": { "type": "string", "minLength": 12 }, "peran": s(), "nama": s() } },
        "Dicabut": { "type": "object", "properties": { "id": s(), "dicabut": { "type": "boolean" } } },
        "DokumenPk": { "type": "object", "required": ["indikator"], "properties": { "indikator": { "type": "array", "maxItems": 500, "items": {
            "type": "object", "required": ["kode", "nama", "satuan", "target"], "properties": {
                "kode": s(), "nama": s(), "tujuan": s(), "sasaran": s(), "definisi": s(), "satuan": s(),
                "tipe_nilai": { "enum": ["persen", "angka", "indeks", "predikat", "kategori"] },
                "polaritas": { "enum": ["maksimal", "minimal", "rentang"] },
                "metode_predikat": { "enum": ["ordinal", "skor"] },
                "bobot": angka(), "target": angka(), "target_atas": angka(),
                "target_triwulan": { "type": "array", "minItems": 4, "maxItems": 4, "items": { "type": ["number", "string", "null"] } } } } } } },
        "Pk": kepala(json!({ "alasan": sn(), "indikator": { "type": "array", "items": { "type": "object", "properties": {
            "kode": s(), "nama": s(), "satuan": s(), "tipe_nilai": s(), "polaritas": s(), "metode_predikat": sn(), "bobot": s(),
            "target": sn(), "target_nilai": desimal(), "target_atas": desimal(), "target_triwulan": { "type": "array", "items": desimal() },
            "capaian": { "type": "array", "items": { "type": "object", "properties": { "triwulan": s(), "realisasi": sn(), "capaian": desimal(), "kategori": sn() } } } } } },
            "temuan": temuan.clone() })),
        "PkTersimpan": tersimpan("Pk"),
        "DokumenRealisasi": { "type": "object", "required": ["indikator"], "properties": { "indikator": { "type": "array", "items": {
            "type": "object", "required": ["kode", "realisasi"], "properties": {
                "kode": s(), "realisasi": angka(), "catatan": s(), "bukti_dukung": s(), "capaian_dilaporkan": angka() } } } } },
        "Realisasi": kepala(json!({ "triwulan": s(), "alasan": sn(), "indikator": { "type": "array", "items": { "type": "object", "properties": {
            "kode": s(), "nama": s(), "satuan": s(), "target": sn(), "realisasi": sn(), "realisasi_nilai": desimal(),
            "capaian": desimal(), "capaian_terbatas": desimal(), "kategori": sn(), "capaian_dilaporkan": sn(), "catatan": sn(), "bukti_dukung": sn() } } },
            "belum_dilaporkan": { "type": "array", "items": s() },
            "ringkasan": { "type": "object", "properties": { "capaian_rata_rata": desimal(), "kategori": sn(), "dilaporkan": { "type": "integer" },
                "diharapkan": { "type": "integer" }, "kelengkapan": desimal(), "batas_capaian": desimal() } },
            "temuan": temuan.clone() })),
        "RealisasiTersimpan": tersimpan("Realisasi"),
        "DokumenAnggaran": { "type": "object", "required": ["baris"], "properties": { "baris": { "type": "array", "maxItems": 5000, "items": {
            "type": "object", "required": ["program_kode", "program_nama", "jenis_belanja", "pagu", "realisasi"], "properties": {
                "program_kode": { "type": "string", "pattern": "^[0-9]{3}\\.[0-9]{2}\\.[A-Z]{2}$" }, "program_nama": s(),
                "kegiatan_kode": s(), "kegiatan_nama": s(), "akun": { "type": "string", "pattern": "^[0-9]{6}$" },
                "jenis_belanja": { "enum": ["51", "52", "53", "54", "55", "56", "57", "58"] },
                "sumber_dana": { "enum": ["APBN", "HIBAH", "PNBP", "PHLN", "SBSN"] }, "uraian": s(),
                "pagu": rupiah(), "realisasi": rupiah(),
                "realisasi_bulanan": { "type": "array", "minItems": 12, "maxItems": 12, "items": rupiah() } } } } } },
        "Anggaran": kepala(json!({ "baris": { "type": "array", "items": { "type": "object" } }, "total": jumlah.clone(),
            "per_program": { "type": "array", "items": jumlah.clone() }, "per_jenis_belanja": { "type": "array", "items": jumlah.clone() },
            "per_sumber_dana": { "type": "array", "items": jumlah }, "temuan": temuan })),
        "AnggaranTersimpan": tersimpan("Anggaran"),
        "Langkah": { "type": "object", "properties": { "alasan": { "type": "string", "description": "wajib saat mengembalikan" } } },
        "StatusDokumen": { "type": "object", "properties": { "satker": s(), "tahun": { "type": "integer" }, "status": s(), "versi": { "type": "integer" }, "alasan": sn() } },
        "Riwayat": { "type": "object", "properties": { "satker": s(), "riwayat": { "type": "array", "items": { "type": "object", "properties": {
            "id": { "type": "integer" }, "waktu": s(), "pelaku": sn(), "pelaku_nama": sn(), "jenis_pelaku": s(), "aksi": s(), "objek": s(),
            "sebelum": {}, "sesudah": {}, "request_id": sn() } } } } },
        "Pita": { "type": "object", "required": ["dari", "nama"], "properties": { "dari": angka(), "sampai": { "type": ["number", "string", "null"] }, "nama": s() } },
        "AturanCapaian": { "type": "object", "properties": { "satker": s(), "batas_capaian": s(), "pita_kategori": { "type": "array", "items": reference("Pita") }, "ditetapkan_oleh": sn() } },
        "AturanBaru": { "type": "object", "properties": { "batas_capaian": angka(), "pita_kategori": { "type": "array", "items": reference("Pita") } } },
        "Penetapan": { "type": "object", "properties": { "satker": s(), "batas_capaian": s(), "pita_kategori": { "type": "array", "items": reference("Pita") },
            "dihitung_ulang": { "type": "integer" }, "baris_berubah": { "type": "integer" } } },
        "Jumlah": { "type": "object", "properties": { "pagu": { "type": "integer" }, "realisasi": { "type": "integer" }, "sisa": { "type": "integer" }, "persen_penyerapan": sn() } },
        "Ringkasan": { "type": "object", "properties": {
            "kode": s(), "nama": s(), "tahun": { "type": "integer" }, "triwulan": sn(), "jumlah_satker": { "type": "integer" },
            "jumlah_melapor": { "type": "integer" }, "capaian_rata_rata": desimal(), "kategori": sn(), "anggaran": reference("Jumlah"),
            "satker": { "type": "array", "items": { "type": "object", "properties": {
                "kode": s(), "nama": s(), "tingkat": s(), "triwulan": sn(), "capaian_rata_rata": desimal(), "kategori": sn(),
                "dilaporkan": { "type": "integer" }, "diharapkan": { "type": "integer" }, "kelengkapan": desimal(), "anggaran": reference("Jumlah") } } } } },
        "PermintaanGraphQL": { "type": "object", "required": ["query"], "properties": { "query": s(), "variables": { "type": ["object", "null"] }, "operationName": sn() } },
        "JawabanGraphQL": { "type": "object", "properties": { "data": {}, "errors": { "type": "array", "items": { "type": "object" } } } },
        "Periode": { "type": "object", "properties": { "tahun": { "type": "integer" }, "jenis": s(), "tenggat": sn(), "ditutup": { "type": "boolean" } } },
        "DaftarPeriode": { "type": "array", "items": reference("Periode") },
        "Tenggat": { "type": "object", "required": ["tenggat"], "properties": { "tenggat": { "type": ["string", "null"], "format": "date-time" } } },
        "Pembukaan": { "type": "object", "properties": { "satker": s(), "tahun": { "type": "integer" }, "jenis": s(), "sampai": { "type": "string", "format": "date-time" }, "alasan": s() } },
    })
}

/// The whole document.
pub fn dokumen() -> Value {
    let mut paths = Map::new();
    for r in route_infos() {
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        if let Some(o) = entry.as_object_mut() {
            o.insert(r.method.as_str().to_lowercase(), operation(&r));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "kinerja",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Pelaporan kinerja dan anggaran satker KPU: Perjanjian Kinerja, realisasi, anggaran, verifikasi dan audit. Semua galat berbentuk RFC 9457 application/problem+json.",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" } },
            "schemas": schemas(),
        },
    })
}

pub async fn json_doc() -> HttpResponse {
    HttpResponse::Ok().json(dokumen())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A page for people: every endpoint, its permission and what it does. Self-contained: no
/// script from elsewhere, so it works inside a closed network.
pub async fn html() -> Result<HttpResponse, AppError> {
    let mut rows = String::new();
    for r in route_infos() {
        let doc = doc_for(&r.method, r.path);
        rows.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
            r.method,
            escape(r.path),
            escape(doc.map(|d| d.ringkasan).unwrap_or("")),
            escape(izin_teks(r.izin)),
        ));
    }
    let page = format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>kinerja API</title>\
         <style>body{{font-family:sans-serif;margin:2em;max-width:75em}}td{{padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}}</style></head>\
         <body><h1>kinerja API</h1><p>Dokumen mesin: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1). \
         Aturan capaian: lihat <code>docs/capaian.md</code> di repositori.</p>\
         <table><tr><th>metode</th><th>alamat</th><th>fungsi</th><th>izin</th></tr>\n{rows}</table></body></html>"
    );
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page))
}

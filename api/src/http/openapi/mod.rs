//! The OpenAPI 3.1 document, generated from the route table: every route appears with its
//! permission, parameters, request and response schemas. A route without a description here
//! is still listed, flagged `x-belum-didokumentasikan`, and a test fails on that flag.

use actix_web::HttpResponse;
use actix_web::http::Method;
use serde_json::{Map, Value, json};

mod nama;
mod tabel;

use super::{RouteInfo, route_infos};
use crate::domain::akses::Izin;
use crate::error::AppError;
use tabel::{Doc, doc_for, izin_teks};

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn problem(description: &str) -> Value {
    json!({ "description": description, "content": { "application/problem+json": { "schema": reference("Problem") } } })
}

/// The schema of a path parameter, with the constraints the handler checks.
fn path_param(r: &RouteInfo, name: &str) -> Value {
    let schema = match name {
        // Capaian rules are set by KPU RI and the provinsi; deadlines by KPU RI alone.
        "kode" if r.path.ends_with("/aturan-capaian") && r.method != Method::GET => {
            json!({ "type": "string", "pattern": "^[0-9]{2}$", "description": "KPU RI (00) atau provinsi" })
        }
        "kode" if r.path.ends_with("/periode/{tahun}/{jenis}") => json!({ "type": "string", "enum": ["00"] }),
        "kode" => {
            json!({ "type": "string", "pattern": "^[0-9]{2}(\\.[0-9]{2})?$", "description": "kode wilayah Kemendagri: 18, 18.03; KPU RI 00" })
        }
        "tahun" => json!({ "type": "integer", "minimum": 2000, "maximum": 2100 }),
        "periode" => {
            let semua: Vec<String> =
                (2000..=2095).step_by(5).map(crate::domain::dokumen::katalog::nama_periode).collect();
            json!({ "type": "string", "enum": semua, "description": "periode Renstra lima tahun: 2020-2024, 2025-2029, …" })
        }
        "triwulan" => json!({ "type": "string", "enum": ["TW1", "TW2", "TW3", "TW4"] }),
        "jenis" => json!({ "type": "string", "enum": ["pk", "TW1", "TW2", "TW3", "TW4", "anggaran"] }),
        "katalog" => json!({ "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[^\\s/]+$",
            "description": "kode indikator katalog (GET /api/v1/katalog/{periode})" }),
        "id" if r.path.contains("/bukti/") => {
            json!({ "type": "string", "pattern": "^bkt_[0-9a-f]{32}$", "description": "id bukti (bkt_…)" })
        }
        "id" if r.path.starts_with("/api/v1/langganan") => {
            json!({ "type": "string", "pattern": "^lgn_[0-9a-f]{32}$", "description": "id langganan (lgn_…)" })
        }
        "client_id" | "username" => {
            json!({ "type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[A-Za-z0-9._-]+$" })
        }
        _ => json!({ "type": "string" }),
    };
    json!({ "name": name, "in": "path", "required": true, "schema": schema })
}

fn query_param(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": required, "schema": schema, "description": description })
}

/// Query parameters of a route, as its handler reads them.
fn query_params(r: &RouteInfo) -> Vec<Value> {
    let tahun = json!({ "type": "integer", "minimum": 2000, "maximum": 2100 });
    let tw = json!({ "type": "string", "enum": ["TW1", "TW2", "TW3", "TW4"] });
    match (r.method.as_str(), r.path) {
        ("GET", "/api/v1/provinsi/{kode}/ringkasan") | ("GET", "/api/v1/nasional/ringkasan") => vec![
            query_param("tahun", true, tahun, "tahun anggaran"),
            query_param("triwulan", false, tw, "tanpa triwulan: laporan terakhir setiap satker"),
            query_param(
                "format",
                false,
                json!({ "type": "string", "enum": ["json", "csv", "xlsx"] }),
                "csv: sama dengan Accept: text/csv; xlsx: buku kerja Excel (Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
            ),
        ],
        ("GET", "/api/v1/satker/{kode}/pk/{tahun}") | ("GET", "/api/v1/satker/{kode}/iku/{tahun}") => {
            vec![query_param(
                "format",
                false,
                json!({ "type": "string", "enum": ["json", "xlsx", "docx", "html"] }),
                "xlsx: buku kerja Excel untuk perencana (templat kosong bila belum ada; IKU: baris Lampiran saja); docx/html: naskah siap tanda tangan, dengan Lampiran (juga lewat Accept)",
            )]
        }
        ("GET", "/api/v1/satker/{kode}/anggaran/{tahun}")
        | ("GET", "/api/v1/satker/{kode}/katalog/{periode}")
        | ("GET", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => {
            vec![query_param(
                "format",
                false,
                json!({ "type": "string", "enum": ["json", "xlsx"] }),
                "xlsx: buku kerja Excel untuk perencana (templat kosong bila belum ada; realisasi: semua indikator PK)",
            )]
        }
        ("GET", "/api/v1/perubahan") => vec![
            query_param(
                "setelah",
                false,
                json!({ "type": "string", "pattern": "^[0-9]{1,18}-[0-9]{1,18}$" }),
                "kursor dari jawaban sebelumnya; tanpa ini: dari perubahan tertua yang disimpan",
            ),
            query_param(
                "batas",
                false,
                json!({ "type": "integer", "minimum": 1, "maximum": 1000 }),
                "paling banyak perubahan per halaman (bawaan 100)",
            ),
            query_param(
                "tunggu",
                false,
                json!({ "type": "integer", "minimum": 0, "maximum": 60 }),
                "detik menunggu perubahan baru bila belum ada (long poll)",
            ),
            query_param(
                "jenis",
                false,
                json!({ "type": "string", "pattern": "^([a-z_]+\\.[a-z_]+(,[a-z_]+\\.[a-z_]+)*)?$" }),
                "jenis perubahan, dipisah koma (mis. realisasi.simpan,ringkasan.berubah)",
            ),
            query_param(
                "satker",
                false,
                json!({ "type": "string" }),
                "hanya subtree satker ini (di dalam cakupan pemanggil)",
            ),
        ],
        ("GET", "/api/v1/satker/{kode}/lkj/{tahun}") | ("GET", "/api/v1/provinsi/{kode}/lkj/{tahun}") => {
            vec![
                query_param(
                    "format",
                    false,
                    json!({ "type": "string", "enum": ["json", "docx", "html"] }),
                    "docx: dokumen Word yang dapat disunting; html: halaman cetak A4 mandiri (juga lewat Accept)",
                ),
                query_param(
                    "untuk",
                    false,
                    json!({ "type": "string", "enum": ["periksa", "serah"] }),
                    "serah: versi untuk ditandatangani dan diserahkan, tanpa Catatan Verifikasi dan status alur; periksa (bawaan): versi pemeriksa, dengan keduanya",
                ),
            ]
        }
        ("GET", "/api/v1/provinsi/{kode}/indikator/{katalog}") | ("GET", "/api/v1/nasional/indikator/{katalog}") => {
            vec![
                query_param("tahun", true, json!({ "type": "integer", "minimum": 2000, "maximum": 2100 }), "tahun PK"),
                query_param(
                    "triwulan",
                    false,
                    json!({ "type": "string", "enum": ["TW1", "TW2", "TW3", "TW4"] }),
                    "triwulan realisasi (bawaan TW4)",
                ),
            ]
        }
        ("POST", "/api/v1/satker/{kode}/bukti") => vec![query_param(
            "nama",
            false,
            json!({ "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^/\\\\\\x00-\\x1F\\x7F]+$" }),
            "nama berkas (atau Content-Disposition: attachment; filename=\"…\")",
        )],
        ("GET", "/api/v1/satker/{kode}/riwayat") => vec![
            query_param(
                "limit",
                false,
                json!({ "type": "integer", "minimum": 1, "maximum": 1000 }),
                "paling banyak baris (bawaan 100)",
            ),
            query_param(
                "sebelum",
                false,
                json!({ "type": "integer", "minimum": 1, "maximum": i64::MAX }),
                "halaman berikutnya: baris dengan id lebih kecil",
            ),
        ],
        ("PUT", p)
            if p.ends_with("/pk/{tahun}")
                || p.ends_with("/anggaran/{tahun}")
                || p.ends_with("/{triwulan}")
                || p.ends_with("/narasi")
                || p.ends_with("/iku/{tahun}")
                || p.ends_with("/katalog/{periode}") =>
        {
            vec![query_param("dry_run", false, json!({ "type": "boolean" }), "periksa dan jawab tanpa menyimpan")]
        }
        ("GET", "/graphql") => vec![
            query_param("query", true, json!({ "type": "string", "minLength": 1 }), "kueri GraphQL"),
            query_param("variables", false, json!({ "type": "string" }), "variabel sebagai JSON"),
            query_param("operationName", false, json!({ "type": "string" }), "nama operasi"),
        ],
        _ => Vec::new(),
    }
}

/// The success answer: its media types and schema.
fn success(r: &RouteInfo, doc: Option<&Doc>) -> Value {
    let schema = doc.map(|d| d.response).unwrap_or("Teks");
    let content = match (r.method.as_str(), r.path) {
        ("GET", "/docs") | ("GET", "/graphiql") => json!({ "text/html": { "schema": { "type": "string" } } }),
        ("GET", "/metrics") => json!({ "text/plain": { "schema": { "type": "string" } } }),
        ("GET", "/api/v1/satker/{kode}/bukti/{id}") => {
            json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } })
        }
        (_, "/graphql") => json!({
            "application/graphql-response+json": { "schema": reference(schema) },
            "application/json": { "schema": reference(schema) } }),
        ("GET", "/api/v1/openapi.json") => json!({ "application/json": { "schema": { "type": "object" } } }),
        ("GET", "/api/v1/satker/{kode}/pk/{tahun}") | ("GET", "/api/v1/satker/{kode}/iku/{tahun}") => json!({
            "application/json": { "schema": reference(schema) },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } },
            (crate::lkj::DOCX): { "schema": { "type": "string", "format": "binary" } },
            "text/html": { "schema": { "type": "string" } } }),
        ("GET", "/api/v1/satker/{kode}/anggaran/{tahun}")
        | ("GET", "/api/v1/satker/{kode}/katalog/{periode}")
        | ("GET", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}") => json!({
            "application/json": { "schema": reference(schema) },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } } }),
        ("GET", "/api/v1/satker/{kode}/lkj/{tahun}") | ("GET", "/api/v1/provinsi/{kode}/lkj/{tahun}") => json!({
            "application/json": { "schema": reference(schema) },
            (crate::lkj::DOCX): { "schema": { "type": "string", "format": "binary" } },
            "text/html": { "schema": { "type": "string" } } }),
        (_, p) if p.ends_with("/ringkasan") => json!({
            "application/json": { "schema": reference(schema) },
            "text/csv": { "schema": { "type": "string" } },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } } }),
        _ => json!({ "application/json": { "schema": reference(schema) } }),
    };
    json!({ "description": "Berhasil", "content": content })
}

fn operation(r: &RouteInfo) -> Value {
    let doc = doc_for(&r.method, r.path);
    let mut op = Map::new();
    op.insert("summary".into(), json!(doc.as_ref().map(|x| x.ringkasan).unwrap_or(r.path)));
    op.insert("description".into(), json!(format!("Izin: {}.", izin_teks(r.izin))));
    op.insert("operationId".into(), json!(nama::operation_id(r.method.as_str(), r.path)));
    op.insert("tags".into(), json!([nama::tag(r.path)]));
    let mut params: Vec<Value> = r
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|n| path_param(r, n))
        .collect();
    params.extend(query_params(r));
    if !params.is_empty() {
        op.insert("parameters".into(), json!(&params));
    }
    if let Some(req) = doc.as_ref().and_then(|x| x.request) {
        let media = if req == "Berkas" {
            json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } },
                    "application/pdf": { "schema": { "type": "string", "format": "binary" } },
                    "image/png": { "schema": { "type": "string", "format": "binary" } },
                    "image/jpeg": { "schema": { "type": "string", "format": "binary" } },
                    "multipart/form-data": { "schema": { "type": "object", "required": ["berkas"],
                        "properties": { "berkas": { "type": "string", "format": "binary" } } } } })
        } else if req == "TokenMasuk" {
            // RFC 6749's form only: the service reads the same fields as JSON too, but two media
            // types of one schema make generated clients offer a union they cannot build.
            json!({ "application/x-www-form-urlencoded": { "schema": reference(req) } })
        } else if ["PkMasuk", "RealisasiMasukDokumen", "AnggaranMasuk", "KatalogMasuk", "IkuMasuk"].contains(&req) {
            // A document may also come as the workbook its GET gives (?format=xlsx), edited.
            json!({ "application/json": { "schema": reference(req) },
                    (crate::xlsx::MEDIA_TYPE): { "schema": { "type": "string", "format": "binary" } } })
        } else {
            json!({ "application/json": { "schema": reference(req) } })
        };
        let wajib = !["LangkahMasuk", "KirimUlangMasuk"].contains(&req);
        op.insert("requestBody".into(), json!({ "required": wajib, "content": media }));
    }
    let mut responses = Map::new();
    let status = doc.as_ref().map(|x| x.status).unwrap_or(200);
    let jawaban =
        if status == 204 { json!({ "description": "Berhasil; tanpa isi" }) } else { success(r, doc.as_ref()) };
    responses.insert(status.to_string(), jawaban);
    if !params.is_empty() || doc.as_ref().is_some_and(|d| d.request.is_some()) {
        responses.insert("422".into(), problem("Isian atau parameter tidak valid; errors menyebut setiap field"));
        responses.insert("400".into(), problem("Permintaan tidak dapat dibaca"));
    }
    if r.izin != Izin::Publik {
        responses.insert("401".into(), problem("Token tidak ada atau tidak valid"));
        responses.insert("403".into(), problem("Peran tidak boleh melakukan ini"));
    }
    if r.path.contains("{kode}") || matches!(r.izin, Izin::Nasional | Izin::KelolaNasional) {
        responses.insert("404".into(), problem("Satker atau dokumen tidak ada (atau di luar cakupan pemanggil)"));
    }
    if r.path == "/api/v1/perubahan" {
        responses.insert("404".into(), problem("Satker pada ?satker= tidak ada (atau di luar cakupan pemanggil)"));
        responses.insert(
            "410".into(),
            problem("kursor_kedaluwarsa: kursor lebih tua dari perubahan yang disimpan; baca ulang seluruh data"),
        );
    }
    if r.path.starts_with("/api/v1/langganan") {
        responses.insert("403".into(), problem("Token penyedia identitas luar tidak dapat memiliki langganan"));
        if r.path.contains("{id}") {
            responses.insert("404".into(), problem("Langganan tidak ada (atau milik klien lain)"));
        } else if r.method == Method::POST {
            responses.insert("404".into(), problem("Satker pada isian tidak ada (atau di luar cakupan pemanggil)"));
            responses.insert("409".into(), problem("langganan_terlalu_banyak: klien sudah memiliki 25 langganan"));
        }
    }
    if r.path.ends_with("/ringkasan") || r.path == "/graphql" {
        responses
            .insert("422".into(), problem("Parameter tidak valid, atau jumlah melampaui batas (jumlah_terlalu_besar)"));
    }
    if r.path.ends_with("/ringkasan") || r.path.contains("{tahun}") || r.path.contains("{kode}/katalog/") {
        responses
            .insert("304".into(), json!({ "description": "Tidak berubah sejak ETag yang dikirim (If-None-Match)" }));
    }
    if doc.as_ref().is_some_and(|d| d.request.is_some()) {
        responses.insert("409".into(), problem("Dokumen terkunci atau sudah ada; code menyebut sebabnya"));
        responses.insert("412".into(), problem("If-Match tidak cocok dengan versi sekarang"));
        responses.insert(
            "413".into(),
            problem("Badan permintaan lebih dari 1 MiB (buku kerja: 8 MiB, 64 MiB setelah dibuka)"),
        );
        responses.insert(
            "415".into(),
            problem("Jenis konten bukan application/json (atau buku kerja .xlsx); buku kerja bermakro, terenkripsi atau .xls lama"),
        );
    }
    if r.method == "GET" && r.path == "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}" {
        responses.insert("409".into(), problem("Buku kerja realisasi diminta sebelum PK tahun itu ada (pk_belum_ada)"));
    }
    if r.path == "/api/v1/auth/token" {
        let oauth = json!({ "description": "Ditolak (RFC 6749 §5.2)", "content": { "application/json": { "schema": reference("Problem") } } });
        responses.insert("400".into(), oauth.clone());
        responses.insert("401".into(), oauth);
        responses.insert("429".into(), problem("Terlalu banyak percobaan gagal; lihat Retry-After"));
    }
    if r.path == "/graphql" {
        responses.insert(
            "400".into(),
            json!({ "description": "Kueri tidak dapat dijalankan (GraphQL over HTTP)", "content": {
                "application/graphql-response+json": { "schema": reference("JawabanGraphQL") },
                "application/problem+json": { "schema": reference("Problem") } } }),
        );
    }
    if r.path.contains("/bukti") {
        if r.path.ends_with("{id}") {
            responses.insert("404".into(), problem("Bukti tidak ada (atau milik satker lain)"));
        }
        if r.method == Method::GET && r.path.ends_with("{id}") {
            responses.insert(
                "206".into(),
                json!({ "description": "Sebagian isi (Range)", "content": {
                "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } }),
            );
            responses.insert("416".into(), json!({ "description": "Range di luar berkas" }));
        }
        if r.method == Method::POST {
            responses
                .insert("413".into(), problem("berkas_terlalu_besar (KINERJA_BUKTI_MAKS_MB) atau kuota_bukti_habis"));
            responses.insert(
                "415".into(),
                problem("jenis_berkas_ditolak: isinya bukan PDF, PNG, JPEG, XLSX, DOCX, ODT atau ODS"),
            );
            responses.remove("409");
            responses.remove("412");
        }
        if r.method == Method::DELETE {
            responses.insert("409".into(), problem("bukti_terlampir: bukti sudah menjadi dasar dokumen"));
        }
    }
    responses.insert("405".into(), problem("Metode lain tidak dilayani alamat ini; lihat Allow"));
    let tanpa_basis_data =
        ["/health", "/metrics", "/docs", "/graphiql", "/api/v1/openapi.json", "/.well-known/jwks.json"];
    if !tanpa_basis_data.contains(&r.path) {
        responses.insert("503".into(), problem("Basis data tidak tersedia; lihat Retry-After"));
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

/// Collects the schema of `T` and of every type it refers to.
fn tambah<T: utoipa::ToSchema>(out: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
    out.push((T::name().into_owned(), T::schema()));
    T::schemas(out);
}

/// Every schema of the document, generated from the types the service reads and answers with;
/// the few wrappers (a stored document with `berubah`, lists) are composed here.
fn schemas() -> Value {
    use crate::view::*;
    let mut all = Vec::new();
    tambah::<PkView>(&mut all);
    tambah::<LkjView>(&mut all);
    tambah::<LkjProvinsiView>(&mut all);
    tambah::<NarasiView>(&mut all);
    tambah::<crate::view::UmpanPerubahanView>(&mut all);
    tambah::<LanggananBaru>(&mut all);
    tambah::<BuktiView>(&mut all);
    tambah::<DaftarBukti>(&mut all);
    tambah::<PemakaianBukti>(&mut all);
    tambah::<DaftarLangganan>(&mut all);
    tambah::<DaftarKiriman>(&mut all);
    tambah::<KirimUlangView>(&mut all);
    tambah::<PesanWebhook>(&mut all);
    tambah::<super::langganan::LanggananMasuk>(&mut all);
    tambah::<super::langganan::KirimUlangMasuk>(&mut all);
    tambah::<KatalogView>(&mut all);
    tambah::<IkuView>(&mut all);
    tambah::<KatalogTerlihatView>(&mut all);
    tambah::<PeriodeKatalogView>(&mut all);
    tambah::<PeringkatIndikatorView>(&mut all);
    tambah::<RealisasiView>(&mut all);
    tambah::<AnggaranView>(&mut all);
    tambah::<RingkasanView>(&mut all);
    tambah::<StatusView>(&mut all);
    tambah::<RiwayatView>(&mut all);
    tambah::<SatkerView>(&mut all);
    tambah::<SayaView>(&mut all);
    tambah::<DicabutView>(&mut all);
    tambah::<AturanView>(&mut all);
    tambah::<StatusLayanan>(&mut all);
    tambah::<crate::service::akses::KlienBaru>(&mut all);
    tambah::<crate::service::akses::Kredensial>(&mut all);
    tambah::<crate::service::aturan::Penetapan>(&mut all);
    tambah::<crate::service::periode::Periode>(&mut all);
    tambah::<crate::service::periode::Pembukaan>(&mut all);
    tambah::<crate::service::token::TokenResponse>(&mut all);
    tambah::<crate::error::Problem>(&mut all);
    tambah::<super::admin::KlienInput>(&mut all);
    tambah::<super::admin::PenggunaInput>(&mut all);
    tambah::<super::masukan::PkMasuk>(&mut all);
    tambah::<super::masukan::RealisasiMasukDokumen>(&mut all);
    tambah::<super::masukan::AnggaranMasuk>(&mut all);
    tambah::<super::masukan::LangkahMasuk>(&mut all);
    tambah::<super::masukan::NarasiMasuk>(&mut all);
    tambah::<super::masukan::KatalogMasuk>(&mut all);
    tambah::<super::masukan::IkuMasuk>(&mut all);
    tambah::<super::masukan::TenggatMasuk>(&mut all);
    tambah::<super::masukan::PembukaanMasuk>(&mut all);
    tambah::<super::masukan::AturanMasuk>(&mut all);
    tambah::<super::masukan::GraphQlMasuk>(&mut all);
    tambah::<super::masukan::TokenMasuk>(&mut all);
    let mut map = Map::new();
    for (name, schema) in all {
        map.insert(name, serde_json::to_value(schema).unwrap_or(Value::Null));
    }
    let tersimpan = |view: &str| {
        json!({ "allOf": [reference(view), { "type": "object", "required": ["berubah", "dry_run"], "properties": {
            "berubah": { "type": "boolean", "description": "false: isi sama dengan yang tersimpan, tidak ada versi baru" },
            "dry_run": { "type": "boolean" } } }] })
    };
    map.insert("PkTersimpan".into(), tersimpan("PkView"));
    map.insert("NarasiTersimpan".into(), tersimpan("NarasiView"));
    map.insert("KatalogTersimpan".into(), tersimpan("KatalogView"));
    map.insert("IkuTersimpan".into(), tersimpan("IkuView"));
    map.insert("RealisasiTersimpan".into(), tersimpan("RealisasiView"));
    map.insert("AnggaranTersimpan".into(), tersimpan("AnggaranView"));
    let daftar = |item: &str| json!({ "type": "array", "items": reference(item) });
    map.insert("DaftarSatker".into(), daftar("SatkerView"));
    map.insert("Berkas".into(), json!({ "type": "string", "format": "binary" }));
    map.insert("DaftarKredensial".into(), daftar("Kredensial"));
    map.insert("DaftarPeriode".into(), daftar("Periode"));
    map.insert("DaftarPeriodeKatalog".into(), daftar("PeriodeKatalogView"));
    map.insert(
        "Jwks".into(),
        json!({ "type": "object", "required": ["keys"], "properties": { "keys": { "type": "array", "items": { "type": "object" } } } }),
    );
    map.insert(
        "JawabanGraphQL".into(),
        json!({ "type": "object", "properties": { "data": {}, "errors": { "type": "array", "items": { "type": "object" } } } }),
    );
    Value::Object(map)
}

/// What a subscription receives (OpenAPI 3.1 `webhooks`): one change per POST, signed as
/// Standard Webhooks says.
fn webhooks() -> Value {
    let header = |name: &str, description: &str| json!({ "name": name, "in": "header", "required": true, "schema": { "type": "string" }, "description": description });
    json!({ "perubahan": { "post": {
        "summary": "Satu perubahan dalam cakupan langganan (POST /api/v1/langganan)",
        "description": "Dikirim sedikitnya sekali, berurutan per langganan. Verifikasi tanda tangan dengan pustaka Standard Webhooks (mis. paket Python standardwebhooks) dan rahasia whsec_ langganan; abaikan webhook-id yang sudah diterima. Jawab 2xx dalam 10 detik; 410 menghentikan langganan; jawaban lain dicoba lagi sekitar tiga hari lalu diparkir.",
        "operationId": "terimaPerubahan",
        "tags": ["langganan"],
        "parameters": [
            header("webhook-id", "id pesan, sama pada setiap percobaan ulang"),
            header("webhook-timestamp", "detik Unix saat percobaan ini"),
            header("webhook-signature", "v1,<base64 HMAC-SHA256 atas id.timestamp.body>; dua tanda tangan dipisah spasi selama rotasi rahasia"),
        ],
        "requestBody": { "required": true, "content": { "application/json": { "schema": reference("PesanWebhook") } } },
        "responses": { "200": { "description": "Diterima (2xx apa pun)" }, "410": { "description": "Hentikan langganan ini" } },
    } } })
}

/// The whole document.
pub fn dokumen() -> Value {
    let mut paths = Map::new();
    for r in route_infos().into_iter().filter(|r| !super::halaman(r.path)) {
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
        "tags": nama::TAG.iter().map(|(n, d)| json!({ "name": n, "description": d })).collect::<Vec<_>>(),
        "paths": paths,
        "webhooks": webhooks(),
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
    for r in route_infos().into_iter().filter(|r| !super::halaman(r.path)) {
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

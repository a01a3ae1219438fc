//! The names a generated client is built from: each operation's stable `operationId`
//! (`getProvinsiRingkasan`, `putPk`, `getPerubahan`: the method, then the path's words without
//! its parameters and without the `satker/{kode}` every satker route starts with) and its tag
//! (the part of the service it belongs to). Generators name modules and functions after them,
//! so they are promises to integrators: a route keeps its name for as long as it exists.

/// The few routes whose words alone would name two operations alike.
const NAMA_TETAP: [(&str, &str, &str); 8] = [
    ("GET", "/api/v1/satker/{kode}/bukti", "getBuktiDaftar"),
    ("GET", "/api/v1/langganan", "getLanggananDaftar"),
    ("GET", "/api/v1/satker", "getSatkerDaftar"),
    ("GET", "/api/v1/katalog", "getKatalogPeriode"),
    ("GET", "/api/v1/katalog/{periode}", "getKatalogTerlihat"),
    ("PUT", "/api/v1/katalog/{periode}", "putKatalogNasional"),
    ("GET", "/api/v1/satker/{kode}/katalog/{periode}", "getKatalogSatker"),
    ("PUT", "/api/v1/satker/{kode}/katalog/{periode}", "putKatalogSatker"),
];

/// The words of a path: no `api/v1`, no parameters, no leading `satker/{kode}` before more.
fn kata(path: &str) -> Vec<String> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segs = if path.starts_with("/api/v1/") { &segs[2..] } else { &segs[..] };
    let mut out = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if seg.starts_with('{') || (*seg == "satker" && segs.get(i + 1) == Some(&"{kode}") && i + 2 < segs.len()) {
            continue;
        }
        out.extend(seg.split(['-', '.', '_']).filter(|w| !w.is_empty()).map(str::to_string));
    }
    out
}

/// The operation's stable identifier.
pub fn operation_id(method: &str, path: &str) -> String {
    if let Some((_, _, nama)) = NAMA_TETAP.iter().find(|(m, p, _)| *m == method && *p == path) {
        return (*nama).to_string();
    }
    let mut id = method.to_ascii_lowercase();
    for w in kata(path) {
        let mut c = w.chars();
        if let Some(f) = c.next() {
            id.extend(f.to_uppercase());
            id.push_str(c.as_str());
        }
    }
    id
}

/// The tags, in the order a reader meets them, with what each holds.
pub const TAG: [(&str, &str); 14] = [
    ("auth", "Token dan identitas pemanggil"),
    ("satker", "Daftar dan rincian satker dalam cakupan"),
    ("akses", "Klien API dan pengguna dasbor (admin)"),
    ("perencanaan", "Perjanjian Kinerja, Keputusan IKU, katalog indikator"),
    ("realisasi", "Realisasi kinerja per triwulan"),
    ("anggaran", "Pagu dan realisasi anggaran"),
    ("bukti", "Bukti dukung: berkas yang menjadi dasar realisasi"),
    ("lkj", "Laporan Kinerja dan bagian yang ditulis satker"),
    ("aturan", "Aturan capaian, batas waktu, riwayat"),
    ("agregat", "Ringkasan dan indikator provinsi dan nasional"),
    ("perubahan", "Umpan perubahan untuk skrip integrasi"),
    ("langganan", "Langganan webhook: perubahan dikirim ke alamat klien, bertanda tangan"),
    ("graphql", "GraphQL"),
    ("operasi", "Kesehatan, metrik, kunci, dokumentasi"),
];

/// The tag of a route.
pub fn tag(path: &str) -> &'static str {
    let k = kata(path);
    match k.first().map(String::as_str) {
        Some("auth") => "auth",
        Some("klien" | "pengguna") => "akses",
        Some("pk" | "iku" | "katalog") => "perencanaan",
        Some("realisasi") => "realisasi",
        Some("anggaran") => "anggaran",
        Some("bukti") => "bukti",
        Some("lkj") if !path.starts_with("/api/v1/provinsi") => "lkj",
        Some("aturan" | "periode" | "riwayat") => "aturan",
        Some("provinsi" | "nasional") => "agregat",
        Some("perubahan") => "perubahan",
        Some("langganan") => "langganan",
        Some("graphql" | "graphiql") => "graphql",
        Some("satker") => "satker",
        _ => "operasi",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_the_issue_promised_them() {
        assert_eq!(operation_id("GET", "/api/v1/provinsi/{kode}/ringkasan"), "getProvinsiRingkasan");
        assert_eq!(operation_id("PUT", "/api/v1/satker/{kode}/pk/{tahun}"), "putPk");
        assert_eq!(operation_id("GET", "/api/v1/perubahan"), "getPerubahan");
        assert_eq!(
            operation_id("POST", "/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}/ajukan"),
            "postRealisasiAjukan"
        );
        assert_eq!(operation_id("GET", "/api/v1/satker/{kode}"), "getSatker");
        assert_eq!(operation_id("GET", "/api/v1/satker/{kode}/aturan-capaian"), "getAturanCapaian");
        assert_eq!(tag("/api/v1/satker/{kode}/lkj/{tahun}"), "lkj");
        assert_eq!(tag("/api/v1/provinsi/{kode}/lkj/{tahun}"), "agregat");
        assert_eq!(tag("/health"), "operasi");
    }
}

//! The planner's cycle with workbooks: download PK, realisasi and anggaran, edit them as a
//! person would in another program, upload through the same PUT endpoints, and find the
//! figures stored to the rupiah; errors name the cell; stale, hostile and foreign files are
//! refused with the right status, and nothing is stored when anything is refused.

use std::io::{Cursor, Write};

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::dokumen::seed001;
use crate::helpers::{TestApp, spawn_app};

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl TestApp {
    pub(crate) async fn unduh(&self, token: &str, path: &str) -> Vec<u8> {
        let res = self.get_as(token, &format!("{path}?format=xlsx")).await;
        assert_eq!(res.status(), 200, "{path}");
        res.bytes().await.unwrap().to_vec()
    }

    pub(crate) async fn unggah(&self, token: &str, path: &str, bytes: Vec<u8>) -> (u16, Value) {
        let res = self
            .client
            .put(format!("{}{path}", self.address))
            .bearer_auth(token)
            .header("content-type", XLSX)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub(crate) async fn json_of(&self, token: &str, path: &str) -> Value {
        self.get_as(token, path).await.json().await.unwrap()
    }
}

/// A cell of a workbook written the way another program would write it back.
#[derive(Clone, Debug)]
pub(crate) enum Sel {
    Kosong,
    Teks(String),
    Angka(f64),
    /// A formula with the result Excel cached for it.
    Rumus(String, f64),
}

/// The cells of every sheet, as an independent reader sees them.
pub(crate) fn baca(bytes: &[u8]) -> Vec<(String, Vec<Vec<Sel>>)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut grid = vec![vec![Sel::Kosong; (c0 + range.width() as u32) as usize]; r0 as usize];
            for row in range.rows() {
                let mut cells = vec![Sel::Kosong; c0 as usize];
                cells.extend(row.iter().map(|d| match d {
                    Data::String(s) => Sel::Teks(s.clone()),
                    Data::Float(f) => Sel::Angka(*f),
                    Data::Int(i) => Sel::Angka(*i as f64),
                    Data::Empty => Sel::Kosong,
                    other => panic!("{other:?}"),
                }));
                grid.push(cells);
            }
            (n, grid)
        })
        .collect()
}

/// Writes sheets back as a new file (another writer than the server's layout), with merged
/// ranges `(sheet, first row, first col, last row, last col)`.
pub(crate) fn tulis(sheets: &[(String, Vec<Vec<Sel>>)], merge: &[(&str, u32, u16, u32, u16)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, grid) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for &(_, r0, c0, r1, c1) in merge.iter().filter(|m| m.0 == name) {
            let first = grid.get(r0 as usize).and_then(|r| r.get(c0 as usize)).cloned();
            let text = match first {
                Some(Sel::Teks(t)) => t,
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &rust_xlsxwriter::Format::new()).unwrap();
        }
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if merge.iter().any(|m| m.0 == name && (m.1..=m.3).contains(&r) && (m.2..=m.4).contains(&c)) {
                    continue;
                }
                match cell {
                    Sel::Kosong => {}
                    Sel::Teks(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    Sel::Angka(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Sel::Rumus(f, v) => {
                        ws.write_formula(r, c, rust_xlsxwriter::Formula::new(f).set_result(v.to_string())).unwrap();
                    }
                }
            }
        }
        // Blank but formatted rows below the table, as a planner's copy-paste leaves them.
        let end = grid.len() as u32;
        let f = rust_xlsxwriter::Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
        for r in end..end + 200 {
            ws.write_blank(r, 0, &f).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

pub(crate) fn teks(s: &Sel) -> String {
    match s {
        Sel::Teks(t) => t.clone(),
        Sel::Angka(f) => f.to_string(),
        _ => String::new(),
    }
}

/// The row (from 0) of the table header whose first cell is `judul`.
pub(crate) fn kepala(grid: &[Vec<Sel>], judul: &str) -> usize {
    grid.iter().position(|r| r.first().is_some_and(|c| teks(c) == judul)).expect(judul)
}

pub(crate) fn lembar<'a>(sheets: &'a mut [(String, Vec<Vec<Sel>>)], name: &str) -> &'a mut Vec<Vec<Sel>> {
    &mut sheets.iter_mut().find(|(n, _)| n == name).expect(name).1
}

pub async fn isi_seed(app: &TestApp, op: &str) -> Value {
    let seed = seed001();
    for (path, body) in [
        ("/api/v1/satker/18.03/pk/2024", &seed["pk"]),
        ("/api/v1/satker/18.03/realisasi/2024/TW4", &seed["realisasi"]["TW4"]),
        ("/api/v1/satker/18.03/anggaran/2024", &seed["anggaran"]),
    ] {
        let res = app.put_as(op, path, body, None).await;
        assert!(res.status().is_success(), "{path}: {}", res.text().await.unwrap());
    }
    seed
}

const PK: &str = "/api/v1/satker/18.03/pk/2024";
const TW4: &str = "/api/v1/satker/18.03/realisasi/2024/TW4";
const ANGGARAN: &str = "/api/v1/satker/18.03/anggaran/2024";

#[tokio::test]
async fn an_unchanged_round_trip_stores_nothing() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    for path in [PK, TW4, ANGGARAN] {
        let before = app.json_of(&op, path).await;
        let bytes = app.unduh(&op, path).await;
        let (status, body) = app.unggah(&op, path, bytes).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body["berubah"], false, "{path}: a downloaded workbook sent back is the same document");
        let after = app.json_of(&op, path).await;
        assert_eq!((after["versi"].clone(), after), (before["versi"].clone(), before), "{path}");
    }
    let riwayat = app.json_of(&op, "/api/v1/satker/18.03/riwayat").await;
    let aksi: Vec<&str> = riwayat["riwayat"].as_array().unwrap().iter().map(|r| r["aksi"].as_str().unwrap()).collect();
    assert_eq!(
        aksi,
        ["anggaran.simpan", "realisasi.simpan", "pk.rincian", "pk.simpan"],
        "only the three JSON writes are in the audit trail (the PK's particulars on a row of their own)"
    );
}

#[tokio::test]
async fn an_edited_anggaran_is_stored_to_the_rupiah() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = isi_seed(&app, &op).await;
    let mut sheets = baca(&app.unduh(&op, ANGGARAN).await);
    let grid = lembar(&mut sheets, "Anggaran");
    let h = kepala(grid, "Kode program");
    let satu = &seed["anggaran"]["baris"][0];
    // Line 1: pagu typed as Indonesian text, realisasi as a formula with its cached value.
    grid[h + 1][8] = Sel::Teks("3.000.000.000".into());
    let realisasi = satu["realisasi"].as_i64().unwrap() + 1;
    grid[h + 1][9] = Sel::Rumus(format!("{}+1", satu["realisasi"]), realisasi as f64);
    // A new line at the end whose months are filled up to March only: the rest read as Rp0.
    let baru = h + 1 + seed["anggaran"]["baris"].as_array().unwrap().len();
    let mut line = vec![Sel::Kosong; 22];
    line[0] = Sel::Teks("076.01.WA".into());
    line[1] = Sel::Teks("Dukungan Manajemen".into());
    line[4] = Sel::Angka(521211.0);
    line[5] = Sel::Angka(52.0);
    line[6] = Sel::Teks("APBN".into());
    line[7] = Sel::Teks("Belanja bahan rapat".into());
    line[8] = Sel::Teks("Rp12.500.000".into());
    line[9] = Sel::Angka(7_500_000.0);
    line[10] = Sel::Angka(2_500_000.0);
    line[11] = Sel::Teks("2.500.000".into());
    line[12] = Sel::Rumus("1000000+1500000".into(), 2_500_000.0);
    if grid.len() <= baru {
        grid.resize(baru + 1, Vec::new());
    }
    grid[baru] = line;
    // Columns moved: "Uraian" and "Sumber dana" swap places, header and cells.
    for row in grid.iter_mut().skip(h) {
        row.resize(row.len().max(24), Sel::Kosong);
        row.swap(6, 7);
    }
    // Another sheet put in front, and the title merged across the top.
    sheets.insert(0, ("Catatan".into(), vec![vec![Sel::Teks("catatan pribadi perencana".into())]]));
    let bytes = tulis(&sheets, &[("Anggaran", 0, 0, 0, 5)]);

    let (status, body) = app.unggah(&op, ANGGARAN, bytes).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["berubah"], true);
    let stored = app.json_of(&op, ANGGARAN).await;
    let baris = stored["baris"].as_array().unwrap();
    assert_eq!(baris.len(), seed["anggaran"]["baris"].as_array().unwrap().len() + 1);
    assert_eq!(baris[0]["pagu"], 3_000_000_000_i64);
    assert_eq!(baris[0]["realisasi"], realisasi);
    let last = baris.last().unwrap();
    assert_eq!(
        (&last["akun"], &last["jenis_belanja"], &last["sumber_dana"], &last["uraian"]),
        (&json!("521211"), &json!("52"), &json!("APBN"), &json!("Belanja bahan rapat"))
    );
    assert_eq!(last["pagu"], 12_500_000);
    let mut months = vec![json!(2_500_000); 3];
    months.extend(vec![json!(0); 9]);
    assert_eq!(last["realisasi_bulanan"], Value::Array(months));
    let pagu: i64 =
        seed["anggaran"]["baris"].as_array().unwrap().iter().skip(1).map(|b| b["pagu"].as_i64().unwrap()).sum();
    assert_eq!(stored["total"]["pagu"], pagu + 3_000_000_000 + 12_500_000, "the total to the rupiah");
}

#[tokio::test]
async fn errors_name_the_cell_and_store_nothing() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;

    let mut sheets = baca(&app.unduh(&op, ANGGARAN).await);
    let grid = lembar(&mut sheets, "Anggaran");
    let h = kepala(grid, "Kode program");
    grid[h + 2][8] = Sel::Teks("dua juta".into());
    grid[h + 3][5] = Sel::Angka(59.0);
    let before = app.json_of(&op, ANGGARAN).await;
    let (status, body) = app.unggah(&op, ANGGARAN, tulis(&sheets, &[])).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_array().unwrap();
    let sel = |field: &str| errors.iter().find(|e| e["field"] == field).map(|e| e["sel"].clone());
    assert_eq!(sel("baris[1].pagu"), Some(json!(format!("Anggaran!I{}", h + 3))), "{body}");
    assert_eq!(sel("baris[2].jenis_belanja"), Some(json!(format!("Anggaran!F{}", h + 4))), "{body}");
    assert_eq!(app.json_of(&op, ANGGARAN).await, before, "nothing stored");

    // The realisasi: a value the indicator cannot read, and a row whose months do not apply.
    let mut sheets = baca(&app.unduh(&op, TW4).await);
    let grid = lembar(&mut sheets, "Realisasi");
    let h = kepala(grid, "Kode");
    assert_eq!(teks(&grid[h + 1][0]), "SS1");
    grid[h + 1][4] = Sel::Teks("seratus".into());
    let (status, body) = app.unggah(&op, TW4, tulis(&sheets, &[])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "indikator[0].realisasi", "{body}");
    assert_eq!(body["errors"][0]["sel"], format!("Realisasi!E{}", h + 2), "{body}");

    // A workbook of another triwulan sent to this one.
    let bytes = app.unduh(&op, "/api/v1/satker/18.03/realisasi/2024/TW3").await;
    let (status, body) = app.unggah(&op, TW4, bytes).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "triwulan", "{body}");
}

#[tokio::test]
async fn a_stale_workbook_is_refused_and_dry_run_stores_nothing() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    // A template downloaded before anything was stored; then somebody stores the anggaran.
    let template = app.unduh(&op, ANGGARAN).await;
    let res = app.put_as(&op, ANGGARAN, &seed["anggaran"], None).await;
    assert_eq!(res.status(), 200);
    let (status, body) = app.unggah(&op, ANGGARAN, template).await;
    assert_eq!((status, body["code"].as_str()), (412, Some("versi_berubah")), "{body}");
    // The same over JSON: `If-None-Match: *` creates only.
    let res = app
        .client
        .put(format!("{}{ANGGARAN}", app.address))
        .bearer_auth(&op)
        .header("if-none-match", "*")
        .json(&seed["anggaran"])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412);

    let old = app.unduh(&op, ANGGARAN).await;
    let mut changed = seed["anggaran"].clone();
    changed["baris"][0]["pagu"] = json!(1_000);
    assert_eq!(app.put_as(&op, ANGGARAN, &changed, None).await.status(), 200);
    let (status, body) = app.unggah(&op, ANGGARAN, old.clone()).await;
    assert_eq!((status, body["code"].as_str()), (412, Some("versi_berubah")), "{body}");

    let now = app.unduh(&op, ANGGARAN).await;
    let mut sheets = baca(&now);
    let grid = lembar(&mut sheets, "Anggaran");
    let h = kepala(grid, "Kode program");
    grid[h + 1][8] = Sel::Angka(2_000.0);
    let before = app.json_of(&op, ANGGARAN).await;
    let res = app
        .client
        .put(format!("{}{ANGGARAN}?dry_run=true", app.address))
        .bearer_auth(&op)
        .header("content-type", XLSX)
        .body(tulis(&sheets, &[]))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!((body["dry_run"].as_bool(), body["baris"][0]["pagu"].as_i64()), (Some(true), Some(2_000)), "{body}");
    assert_eq!(app.json_of(&op, ANGGARAN).await, before, "a dry run stores nothing");
}

#[tokio::test]
async fn a_realisasi_template_lists_the_pk_and_fills_the_report() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    let res = app.get_as(&op, "/api/v1/satker/18.03/realisasi/2024/TW1?format=xlsx").await;
    assert_eq!(res.status(), 409, "no PK, no realisasi template");
    assert_eq!(app.put_as(&op, PK, &seed["pk"], None).await.status(), 200);
    let path = "/api/v1/satker/18.03/realisasi/2024/TW1";
    let mut sheets = baca(&app.unduh(&op, path).await);
    let grid = lembar(&mut sheets, "Realisasi");
    let h = kepala(grid, "Kode");
    let kode: Vec<String> = grid[h + 1..].iter().map(|r| teks(&r[0])).filter(|k| !k.is_empty()).collect();
    let pk: Vec<&str> =
        seed["pk"]["indikator"].as_array().unwrap().iter().map(|i| i["kode"].as_str().unwrap()).collect();
    assert_eq!(kode, pk, "every indicator of the PK, in its order");
    grid[h + 1][4] = Sel::Teks("87,5%".into());
    grid[h + 1][6] = Sel::Teks("diisi dari Excel".into());
    grid[h + 3][4] = Sel::Teks("BB (70,65)".into());
    let (status, body) = app.unggah(&op, path, tulis(&sheets, &[])).await;
    assert_eq!(status, 200, "{body}");
    let stored = app.json_of(&op, path).await;
    let ind = stored["indikator"].as_array().unwrap();
    assert_eq!(ind.len(), 2, "only the rows filled are reported: {stored}");
    assert_eq!((&ind[0]["kode"], &ind[0]["catatan"]), (&json!("SS1"), &json!("diisi dari Excel")));
    assert_eq!(ind[1]["kode"], "SS3");
}

/// A zip with the given parts, compressed.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(*name, opts).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The parts of a workbook, with `extra` added.
fn with_part(bytes: &[u8], extra: (&str, &[u8])) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        parts.push((f.name().unwrap().to_string(), b));
    }
    parts.push((extra.0.to_string(), extra.1.to_vec()));
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_of(&refs)
}

#[tokio::test]
async fn hostile_files_are_refused_with_the_right_status() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = isi_seed(&app, &op).await;
    let good = app.unduh(&op, ANGGARAN).await;
    let before = app.json_of(&op, ANGGARAN).await;

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let mut encrypted = ole.clone();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    // 70 MB of one byte, a few hundred kB packed: the sheet of a zip bomb.
    let bomb_sheet = vec![b'0'; 70 * 1024 * 1024];
    let bomb = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/worksheets/sheet1.xml", &bomb_sheet)]);
    drop(bomb_sheet);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("CSV", b"program_kode;pagu\n076.01.WA;1000\n".to_vec(), 400, "xlsx_tidak_terbaca"),
        ("a truncated workbook", good[..good.len() / 2].to_vec(), 400, "xlsx_tidak_terbaca"),
        ("old .xls", ole, 415, "xlsx_format_lama"),
        ("encrypted", encrypted, 415, "xlsx_terenkripsi"),
        ("macro-enabled", with_part(&good, ("xl/vbaProject.bin", b"\x00VBA")), 415, "xlsx_bermakro"),
        ("zip bomb", bomb, 413, "xlsx_terlalu_besar"),
        ("larger than 8 MiB", vec![b'P'; 9 * 1024 * 1024], 413, "xlsx_terlalu_besar"),
    ];
    for (what, bytes, status, code) in cases {
        let (s, body) = app.unggah(&op, ANGGARAN, bytes).await;
        assert_eq!((s, body["code"].as_str()), (status, Some(code)), "{what}: {body}");
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{what}: {body}");
    }

    // More rows than the JSON API takes.
    let mut sheets = baca(&app.unduh(&op, PK).await);
    let grid = lembar(&mut sheets, "PK");
    let h = kepala(grid, "Kode");
    grid.truncate(h + 1);
    for i in 0..501 {
        let mut r = vec![Sel::Kosong; 16];
        r[0] = Sel::Teks(format!("X{i}"));
        r[1] = Sel::Teks("Indikator".into());
        r[5] = Sel::Teks("persen".into());
        r[10] = Sel::Angka(90.0);
        grid.push(r);
    }
    let (s, body) = app.unggah(&op, PK, tulis(&sheets, &[])).await;
    assert_eq!(s, 422, "{body}");
    assert!(body["errors"][0]["pesan"].as_str().unwrap().contains("500"), "{body}");
    // A workbook without the document's sheet; a workbook declared as JSON.
    let other = tulis(&[("Lembar1".into(), vec![vec![Sel::Teks("x".into())]])], &[]);
    let (s, body) = app.unggah(&op, ANGGARAN, other).await;
    assert_eq!((s, body["errors"][0]["field"].as_str()), (422, Some("body")), "{body}");
    let res =
        app.client.put(format!("{}{ANGGARAN}", app.address)).bearer_auth(&op).body(good.clone()).send().await.unwrap();
    assert_eq!(res.status(), 415);

    assert_eq!(app.json_of(&op, ANGGARAN).await, before, "nothing stored by any of them");
    assert_eq!(
        app.json_of(&op, PK).await["indikator"].as_array().unwrap().len(),
        seed["pk"]["indikator"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn another_satker_can_neither_download_nor_upload() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let good = app.unduh(&op, ANGGARAN).await;
    let tw = app.unduh(&op, TW4).await;
    let lain = app.token("18.01", "operator").await;
    for path in [PK, TW4, ANGGARAN] {
        let res = app.get_as(&lain, &format!("{path}?format=xlsx")).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let before = app.json_of(&op, ANGGARAN).await;
    let (s, _) = app.unggah(&lain, ANGGARAN, good).await;
    assert_eq!(s, 404);
    let (s, _) = app.unggah(&lain, TW4, tw).await;
    assert_eq!(s, 404);
    // Its own address with the other satker's workbook: refused by the header block.
    let (s, body) = app.unggah(&lain, "/api/v1/satker/18.01/anggaran/2024", app.unduh(&op, ANGGARAN).await).await;
    assert_eq!((s, body["errors"][0]["field"].as_str()), (422, Some("satker")), "{body}");
    assert_eq!(app.json_of(&op, ANGGARAN).await, before);
}

/// Runs `kinerja xlsx …` off the test's runtime, so that the server it talks to keeps serving.
async fn kinerja_xlsx(args: Vec<String>, token: &str) -> std::process::Output {
    let token = token.to_string();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::helpers::run_cli(&args, &[("KINERJA_TOKEN", &token)])
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_cli_downloads_and_uploads_a_folder_of_workbooks() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = seed001();
    assert_eq!(app.put_as(&op, ANGGARAN, &seed["anggaran"], None).await.status(), 200);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap().to_string();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let out = kinerja_xlsx(
        s(&[
            "xlsx",
            "unduh",
            "anggaran",
            "--satker",
            "18.03,18.04",
            "--tahun",
            "2024",
            "--folder",
            &folder,
            "--server",
            &app.address,
        ]),
        &op,
    )
    .await;
    let text = crate::helpers::stdout(&out);
    assert!(!out.status.success(), "18.04 is not this operator's: {text}");
    assert!(text.contains("GAGAL\t/api/v1/satker/18.04/anggaran/2024\t404"), "{text}");
    let a = dir.path().join("anggaran-18.03-2024.xlsx");
    assert!(a.exists() && !dir.path().join("anggaran-18.04-2024.xlsx").exists(), "{text}");
    let out = kinerja_xlsx(
        s(&[
            "xlsx",
            "unduh",
            "pk",
            "--satker",
            "18.03",
            "--tahun",
            "2024",
            "--folder",
            &folder,
            "--server",
            &app.address,
        ]),
        &op,
    )
    .await;
    assert!(out.status.success(), "{}{}", crate::helpers::stdout(&out), crate::helpers::stderr(&out));
    let b = dir.path().join("pk-18.03-2024.xlsx");

    // The PK template gets one indicator; the anggaran a pagu that is not a number.
    let mut sheets = baca(&std::fs::read(&b).unwrap());
    let grid = lembar(&mut sheets, "PK");
    let h = kepala(grid, "Kode");
    grid.truncate(h + 1);
    let mut row = vec![Sel::Kosong; 16];
    row[0] = Sel::Teks("IKU1".into());
    row[1] = Sel::Teks("Persentase laporan tepat waktu".into());
    row[5] = Sel::Teks("persen".into());
    row[10] = Sel::Angka(95.0);
    grid.push(row);
    std::fs::write(&b, tulis(&sheets, &[])).unwrap();
    let mut sheets = baca(&std::fs::read(&a).unwrap());
    let grid = lembar(&mut sheets, "Anggaran");
    let h = kepala(grid, "Kode program");
    grid[h + 1][8] = Sel::Teks("satu miliar".into());
    std::fs::write(&a, tulis(&sheets, &[])).unwrap();

    let files = s(&["xlsx", "unggah", a.to_str().unwrap(), b.to_str().unwrap(), "--server", &app.address]);
    let out = kinerja_xlsx(files, &op).await;
    let text = crate::helpers::stdout(&out);
    assert!(!out.status.success(), "one file was refused: {text}");
    assert!(text.contains(&format!("GAGAL\t{}", a.display())), "{text}");
    assert!(text.contains(&format!("Anggaran!I{}\tbaris[0].pagu", h + 2)), "the cell of the error: {text}");
    assert!(text.contains("/api/v1/satker/18.03/pk/2024\tversi 1\tdisimpan"), "{text}");
    let pk = app.json_of(&op, PK).await;
    assert_eq!(
        (pk["indikator"][0]["kode"].as_str(), pk["indikator"][0]["target"].as_str()),
        (Some("IKU1"), Some("95%"))
    );
    assert_eq!(app.json_of(&op, ANGGARAN).await["versi"], 1, "the refused file stored nothing");

    // Another kabupaten's operator cannot upload 18.03's workbook with the CLI either.
    let lain = app.token("18.01", "operator").await;
    let out = kinerja_xlsx(s(&["xlsx", "unggah", b.to_str().unwrap(), "--server", &app.address]), &lain).await;
    assert!(!out.status.success());
    assert!(crate::helpers::stdout(&out).contains("404"), "{}", crate::helpers::stdout(&out));
}

/// The realisasi workbook lists the PK's indicators in the PK's order, reported or not (SS2 is
/// unreported in seed 001 and stands between SS1 and SS3); a report sent in another row order
/// and then as that workbook is the same report.
#[tokio::test]
async fn the_realisasi_workbook_follows_the_pks_order() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    let seed = isi_seed(&app, &op).await;
    // The same report again, its rows reversed: nothing new.
    let mut terbalik = seed["realisasi"]["TW4"].clone();
    terbalik["indikator"].as_array_mut().unwrap().reverse();
    let res = app.put_as(&op, TW4, &terbalik, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["berubah"], false, "another row order is the same report");

    let bytes = app.unduh(&op, TW4).await;
    let sheets = baca(&bytes);
    let (_, grid) = sheets.iter().find(|(n, _)| n == "Realisasi").unwrap();
    let kode: Vec<String> = grid
        .iter()
        .filter_map(|r| match r.first() {
            Some(Sel::Teks(t)) if t.starts_with("SS") => Some(t.clone()),
            _ => None,
        })
        .collect();
    let pk: Vec<String> =
        seed["pk"]["indikator"].as_array().unwrap().iter().map(|i| i["kode"].as_str().unwrap().to_string()).collect();
    assert_eq!(kode, pk, "the PK's order, reported or not");
    let (status, body) = app.unggah(&op, TW4, bytes).await;
    assert_eq!((status, body["berubah"].as_bool()), (200, Some(false)), "{body}");
}

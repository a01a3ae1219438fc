//! The Laporan Kinerja generated from seed 001 as stored through the API: the figures of its
//! tables exactly, in Indonesian format, where the source was inconsistent the engine's
//! figure and a temuan; the same content as JSON, as a Word document (read back from its XML
//! tables, not by a string search) and as a printable page; other tenants refused.

use std::io::{Cursor, Read};

use serde_json::Value;

use crate::buku::isi_seed;
use crate::helpers::spawn_app;

const LKJ: &str = "/api/v1/satker/18.03/lkj/2024";

/// The text of each cell of each table of a .docx, read from its XML.
fn tabel_docx(bytes: &[u8]) -> Vec<Vec<Vec<String>>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a docx is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let potong = |s: &str, buka: &str, tutup: &str| -> Vec<String> {
        s.split(buka).skip(1).map(|p| p.split(tutup).next().unwrap_or("").to_string()).collect()
    };
    potong(&xml, "<w:tbl>", "</w:tbl>")
        .iter()
        .map(|t| {
            potong(t, "<w:tr>", "</w:tr>")
                .iter()
                .map(|r| {
                    potong(r, "<w:tc>", "</w:tc>")
                        .iter()
                        .map(|c| potong(c, "<w:t xml:space=\"preserve\">", "</w:t>").join(""))
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_lkj_of_seed_001_shows_its_figures_exactly_in_every_form() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;

    let json: Value = app.get_as(&op, LKJ).await.json().await.unwrap();
    assert_eq!(json["realisasi"]["triwulan"], "TW4");
    assert_eq!(json["anggaran"]["total"]["pagu"], 77_452_486_000_i64);
    assert_eq!(json["realisasi"]["ringkasan"]["kategori"], "Sangat Baik", "the bands, not the source's 'Baik'");
    let temuan: Vec<&str> = json["temuan"].as_array().unwrap().iter().map(|t| t["kode"].as_str().unwrap()).collect();
    assert!(!temuan.is_empty(), "the engine's findings on seed 001 are listed");

    let res = app.get_as(&op, &format!("{LKJ}?format=docx")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let bytes = res.bytes().await.unwrap();
    let tables = tabel_docx(&bytes);
    let t5 = tables.iter().find(|t| t[0].len() == 7 && t[0][6] == "Kategori").expect("Tabel 5");
    let ss3 = t5.iter().find(|r| r[2].starts_with("SS3 ")).expect("SS3 measured");
    assert_eq!(
        (ss3[3].as_str(), ss3[4].as_str(), ss3[5].as_str()),
        ("B", "BB (70,65)", "117,75%"),
        "not the source's 88%"
    );
    let rata = t5.last().unwrap();
    assert_eq!(rata[6], "Sangat Baik");
    let program = tables.iter().find(|t| t[0][0] == "Program").expect("budget per program");
    let dm = program.iter().find(|r| r[0].contains("Dukungan Manajemen")).unwrap();
    assert_eq!(&dm[1..], ["3.174.505.000", "3.171.335.436", "3.169.564", "99,90%"]);
    assert_eq!(&program.last().unwrap()[1..], ["77.452.486.000", "77.319.385.462", "133.100.538", "99,83%"]);
    let jenis = tables.iter().find(|t| t[0][0] == "Jenis belanja").expect("budget per jenis belanja");
    let modal = jenis.iter().find(|r| r[0].starts_with("53")).unwrap();
    assert_eq!(&modal[1..], ["989.248.000", "989.247.166", "834", "100,00%"]);
    let t3 =
        tables.iter().find(|t| t[0] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"]).expect("Tabel 3");
    assert_eq!(t3.len(), 33, "32 indicators and the header");
    assert!(t3.iter().any(|r| r[2].starts_with("SS11 ") && r[4] == "12 kali"), "{t3:?}");
    let verifikasi = tables.iter().find(|t| t[0][0] == "Kode" && t[0][3] == "Temuan").expect("temuan listed");
    assert_eq!(verifikasi.len() - 1, temuan.len());
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    for t in xml.split("<w:tbl>").skip(1).map(|t| t.split("</w:tbl>").next().unwrap()) {
        // A data table (its header shaded) repeats its header row; a signature block has none.
        let data = t.contains("w:fill=\"D9E1F2\"") || t.contains("w:fill=\"E7E6E6\"");
        assert_eq!(t.contains("<w:tblHeader />"), data, "{}", &t[..t.len().min(300)]);
    }
    // Laid out for paper: every table has column widths; Tabel 5, 26 rows of long sasaran and
    // indicators, lies on landscape pages, its columns across the landscape text width.
    assert_eq!(xml.matches("<w:tblGrid>").count(), xml.matches("<w:tbl>").count());
    let t5_xml = xml.split("<w:tbl>").find(|t| t.contains("Capaian rata-rata")).unwrap();
    let grid: usize =
        t5_xml.split("<w:gridCol w:w=\"").skip(1).map(|g| g.split('"').next().unwrap().parse::<usize>().unwrap()).sum();
    assert!((14_200..=14_286).contains(&grid), "Tabel 5 across a landscape page: {grid}");
    let t5_di = xml.find(t5_xml).unwrap();
    let (sebelum_t5, sesudah_t5) = xml.split_at(t5_di);
    assert!(sebelum_t5.rfind("<w:sectPr").map(|i| !sebelum_t5[i..].contains("landscape")).unwrap_or(false));
    assert!(sesudah_t5.split("</w:sectPr>").next().unwrap().contains("w:orient=\"landscape\""), "Tabel 5's section");
    assert_eq!(xml.matches("<w:titlePg />").count(), 1, "only the cover goes without a page number");
    // The Daftar Isi: one entry per heading, its page a PAGEREF to the heading's bookmark that
    // Word updates on opening (and LibreOffice lays out itself); no TOC field code left raw.
    let judul = xml.matches("w:name=\"_Toc_").count();
    assert!(judul >= 9, "{judul} headings bookmarked");
    assert_eq!(xml.matches("PAGEREF _Toc_").count(), judul);
    assert!(!xml.contains("TOC \\o"), "no TOC field whose cached entries LibreOffice would print as they are");
    let mut settings = String::new();
    z.by_name("word/settings.xml").unwrap().read_to_string(&mut settings).unwrap();
    assert!(settings.contains("<w:updateFields w:val=\"true\" />"), "{settings}");
    let teks_docx: String = tables.iter().flatten().flatten().cloned().collect::<Vec<_>>().join(" ");
    crate::helpers::paling_dua_desimal(&teks_docx);
    crate::helpers::paling_dua_desimal(&xml);
    // The parts a signed report has: Kata Pengantar signed where the PK was, the PK annexed.
    for s in [
        "KATA PENGANTAR",
        "DAFTAR ISI",
        "LAMPIRAN: PERJANJIAN KINERJA TAHUN 2024",
        "PIHAK PERTAMA",
        "CATATAN VERIFIKASI",
    ] {
        assert!(xml.to_uppercase().contains(s), "{s}");
    }
    let mut kaki = String::new();
    z.by_name("word/footer1.xml").unwrap().read_to_string(&mut kaki).unwrap();
    assert!(kaki.contains("Lampung Utara Tahun 2024") && kaki.contains("PAGE"), "{kaki}");

    let res = app
        .client
        .get(format!("{}{LKJ}", app.address))
        .bearer_auth(&op)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    for s in ["77.452.486.000", "77.319.385.462", "99,83%", "117,75%", "@page", "counter(page)"] {
        assert!(html.contains(s), "{s} in the page");
    }
    assert!(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("url("), "no external asset");
    assert!(!html.contains("<script"), "no script");
    assert!(!html.contains("APBN APBN"), "a sumber dana named by its code is written once");
    assert!(!html.contains("versi pk"), "no technical stamp on the cover of a document to sign");
    // Lampung Utara reports no monthly breakdown, so there is no Tabel 11 of the curve: the
    // tables after it are numbered on, none skipped.
    let nomor: Vec<usize> = html
        .match_indices("Tabel ")
        .filter_map(|(i, _)| html[i + 6..].split_once(". ").and_then(|(n, _)| n.parse().ok()))
        .collect();
    let mut urut = nomor.clone();
    urut.dedup();
    assert_eq!(urut, (1..=urut.len()).collect::<Vec<_>>(), "{nomor:?}");
    crate::helpers::paling_dua_desimal(&html);
    assert!(html.contains("(status: ") && html.contains("CATATAN VERIFIKASI"), "the reviewer's version");
    assert!(html.contains("<col style=\"width:") && html.contains("class=\"lanskap\""), "widths, landscape pages");

    // The version to submit: nothing of the workflow in it, in either form.
    let serah = app.get_as(&op, &format!("{LKJ}?format=html&untuk=serah")).await.text().await.unwrap();
    assert!(!serah.contains("CATATAN VERIFIKASI") && !serah.contains("(status: "), "nothing of the workflow");
    assert!(serah.contains("KATA PENGANTAR") && serah.contains("117,75%"));
    let res = app.get_as(&op, &format!("{LKJ}?format=docx&untuk=serah")).await;
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("lkj-18.03-2024-serah.docx"));
    let bytes = res.bytes().await.unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(!xml.contains("CATATAN VERIFIKASI") && !xml.contains("(status: ") && xml.contains("BAB IV PENUTUP"));
    let salah = app.get_as(&op, &format!("{LKJ}?format=html&untuk=semua")).await;
    assert_eq!(salah.status(), 422);
    let p: Value = salah.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "untuk", "{p}");
}

#[tokio::test]
async fn another_kabupaten_cannot_read_the_lkj() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let lain = app.token("18.01", "operator").await;
    for f in ["json", "docx", "html"] {
        let res = app.get_as(&lain, &format!("{LKJ}?format={f}")).await;
        assert_eq!(res.status(), 404, "{f}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    let provinsi = app.token("18", "analis").await;
    assert_eq!(app.get_as(&provinsi, LKJ).await.status(), 200, "the provinsi above it reads it");
    let lain_provinsi = app.token("17", "analis").await;
    assert_eq!(app.get_as(&lain_provinsi, LKJ).await.status(), 404);
}

#[tokio::test]
async fn the_satkers_own_chapters_are_versioned_audited_and_in_the_report() {
    let app = spawn_app().await;
    let op = app.token("18.03", "operator").await;
    isi_seed(&app, &op).await;
    let path = format!("{LKJ}/narasi");
    let kosong: Value = app.get_as(&op, &path).await.json().await.unwrap();
    assert_eq!((kosong["versi"].as_i64(), kosong["pendahuluan"].is_null()), (Some(0), true));

    let body = serde_json::json!({
        "pendahuluan": "KPU Kabupaten Lampung Utara menyelenggarakan Pemilu 2024.\n\n- tugas satu\n- tugas dua",
        "penutup": "Capaian kinerja 2024 sangat baik."
    });
    let res = app.put_as(&op, &path, &body, Some("\"v0\"")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"v1\"");
    let again: Value = app.put_as(&op, &path, &body, None).await.json().await.unwrap();
    assert_eq!((again["berubah"].as_bool(), again["versi"].as_i64()), (Some(false), Some(1)));
    let stale = app.put_as(&op, &path, &serde_json::json!({"penutup": "lain"}), Some("\"v0\"")).await;
    assert_eq!(stale.status(), 412);
    let wrong = app.put_as(&op, &path, &serde_json::json!({"bab_v": "x"}), None).await;
    assert_eq!(wrong.status(), 422);
    let riwayat: Value = app.get_as(&op, "/api/v1/satker/18.03/riwayat").await.json().await.unwrap();
    assert!(riwayat.to_string().contains("narasi_lkj.simpan"), "audited: {riwayat}");

    let lkj: Value = app.get_as(&op, LKJ).await.json().await.unwrap();
    assert!(lkj["versi"].as_str().unwrap().ends_with(".n1"), "{}", lkj["versi"]);
    let bytes = app.get_as(&op, &format!("{LKJ}?format=docx")).await.bytes().await.unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let bab1 = xml.rfind("BAB I PENDAHULUAN").unwrap();
    let teks = xml.find("menyelenggarakan Pemilu 2024").expect("the chapter's text");
    assert!(teks > bab1 && teks < xml.rfind("BAB II PERENCANAAN").unwrap(), "under Bab I");
    assert!(xml.contains("• tugas dua") && xml.contains("Capaian kinerja 2024 sangat baik."));
    assert!(!xml.contains("[Diisi satker: latar belakang"), "no placeholder once written");
    // Nobody said who signs, or where: the PK's pihak pertama, and a dotted date to fill in.
    assert!(xml.contains("SEKRETARIS KOMISI PEMILIHAN UMUM") && xml.contains("…………… 2025"), "signed as the PK is");

    // The parts that make it a document to sign, all or nothing.
    let mut lengkap = body.clone();
    lengkap["kata_pengantar"] = "Puji syukur atas tersusunnya Laporan Kinerja ini.".into();
    lengkap["perencanaan"] = "Visi KPU: menjadi penyelenggara Pemilu yang mandiri.".into();
    lengkap["tempat"] = "Kotabumi".into();
    lengkap["tanggal"] = "2025-01-31".into();
    lengkap["penandatangan"] = serde_json::json!([
        {"jabatan": "Sekretaris KPU Kabupaten Lampung Utara", "nama": "Horizen", "nip": "19790101 200501 1 001"}
    ]);
    let mut salah = lengkap.clone();
    salah["penandatangan"][0]["nip"] = "123".into();
    salah["tanggal"] = "31 Januari 2025".into();
    let res = app.put_as(&op, &path, &salah, None).await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["tanggal", "penandatangan[0].nip"], "{p}");
    assert_eq!(app.get_as(&op, &path).await.json::<Value>().await.unwrap()["versi"], 1, "nothing stored");
    let res = app.put_as(&op, &path, &lengkap, Some("\"v1\"")).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["penandatangan"][0]["nip"], "197901012005011001");
    assert_eq!((v["tanggal"].as_str(), v["tempat"].as_str()), (Some("2025-01-31"), Some("Kotabumi")));
    let html = app.get_as(&op, &format!("{LKJ}?format=html&untuk=serah")).await.text().await.unwrap();
    let pengantar = html.find("Puji syukur").expect("the Kata Pengantar");
    let ttd = html.find("Kotabumi, 31 Januari 2025").expect("place and date");
    assert!(pengantar < ttd && ttd < html.find("Horizen").unwrap() && ttd < html.find("BAB I PENDAHULUAN").unwrap());
    assert!(html.contains("NIP. 197901012005011001"));
    let bab2 = html.find("BAB II PERENCANAAN KINERJA</h1>").unwrap();
    assert!(html[bab2..].starts_with("BAB II PERENCANAAN KINERJA</h1><p>Visi KPU"), "Bab II in the satker's words");

    let lain = app.token("18.01", "operator").await;
    assert_eq!(app.get_as(&lain, &path).await.status(), 404);
    assert_eq!(app.put_as(&lain, &path, &body, None).await.status(), 404);
    let verifikator = app.token("18", "verifikator").await;
    assert_eq!(app.put_as(&verifikator, &path, &body, None).await.status(), 403, "the satker's operator writes it");
}

#[tokio::test]
async fn a_provinsi_lkj_annexes_every_satker_below_it_as_the_recap_does() {
    let app = spawn_app().await;
    crate::ringkasan::load(&app).await;
    let analis = app.token("18", "analis").await;
    let path = "/api/v1/provinsi/18/lkj/2024";
    let json: Value = app.get_as(&analis, path).await.json().await.unwrap();
    let rekap: Value = app.get_as(&analis, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.json().await.unwrap();
    let lampiran = json["lampiran"].as_array().unwrap();
    assert_eq!(lampiran.len(), rekap["satker"].as_array().unwrap().len());
    for (l, r) in lampiran.iter().zip(rekap["satker"].as_array().unwrap()) {
        assert_eq!(
            (&l["kode"], &l["capaian_rata_rata"], &l["anggaran"]),
            (&r["kode"], &r["capaian_rata_rata"], &r["anggaran"])
        );
    }
    assert_eq!(json["satker"], "18", "the provinsi's own report comes first");

    let bytes = app.get_as(&analis, &format!("{path}?format=docx")).await.bytes().await.unwrap();
    let tables = tabel_docx(&bytes);
    let annex = tables.iter().find(|t| t[0][0] == "Kode" && t[0].len() == 12).expect("the annex table");
    assert_eq!(annex.len(), lampiran.len() + 2, "header, a row per satker, the total");
    let lampura = annex.iter().find(|r| r[0] == "18.03").unwrap();
    assert_eq!(
        (lampura[6].as_str(), lampura[7].as_str(), lampura[8].as_str()),
        ("77.452.486.000", "77.319.385.462", "99,83%")
    );
    let total = annex.last().unwrap();
    assert_eq!(total[6], api::lkj::rupiah(rekap["anggaran"]["pagu"].as_i64().unwrap()));
    let temuan: i64 = lampiran.iter().map(|l| l["temuan"].as_i64().unwrap()).sum();
    assert!(temuan > 0 && total[11] == temuan.to_string(), "temuan counted: {total:?}");

    // The monthly curve says what it is drawn against: the pagu of the lines with months, as a
    // share of the subtree's whole pagu, which is the recap's.
    assert_eq!(json["pagu_seluruh"], rekap["anggaran"]["pagu"]);
    let bulanan = json["bulanan"].as_array().unwrap();
    if bulanan.iter().any(|b| b["realisasi"].as_i64() != Some(0)) {
        let html = app.get_as(&analis, &format!("{path}?format=html")).await.text().await.unwrap();
        let pagu_kurva = api::lkj::rupiah(bulanan[0]["pagu"].as_i64().unwrap());
        assert!(html.contains("Kurva dihitung atas") && html.contains(&pagu_kurva), "{pagu_kurva}");
        crate::helpers::paling_dua_desimal(&html);
    }

    let ri = app.token("00", "analis").await;
    let nasional: Value = app.get_as(&ri, "/api/v1/provinsi/00/lkj/2024").await.json().await.unwrap();
    let l18 =
        nasional["lampiran"].as_array().unwrap().iter().find(|l| l["kode"] == "18").expect("Lampung's row").clone();
    assert_eq!(l18["anggaran"], rekap["anggaran"], "a provinsi's row is its whole subtree");
    assert_eq!(l18["temuan"].as_i64(), Some(temuan));

    assert_eq!(app.get_as(&app.token("17", "analis").await, path).await.status(), 404);
    let op = app.token("18.03", "operator").await;
    let seperti_rekap = app.get_as(&op, "/api/v1/provinsi/18/ringkasan?tahun=2024").await.status();
    assert!(seperti_rekap.is_client_error());
    assert_eq!(app.get_as(&op, path).await.status(), seperti_rekap, "refused as the recap is");
    assert_eq!(app.get_as(&analis, "/api/v1/provinsi/18.03/lkj/2024").await.status(), 404, "not a provinsi");
}

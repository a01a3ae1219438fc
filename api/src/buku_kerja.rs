//! `kinerja xlsx`: the workbook cycle against a running server, for an officer without a
//! script. `unduh` fetches one workbook per satker; `unggah` sends each file to the document,
//! satker, year and triwulan its own header block names, so a folder of returned workbooks
//! goes up in one command. Every answer is printed a line per file, every refused cell a line
//! of its own; the exit code is 1 when any file was refused.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{Server, XlsxAction};
use crate::xlsx::MEDIA_TYPE;

pub async fn jalankan(action: XlsxAction) -> Result<(), String> {
    match action {
        XlsxAction::Unduh { dokumen, satker, tahun, triwulan, folder, server } => {
            let klien = Klien::masuk(&server).await?;
            let dokumen: &'static str = match dokumen.as_str() {
                "pk" => "pk",
                "realisasi" => "realisasi",
                "anggaran" => "anggaran",
                other => return Err(format!("dokumen '{other}' tidak dikenal: pk, realisasi atau anggaran")),
            };
            let triwulan = match (dokumen, triwulan) {
                ("realisasi", None) => return Err("realisasi memerlukan --triwulan TW1–TW4".into()),
                ("realisasi", Some(tw)) => Some(tw.to_uppercase()),
                (_, _) => None,
            };
            let mut gagal = 0;
            for kode in &satker {
                let tujuan =
                    crate::xlsx::unggah::Tujuan { dokumen, satker: kode.clone(), tahun, triwulan: triwulan.clone() };
                match klien.unduh(&tujuan, &folder).await {
                    Ok(path) => cetak(&format!("OK\t{}\t{}", tujuan.alamat(), path.display()))?,
                    Err(e) => {
                        gagal += 1;
                        cetak(&format!("GAGAL\t{}\t{e}", tujuan.alamat()))?;
                    }
                }
            }
            selesai(gagal, satker.len())
        }
        XlsxAction::Unggah { berkas, dry_run, server } => {
            let klien = Klien::masuk(&server).await?;
            let mut gagal = 0;
            for path in &berkas {
                if let Err(e) = klien.unggah(path, dry_run).await {
                    gagal += 1;
                    cetak(&format!("GAGAL\t{}\t{e}", path.display()))?;
                }
            }
            selesai(gagal, berkas.len())
        }
    }
}

fn cetak(line: &str) -> Result<(), String> {
    writeln!(std::io::stdout().lock(), "{line}").map_err(|e| e.to_string())
}

fn selesai(gagal: usize, semua: usize) -> Result<(), String> {
    if gagal == 0 { Ok(()) } else { Err(format!("{gagal} dari {semua} berkas gagal")) }
}

struct Klien {
    http: reqwest::Client,
    server: String,
    token: String,
}

impl Klien {
    /// A client with a token: the one given, or one asked for with the client's id and secret.
    async fn masuk(s: &Server) -> Result<Self, String> {
        let http = reqwest::Client::new();
        let server = s.server.trim_end_matches('/').to_string();
        let token = match (&s.token, &s.client_id, &s.client_secret) {
            (Some(t), _, _) => t.clone(),
            (None, Some(id), Some(secret)) => {
                let res = http
                    .post(format!("{server}/api/v1/auth/token"))
                    .form(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)])
                    .send()
                    .await
                    .map_err(|e| format!("server {server} tidak dapat dihubungi: {e}"))?;
                let status = res.status();
                let body: Value = res.json().await.map_err(|e| format!("jawaban token tidak terbaca: {e}"))?;
                match body["access_token"].as_str() {
                    Some(t) if status.is_success() => t.to_string(),
                    _ => return Err(format!("token ditolak ({status}): {}", pesan(&body))),
                }
            }
            _ => {
                return Err(
                    "beri --token (atau KINERJA_TOKEN), atau --client-id dan --client-secret (KINERJA_CLIENT_ID, \
                     KINERJA_CLIENT_SECRET)"
                        .into(),
                );
            }
        };
        Ok(Self { http, server, token })
    }

    async fn unduh(&self, t: &crate::xlsx::unggah::Tujuan, folder: &Path) -> Result<PathBuf, String> {
        let res = self
            .http
            .get(format!("{}{}?format=xlsx", self.server, t.alamat()))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        if !status.is_success() {
            let body: Value = res.json().await.unwrap_or(Value::Null);
            return Err(format!("{status}: {}", pesan(&body)));
        }
        let nama = match &t.triwulan {
            Some(tw) => format!("{}-{}-{}-{}.xlsx", t.dokumen, t.satker, t.tahun, tw.to_lowercase()),
            None => format!("{}-{}-{}.xlsx", t.dokumen, t.satker, t.tahun),
        };
        let bytes = res.bytes().await.map_err(|e| e.to_string())?;
        let path = folder.join(nama);
        std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    async fn unggah(&self, path: &Path, dry_run: bool) -> Result<(), String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let salinan = bytes.clone();
        let tujuan = tokio::task::spawn_blocking(move || {
            let henti = crate::xlsx::baca::Henti::dalam(std::time::Duration::from_secs(60));
            crate::xlsx::unggah::tujuan(salinan, &henti)
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.detail())?;
        let res = self
            .http
            .put(format!("{}{}?dry_run={dry_run}", self.server, tujuan.alamat()))
            .bearer_auth(&self.token)
            .header("content-type", MEDIA_TYPE)
            .body(bytes)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            let mut lines = vec![format!("{} ({status}): {}", tujuan.alamat(), pesan(&body))];
            for e in body["errors"].as_array().into_iter().flatten() {
                lines.push(format!(
                    "\t{}\t{}: {}",
                    e["sel"].as_str().unwrap_or("-"),
                    e["field"].as_str().unwrap_or_default(),
                    e["pesan"].as_str().unwrap_or_default()
                ));
            }
            return Err(lines.join("\n"));
        }
        let hasil = match (body["dry_run"].as_bool(), body["berubah"].as_bool()) {
            (Some(true), _) => "diperiksa, tidak disimpan (dry run)",
            (_, Some(true)) => "disimpan",
            _ => "tidak berubah",
        };
        cetak(&format!("OK\t{}\t{}\tversi {}\t{hasil}", path.display(), tujuan.alamat(), body["versi"]))
    }
}

/// The human message of a problem answer.
fn pesan(body: &Value) -> String {
    body["detail"]
        .as_str()
        .or_else(|| body["error_description"].as_str())
        .unwrap_or("jawaban tanpa keterangan")
        .to_string()
}

//! The change feed: what changed in the caller's scope since a cursor, oldest first, waiting a
//! while for something new when asked to. A cursor from before the changes still kept is
//! refused with 410 `kursor_kedaluwarsa`, so a script knows to read everything again.

use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::error::{AppError, FieldError};
use crate::registry::Registry;
use crate::repo::Scope;
use crate::repo::perubahan::{self, Baris, Posisi, Saring};
use crate::view::{PerubahanView, UmpanPerubahanView};

/// The most changes one page holds, and how many when not said.
pub const BATAS_MAKS: u64 = 1000;
pub const BATAS_BAWAAN: u64 = 100;
/// The longest a read waits for something new, in seconds.
pub const TUNGGU_MAKS: u64 = 60;
/// How often a waiting read looks again.
const SELANG: Duration = Duration::from_millis(250);

/// A read of the feed, as asked.
#[derive(Default)]
pub struct Minta<'a> {
    pub setelah: Option<&'a str>,
    pub batas: Option<u64>,
    pub tunggu: Option<u64>,
    /// Change types, comma-separated.
    pub jenis: Option<&'a str>,
    /// A satker whose subtree alone is wanted.
    pub satker: Option<&'a str>,
    /// How many days changes are kept (`KINERJA_PERUBAHAN_SIMPAN_HARI`), said in a 410.
    pub simpan_hari: u64,
}

/// Where to read what a change is about now.
fn tautan(b: &Baris) -> Option<String> {
    let dasar = format!("/api/v1/satker/{}", b.satker);
    let mut bagian = b.objek.split(':');
    let jenis = bagian.next()?;
    let tahun = bagian.next();
    Some(match (jenis, tahun, b.triwulan.as_deref()) {
        ("pk" | "anggaran" | "iku", Some(t), _) => format!("{dasar}/{jenis}/{t}"),
        ("realisasi", Some(t), Some(tw)) => format!("{dasar}/realisasi/{t}/{tw}"),
        ("katalog", Some(p), _) => format!("{dasar}/katalog/{p}"),
        ("narasi_lkj", Some(t), _) => format!("{dasar}/lkj/{t}/narasi"),
        ("aturan_capaian", _, _) => format!("{dasar}/aturan-capaian"),
        ("bukti", Some(k), _) => format!("{dasar}/bukti/{k}"),
        ("periode", Some(t), _) => format!("/api/v1/periode/{t}"),
        _ => return None,
    })
}

pub(crate) fn view(b: Baris) -> PerubahanView {
    PerubahanView {
        kursor: b.posisi.teks(),
        tautan: tautan(&b),
        jenis: b.jenis,
        satker: b.satker,
        tahun: b.tahun,
        triwulan: b.triwulan,
        versi: b.versi,
        objek: b.objek,
        pelaku: b.pelaku,
        waktu: b.waktu,
    }
}

/// A change type as a filter names it: `realisasi.simpan`.
pub(crate) fn jenis_sah(j: &str) -> bool {
    let mut bagian = j.split('.');
    let ok =
        |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    ok(bagian.next()) && ok(bagian.next()) && bagian.next().is_none()
}

/// The changes after the cursor that `scope` may see.
pub async fn umpan(
    db: &DatabaseConnection,
    registry: &Registry,
    scope: &Scope,
    m: Minta<'_>,
) -> Result<UmpanPerubahanView, AppError> {
    let mut errors = Vec::new();
    let setelah = match m.setelah {
        None => Posisi::default(),
        Some(s) => Posisi::dari(s).unwrap_or_else(|| {
            errors.push(FieldError::new("setelah", "bukan kursor dari umpan ini (mis. 812-40)"));
            Posisi::default()
        }),
    };
    let batas = m.batas.unwrap_or(BATAS_BAWAAN);
    if !(1..=BATAS_MAKS).contains(&batas) {
        errors.push(FieldError::new("batas", format!("harus 1 sampai {BATAS_MAKS}")));
    }
    let tunggu = m.tunggu.unwrap_or(0);
    if tunggu > TUNGGU_MAKS {
        errors.push(FieldError::new("tunggu", format!("paling lama {TUNGGU_MAKS} detik")));
    }
    // Exactly as the schema says: names separated by commas, nothing else (an empty value is
    // no filter).
    let jenis: Vec<String> = match m.jenis {
        None | Some("") => Vec::new(),
        Some(s) => s.split(',').map(str::to_string).collect(),
    };
    if let Some(j) = jenis.iter().find(|j| !jenis_sah(j)) {
        errors.push(FieldError::new("jenis", format!("'{j}' bukan jenis perubahan (mis. realisasi.simpan)")));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // Only a subtree inside the caller's scope; any other satker is one that does not exist.
    let lingkup = match m.satker {
        None => scope.clone(),
        Some(kode) => {
            let s = registry.by_kode(kode).ok_or_else(|| AppError::satker_tidak_ditemukan(kode))?;
            scope.di_bawah(s)?
        }
    };
    let dipangkas = perubahan::dipangkas(db).await?.unwrap_or_default();
    // Without a cursor the feed starts at the oldest change kept, so the cursor it answers is
    // never one from before what was removed.
    let setelah = if m.setelah.is_none() { dipangkas } else { setelah };
    if m.setelah.is_some() && setelah < dipangkas {
        return Err(AppError::Hilang {
            kode: "kursor_kedaluwarsa",
            pesan: format!(
                "Perubahan setelah kursor {} sudah tidak disimpan (disimpan {} hari). Baca ulang seluruh data, \
                 lalu lanjutkan dari kursor umpan tanpa `setelah`.",
                setelah.teks(),
                m.simpan_hari
            ),
        });
    }
    let saring = Saring { setelah, batas, jenis: &jenis };
    let mulai = tokio::time::Instant::now();
    let rows = loop {
        let rows = perubahan::baca(&lingkup, db, &saring).await?;
        if !rows.is_empty() || mulai.elapsed() >= Duration::from_secs(tunggu) {
            break rows;
        }
        tokio::time::sleep(SELANG).await;
    };
    let lagi = u64::try_from(rows.len()).unwrap_or(u64::MAX) >= batas;
    let kursor = rows.last().map_or(setelah, |b| b.posisi).teks();
    Ok(UmpanPerubahanView { perubahan: rows.into_iter().map(view).collect(), kursor, lagi })
}

/// Removes changes older than `hari` days, at start-up and every hour after, for as long as the
/// service runs. A failure is logged and tried again at the next hour.
pub fn pangkas_berkala(db: DatabaseConnection, hari: u64) {
    tokio::spawn(async move {
        let mut jam = tokio::time::interval(Duration::from_secs(3600));
        loop {
            jam.tick().await;
            let sebelum =
                chrono::Utc::now() - chrono::Duration::days(i64::try_from(hari).unwrap_or(i64::MAX / 86_400_000));
            match perubahan::pangkas(&db, sebelum).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(dihapus = n, "perubahan lama dipangkas"),
                Err(e) => tracing::warn!(error = %e, "memangkas perubahan lama gagal"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_types_and_links() {
        assert!(jenis_sah("realisasi.simpan") && jenis_sah("narasi_lkj.simpan"));
        for salah in ["realisasi", "Realisasi.simpan", "a.b.c", "a.", ".b", "a b.c"] {
            assert!(!jenis_sah(salah), "{salah}");
        }
        let b = |objek: &str, tw: Option<&str>| Baris {
            posisi: Posisi::default(),
            waktu: chrono::Utc::now(),
            jenis: String::new(),
            satker: "18.03".into(),
            objek: objek.into(),
            tahun: None,
            triwulan: tw.map(str::to_string),
            versi: None,
            pelaku: None,
        };
        assert_eq!(
            tautan(&b("realisasi:2024:TW4", Some("TW4"))).as_deref(),
            Some("/api/v1/satker/18.03/realisasi/2024/TW4")
        );
        assert_eq!(tautan(&b("pk:2024", None)).as_deref(), Some("/api/v1/satker/18.03/pk/2024"));
        assert_eq!(tautan(&b("katalog:2025-2029", None)).as_deref(), Some("/api/v1/satker/18.03/katalog/2025-2029"));
        assert_eq!(tautan(&b("ringkasan:2024", None)), None);
    }
}

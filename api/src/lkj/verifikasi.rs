//! The Catatan Verifikasi of the reviewer's version: where each document of the year stands in
//! the workflow, and the temuan raised on the data. The version to submit has none of it.

use super::{Blok, judul, tabel, tanggal};
use crate::view::LkjView;

pub(super) fn catatan(b: &mut Vec<Blok>, v: &LkjView) {
    b.push(judul(1, "CATATAN VERIFIKASI", "verifikasi"));
    b.push(Blok::Paragraf(
        "Status setiap dokumen dalam alur verifikasi pada saat laporan ini dibuat, dan temuan pemeriksaan \
         otomatis atas data yang disampaikan. Bagian ini tidak ada pada versi untuk diserahkan (?untuk=serah)."
            .into(),
    ));
    let rows = v
        .status
        .iter()
        .map(|s| {
            vec![
                s.dokumen.clone(),
                s.status.map_or_else(|| "belum disampaikan".into(), |st| st.to_string()),
                s.versi.map(|x| x.to_string()).unwrap_or_default(),
                s.diperbarui_pada.map(tanggal).unwrap_or_default(),
                s.alasan.clone().unwrap_or_default(),
            ]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        "Tabel 12. Status Dokumen".into(),
        &["Dokumen", "Status", "Versi", "Terakhir diubah", "Alasan dikembalikan"],
        &[false, false, true, false, false],
        rows,
    )));
    if v.temuan.is_empty() {
        b.push(Blok::Paragraf("Tidak ada temuan.".into()));
        return;
    }
    let rows = v
        .temuan
        .iter()
        .map(|t| {
            vec![
                t.kode.clone(),
                t.indikator.clone().unwrap_or_default(),
                t.triwulan.map(|q| q.to_string()).unwrap_or_default(),
                t.pesan.clone(),
            ]
        })
        .collect();
    b.push(Blok::Tabel(tabel(
        "Tabel 13. Temuan".into(),
        &["Kode", "Indikator", "Triwulan", "Temuan"],
        &[false, false, false, false],
        rows,
    )));
}

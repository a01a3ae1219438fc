//! A satker's audit trail as its readers may see it. Credential ids (client ids, usernames)
//! are half of a login and a target for guessing: only admins see them, and the rows about
//! credentials themselves. Everyone else sees who acted by the credential's name and role.

use sea_orm::DatabaseConnection;

use crate::domain::akses::Peran;
use crate::error::AppError;
use crate::registry::SatkerRef;
use crate::repo::{akses, audit};
use crate::view::{JejakView, RiwayatView};

/// Whether a caller with `peran` may see credential ids.
pub fn lihat_kredensial(peran: Peran) -> bool {
    peran == Peran::Admin
}

pub async fn baca(
    db: &DatabaseConnection,
    peran: Peran,
    target: &SatkerRef,
    limit: u64,
    sebelum: Option<i64>,
) -> Result<RiwayatView, AppError> {
    let admin = lihat_kredensial(peran);
    let rows = audit::riwayat(db, target.id, limit, sebelum, admin).await?;
    let ids = |jenis: &str| {
        let mut v: Vec<String> = rows.iter().filter(|r| r.jenis_pelaku == jenis).map(|r| r.pelaku.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let nama = akses::nama(db, ids("klien"), ids("pengguna")).await?;
    let riwayat = rows
        .into_iter()
        .map(|r| {
            let pelaku_nama = nama.get(&(r.jenis_pelaku.clone(), r.pelaku.clone())).cloned();
            // The command line acts as `sistem` with a plain label, which is no credential.
            let tampak = admin || r.jenis_pelaku == "sistem";
            JejakView {
                id: r.id,
                waktu: r.waktu,
                pelaku: tampak.then_some(r.pelaku),
                pelaku_nama,
                jenis_pelaku: r.jenis_pelaku,
                aksi: r.aksi,
                objek: r.objek,
                sebelum: r.sebelum,
                sesudah: r.sesudah,
                request_id: r.request_id,
            }
        })
        .collect();
    Ok(RiwayatView { satker: target.kode.clone(), riwayat })
}

//! Keeping the evidence store true: uploads no document took within a day are removed, content
//! no evidence names is removed (its row first, then its object), temporary objects of uploads
//! that never finished are removed; and `kinerja bukti periksa` reports metadata whose object
//! is missing.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DatabaseConnection;

use super::Penyimpan;
use crate::error::AppError;
use crate::repo::bukti as repo;

/// How long an upload may wait for a document to take it.
pub const MASA_LEPAS: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// One pass of the cleaning; answers how many uploads, contents and temporary objects went.
pub async fn sekali(db: &DatabaseConnection, penyimpan: &Penyimpan) -> Result<(u64, u64, usize), AppError> {
    let sebelum = chrono::Utc::now() - MASA_LEPAS;
    let lepas = repo::hapus_kedaluwarsa(db, sebelum).await?;
    let mut berkas = 0;
    for sha in repo::berkas_yatim(db, 1000).await? {
        // Row and object go together: an upload of the same bytes claims the row first and
        // waits for this transaction, so it never finds its object removed under it.
        let txn = crate::db::begin_write(db).await?;
        if repo::hapus_berkas(&txn, &sha).await? {
            penyimpan.hapus(&Penyimpan::alamat(&sha)).await?;
            berkas += 1;
        }
        crate::db::komit(txn).await?;
    }
    let sementara = penyimpan.bersihkan_sementara(sebelum).await?;
    Ok((lepas, berkas, sementara))
}

/// Cleans at start-up and every hour after, for as long as the service runs.
pub fn berkala(db: DatabaseConnection, penyimpan: Arc<Penyimpan>) {
    tokio::spawn(async move {
        let mut jam = tokio::time::interval(Duration::from_secs(3600));
        loop {
            jam.tick().await;
            match sekali(&db, &penyimpan).await {
                Ok((0, 0, 0)) => {}
                Ok((lepas, berkas, sementara)) => {
                    tracing::info!(lepas, berkas, sementara, "bukti yang tidak terpakai dibersihkan")
                }
                Err(e) => tracing::warn!(error = %e, "membersihkan bukti gagal"),
            }
        }
    });
}

/// The stored contents whose object is missing from the store.
pub async fn periksa(db: &DatabaseConnection, penyimpan: &Penyimpan) -> Result<(u64, Vec<String>), AppError> {
    let (mut n, mut hilang, mut setelah) = (0, Vec::new(), String::new());
    loop {
        let sha = repo::semua_berkas(db, &setelah, 500).await?;
        let Some(akhir) = sha.last().cloned() else { break };
        for s in sha {
            n += 1;
            if !penyimpan.ada(&s).await? {
                hilang.push(s);
            }
        }
        setelah = akhir;
    }
    Ok((n, hilang))
}

//! Where evidence files live, behind `object_store`: a directory on this machine by default, or
//! an S3-compatible bucket (MinIO, Ceph RGW, Garage, a cloud) that many instances share. The
//! database holds the metadata only.
//!
//! Objects are content-addressed (`sha256/ab/abcd…`), so the same bytes are stored once. An
//! upload streams into a temporary object (`sementara/…`) while it is hashed and judged, and is
//! moved to its address only once it is accepted: a failure, a refusal or a crash leaves at
//! most a temporary object, never metadata pointing at nothing.

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};

use crate::error::AppError;

/// How much of an upload is held in memory before it is written out: on a local directory,
/// little; an S3 multipart upload needs parts of at least 5 MiB.
const POTONGAN_LOKAL: usize = 256 * 1024;
const POTONGAN_S3: usize = 5 * 1024 * 1024;

pub struct Penyimpan {
    store: Arc<dyn ObjectStore>,
    potongan: usize,
    /// Said in logs and `kinerja bukti periksa`: where the files are.
    pub lokasi: String,
}

fn gagal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("penyimpanan bukti: {e}"))
}

impl Penyimpan {
    /// Opens the store `url` names (`s3://bucket/prefix`, `file:///path`), or the directory
    /// `bukti` under `data_dir`.
    pub fn buka(url: Option<&str>, data_dir: &FsPath) -> Result<Self, String> {
        match url {
            None => Self::lokal(&data_dir.join("bukti")),
            Some(u) => {
                let parsed = url::Url::parse(u).map_err(|e| format!("KINERJA_BUKTI_URL '{u}': {e}"))?;
                match parsed.scheme() {
                    "file" => Self::lokal(FsPath::new(parsed.path())),
                    "s3" => {
                        let bucket = parsed.host_str().ok_or("KINERJA_BUKTI_URL s3:// tanpa nama bucket")?;
                        let s3 = object_store::aws::AmazonS3Builder::from_env()
                            .with_bucket_name(bucket)
                            .build()
                            .map_err(|e| format!("KINERJA_BUKTI_URL {u}: {e}"))?;
                        let prefix = parsed.path().trim_matches('/');
                        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                            Arc::new(s3)
                        } else {
                            Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
                        };
                        Ok(Self { store, potongan: POTONGAN_S3, lokasi: u.to_string() })
                    }
                    lain => Err(format!("KINERJA_BUKTI_URL: skema {lain}:// tidak dikenal (s3:// atau file://)")),
                }
            }
        }
    }

    fn lokal(dir: &FsPath) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .with_automatic_cleanup(true);
        Ok(Self { store: Arc::new(store), potongan: POTONGAN_LOKAL, lokasi: dir.display().to_string() })
    }

    /// The address of content with this SHA-256 (hex).
    pub fn alamat(sha256: &str) -> Path {
        Path::from(format!("sha256/{}/{sha256}", sha256.get(..2).unwrap_or("00")))
    }

    /// A new temporary object being written.
    pub async fn mulai(&self) -> Result<Tulisan, AppError> {
        let path = Path::from(format!("sementara/{}", uuid::Uuid::new_v4().simple()));
        let upload = self.store.put_multipart(&path).await.map_err(gagal)?;
        Ok(Tulisan { tulis: WriteMultipart::new_with_chunk_size(upload, self.potongan), path })
    }

    /// Moves an accepted temporary object to its address (replacing what is there: the same
    /// bytes).
    pub async fn tetapkan(&self, sementara: &Path, sha256: &str) -> Result<(), AppError> {
        self.store.rename(sementara, &Self::alamat(sha256)).await.map_err(gagal)
    }

    pub async fn hapus(&self, path: &Path) -> Result<(), AppError> {
        match self.store.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(gagal(e)),
        }
    }

    /// The bytes `first..=last` (or all) of content, as a stream.
    pub async fn baca(
        &self,
        sha256: &str,
        rentang: Option<(u64, u64)>,
    ) -> Result<BoxStream<'static, Result<Bytes, object_store::Error>>, AppError> {
        let opsi = GetOptions { range: rentang.map(|(a, b)| GetRange::Bounded(a..b + 1)), ..Default::default() };
        let r = self.store.get_opts(&Self::alamat(sha256), opsi).await.map_err(|e| match e {
            object_store::Error::NotFound { .. } => AppError::NotFound("Berkas bukti hilang dari penyimpanan.".into()),
            e => gagal(e),
        })?;
        Ok(r.into_stream())
    }

    /// Whether content is stored.
    pub async fn ada(&self, sha256: &str) -> Result<bool, AppError> {
        match self.store.head(&Self::alamat(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(gagal(e)),
        }
    }

    /// Temporary objects older than `sebelum` (uploads that never finished), removed.
    pub async fn bersihkan_sementara(&self, sebelum: chrono::DateTime<chrono::Utc>) -> Result<usize, AppError> {
        let prefix = Path::from("sementara");
        let mut lama = Vec::new();
        let mut daftar = self.store.list(Some(&prefix));
        while let Some(m) = daftar.next().await {
            let m = m.map_err(gagal)?;
            if m.last_modified < sebelum {
                lama.push(m.location);
            }
        }
        for p in &lama {
            self.hapus(p).await?;
        }
        Ok(lama.len())
    }
}

/// An object being written.
pub struct Tulisan {
    tulis: WriteMultipart,
    pub path: Path,
}

impl Tulisan {
    /// Adds bytes, waiting while too many parts are in flight (so memory stays bounded).
    pub async fn tulis(&mut self, b: &[u8]) -> Result<(), AppError> {
        self.tulis.wait_for_capacity(2).await.map_err(gagal)?;
        self.tulis.write(b);
        Ok(())
    }

    pub async fn selesai(self) -> Result<Path, AppError> {
        self.tulis.finish().await.map_err(gagal)?;
        Ok(self.path)
    }

    /// Gives up: nothing of it is left.
    pub async fn batal(self) {
        if let Err(e) = self.tulis.abort().await {
            tracing::warn!(error = %e, "membatalkan unggahan bukti gagal");
        }
    }
}

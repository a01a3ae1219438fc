//! Configuration from the environment (and a `.env` file, if present).

use std::fmt;
use std::path::PathBuf;

/// A value that must never be printed: `Debug` and `Display` show a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([disembunyikan])")
    }
}

/// A database URL whose password, if any, never reaches logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(Secret);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(Secret::new(url))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    pub fn backend(&self) -> Option<Backend> {
        let url = self.expose();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }

    /// The URL with any password replaced, fit for a log line.
    pub fn redacted(&self) -> String {
        match url::Url::parse(self.expose()) {
            Ok(mut u) if u.password().is_some() => {
                // set_password only fails for URLs that cannot carry one, which this one does.
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            Ok(u) => u.to_string(),
            Err(_) => "<URL tidak valid>".to_string(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    /// True when no DATABASE_URL was given and the embedded SQLite default is used.
    pub embedded: bool,
    pub data_dir: PathBuf,
    pub bind: String,
    /// HTTP worker threads; the default is one per core.
    pub workers: Option<usize>,
    pub jwt_secret: Option<Secret>,
    /// PEM private key (RSA or EC P-256): signs with RS256/ES256 instead of HS256.
    pub jwt_private_key: Option<PathBuf>,
    /// PEM public keys of earlier signing keys, still accepted until their tokens expire.
    pub jwt_previous_keys: Vec<PathBuf>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub jwt_ttl_secs: u64,
    /// An external identity provider whose tokens are accepted too: its `iss` and JWKS URL.
    pub idp_issuer: Option<String>,
    pub idp_jwks_url: Option<String>,
    pub idp_audience: Option<String>,
    /// Failed token requests allowed per credential id from one address within
    /// `auth_window_secs` (`KINERJA_AUTH_MAX_GAGAL`).
    pub auth_max_failures: u32,
    /// Failed token requests allowed per address, whatever the id (`KINERJA_AUTH_MAX_GAGAL_ALAMAT`,
    /// default ten times the per-id limit: many people may share one NAT).
    pub auth_max_failures_address: u32,
    pub auth_window_secs: u64,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Load the Lampung demo into an empty database at start-up. Default: only on the
    /// embedded SQLite database, never unasked on PostgreSQL.
    pub demo: bool,
    /// How long a computed total may be served from memory (`KINERJA_CACHE_TTL_MS`, default
    /// 0: off, every read sees the summary rows as committed, on every instance).
    pub cache_ttl: std::time::Duration,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client.
    pub proxy_tepercaya: Vec<ipnet::IpNet>,
    /// `Strict-Transport-Security` max-age in seconds, when the service sits behind TLS
    /// (`KINERJA_HSTS`); no header when unset.
    pub hsts_max_age: Option<u64>,
    /// Where the listener for messages between instances connects (`KINERJA_LISTEN_URL`):
    /// PostgreSQL directly, when `DATABASE_URL` goes through a pooler in transaction mode,
    /// which cannot carry `LISTEN`. Default: `DATABASE_URL`.
    pub listen_url: Option<DatabaseUrl>,
    /// Streaming replicas for the analytical reads (`DATABASE_REPLICA_URL`, comma-separated).
    pub replica_urls: Vec<DatabaseUrl>,
    /// A replica further behind than this is skipped (`KINERJA_REPLIKA_LAG_MAKS_MS`, 5000).
    pub replica_lag_max: std::time::Duration,
    /// Connections in the pool to the primary (`KINERJA_DB_POOL_MAX`, 20) and in each
    /// replica's (`KINERJA_DB_REPLICA_POOL_MAX`, the same).
    pub pool_max: u32,
    pub replica_pool_max: u32,
    /// How many days the change feed keeps its changes (`KINERJA_PERUBAHAN_SIMPAN_HARI`, 90).
    pub perubahan_simpan_hari: u64,
    /// Internal addresses (IPs or CIDR ranges) webhooks may still be sent to
    /// (`KINERJA_WEBHOOK_IZINKAN`); by default none: loopback and private targets are refused.
    pub webhook_izinkan: Vec<ipnet::IpNet>,
    /// The waits between delivery attempts (`KINERJA_WEBHOOK_JADWAL`, about three days).
    pub webhook_jadwal: Vec<std::time::Duration>,
    /// Where evidence files are stored (`KINERJA_BUKTI_URL`): `s3://bucket/prefix` (credentials
    /// and endpoint from the usual `AWS_*` variables) or `file:///path`; default the directory
    /// `bukti` in the data directory.
    pub bukti_url: Option<String>,
    /// The largest evidence file, in bytes (`KINERJA_BUKTI_MAKS_MB`, 20).
    pub bukti_maks: u64,
    /// How much evidence one satker may store, in bytes (`KINERJA_BUKTI_KUOTA_GB`, 5).
    pub bukti_kuota: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Settings {
    /// Reads the environment. A `.env` file in the working directory is loaded first; real
    /// environment variables win over it.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(get("KINERJA_DATA_DIR").unwrap_or_else(|| "data".into()));
        let (database_url, embedded) = match get("DATABASE_URL") {
            Some(url) => (DatabaseUrl::new(url), false),
            None => {
                let path = data_dir.join("kinerja.db");
                (DatabaseUrl::new(format!("sqlite://{}?mode=rwc", path.display())), true)
            }
        };
        if database_url.backend().is_none() {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                message: format!(
                    "skema tidak dikenal ({}); gunakan postgres://… atau sqlite://…",
                    database_url.redacted()
                ),
            });
        }
        let log_format = match get("KINERJA_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "KINERJA_LOG_FORMAT",
                    message: format!("'{other}' tidak dikenal; gunakan pretty atau json"),
                });
            }
        };
        let workers = match get("KINERJA_WORKERS") {
            None => None,
            Some(w) => match w.parse::<usize>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "KINERJA_WORKERS",
                        message: format!("'{w}' bukan bilangan bulat positif"),
                    });
                }
            },
        };
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| ConfigError::Invalid {
                    name,
                    message: format!("'{v}' bukan bilangan bulat positif"),
                }),
            }
        };
        // 0 is meaningful here: no caching.
        let auth_max_failures = u32::try_from(number("KINERJA_AUTH_MAX_GAGAL", 10)?).unwrap_or(u32::MAX);
        let cache_ttl_ms = match get("KINERJA_CACHE_TTL_MS") {
            None => 0,
            Some(v) => v.parse::<u64>().map_err(|_| ConfigError::Invalid {
                name: "KINERJA_CACHE_TTL_MS",
                message: format!("'{v}' bukan bilangan bulat tidak negatif"),
            })?,
        };
        let proxy_tepercaya = daftar_ip("KINERJA_PROXY_TEPERCAYA", get("KINERJA_PROXY_TEPERCAYA"))?;
        let webhook_izinkan = daftar_ip("KINERJA_WEBHOOK_IZINKAN", get("KINERJA_WEBHOOK_IZINKAN"))?;
        let webhook_jadwal = crate::domain::webhook::jadwal_dari(
            &get("KINERJA_WEBHOOK_JADWAL").unwrap_or_else(|| crate::domain::webhook::JADWAL_BAWAAN.into()),
        )
        .map_err(|message| ConfigError::Invalid { name: "KINERJA_WEBHOOK_JADWAL", message })?;
        let replica_urls: Vec<DatabaseUrl> = get("DATABASE_REPLICA_URL")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(DatabaseUrl::new)
            .collect();
        if let Some(u) = replica_urls.iter().find(|u| u.backend() != Some(Backend::Postgres)) {
            return Err(ConfigError::Invalid {
                name: "DATABASE_REPLICA_URL",
                message: format!("{u} bukan URL PostgreSQL; replika hanya untuk PostgreSQL"),
            });
        }
        let pool_max = u32::try_from(number("KINERJA_DB_POOL_MAX", 20)?).unwrap_or(u32::MAX);
        let demo = match get("KINERJA_DEMO").map(|v| v.to_ascii_lowercase()).as_deref() {
            None => embedded,
            Some("1" | "true" | "ya" | "yes" | "on") => true,
            Some("0" | "false" | "tidak" | "no" | "off") => false,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "KINERJA_DEMO",
                    message: format!("'{other}' bukan true atau false"),
                });
            }
        };
        Ok(Self {
            database_url,
            workers,
            demo,
            jwt_private_key: get("KINERJA_JWT_PRIVATE_KEY").map(PathBuf::from),
            jwt_previous_keys: get("KINERJA_JWT_PREVIOUS_KEYS")
                .map(|v| v.split(',').map(str::trim).filter(|p| !p.is_empty()).map(PathBuf::from).collect())
                .unwrap_or_default(),
            jwt_issuer: get("KINERJA_JWT_ISSUER").unwrap_or_else(|| "kinerja".into()),
            jwt_audience: get("KINERJA_JWT_AUDIENCE").unwrap_or_else(|| "kinerja-api".into()),
            jwt_ttl_secs: number("KINERJA_JWT_TTL", 3600)?,
            idp_issuer: get("KINERJA_IDP_ISSUER"),
            idp_jwks_url: get("KINERJA_IDP_JWKS_URL"),
            idp_audience: get("KINERJA_IDP_AUDIENCE"),
            auth_max_failures,
            auth_max_failures_address: u32::try_from(number(
                "KINERJA_AUTH_MAX_GAGAL_ALAMAT",
                u64::from(auth_max_failures).saturating_mul(10),
            )?)
            .unwrap_or(u32::MAX),
            auth_window_secs: number("KINERJA_AUTH_JENDELA", 900)?,
            embedded,
            data_dir,
            bind: get("KINERJA_BIND").unwrap_or_else(|| DEFAULT_BIND.into()),
            jwt_secret: get("KINERJA_JWT_SECRET").map(Secret::new),
            log_filter: get("KINERJA_LOG")
                .or_else(|| get("RUST_LOG"))
                .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".into()),
            log_format,
            cache_ttl: std::time::Duration::from_millis(cache_ttl_ms),
            proxy_tepercaya,
            hsts_max_age: get("KINERJA_HSTS").map(|_| number("KINERJA_HSTS", 0)).transpose()?,
            listen_url: get("KINERJA_LISTEN_URL").map(DatabaseUrl::new),
            replica_urls,
            replica_lag_max: std::time::Duration::from_millis(number("KINERJA_REPLIKA_LAG_MAKS_MS", 5000)?),
            pool_max,
            replica_pool_max: u32::try_from(number("KINERJA_DB_REPLICA_POOL_MAX", u64::from(pool_max))?)
                .unwrap_or(u32::MAX),
            perubahan_simpan_hari: number("KINERJA_PERUBAHAN_SIMPAN_HARI", 90)?,
            webhook_izinkan,
            webhook_jadwal,
            bukti_url: get("KINERJA_BUKTI_URL"),
            bukti_maks: number("KINERJA_BUKTI_MAKS_MB", 20)?.saturating_mul(1024 * 1024),
            bukti_kuota: match get("KINERJA_BUKTI_KUOTA_GB") {
                None => 5 * 1024 * 1024 * 1024,
                Some(v) => gigabita(&v).ok_or_else(|| ConfigError::Invalid {
                    name: "KINERJA_BUKTI_KUOTA_GB",
                    message: format!("'{v}' bukan ukuran dalam GB (mis. 5 atau 0,5)"),
                })?,
            },
        })
    }
}

/// Gigabytes (whole or decimal, `0.5` or `0,5`) as bytes.
fn gigabita(v: &str) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    let d: rust_decimal::Decimal = v.trim().replace(',', ".").parse().ok()?;
    if d.is_sign_negative() {
        return None;
    }
    (d * rust_decimal::Decimal::from(1024u64 * 1024 * 1024)).floor().to_u64()
}

/// A comma-separated list of IP addresses and CIDR ranges.
fn daftar_ip(name: &'static str, v: Option<String>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    v.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError::Invalid { name, message: format!("'{p}' bukan alamat IP atau rentang CIDR") })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn cache_ttl_defaults_to_off_and_can_be_set() {
        assert!(settings(&[]).unwrap().cache_ttl.is_zero());
        assert_eq!(settings(&[("KINERJA_CACHE_TTL_MS", "2000")]).unwrap().cache_ttl, std::time::Duration::from_secs(2));
        let e = settings(&[("KINERJA_CACHE_TTL_MS", "-1")]).unwrap_err().to_string();
        assert!(e.contains("KINERJA_CACHE_TTL_MS"), "{e}");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        assert!(settings(&[]).unwrap().proxy_tepercaya.is_empty());
        let s = settings(&[("KINERJA_PROXY_TEPERCAYA", "127.0.0.1, 10.0.0.0/8,::1")]).unwrap();
        assert_eq!(s.proxy_tepercaya.len(), 3);
        assert!(s.proxy_tepercaya[0].contains(&"127.0.0.1".parse::<std::net::IpAddr>().unwrap()));
        let e = settings(&[("KINERJA_PROXY_TEPERCAYA", "proxy.local")]).unwrap_err().to_string();
        assert!(e.contains("KINERJA_PROXY_TEPERCAYA") && e.contains("proxy.local"), "{e}");
    }

    #[test]
    fn defaults_to_embedded_sqlite_in_data_dir() {
        let s = settings(&[]).unwrap();
        assert!(s.embedded);
        assert_eq!(s.database_url.backend(), Some(Backend::Sqlite));
        assert!(s.database_url.expose().contains("data/kinerja.db"));
        assert_eq!(s.bind, DEFAULT_BIND);
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let s = settings(&[
            ("DATABASE_URL", "postgres://kpu:rahasia-sekali@db:5432/kinerja"),
            ("KINERJA_JWT_SECRET", "jwt-rahasia-sekali"),
        ])
        .unwrap();
        let debug = format!("{s:?}");
        assert!(!debug.contains("rahasia-sekali"), "{debug}");
        assert!(debug.contains("kpu:***@db"), "{debug}");
    }

    #[test]
    fn unknown_database_scheme_is_rejected_with_the_variable_named() {
        let err = settings(&[("DATABASE_URL", "mysql://x@y/z")]).unwrap_err();
        assert!(err.to_string().starts_with("DATABASE_URL:"), "{err}");
    }

    #[test]
    fn unknown_log_format_is_rejected() {
        assert!(settings(&[("KINERJA_LOG_FORMAT", "xml")]).is_err());
        assert_eq!(settings(&[("KINERJA_LOG_FORMAT", "json")]).unwrap().log_format, LogFormat::Json);
    }
}

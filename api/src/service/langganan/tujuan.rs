//! Where a delivery may go, checked when a subscription is made and again on every connection:
//! the HTTP client looks names up through [`Penyaring`], which drops every internal address not
//! allowed (`KINERJA_WEBHOOK_IZINKAN`), so a name that later points inside (DNS rebinding) is
//! refused at delivery too. No redirects are followed and no proxy is used: either would send
//! the request somewhere not checked.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::domain::webhook::boleh_dituju;

/// How long a delivery may take, connecting included.
pub const BATAS_WAKTU: Duration = Duration::from_secs(10);

/// The resolver that keeps only allowed addresses.
struct Penyaring {
    izin: Arc<[ipnet::IpNet]>,
}

impl Resolve for Penyaring {
    fn resolve(&self, name: Name) -> Resolving {
        let izin = self.izin.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let semua: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let boleh: Vec<SocketAddr> = semua.iter().copied().filter(|a| boleh_dituju(a.ip(), &izin)).collect();
            if boleh.is_empty() {
                return Err(Box::new(Ditolak(format!(
                    "{host} menunjuk alamat internal ({}) yang tidak diizinkan KINERJA_WEBHOOK_IZINKAN",
                    semua.first().map(|a| a.ip().to_string()).unwrap_or_else(|| "tidak ada alamat".into())
                ))) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(boleh.into_iter()) as Addrs)
        })
    }
}

/// A target refused because of where it points.
#[derive(Debug)]
pub struct Ditolak(pub String);

impl std::fmt::Display for Ditolak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Ditolak {}

/// The targets deliveries may reach, and the client that reaches them.
pub struct Tujuan {
    pub izin: Arc<[ipnet::IpNet]>,
    pub http: reqwest::Client,
}

impl Tujuan {
    pub fn baru(izin: Vec<ipnet::IpNet>) -> Result<Self, reqwest::Error> {
        let izin: Arc<[ipnet::IpNet]> = izin.into();
        let http = reqwest::Client::builder()
            .timeout(BATAS_WAKTU)
            .connect_timeout(BATAS_WAKTU)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("kinerja-webhook/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(Penyaring { izin: izin.clone() }))
            .build()?;
        Ok(Self { izin, http })
    }

    /// Why `url` may not be a target, if it may not: its form, or where its host points now.
    pub async fn periksa(&self, url: &url::Url) -> Result<(), String> {
        if let Some(alasan) = crate::domain::webhook::url_ditolak(url) {
            return Err(alasan.into());
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let alamat: Vec<IpAddr> = match url.host() {
            Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
            Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
            Some(url::Host::Domain(d)) => match tokio::net::lookup_host((d, port)).await {
                Ok(a) => a.map(|a| a.ip()).collect(),
                Err(_) => return Err(format!("host {d} tidak dapat ditemukan")),
            },
            None => return Err("tidak menyebut host".into()),
        };
        match alamat.iter().find(|ip| !boleh_dituju(**ip, &self.izin)) {
            Some(ip) => Err(format!(
                "menunjuk alamat internal ({ip}); alamat seperti ini hanya boleh bila diizinkan KINERJA_WEBHOOK_IZINKAN"
            )),
            None if alamat.is_empty() => Err("host tidak memiliki alamat".into()),
            None => Ok(()),
        }
    }

    /// A literal IP in the URL is not looked up, so it is checked here before sending.
    pub fn ip_literal_ditolak(&self, url: &url::Url) -> Option<String> {
        let ip = match url.host()? {
            url::Host::Ipv4(ip) => IpAddr::V4(ip),
            url::Host::Ipv6(ip) => IpAddr::V6(ip),
            url::Host::Domain(_) => return None,
        };
        (!boleh_dituju(ip, &self.izin))
            .then(|| format!("{ip} adalah alamat internal yang tidak diizinkan KINERJA_WEBHOOK_IZINKAN"))
    }
}

//! Webhook rules, pure: Standard Webhooks signatures, the retry schedule, which targets a
//! delivery may reach.
//!
//! Signatures follow Standard Webhooks (standardwebhooks.com): the secret is `whsec_` and the
//! base64 of its bytes; a delivery is signed as `v1,` and the base64 HMAC-SHA256, keyed by those
//! bytes, of `{webhook-id}.{webhook-timestamp}.{body}`. While a secret is being replaced the
//! header carries one signature per secret, separated by spaces.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of every secret, as the standard's libraries expect it.
pub const AWALAN_RAHASIA: &str = "whsec_";

/// A new secret from 32 random bytes.
pub fn rahasia_dari(bytes: &[u8; 32]) -> String {
    format!("{AWALAN_RAHASIA}{}", STANDARD.encode(bytes))
}

/// One `v1,` signature of a delivery under `rahasia`; none when the secret is not one this
/// service made (not `whsec_` and base64).
pub fn tanda_tangan(rahasia: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let kunci = STANDARD.decode(rahasia.strip_prefix(AWALAN_RAHASIA)?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&kunci).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret in use, separated by spaces.
pub fn header_tanda_tangan(rahasia: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    rahasia.iter().filter_map(|r| tanda_tangan(r, id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

/// The waits between attempts when not configured: from seconds to twelve hours, about three
/// days in all (`KINERJA_WEBHOOK_JADWAL`). After the last one fails, the change is parked.
pub const JADWAL_BAWAAN: &str = "5s,30s,2m,10m,30m,1h,2h,4h,8h,12h,12h,12h,12h,12h";

/// Reads a schedule written like [`JADWAL_BAWAAN`]: whole numbers with `s`, `m` or `h`.
pub fn jadwal_dari(teks: &str) -> Result<Vec<Duration>, String> {
    let jadwal = teks
        .split(',')
        .map(|t| {
            let t = t.trim();
            let (angka, satuan) = t.split_at(t.len().saturating_sub(1));
            let n: u64 = angka.parse().map_err(|_| format!("'{t}' bukan lama (mis. 30s, 10m, 2h)"))?;
            let detik = match satuan {
                "s" => n,
                "m" => n.saturating_mul(60),
                "h" => n.saturating_mul(3600),
                _ => return Err(format!("'{t}' bukan lama (mis. 30s, 10m, 2h)")),
            };
            Ok(Duration::from_secs(detik))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if jadwal.is_empty() || jadwal.len() > 50 {
        return Err("jadwal berisi 1 sampai 50 jeda".into());
    }
    Ok(jadwal)
}

/// What to do after the `percobaan`-th failed attempt at one change (counted from 1), when the
/// target has been failing since `gagal_sejak` (the first failure since its last success).
#[derive(Debug, PartialEq, Eq)]
pub enum Lanjutan {
    /// Try this change again after the wait.
    CobaLagi(Duration),
    /// Give up on this change: park it for the client to redeliver, and go on.
    Parkir,
}

/// The schedule's decision. A change is parked when its own schedule is spent, and at once when
/// the target has been failing for longer than a whole schedule: a target down for days gets
/// each change tried once, not three days each.
pub fn lanjutan(jadwal: &[Duration], percobaan: u32, gagal_selama: Duration) -> Lanjutan {
    let total: Duration = jadwal.iter().sum();
    match jadwal.get(percobaan.saturating_sub(1) as usize) {
        Some(jeda) if gagal_selama < total => Lanjutan::CobaLagi(*jeda),
        _ => Lanjutan::Parkir,
    }
}

/// Addresses a webhook may not reach unless allowed: this host, private networks, link-local
/// (cloud metadata), carrier-grade NAT, multicast, documentation and unspecified addresses.
pub fn alamat_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || (s[0] == 0x0064 && s[1] == 0xff9b)
        || ip.to_ipv4().is_some_and(|v4| s[..6] == [0; 6] && internal_v4(v4))
}

/// Whether a delivery may go to `ip`: a public address, or one the operator allowed
/// (`KINERJA_WEBHOOK_IZINKAN`).
pub fn boleh_dituju(ip: IpAddr, izin: &[ipnet::IpNet]) -> bool {
    !alamat_internal(ip) || izin.iter().any(|n| n.contains(&ip))
}

/// Why a target URL is refused before any address is looked up, if it is.
pub fn url_ditolak(url: &url::Url) -> Option<&'static str> {
    if !matches!(url.scheme(), "https" | "http") {
        return Some("harus http:// atau https://");
    }
    if url.host().is_none() {
        return Some("tidak menyebut host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some("tidak boleh memuat nama pengguna atau kata sandi");
    }
    if url.fragment().is_some() {
        return Some("tidak boleh memuat #fragmen");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_the_standard_webhooks_test_vector() {
        // The example of the Standard Webhooks specification and its libraries' tests.
        let rahasia = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            tanda_tangan(rahasia, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(tanda_tangan("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, body), None);
        let dua = header_tanda_tangan(&[rahasia, &rahasia_dari(&[7; 32])], "m", 1, body);
        assert_eq!(dua.split(' ').count(), 2);
        assert!(dua.split(' ').all(|s| s.starts_with("v1,")));
        assert!(rahasia_dari(&[0; 32]).starts_with("whsec_"));
    }

    #[test]
    fn the_default_schedule_lasts_about_three_days_then_parks() {
        let jadwal = jadwal_dari(JADWAL_BAWAAN).unwrap();
        let total: Duration = jadwal.iter().sum();
        assert!(total > Duration::from_secs(70 * 3600) && total < Duration::from_secs(80 * 3600), "{total:?}");
        assert!(jadwal.windows(2).all(|w| w[0] <= w[1]), "waits never shrink");
        assert_eq!(lanjutan(&jadwal, 1, Duration::ZERO), Lanjutan::CobaLagi(Duration::from_secs(5)));
        let n = u32::try_from(jadwal.len()).unwrap();
        assert_eq!(lanjutan(&jadwal, n, Duration::from_secs(3600)), Lanjutan::CobaLagi(Duration::from_secs(43200)));
        assert_eq!(lanjutan(&jadwal, n + 1, Duration::from_secs(3600)), Lanjutan::Parkir);
        // A target failing for longer than the whole schedule: the next change is tried once.
        assert_eq!(lanjutan(&jadwal, 1, total), Lanjutan::Parkir);
        assert_eq!(
            jadwal_dari("1s, 2m ,3h").unwrap(),
            vec![Duration::from_secs(1), Duration::from_secs(120), Duration::from_secs(10800)]
        );
        for salah in ["", "5", "5d", "s", "-1s", "1s,,2s"] {
            assert!(jadwal_dari(salah).is_err(), "{salah}");
        }
    }

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert!(alamat_internal(ip), "{ip}");
            assert!(!boleh_dituju(ip, &[]), "{ip}");
        }
        for ip in ["203.0.114.1", "8.8.8.8", "2606:4700::1111", "36.66.1.1"] {
            assert!(!alamat_internal(ip.parse().unwrap()), "{ip}");
        }
        let izin: Vec<ipnet::IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        assert!(boleh_dituju("127.0.0.1".parse().unwrap(), &izin));
        assert!(!boleh_dituju("10.0.0.1".parse().unwrap(), &izin));
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(url_ditolak(&url("https://contoh.go.id/kait")), None);
        assert!(url_ditolak(&url("ftp://contoh.go.id/")).is_some());
        assert!(url_ditolak(&url("https://a:b@contoh.go.id/")).is_some());
        assert!(url_ditolak(&url("https://contoh.go.id/#x")).is_some());
    }
}

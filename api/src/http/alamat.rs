//! The client's address, for the per-address limit on token requests and the audit trail.
//! Behind a reverse proxy every request comes from the proxy, so one address would share one
//! limit. When the peer is a trusted proxy (`KINERJA_PROXY_TEPERCAYA`), the client is the
//! rightmost address of `X-Forwarded-For` that is not itself a trusted proxy. From anyone
//! else the header is ignored: a client cannot choose its own address by sending it.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

pub fn alamat_klien(peer: Option<IpAddr>, forwarded_for: Option<&str>, tepercaya: &[IpNet]) -> Option<IpAddr> {
    let peer = peer?;
    let trusted = |ip: &IpAddr| tepercaya.iter().any(|n| n.contains(ip));
    if !trusted(&peer) {
        return Some(peer);
    }
    let Some(header) = forwarded_for else { return Some(peer) };
    let mut client = peer;
    for hop in header.rsplit(',').map(str::trim) {
        // An unreadable hop ends the chain we can vouch for: keep the last address we could.
        let Ok(ip) = hop.parse::<IpAddr>() else { break };
        client = ip;
        if !trusted(&ip) {
            break;
        }
    }
    Some(client)
}

/// The client's address of `req` (see [`alamat_klien`]).
pub fn dari(req: &HttpRequest, tepercaya: &[IpNet]) -> Option<String> {
    let xff = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    alamat_klien(req.peer_addr().map(|a| a.ip()), xff, tepercaya).map(|ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    fn nets(s: &[&str]) -> Vec<IpNet> {
        s.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(alamat_klien(ip("203.0.113.9"), Some("1.2.3.4"), &[]), ip("203.0.113.9"));
    }

    #[test]
    fn from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let t = nets(&["10.0.0.0/8", "127.0.0.1/32"]);
        // The client wrote "6.6.6.6" itself; the proxies appended what they saw.
        assert_eq!(alamat_klien(ip("127.0.0.1"), Some("6.6.6.6, 198.51.100.7, 10.1.2.3"), &t), ip("198.51.100.7"));
        assert_eq!(alamat_klien(ip("127.0.0.1"), Some("198.51.100.7"), &t), ip("198.51.100.7"));
        assert_eq!(alamat_klien(ip("127.0.0.1"), None, &t), ip("127.0.0.1"));
        assert_eq!(alamat_klien(ip("127.0.0.1"), Some("10.9.9.9"), &t), ip("10.9.9.9"), "all hops trusted");
        assert_eq!(alamat_klien(ip("127.0.0.1"), Some("bukan-ip, 10.1.2.3"), &t), ip("10.1.2.3"));
        assert_eq!(alamat_klien(ip("203.0.113.9"), Some("198.51.100.7"), &t), ip("203.0.113.9"), "untrusted peer");
    }

    #[test]
    fn ipv6_hops_work_too() {
        let t = nets(&["::1/128"]);
        assert_eq!(alamat_klien(ip("::1"), Some("2001:db8::5"), &t), ip("2001:db8::5"));
    }
}

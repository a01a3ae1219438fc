//! Two instances on a PostgreSQL primary with a streaming replica of their own: a primary and a
//! standby made here with initdb and `pg_basebackup -R` in temporary directories on free ports.
//! Skipped, saying so, where the server binaries are absent.
//!
//! Checked: a write through A is in the totals read through B within a second (cache TTL one
//! minute); totals and GraphQL run on the replica (counted in the replica's own statement log), on
//! the totals' own connections to it; with the replica stopped the same reads are served from the
//! primary without a 5xx, and with it started again it is used again; with its replay paused it
//! falls behind, is skipped past the lag bound (the newest write is read from the primary), and is
//! used again once resumed; the failure limit holds across both instances; after the primary
//! restarts, the instances' listeners reconnect and a write is again seen at once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDatabase, start};

fn bin_dir() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() && dir.join("pg_basebackup").exists() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path()).collect();
    versions.sort();
    versions.into_iter().rev().map(|v| v.join("bin")).find(|b| b.join("initdb").exists())
}

fn root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs a server binary (as `postgres` when we are root: the server refuses to run as root).
fn pg(bin: &Path, args: &[&str]) {
    let out = if root() {
        Command::new("runuser").args(["-u", "postgres", "--"]).arg(bin).args(args).output()
    } else {
        Command::new(bin).args(args).output()
    }
    .expect("run a server binary");
    assert!(
        out.status.success(),
        "{} {args:?}: {}{}",
        bin.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A primary and its standby, stopped and removed on drop.
struct Kluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    primer: u16,
    replika: u16,
}

impl Kluster {
    fn data(&self, nama: &str) -> String {
        self.dir.path().join(nama).display().to_string()
    }

    fn ctl(&self, nama: &str, args: &[&str]) {
        let data = self.data(nama);
        let log = self.dir.path().join(format!("{nama}.log")).display().to_string();
        let mut all = vec!["-D", data.as_str(), "-l", log.as_str(), "-w", "-t", "60"];
        all.extend_from_slice(args);
        pg(&self.bin.join("pg_ctl"), &all);
    }

    fn buat(bin: PathBuf) -> Self {
        let dir = tempfile::tempdir().unwrap();
        if root() {
            let ok = Command::new("chown").args(["-R", "postgres:"]).arg(dir.path()).status().unwrap();
            assert!(ok.success());
        }
        let k = Kluster { bin, dir, primer: free_port(), replika: free_port() };
        let p = k.data("primer");
        pg(&k.bin.join("initdb"), &["-D", &p, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        let sock = k.dir.path().display().to_string();
        let conf = format!(
            "port = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{sock}'\nwal_level = replica\n\
             max_wal_senders = 4\nfsync = off\nshared_buffers = 32MB\n",
            k.primer
        );
        append(&format!("{p}/postgresql.conf"), &conf);
        k.ctl("primer", &["start"]);
        let r = k.data("replika");
        let port = k.primer.to_string();
        pg(
            &k.bin.join("pg_basebackup"),
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-D", &r, "-R", "-X", "stream", "--no-sync"],
        );
        // Every statement the replica runs is in its log: that is where reads are counted.
        append(&format!("{r}/postgresql.conf"), &format!("port = {}\nlog_statement = 'all'\n", k.replika));
        k.ctl("replika", &["start"]);
        k
    }

    fn url(&self, port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/kinerja")
    }

    /// Statements the replica ran for callers: every logged statement but the instances' own
    /// lag checks.
    fn baca_replika(&self) -> usize {
        let log = std::fs::read_to_string(self.dir.path().join("replika.log")).unwrap_or_default();
        log.lines()
            .filter(|l| l.contains("LOG:  statement: ") || l.contains("LOG:  execute "))
            .filter(|l| !l.contains("pg_is_in_recovery"))
            .count()
    }
}

fn append(path: &str, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

impl Drop for Kluster {
    fn drop(&mut self) {
        for nama in ["replika", "primer"] {
            let data = self.data(nama);
            let _ = if root() {
                Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(self.bin.join("pg_ctl"))
                    .args(["-D", &data, "-m", "immediate", "stop"])
                    .output()
            } else {
                Command::new(self.bin.join("pg_ctl")).args(["-D", &data, "-m", "immediate", "stop"]).output()
            };
        }
    }
}

async fn tunggu(what: &str, batas: Duration, mut cek: impl AsyncFnMut() -> bool) {
    let mulai = Instant::now();
    while !cek().await {
        assert!(mulai.elapsed() < batas, "{what}: not within {batas:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn two_instances_on_a_primary_and_a_streaming_replica() {
    if !crate::helpers::is_postgres() {
        eprintln!("skipped: replication is PostgreSQL's (set TEST_DATABASE_URL)");
        return;
    }
    let Some(bin) = bin_dir() else {
        eprintln!("skipped: no PostgreSQL server binaries (initdb, pg_basebackup) on this machine");
        return;
    };
    let k = Kluster::buat(bin);
    let (primer, replika) = (k.url(k.primer), k.url(k.replika));
    let env = [
        ("DATABASE_REPLICA_URL", Some(replika.as_str())),
        ("KINERJA_CACHE_TTL_MS", Some("60000")),
        ("KINERJA_AUTH_MAX_GAGAL", Some("10")),
        ("KINERJA_REPLIKA_LAG_MAKS_MS", Some("1000")),
    ];
    let (a_addr, a_db) = start(&primer, &env).await.expect("instance A");
    let (b, _) = start(&primer, &env).await.expect("instance B");
    let a = TestApp {
        address: a_addr,
        client: reqwest::Client::new(),
        db: a_db,
        database: TestDatabase::existing(&primer),
        bukti_url: crate::helpers::bukti_url(),
    };
    crate::ringkasan::load(&a).await;
    let analis = a.token("18", "analis").await;
    let metrik =
        |addr: String| async move { reqwest::get(format!("{addr}/metrics")).await.unwrap().text().await.unwrap() };
    tunggu("the replica is checked and up", Duration::from_secs(20), async || {
        metrik(b.clone()).await.contains("kinerja_db_replica_up{replika=\"0\"} 1")
    })
    .await;
    let m = metrik(b.clone()).await;
    assert!(m.contains("kinerja_db_replica_lag_milliseconds{replika=\"0\"}"), "{m}");

    let total = |addr: String| {
        let (c, t) = (a.client.clone(), analis.clone());
        async move {
            let res =
                c.get(format!("{addr}/api/v1/provinsi/18/ringkasan?tahun=2024")).bearer_auth(t).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()["anggaran"]["pagu"].as_i64().unwrap()
        }
    };
    let gql = |addr: String| {
        let (c, t) = (a.client.clone(), analis.clone());
        async move {
            let q = json!({"query": r#"{ provinsi(kode: "18") { ringkasan(tahun: 2024) { anggaran { pagu } } } }"#});
            let res = c.post(format!("{addr}/graphql")).bearer_auth(t).json(&q).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            assert!(body.get("errors").is_none(), "{body}");
            body["data"]["provinsi"]["ringkasan"]["anggaran"]["pagu"].as_str().unwrap().parse::<i64>().unwrap()
        }
    };

    // A write through A is in B's totals within a second, cache or not.
    let sebelum = total(b.clone()).await;
    let op = a.token("18.01", "operator").await;
    let lama: Value = a.get_as(&op, "/api/v1/satker/18.01/anggaran/2024").await.json().await.unwrap();
    let baris = json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen",
        "jenis_belanja": "52", "pagu": 7_000_000_000_i64, "realisasi": 1}]});
    assert_eq!(a.put_as(&op, "/api/v1/satker/18.01/anggaran/2024", &baris, None).await.status(), 200);
    let sesudah = sebelum - lama["total"]["pagu"].as_i64().unwrap() + 7_000_000_000;
    tunggu("A's write in B's total", Duration::from_secs(1), async || total(b.clone()).await == sesudah).await;

    // Totals and GraphQL run on the replica: the replica's own log counts them.
    let n0 = k.baca_replika();
    for _ in 0..5 {
        assert_eq!(total(b.clone()).await, sesudah);
        assert_eq!(gql(b.clone()).await, sesudah);
    }
    tunggu("reads in the replica's log", Duration::from_secs(5), async || k.baca_replika() >= n0 + 10).await;
    // On the totals' own connections to the replica, as on the primary, each given back.
    let m = metrik(b.clone()).await;
    let langsung = |keadaan: &str| -> i64 {
        let nama = format!("kinerja_db_replica_langsung_connections{{keadaan=\"{keadaan}\",replika=\"0\"}} ");
        m.lines().find_map(|l| l.strip_prefix(nama.as_str())).and_then(|v| v.parse().ok()).unwrap_or(-1)
    };
    assert!(langsung("open") >= 1, "{m}");
    assert_eq!(langsung("idle"), langsung("open"), "{m}");

    // The replica stopped: the same reads are served by the primary, no 5xx.
    k.ctl("replika", &["-m", "fast", "stop"]);
    for _ in 0..5 {
        assert_eq!(total(b.clone()).await, sesudah);
        assert_eq!(gql(b.clone()).await, sesudah);
        assert_eq!(total(a.address.clone()).await, sesudah);
    }
    tunggu("the replica marked down", Duration::from_secs(5), async || {
        metrik(b.clone()).await.contains("kinerja_db_replica_up{replika=\"0\"} 0")
    })
    .await;
    // Started again: used again.
    k.ctl("replika", &["start"]);
    tunggu("the replica up again", Duration::from_secs(20), async || {
        metrik(b.clone()).await.contains("kinerja_db_replica_up{replika=\"0\"} 1")
    })
    .await;
    let n1 = k.baca_replika();
    for _ in 0..3 {
        assert_eq!(total(b.clone()).await, sesudah);
    }
    tunggu("reads on the replica again", Duration::from_secs(5), async || k.baca_replika() > n1).await;

    // Replay paused: the replica falls behind; past the bound it is skipped, and B's total shows
    // the newest write from the primary. Replay resumed: the replica is used again.
    use sea_orm::ConnectionTrait;
    let standby = api::db::connect_replica(&api::config::DatabaseUrl::new(replika.clone()), 1).await.unwrap();
    standby.execute_unprepared("SELECT pg_wal_replay_pause()").await.unwrap();
    // 18.01's budget, written above with a pagu of 7 billion, now 8.
    let baris2 = json!({"baris": [{"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen",
        "jenis_belanja": "52", "pagu": 8_000_000_000_i64, "realisasi": 1}]});
    let res = a.put_as(&op, "/api/v1/satker/18.01/anggaran/2024", &baris2, None).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let terbaru = sesudah + 1_000_000_000;
    tunggu("a lagging replica skipped", Duration::from_secs(6), async || total(b.clone()).await == terbaru).await;
    let m = metrik(b.clone()).await;
    let lag: i64 = m
        .lines()
        .find(|l| l.starts_with("kinerja_db_replica_lag_milliseconds{replika=\"0\"}"))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap();
    assert!(lag > 1000, "the lag is measured and exported: {lag} ms");
    let n2 = k.baca_replika();
    for _ in 0..3 {
        assert_eq!(total(b.clone()).await, terbaru);
    }
    assert_eq!(k.baca_replika(), n2, "nothing read from the lagging replica");
    standby.execute_unprepared("SELECT pg_wal_replay_resume()").await.unwrap();
    tunggu("the replica caught up", Duration::from_secs(10), async || {
        metrik(b.clone()).await.contains("kinerja_db_replica_lag_milliseconds{replika=\"0\"} 0")
    })
    .await;
    for _ in 0..3 {
        assert_eq!(total(b.clone()).await, terbaru);
    }
    tunggu("reads on the caught-up replica", Duration::from_secs(5), async || k.baca_replika() > n2).await;

    // Ten wrong secrets spread over both instances lock the pair, as on one instance.
    let (id, secret) = a.klien("18.03", "operator").await;
    for i in 0..10 {
        let base = if i % 2 == 0 { a.address.clone() } else { b.clone() };
        let form = [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", "salah")];
        let res = a.client.post(format!("{base}/api/v1/auth/token")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 401);
    }
    let form = [("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", secret.as_str())];
    let res = a.client.post(format!("{b}/api/v1/auth/token")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 429);

    // The primary restarts: the listeners reconnect by themselves, and a revocation through A
    // is again refused by B at once (not after B's five seconds of memory).
    k.ctl("primer", &["-m", "fast", "restart"]);
    tunggu("the instances answer again", Duration::from_secs(20), async || {
        let ok =
            |addr: String| async move { reqwest::get(format!("{addr}/ready")).await.is_ok_and(|r| r.status() == 200) };
        ok(a.address.clone()).await && ok(b.clone()).await
    })
    .await;
    // The listeners may take up to a second to find the primary again.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (id, secret) = a.klien("18.03", "operator").await;
    let token = crate::helpers::token_of(&a.client, &b, &id, &secret).await;
    let saya = || a.client.get(format!("{b}/api/v1/auth/saya")).bearer_auth(token.clone()).send();
    assert_eq!(saya().await.unwrap().status(), 200, "B remembers it as not revoked");
    let admin = a.token("18", "admin").await;
    let res = a.post_as(&admin, &format!("/api/v1/satker/18.03/klien/{id}/cabut"), &json!({})).await;
    assert_eq!(res.status(), 200);
    tunggu("B refuses the revoked client", Duration::from_secs(1), async || saya().await.unwrap().status() == 401)
        .await;
}

//! PostgreSQL stopped under a stream of writes, then started again: a private cluster of the
//! test's own (initdb into a temporary directory, on a free port), so nothing else is touched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{is_postgres, start};

/// The directory of `initdb` and `pg_ctl`: `pg_config --bindir`, else Debian's layout.
fn server_bin() -> Option<PathBuf> {
    let from_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string()));
    let debian = std::fs::read_dir("/usr/lib/postgresql").ok().and_then(|dirs| {
        let mut v: Vec<PathBuf> = dirs.flatten().map(|d| d.path().join("bin")).collect();
        v.sort();
        v.pop()
    });
    [from_config, debian].into_iter().flatten().find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

/// A PostgreSQL cluster that lives as long as this value.
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    fn run(&self, tool: &str, args: &[&str]) -> std::process::Output {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            // PostgreSQL refuses to run as root; CI runs tests as root.
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args).output().expect("run a PostgreSQL tool")
    }

    fn init(bin: PathBuf) -> Cluster {
        let as_postgres = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let dir = std::env::temp_dir().join(format!("kinerja-fault-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        if as_postgres {
            assert!(Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().unwrap().success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let c = Cluster { bin, dir, port, as_postgres };
        let data = c.data();
        let out = c.run("initdb", &["-D", &data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        c.start();
        c
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn start(&self) {
        let opts = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let log = self.dir.join("log").display().to_string();
        let out = self.run("pg_ctl", &["-D", &self.data(), "-o", &opts, "-l", &log, "-w", "start"]);
        assert!(out.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn stop(&self) {
        let out = self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What one write got: its status, and the client id when it was acknowledged.
struct Hasil {
    status: u16,
    waktu: Duration,
    client_id: Option<String>,
    body: Value,
    retry_after: Option<String>,
}

async fn tulis(client: &reqwest::Client, address: &str, token: &str, i: usize) -> Hasil {
    let started = Instant::now();
    let res = client
        .post(format!("{address}/api/v1/satker/18.03/klien"))
        .bearer_auth(token)
        .json(&json!({"peran": "operator", "nama": format!("uji gangguan {i}")}))
        .send()
        .await
        .expect("the service answers (no hang past the client's timeout)");
    let status = res.status().as_u16();
    let retry_after = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
    let body: Value = res.json().await.unwrap_or(Value::Null);
    let client_id = (status == 201).then(|| body["client_id"].as_str().unwrap_or_default().to_string());
    Hasil { status, waktu: started.elapsed(), client_id, body, retry_after }
}

#[tokio::test]
async fn writes_during_a_postgres_outage_get_503_and_every_acknowledged_write_survives() {
    if !is_postgres() {
        return;
    }
    let Some(bin) = server_bin() else {
        eprintln!("SKIPPED: PostgreSQL server binaries (initdb, pg_ctl) are not installed here");
        return;
    };
    if !Path::new(&bin).join("postgres").exists() {
        eprintln!("SKIPPED: no postgres binary beside {}", bin.display());
        return;
    }
    let cluster = Cluster::init(bin);
    let url = format!("postgres://postgres@127.0.0.1:{}/kinerja_gangguan", cluster.port);
    let (address, db) = start(&url, &[]).await.expect("the service starts on the private cluster");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(8)).build().unwrap();
    let admin = {
        let app = crate::helpers::TestApp {
            address: address.clone(),
            client: client.clone(),
            db: db.clone(),
            database: crate::helpers::TestDatabase::existing(&url),
            bukti_url: crate::helpers::bukti_url(),
        };
        app.token("18", "admin").await
    };

    let mut results = Vec::new();
    let mut i = 0;
    let phase = |d: u64| Instant::now() + Duration::from_millis(d);
    // Up: writes succeed.
    let until = phase(1000);
    while Instant::now() < until {
        results.push(("naik", tulis(&client, &address, &admin, i).await));
        i += 1;
    }
    // Down for three seconds.
    cluster.stop();
    let until = phase(3000);
    while Instant::now() < until {
        results.push(("turun", tulis(&client, &address, &admin, i).await));
        i += 1;
    }
    cluster.start();
    // Back: the same service recovers by itself.
    let deadline = phase(20_000);
    let mut recovered = 0;
    while Instant::now() < deadline && recovered < 5 {
        let r = tulis(&client, &address, &admin, i).await;
        i += 1;
        if r.status == 201 {
            recovered += 1;
        }
        results.push(("kembali", r));
    }

    for (phase, r) in &results {
        assert!(matches!(r.status, 201 | 503), "{phase}: {} {}", r.status, r.body);
        if r.status == 503 {
            assert_eq!(r.body["code"], "basis_data_tidak_tersedia", "{}", r.body);
            assert!(r.retry_after.is_some(), "503 without Retry-After");
            assert!(!r.body.to_string().to_lowercase().contains("pool"), "no driver text: {}", r.body);
        }
    }
    let count = |p: &str, s: u16| results.iter().filter(|(q, r)| *q == p && r.status == s).count();
    assert!(count("naik", 201) > 0, "no write succeeded before the outage");
    assert!(count("turun", 503) > 0, "no 503 while the database was down");
    assert_eq!(recovered, 5, "the service did not recover after the database came back");

    let listed: Vec<Value> = client
        .get(format!("{address}/api/v1/satker/18.03/klien"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: std::collections::HashSet<&str> = listed.iter().filter_map(|k| k["id"].as_str()).collect();
    let acknowledged: Vec<&str> = results.iter().filter_map(|(_, r)| r.client_id.as_deref()).collect();
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged write {id} is gone");
    }
    let slowest_503 = results.iter().filter(|(_, r)| r.status == 503).map(|(_, r)| r.waktu).max();
    eprintln!(
        "gangguan: {} writes, {} acknowledged, {} answered 503 (slowest {slowest_503:?})",
        results.len(),
        acknowledged.len(),
        results.iter().filter(|(_, r)| r.status == 503).count()
    );
}

//! The test harness: every test gets the real application on a free port, over a database of
//! its own. With TEST_DATABASE_URL (a PostgreSQL server URL) each test's database is cloned
//! from a template migrated once and dropped afterwards; without it, each test gets a fresh
//! SQLite file in a temporary directory.

use std::collections::HashMap;
use std::process::{Command, Output};

use api::config::Settings;
use api::db::quote_ident;
use api::startup::Application;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use tokio::sync::OnceCell;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The application's own connection pool (a clone of it).
    pub db: DatabaseConnection,
    pub database: TestDatabase,
    /// Where it keeps evidence files.
    pub bukti_url: String,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{}", self.address, path)).send().await.expect("request failed")
    }
}

pub fn is_postgres() -> bool {
    server_url().is_some()
}

fn server_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(|u| u.trim_end_matches('/').to_string())
}

/// A database that exists only for one test.
pub struct TestDatabase {
    pub url: String,
    name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    /// A database this harness did not create and will not drop.
    pub fn existing(url: &str) -> Self {
        Self { url: url.to_string(), name: None, _dir: None }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (Some(name), Some(server)) = (self.name.take(), server_url()) else { return };
        // Drop runs inside the test's runtime; the cleanup needs one of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                if let Ok(admin) = Database::connect(format!("{server}/postgres")).await {
                    let _ = exec(&admin, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&name))).await;
                    let _ = admin.close().await;
                }
            })
        })
        .join();
    }
}

async fn exec(db: &DatabaseConnection, sql: &str) -> Result<(), sea_orm::DbErr> {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_string())).await.map(|_| ())
}

/// The template's name is a hash of every migration source and data file, so a template
/// left by an earlier run is reused only when the schema it holds is exactly the current one.
fn template_name() -> String {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read migration dir").flatten() {
            let path = entry.path();
            if path.is_dir() { files(&path, out) } else { out.push(path) }
        }
    }
    let mut paths = Vec::new();
    files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migration"), &mut paths);
    paths.sort();
    let mut hash: u64 = 0xcbf29ce484222325;
    for p in paths {
        let bytes = std::fs::read(&p).expect("read migration file");
        for b in p.to_string_lossy().bytes().chain(bytes).chain([0u8]) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }
    format!("kinerja_tpl_{hash:016x}")
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Builds the migrated template once per process. Safe against other processes doing the
/// same at once: it is migrated under a private name and renamed into place.
async fn template(server: &str) -> String {
    TEMPLATE
        .get_or_init(|| async {
            let name = template_name();
            let admin = Database::connect(format!("{server}/postgres")).await.expect("connect to test server");
            let exists = admin
                .query_one_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .expect("query pg_database")
                .is_some();
            if !exists {
                let building = format!("{name}_{}", uuid::Uuid::new_v4().simple());
                exec(&admin, &format!("CREATE DATABASE {}", quote_ident(&building))).await.expect("create template");
                let db = Database::connect(format!("{server}/{building}")).await.expect("connect template");
                Migrator::up(&db, None).await.expect("migrate template");
                db.close().await.expect("close template");
                let renamed = exec(
                    &admin,
                    &format!("ALTER DATABASE {} RENAME TO {}", quote_ident(&building), quote_ident(&name)),
                )
                .await;
                if renamed.is_err() {
                    // Another process won the race; its template is as good as ours.
                    let _ = exec(&admin, &format!("DROP DATABASE {} WITH (FORCE)", quote_ident(&building))).await;
                }
            }
            admin.close().await.expect("close admin");
            name
        })
        .await
        .clone()
}

/// A new, empty database: migrated (from the template) on PostgreSQL, untouched on SQLite.
pub async fn fresh_database(migrated: bool) -> TestDatabase {
    match server_url() {
        Some(server) => {
            let name = format!("kinerja_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(format!("{server}/postgres")).await.expect("connect to test server");
            let sql = if migrated {
                format!("CREATE DATABASE {} TEMPLATE {}", quote_ident(&name), quote_ident(&template(&server).await))
            } else {
                format!("CREATE DATABASE {}", quote_ident(&name))
            };
            exec(&admin, &sql).await.expect("create test database");
            admin.close().await.expect("close admin");
            TestDatabase { url: format!("{server}/{name}"), name: Some(name), _dir: None }
        }
        None => {
            let dir = tempfile::tempdir().expect("tempdir");
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("kinerja.db").display());
            TestDatabase { url, name: None, _dir: Some(dir) }
        }
    }
}

pub const TEST_SECRET: &str = "rahasia-uji-yang-cukup-panjang-untuk-hs256-0123456789";

/// Settings for a test app: the database, port 0, a known HS256 secret, a low failure limit
/// (so rate limiting is testable), and any overrides (`None` removes a variable).
pub fn settings_with(database_url: &str, overrides: &[(&str, Option<&str>)]) -> Settings {
    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert("DATABASE_URL".into(), database_url.to_string());
    vars.insert("KINERJA_BIND".into(), "127.0.0.1:0".into());
    vars.insert("KINERJA_WORKERS".into(), "2".into());
    vars.insert("KINERJA_JWT_SECRET".into(), TEST_SECRET.into());
    vars.insert("KINERJA_AUTH_MAX_GAGAL".into(), "5".into());
    vars.insert("KINERJA_DEMO".into(), "false".into());
    vars.insert("KINERJA_LOG".into(), std::env::var("TEST_LOG").unwrap_or_else(|_| "off".into()));
    vars.insert("KINERJA_BUKTI_URL".into(), bukti_url());
    for (k, v) in overrides {
        match v {
            Some(v) => vars.insert(k.to_string(), v.to_string()),
            None => vars.remove(*k),
        };
    }
    Settings::from_lookup(|k| vars.get(k).cloned()).expect("test settings")
}

/// Where a test app keeps evidence files: a directory of its own, or, when `TEST_BUKTI_URL`
/// names an S3 bucket (`.ci/s3`), a prefix of its own there.
pub fn bukti_url() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match std::env::var("TEST_BUKTI_URL") {
        Ok(url) if !url.is_empty() => format!("{}/{id}", url.trim_end_matches('/')),
        _ => format!("file://{}", std::env::temp_dir().join("kinerja-uji-bukti").join(id).display()),
    }
}

pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(overrides: &[(&str, Option<&str>)]) -> TestApp {
    let database = fresh_database(true).await;
    let bukti = overrides
        .iter()
        .find(|(k, _)| *k == "KINERJA_BUKTI_URL")
        .and_then(|(_, v)| v.map(str::to_string))
        .unwrap_or_else(bukti_url);
    let mut semua: Vec<(&str, Option<&str>)> = vec![("KINERJA_BUKTI_URL", Some(bukti.as_str()))];
    semua.extend(overrides.iter().filter(|(k, _)| *k != "KINERJA_BUKTI_URL").copied());
    let (address, db) = start(&database.url, &semua).await.expect("application starts");
    TestApp { address, client: reqwest::Client::new(), db, database, bukti_url: bukti }
}

/// Another application over an existing database, for restarts and key rotation.
pub async fn start(
    url: &str,
    overrides: &[(&str, Option<&str>)],
) -> Result<(String, DatabaseConnection), api::startup::StartError> {
    let settings = settings_with(url, overrides);
    if std::env::var("TEST_LOG").is_ok() {
        let _ = api::telemetry::init(&settings.log_filter, settings.log_format);
    }
    let app = Application::build(&settings).await?;
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    Ok((address, db))
}

impl TestApp {
    /// A new API client of satker `kode`, created the way the CLI and admin endpoint do.
    pub async fn klien(&self, kode: &str, role: &str) -> (String, String) {
        let target = api::repo::satker::by_kode(&api::repo::Scope::sistem(), &self.db, kode).await.expect("satker");
        let hasher = api::auth::password::Hasher::new(1).expect("hasher");
        let baru = api::service::akses::buat_klien(
            &self.db,
            &hasher,
            &api::repo::audit::Pelaku::sistem("test"),
            &target.into(),
            role.parse().expect("role"),
            None,
            None,
        )
        .await
        .expect("create client");
        (baru.client_id, baru.client_secret)
    }

    pub async fn token_request(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}/api/v1/auth/token", self.address)).form(form).send().await.expect("token request")
    }

    /// An access token for a new client of satker `kode` with `role`.
    pub async fn token(&self, kode: &str, role: &str) -> String {
        let (id, secret) = self.klien(kode, role).await;
        token_of(&self.client, &self.address, &id, &secret).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{}", self.address, path)).bearer_auth(token).send().await.expect("request failed")
    }

    pub async fn post_as(&self, token: &str, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.address, path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request failed")
    }
}

pub async fn token_of(client: &reqwest::Client, address: &str, id: &str, secret: &str) -> String {
    let res = client
        .post(format!("{address}/api/v1/auth/token"))
        .form(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .expect("token request");
    assert_eq!(res.status(), 200, "token for {id}");
    let body: serde_json::Value = res.json().await.expect("token json");
    body["access_token"].as_str().expect("access_token").to_string()
}

/// Runs the real `kinerja` binary with the given environment, from an empty directory (so
/// no stray `.env` is read).
pub fn run_cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    cmd.args(args).current_dir(dir.path()).env_remove("DATABASE_URL").env("KINERJA_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run kinerja")
}

/// Like [`run_cli`], with `input` written to the command's stdin.
pub fn run_cli_stdin(args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    cmd.args(args).current_dir(dir.path()).env_remove("DATABASE_URL").env("KINERJA_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kinerja");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait kinerja")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A percentage of the API (`"100.612069"`) as every page and document shows it, by the rule
/// `docs/capaian.md` states: two decimals at most, half up, a comma (`100,61%`).
pub fn persen_tampil(api: &str) -> String {
    let d: rust_decimal::Decimal = api.parse().expect("a decimal from the API");
    let d = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", d.to_string().replace('.', ","))
}

/// Every percentage written in `teks` (`99,83%`, `100,612069%`) has at most two decimals.
pub fn paling_dua_desimal(teks: &str) {
    for (i, _) in teks.match_indices('%') {
        let depan: String = teks[..i].chars().rev().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
        let desimal = depan.split(',').next().unwrap_or("");
        if depan.contains(',') {
            assert!(
                desimal.len() <= 2,
                "a percentage with {} decimals: …{}%",
                desimal.len(),
                depan.chars().rev().collect::<String>()
            );
        }
    }
}

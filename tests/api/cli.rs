use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{fresh_database, is_postgres, run_cli, stderr, stdout};

fn assert_one_clear_error_line(out: &std::process::Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got:\n{err}");
    assert!(lines[0].starts_with("kinerja: galat: "), "{err}");
    assert!(lines[0].contains(expected), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unknown_database_scheme_is_one_clear_line() {
    let out = run_cli(&["migrate"], &[("DATABASE_URL", "mysql://kpu@db/kinerja")]);
    assert_one_clear_error_line(&out, "DATABASE_URL");
}

#[test]
fn unreachable_database_is_one_clear_line_without_the_password() {
    let out = run_cli(&["migrate"], &[("DATABASE_URL", "postgres://kpu:rahasia@127.0.0.1:1/kinerja")]);
    assert_one_clear_error_line(&out, "tidak dapat terhubung");
    assert!(!stderr(&out).contains("rahasia"));
}

#[test]
fn port_in_use_is_one_clear_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = run_cli(&["serve"], &[("KINERJA_BIND", addr.as_str()), ("KINERJA_DATA_DIR", data)]);
    assert_one_clear_error_line(&out, "tidak dapat mendengarkan");
}

#[test]
fn without_database_url_an_embedded_sqlite_file_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run_cli(&["satker", "list", "--induk", "00"], &[("KINERJA_DATA_DIR", data.to_str().unwrap())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 38);
    assert!(data.join("kinerja.db").is_file());
}

#[tokio::test]
async fn a_missing_postgres_database_is_created() {
    if !is_postgres() {
        return;
    }
    // fresh_database(false) makes an empty database; its name, with a suffix, is a database
    // that does not exist yet. Dropping the guard at the end removes the created database too.
    let guard = fresh_database(false).await;
    let missing = format!("{}_baru", guard.url);
    let out = run_cli(&["migrate"], &[("DATABASE_URL", missing.as_str())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_cli(&["satker", "list"], &[("DATABASE_URL", missing.as_str())]);
    assert_eq!(stdout(&out).lines().count(), 553);
    let name = missing.rsplit('/').next().unwrap().to_string();
    let server = std::env::var("TEST_DATABASE_URL").unwrap();
    let admin = sea_orm::Database::connect(format!("{}/postgres", server.trim_end_matches('/'))).await.unwrap();
    use sea_orm::ConnectionTrait;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.unwrap();
}

pub(crate) fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// `kinerja serve` on the embedded database in `dir`, on `port`, with extra environment.
pub(crate) fn serve(dir: &std::path::Path, port: u16, env: &[(&str, &str)], stderr: Stdio) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kinerja"));
    cmd.current_dir(dir).env_remove("DATABASE_URL").env("KINERJA_BIND", format!("127.0.0.1:{port}"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stderr(stderr).spawn().unwrap()
}

/// Waits until the server answers /health: serving, not merely bound (the port accepts
/// connections before the server has installed its signal handlers).
pub(crate) fn wait_until_serving(port: u16) {
    let healthy = || {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
        let _ = s.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.starts_with("HTTP/1.1 200")
    };
    let started = Instant::now();
    while !healthy() {
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sigterm(child: &Child) {
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
}

fn wait_for_exit(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = serve(dir.path(), port, &[("KINERJA_LOG", "info"), ("KINERJA_LOG_FORMAT", "json")], Stdio::piped());
    let stderr = child.stderr.take().unwrap();
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    wait_until_serving(port);
    sigterm(&child);
    let exit = wait_for_exit(&mut child, "server did not stop on SIGTERM");
    reader.join().unwrap();
    assert!(exit.success(), "{exit:?}");
    let logs = lines.lock().unwrap().join("\n");
    // JSON log lines, the last one saying the service stopped.
    let last: serde_json::Value = serde_json::from_str(logs.lines().last().unwrap()).unwrap();
    assert_eq!(last["message"], "kinerja berhenti", "{logs}");
}

/// A request still arriving when SIGTERM comes is answered before the server exits: its body is
/// sent in two halves with the signal in between.
#[test]
fn sigterm_lets_a_request_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = serve(dir.path(), port, &[("KINERJA_LOG", "warn")], Stdio::null());
    wait_until_serving(port);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = b"grant_type=client_credentials&client_id=tidak-ada&client_secret=salah";
    let head = format!(
        "POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..20]).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    sigterm(&child);
    // Longer than actix's shortest grace (it checks once a second), so only a real grace
    // period keeps the connection.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the server exited with a request in flight");
    stream.write_all(&body[20..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("invalid_client"), "{answer}");

    let exit = wait_for_exit(&mut child, "server did not stop after the request");
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test]
async fn cli_provisions_a_client_and_a_user_that_can_log_in() {
    use crate::helpers::{run_cli_stdin, spawn_app, token_of};
    let app = spawn_app().await;
    let env = [("DATABASE_URL", app.database.url.as_str())];

    let out = run_cli(&["client", "create", "--satker", "18.03", "--role", "operator", "--nama", "SIPD Lampura"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one JSON object on stdout: {text}");
    let created: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (id, secret) = (created["client_id"].as_str().unwrap(), created["client_secret"].as_str().unwrap());
    let token = token_of(&app.client, &app.address, id, secret).await;
    assert_eq!(app.get_as(&token, "/api/v1/satker/18.03").await.status(), 200);

    let out = run_cli_stdin(
        &["user", "create", "--satker", "18", "--role", "admin", "--username", "admin.lampung"],
        &env,
        "kata-sandi-yang-panjang\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let res = app
        .token_request(&[
            ("grant_type", "password"),
            ("username", "admin.lampung"),
            ("password", "kata-sandi-yang-panjang"),
        ])
        .await;
    assert_eq!(res.status(), 200);

    let out =
        run_cli_stdin(&["user", "create", "--satker", "18", "--role", "admin", "--username", "x.y"], &env, "pendek\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("password: minimal 12 karakter"), "{}", stderr(&out));

    let out = run_cli(&["client", "revoke", id], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let res =
        app.token_request(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)]).await;
    assert_eq!(res.status(), 401);
}

use crate::helpers::{is_postgres, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};

#[tokio::test]
async fn health_is_ok() {
    let app = spawn_app().await;
    let res = app.get("/health").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn ready_names_the_database_backend() {
    let app = spawn_app().await;
    let res = app.get("/ready").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "siap");
    assert_eq!(body["database"], if is_postgres() { "postgres" } else { "sqlite" });
}

#[tokio::test]
async fn ready_is_503_problem_when_database_pool_is_gone_and_health_stays_200() {
    let app = spawn_app().await;
    assert_eq!(app.get("/ready").await.status(), 200);
    app.db.close_by_ref().await.unwrap();

    let res = app.get("/ready").await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "layanan_tidak_siap");
    assert_eq!(body["status"], 503);
    assert_eq!(app.get("/health").await.status(), 200);
}

/// A real outage on PostgreSQL: the server refuses the app's database and kills its
/// sessions; /ready reports it, then recovers once the database is back.
#[tokio::test]
async fn ready_follows_a_postgres_outage_and_recovery() {
    if !is_postgres() {
        return;
    }
    let app = spawn_app().await;
    let name = app.database.url.rsplit('/').next().unwrap().to_string();
    let server = std::env::var("TEST_DATABASE_URL").unwrap();
    let admin = Database::connect(format!("{}/postgres", server.trim_end_matches('/'))).await.unwrap();
    let run = |sql: String| {
        let admin = admin.clone();
        async move { admin.execute_raw(Statement::from_string(admin.get_database_backend(), sql)).await.unwrap() }
    };
    assert_eq!(app.get("/ready").await.status(), 200);
    run(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false")).await;
    run(format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")).await;
    assert_eq!(app.get("/ready").await.status(), 503);

    run(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true")).await;
    let mut status = 0;
    for _ in 0..20 {
        status = app.get("/ready").await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "ready did not recover after the database came back");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.get("/health").await;
    let b = app.get("/health").await;
    let id_a = a.headers()["x-request-id"].to_str().unwrap().to_string();
    let id_b = b.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id_a).is_ok(), "{id_a}");
    assert_ne!(id_a, id_b);

    let echoed =
        app.client.get(format!("{}/health", app.address)).header("x-request-id", "sidalih-42.a").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "sidalih-42.a");

    // An id that could break log lines is replaced, not echoed.
    let replaced =
        app.client.get(format!("{}/nope", app.address)).header("x-request-id", "a b\"c").send().await.unwrap();
    assert_eq!(replaced.status(), 404);
    let id = replaced.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn unknown_path_is_a_problem_json_404() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/tidak-ada").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "tidak_ditemukan");
    assert!(body["detail"].as_str().unwrap().contains("/api/v1/tidak-ada"));
}

fn metric(text: &str, prefix: &str) -> Option<f64> {
    text.lines().find(|l| l.starts_with(prefix)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(app.get("/health").await.status(), 200);
    }
    app.get("/satker/18.03/rahasia").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert_eq!(
        metric(&text, r#"kinerja_http_requests_total{method="GET",route="/health",status="200"}"#),
        Some(3.0),
        "{text}"
    );
    // Unmatched paths are one label, whatever was asked: no unbounded label values.
    assert_eq!(metric(&text, r#"kinerja_http_requests_total{method="GET",route="unmatched",status="404"}"#), Some(1.0));
    assert!(!text.contains("rahasia"));
    assert!(metric(&text, r#"kinerja_http_request_duration_seconds_count{method="GET",route="/health"}"#) == Some(3.0));
    assert!(metric(&text, "kinerja_db_pool_connections").unwrap() >= 1.0, "{text}");
    assert!(metric(&text, "kinerja_db_pool_idle_connections").is_some());
}

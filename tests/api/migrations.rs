use entity::satker;
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::fresh_database;

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let database = fresh_database(false).await;
    let db = api::db::connect(&api::config::DatabaseUrl::new(database.url.clone())).await.unwrap();

    Migrator::up(&db, None).await.unwrap();
    assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 553);

    Migrator::down(&db, None).await.unwrap();
    assert!(Migrator::get_applied_migrations(&db).await.unwrap().is_empty());
    assert!(satker::Entity::find().count(&db).await.is_err(), "satker table should be gone");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 553);

    // Rolling back everything after the schema leaves the tables and an empty registry.
    let after_schema = u32::try_from(Migrator::migrations().len() - 1).unwrap();
    Migrator::down(&db, Some(after_schema)).await.unwrap();
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 0);
    db.close().await.unwrap();
}

/// Budgets stored before migration 000005 keep their monthly realisasi: the rows of
/// `anggaran_bulanan` become the line's twelve columns, and going back down restores the rows.
#[tokio::test]
async fn monthly_realisasi_move_into_columns_and_back() {
    use sea_orm::{ConnectionTrait, Statement};
    let database = fresh_database(false).await;
    let db = api::db::connect(&api::config::DatabaseUrl::new(database.url.clone())).await.unwrap();
    let before_columns = u32::try_from(
        Migrator::migrations().iter().position(|m| m.name() == "m20261124_000005_bulanan_kolom").unwrap(),
    )
    .unwrap();
    Migrator::up(&db, Some(before_columns)).await.unwrap();

    let run = |sql: String| {
        let db = &db;
        async move { db.execute_unprepared(&sql).await.unwrap() }
    };
    run("INSERT INTO anggaran (satker_id, tahun) SELECT id, 2024 FROM satker WHERE kode_wilayah = '18.03'".into())
        .await;
    for (urutan, akun) in [(0, "521211"), (1, "524111")] {
        run(format!(
            "INSERT INTO anggaran_baris (anggaran_id, urutan, program_kode, program_nama, jenis_belanja, sumber_dana, \
             akun, pagu, realisasi) SELECT id, {urutan}, '076.01.DH', 'Dukungan', '52', 'APBN', '{akun}', 1200, 780 \
             FROM anggaran"
        ))
        .await;
    }
    // Only the first line gives a monthly breakdown: 10, 20, …, 120.
    for bulan in 1..=12 {
        run(format!(
            "INSERT INTO anggaran_bulanan (baris_id, bulan, realisasi) \
             SELECT id, {bulan}, {} FROM anggaran_baris WHERE urutan = 0",
            bulan * 10
        ))
        .await;
    }

    Migrator::up(&db, None).await.unwrap();
    let lines = entity::anggaran_baris::Entity::find().all(&db).await.unwrap();
    let first = lines.iter().find(|l| l.urutan == 0).unwrap();
    let months = api::repo::isi::bulanan(first).expect("twelve months");
    assert_eq!(months, (1..=12).map(|b| b * 10).collect::<Vec<i64>>());
    let second = lines.iter().find(|l| l.urutan == 1).unwrap();
    assert_eq!(api::repo::isi::bulanan(second), None, "a line without months stays without");

    let after_columns = u32::try_from(Migrator::migrations().len()).unwrap() - before_columns;
    Migrator::down(&db, Some(after_columns)).await.unwrap();
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(realisasi) AS BIGINT) AS total FROM anggaran_bulanan",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 12);
    assert_eq!(row.try_get::<i64>("", "total").unwrap(), 780);
    db.close().await.unwrap();
}

/// A binary older than the schema it finds refuses to start, saying why, and changes nothing.
#[tokio::test]
async fn an_older_binary_refuses_a_newer_schema() {
    use sea_orm::ConnectionTrait;
    let database = fresh_database(false).await;
    let db = api::db::connect(&api::config::DatabaseUrl::new(database.url.clone())).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    db.execute_unprepared(
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_dari_masa_depan', 0)",
    )
    .await
    .unwrap();
    let err = match crate::helpers::start(&database.url, &[]).await {
        Ok(_) => panic!("an older binary must not start on a newer schema"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("skema basis data lebih baru") && err.contains("m20991231_000001_dari_masa_depan"), "{err}");
    let n = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n as usize, Migrator::migrations().len() + 1, "nothing was migrated or undone");
}

/// Instances started together on an empty PostgreSQL database migrate one after another under
/// an advisory lock: all of them start, and the schema is migrated once.
#[tokio::test]
async fn instances_started_together_migrate_once() {
    if !crate::helpers::is_postgres() {
        eprintln!("skipped: the advisory lock is PostgreSQL's (set TEST_DATABASE_URL)");
        return;
    }
    let database = fresh_database(false).await;
    let url = database.url.clone();
    let starts = (0..3).map(|_| {
        let url = url.clone();
        tokio::spawn(async move { crate::helpers::start(&url, &[]).await.map(|_| ()).map_err(|e| e.to_string()) })
    });
    for s in starts.collect::<Vec<_>>() {
        s.await.unwrap().unwrap();
    }
    let db = api::db::connect(&api::config::DatabaseUrl::new(url)).await.unwrap();
    assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 553);
}

/// A database that had budgets with monthly lines before migration 000012 gets the curve's
/// denominator filled when the service upgrades it: the summary rows are rebuilt after the
/// migration, so the curve never divides by a pagu of 0.
#[tokio::test]
async fn the_curves_denominator_is_filled_for_budgets_stored_before_it() {
    let app = crate::helpers::spawn_app().await;
    let op = app.token("18.01", "operator").await;
    let baris = serde_json::json!({"baris": [
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "52", "pagu": 2000000000, "realisasi": 600000000,
         "realisasi_bulanan": [50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000]},
        {"program_kode": "076.01.WA", "program_nama": "Dukungan Manajemen", "jenis_belanja": "51", "pagu": 3000000000_i64, "realisasi": 3000000000_i64}]});
    assert_eq!(app.put_as(&op, "/api/v1/satker/18.01/anggaran/2024", &baris, None).await.status(), 200);
    // Back to before migration 000012 (its columns gone), then a new instance upgrades it.
    Migrator::down(&app.db, Some(1)).await.unwrap();
    let analis = app.token("18", "analis").await;
    let (address, _) = crate::helpers::start(&app.database.url, &[]).await.unwrap();
    let query = r#"{ provinsi(kode: "18") { anggaranBulanan(tahun: 2024) { bulan pagu persenKumulatif } } }"#;
    let res = app
        .client
        .post(format!("{address}/graphql"))
        .bearer_auth(&analis)
        .json(&serde_json::json!({ "query": query }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let b: serde_json::Value = res.json().await.unwrap();
    let kurva = b["data"]["provinsi"]["anggaranBulanan"].as_array().unwrap();
    assert_eq!(
        (kurva[11]["pagu"].as_str(), kurva[11]["persenKumulatif"].as_str()),
        (Some("2000000000"), Some("30.00")),
        "only the line with a monthly breakdown: 600.000.000 of 2.000.000.000"
    );
}

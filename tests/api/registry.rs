use std::collections::HashMap;

use entity::satker;
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{run_cli, spawn_app, stderr, stdout};

#[tokio::test]
async fn registry_has_every_satker_with_correct_parents() {
    let app = spawn_app().await;
    let all = satker::Entity::find().order_by_asc(satker::Column::Id).all(&app.db).await.unwrap();
    assert_eq!(all.len(), 553);
    let by_id: HashMap<i64, &satker::Model> = all.iter().map(|s| (s.id, s)).collect();
    let count = |t: &str| all.iter().filter(|s| s.tingkat == t).count();
    assert_eq!((count("pusat"), count("provinsi"), count("kabupaten_kota")), (1, 38, 514));

    for s in &all {
        let parent = s.induk_id.map(|id| by_id[&id]);
        match s.tingkat.as_str() {
            "pusat" => {
                assert_eq!(s.kode_wilayah, "00");
                assert!(parent.is_none());
                assert_eq!(s.jalur, "00");
            }
            "provinsi" => {
                assert_eq!(parent.unwrap().kode_wilayah, "00", "{}", s.kode_wilayah);
                assert_eq!(s.jalur, format!("00/{}", s.kode_wilayah));
            }
            _ => {
                let p = parent.unwrap();
                assert_eq!(p.tingkat, "provinsi");
                // Kemendagri codes nest: 18.03 lies in 18.
                assert_eq!(s.kode_wilayah.split('.').next().unwrap(), p.kode_wilayah, "{}", s.kode_wilayah);
                assert_eq!(s.jalur, format!("{}/{}", p.jalur, s.kode_wilayah));
            }
        }
    }
    let lampura = all.iter().find(|s| s.kode_wilayah == "18.03").unwrap();
    assert_eq!(lampura.nama, "KPU Kabupaten Lampung Utara");
    assert_eq!(lampura.kode_satker.as_deref(), Some("656727"));
    let aceh = all.iter().find(|s| s.kode_wilayah == "11").unwrap();
    assert_eq!(aceh.nama, "KIP Provinsi Aceh");
}

#[tokio::test]
async fn cli_lists_the_registry_and_children_of_a_satker() {
    let app = spawn_app().await;
    let env = [("DATABASE_URL", app.database.url.as_str())];

    let out = run_cli(&["satker", "list"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 553);
    assert!(lines[0].starts_with("00\tpusat\tKPU RI"), "{}", lines[0]);

    let out = run_cli(&["satker", "list", "--induk", "18"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 15, "{text}");
    assert!(rows.iter().all(|r| r[0].starts_with("18.") && r[3] == "18"));
    let lampura = rows.iter().find(|r| r[0] == "18.03").unwrap();
    assert_eq!(lampura[1..], ["kabupaten_kota", "KPU Kabupaten Lampung Utara", "18", "656727"]);

    let out = run_cli(&["satker", "list", "--induk", "00"], &env);
    assert_eq!(stdout(&out).lines().count(), 38);

    let out = run_cli(&["satker", "list", "--induk", "99"], &env);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Satker 99 tidak ditemukan"), "{}", stderr(&out));
}

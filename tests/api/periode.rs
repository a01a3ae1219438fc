//! Deadlines per period: after the deadline only a verifikator above can reopen it.

use serde_json::{Value, json};

use crate::dokumen::seed001;
use crate::helpers::spawn_app;

#[tokio::test]
async fn after_the_deadline_only_a_verifikator_can_reopen() {
    let app = spawn_app().await;
    let ri = app.token("00", "admin").await;
    let op = app.token("18.03", "operator").await;
    let op_lamsel = app.token("18.01", "operator").await;
    let verif = app.token("18", "verifikator").await;
    let seed = seed001();
    assert_eq!(app.put_as(&op, "/api/v1/satker/18.03/pk/2024", &seed["pk"], None).await.status(), 200);
    assert_eq!(app.put_as(&op_lamsel, "/api/v1/satker/18.01/pk/2024", &seed["pk"], None).await.status(), 200);

    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let res = app.put_as(&ri, "/api/v1/satker/00/periode/2024/TW4", &json!({ "tenggat": past }), None).await;
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = app.get_as(&op, "/api/v1/periode/2024").await.json().await.unwrap();
    assert_eq!(list[0]["jenis"], "TW4");

    let tw4 = "/api/v1/satker/18.03/realisasi/2024/TW4";
    let res = app.put_as(&op, tw4, &seed["realisasi"]["TW4"], None).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "periode_ditutup");
    assert!(body["detail"].as_str().unwrap().contains("TW4 2024"), "{body}");
    // Other periods are open.
    assert_eq!(
        app.put_as(
            &op,
            "/api/v1/satker/18.03/realisasi/2024/TW3",
            &json!({"indikator": [{"kode": "SS1", "realisasi": "75%"}]}),
            None
        )
        .await
        .status(),
        200
    );

    // Reopening: a reason is required; an operator or a provinsi admin cannot.
    let buka = "/api/v1/satker/18.03/periode/2024/TW4/buka";
    assert_eq!(app.post_as(&verif, buka, &json!({})).await.status(), 422);
    assert_eq!(app.post_as(&op, buka, &json!({"alasan": "x"})).await.status(), 403);
    let res = app.post_as(&verif, buka, &json!({"alasan": "Server SIPD kabupaten mati pada hari tenggat"})).await;
    assert_eq!(res.status(), 200);
    let opened: Value = res.json().await.unwrap();
    let sampai = chrono::DateTime::parse_from_rfc3339(opened["sampai"].as_str().unwrap()).unwrap();
    assert!(sampai > chrono::Utc::now() + chrono::Duration::days(6), "seven days by default");
    assert_eq!(app.put_as(&op, tw4, &seed["realisasi"]["TW4"], None).await.status(), 200);
    assert_eq!(app.post_as(&op, &format!("{tw4}/ajukan"), &json!({})).await.status(), 200);
    // Reopening one satker leaves its siblings closed.
    let res = app
        .put_as(
            &op_lamsel,
            "/api/v1/satker/18.01/realisasi/2024/TW4",
            &json!({"indikator": [{"kode": "SS1", "realisasi": "100%"}]}),
            None,
        )
        .await;
    assert_eq!(res.status(), 409);

    // Deadlines are national: a provinsi admin cannot set them.
    let admin_18 = app.token("18", "admin").await;
    assert_eq!(
        app.put_as(&admin_18, "/api/v1/satker/18/periode/2024/pk", &json!({"tenggat": past}), None).await.status(),
        422
    );
    assert_eq!(
        app.put_as(&admin_18, "/api/v1/satker/00/periode/2024/pk", &json!({"tenggat": past}), None).await.status(),
        404
    );
    // Clearing the deadline opens the period again for everyone.
    assert_eq!(
        app.put_as(&ri, "/api/v1/satker/00/periode/2024/TW4", &json!({"tenggat": null}), None).await.status(),
        200
    );
    let res = app
        .put_as(
            &op_lamsel,
            "/api/v1/satker/18.01/realisasi/2024/TW4",
            &json!({"indikator": [{"kode": "SS1", "realisasi": "100%"}]}),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
}

//! The OpenAPI document: parses as OpenAPI 3.1, covers every route of the router with its
//! schemas, and every reference in it resolves.

use serde_json::Value;

use crate::helpers::spawn_app;

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get("$ref") {
                out.push(r);
            }
            o.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_is_valid_and_covers_every_route() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    let spec = oas3::from_json(&text).expect("a valid OpenAPI 3.1 document");
    assert_eq!(spec.openapi, "3.1.0");
    let doc: Value = serde_json::from_str(&text).unwrap();

    for route in api::http::route_infos() {
        let method = route.method.as_str().to_lowercase();
        let op = &doc["paths"][route.path][&method];
        assert!(op.is_object(), "{} {} is not in the OpenAPI document", route.method, route.path);
        assert!(
            op.get("x-belum-didokumentasikan").is_none(),
            "{} {} has no description in http/openapi.rs",
            route.method,
            route.path
        );
        let ok = op["responses"].as_object().unwrap().iter().find(|(code, _)| code.starts_with('2'));
        assert!(
            ok.is_some_and(|(_, r)| r["content"].is_object()),
            "{} {} has no success schema",
            route.method,
            route.path
        );
        if matches!(method.as_str(), "put") {
            assert!(
                op["requestBody"]["content"]["application/json"]["schema"].is_object(),
                "{} {}",
                route.method,
                route.path
            );
            assert!(op["responses"]["422"].is_object() && op["responses"]["412"].is_object());
        }
        let params: Vec<&str> = route.path.split('/').filter(|s| s.starts_with('{')).collect();
        assert_eq!(op["parameters"].as_array().map_or(0, Vec::len), params.len(), "{}", route.path);
    }

    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 50);
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected ref {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{r} does not resolve");
    }

    let page = app.get("/docs").await;
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/v1/satker/{kode}/anggaran/{tahun}") && html.contains("openapi.json"));
}

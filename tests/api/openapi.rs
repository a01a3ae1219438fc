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

    // Pages for people are not the API (tests/api/dasbor.rs covers them).
    for route in api::http::route_infos().into_iter().filter(|r| !api::http::halaman(r.path)) {
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
            // 204 says there is nothing to read; every other success has a schema.
            ok.is_some_and(|(code, r)| code == "204" || r["content"].is_object()),
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
        let in_path = op["parameters"].as_array().map_or(0, |p| p.iter().filter(|p| p["in"] == "path").count());
        assert_eq!(in_path, params.len(), "{}", route.path);
        // Every answer a route can give is documented with its media type, 405 included.
        assert!(op["responses"]["405"].is_object(), "{} {}", route.method, route.path);
    }

    // Parameters carry the constraints the handlers check.
    let param = |path: &str, method: &str, name: &str| -> Value {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name).cloned())
            .unwrap_or(Value::Null)
    };
    let tahun = param("/api/v1/provinsi/{kode}/ringkasan", "get", "tahun");
    assert_eq!((tahun["in"].as_str(), tahun["required"].as_bool()), (Some("query"), Some(true)));
    assert_eq!((tahun["schema"]["minimum"].as_i64(), tahun["schema"]["maximum"].as_i64()), (Some(2000), Some(2100)));
    let tw = param("/api/v1/satker/{kode}/realisasi/{tahun}/{triwulan}", "get", "triwulan");
    assert_eq!(tw["schema"]["enum"], serde_json::json!(["TW1", "TW2", "TW3", "TW4"]));
    assert!(param("/api/v1/satker/{kode}", "get", "kode")["schema"]["pattern"].is_string());
    // The views the service answers with are the schemas: generated, not written by hand.
    let pk = &doc["components"]["schemas"]["PkView"];
    assert_eq!(pk["properties"]["status"]["$ref"], "#/components/schemas/StatusDokumen", "{pk}");
    let token =
        &doc["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert!(token.is_object(), "the token endpoint takes forms");
    // One model with both grants' fields (a generated client fills one object; the grant's own
    // fields are the service's to check), and one media type, so a generated client imports.
    assert_eq!(
        doc["components"]["schemas"]["TokenMasuk"]["properties"]["grant_type"]["enum"],
        serde_json::json!(["client_credentials", "password"])
    );
    assert_eq!(doc["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"].as_object().unwrap().len(), 1);

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

/// What a client generator names its functions and modules after: every operation has an
/// operationId of letters alone, unique in the document, and a tag the document declares.
#[tokio::test]
async fn every_operation_has_a_stable_identifier_and_a_declared_tag() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let tags: Vec<&str> = doc["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    let mut ids = std::collections::HashSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphabetic()),
                "{method} {path}: {id}"
            );
            assert!(ids.insert(id.to_string()), "{id} names two operations");
            let tag = op["tags"][0].as_str().unwrap();
            assert!(tags.contains(&tag), "{method} {path}: tag {tag}");
        }
    }
    assert!(ids.contains("getProvinsiRingkasan") && ids.contains("putPk") && ids.contains("getPerubahan"));
}

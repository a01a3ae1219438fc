//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON, GET for queries, answered
//! as `application/graphql-response+json` when the client accepts it.

use std::time::Duration;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::Principal;
use crate::error::AppError;
use crate::graphql::Memo;
use crate::state::{AppState, Baca};

pub const TIMEOUT: Duration = Duration::from_secs(10);
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn accepts_graphql_response(req: &HttpRequest) -> bool {
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept.is_empty()
        || accept.contains(GRAPHQL_RESPONSE)
        || accept.contains("*/*")
        || !accept.contains("application/json")
}

async fn execute(
    req: &HttpRequest,
    p: Principal,
    baca: Baca,
    buat: impl Fn() -> Result<async_graphql::Request, AppError>,
) -> Result<HttpResponse, AppError> {
    let mesin = req
        .app_data::<web::Data<crate::graphql::Mesin>>()
        .ok_or_else(|| AppError::internal("GraphQL schema missing"))?;
    let run = |gql: async_graphql::Request, state: AppState| {
        let request = gql.data(p.clone()).data(state).data(Memo::default());
        async move {
            tokio::time::timeout(TIMEOUT, mesin.jalankan(request))
                .await
                .map_err(|_| AppError::Unavailable(format!("Kueri melebihi batas waktu {} detik.", TIMEOUT.as_secs())))
        }
    };
    // Queries only, so a query a replica could not answer is simply asked again of the primary.
    let mut response = run(buat()?, baca.state()).await?;
    let tak_terjawab = |r: &async_graphql::Response| {
        r.errors.iter().any(|e| {
            e.extensions.as_ref().and_then(|x| x.get("code")).is_some_and(|c| {
                matches!(c, async_graphql::Value::String(s) if s == "basis_data_tidak_tersedia" || s == "kesalahan_internal")
            })
        })
    };
    if baca.dari_replika() && tak_terjawab(&response) {
        baca.replika_gagal();
        response = run(buat()?, baca.primer().clone()).await?;
    }
    let modern = accepts_graphql_response(req);
    // A request that never executed (unparsable, invalid, too deep or complex) is a client
    // error under application/graphql-response+json; field errors keep 200 with partial data.
    let request_error = response.data == async_graphql::Value::Null && !response.errors.is_empty();
    let status = if modern && request_error { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let body = serde_json::to_vec(&response).map_err(AppError::internal)?;
    Ok(HttpResponse::build(status).content_type(if modern { GRAPHQL_RESPONSE } else { "application/json" }).body(body))
}

pub async fn post(req: HttpRequest, p: Principal, body: web::Bytes, baca: Baca) -> Result<HttpResponse, AppError> {
    crate::http::wajib_json(&req)?;
    let buat = || {
        serde_json::from_slice::<async_graphql::Request>(&body).map_err(|e| {
            AppError::BadRequest(format!(
                "Permintaan GraphQL tidak valid pada baris {}, kolom {}: {e}.",
                e.line(),
                e.column()
            ))
        })
    };
    execute(&req, p, baca, buat).await
}

pub async fn get(req: HttpRequest, p: Principal, baca: Baca) -> Result<HttpResponse, AppError> {
    // An empty `variables=` means none, as in a form that left the field blank.
    let query: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let query: Vec<(String, String)> =
        query.into_iter().filter(|(k, v)| !(k == "variables" && v.trim().is_empty())).collect();
    let query = serde_urlencoded::to_string(query).unwrap_or_default();
    let buat = || {
        async_graphql::http::parse_query_string(&query)
            .map_err(|e| AppError::BadRequest(format!("Permintaan GraphQL tidak valid: {e}.")))
    };
    execute(&req, p, baca, buat).await
}

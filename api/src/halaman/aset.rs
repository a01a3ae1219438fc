//! The files the pages load, compiled into the binary: the dashboard's stylesheet and icon,
//! and GraphiQL with React (vendored, see `api/assets/graphiql/README.md`). A server on a
//! closed network serves every byte its pages need.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Aset {
    nama: &'static str,
    jenis: &'static str,
    isi: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

static ASET: &[Aset] = &[
    Aset { nama: "kinerja.css", jenis: CSS, isi: include_bytes!("../../assets/halaman/kinerja.css") },
    Aset { nama: "lambang.svg", jenis: "image/svg+xml", isi: include_bytes!("../../assets/halaman/lambang.svg") },
    Aset { nama: "graphiql.min.css", jenis: CSS, isi: include_bytes!("../../assets/graphiql/graphiql.min.css") },
    Aset { nama: "graphiql.min.js", jenis: JS, isi: include_bytes!("../../assets/graphiql/graphiql.min.js") },
    Aset {
        nama: "react.production.min.js",
        jenis: JS,
        isi: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Aset {
        nama: "react-dom.production.min.js",
        jenis: JS,
        isi: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Aset { nama: "graphiql-mulai.js", jenis: JS, isi: include_bytes!("../../assets/halaman/graphiql-mulai.js") },
];

/// Each file's ETag, computed once.
fn etag(i: usize) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        ASET.iter()
            .map(|a| {
                let h = Sha256::digest(a.isi);
                format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&h[..12]))
            })
            .collect()
    });
    tags.get(i).map(String::as_str).unwrap_or("\"\"")
}

pub async fn get(req: HttpRequest, nama: web::Path<String>) -> Result<HttpResponse, AppError> {
    let Some(i) = ASET.iter().position(|a| a.nama == nama.as_str()) else {
        return Err(AppError::NotFound(format!("Berkas {} tidak ada.", nama.as_str())));
    };
    let tag = etag(i);
    let cocok = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut res = if cocok { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if cocok {
        return Ok(res.finish());
    }
    Ok(res.content_type(ASET[i].jenis).body(ASET[i].isi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_there_and_no_page_asset_points_elsewhere() {
        for (i, a) in ASET.iter().enumerate() {
            assert!(!a.isi.is_empty(), "{}", a.nama);
            assert!(etag(i).len() > 10);
        }
        let css = std::str::from_utf8(ASET[0].isi).unwrap();
        assert!(!css.contains("http:") && !css.contains("https:") && !css.contains("@import"));
    }
}

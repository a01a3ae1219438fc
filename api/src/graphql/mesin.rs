//! The schema as the endpoint runs it: queries seen before are not parsed again.
//!
//! Dashboards and scripts ask the same few queries over and over; parsing one costs more than
//! executing it (issue 28's profile). The parsed document of a query text is kept in a bounded
//! cache and handed to the schema, which still checks nesting, validates, and measures depth
//! and complexity on every request. A query text that once passed the full validation without
//! variables is, asked again without variables, validated in async-graphql's fast mode: the
//! same depth, complexity and fragment-cycle checks on every request, without re-proving the
//! rules that depend on the document and the schema alone (known fields, argument types of
//! literals, …), which cannot change for the same text. A query with variables is always
//! validated in full, since its variables' values are part of what is checked.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_graphql::ValidationMode;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response};

use super::KinerjaSchema;

/// Query texts longer than this are parsed every time (nobody's dashboard sends them).
pub const MAKS_PANJANG_KUERI: usize = 16 * 1024;
/// At most this many query texts, and this many bytes of them, are kept.
pub const MAKS_KUERI: usize = 256;
pub const MAKS_BYTE_KUERI: usize = 512 * 1024;

struct Tersimpan {
    dokumen: Arc<ExecutableDocument>,
    /// Operation names (`None`: the only one) that passed the full validation without variables.
    lolos: Vec<Option<String>>,
}

#[derive(Default)]
struct Cache {
    kueri: HashMap<String, Tersimpan>,
    byte: usize,
}

pub struct Mesin {
    ketat: KinerjaSchema,
    cepat: KinerjaSchema,
    cache: RwLock<Cache>,
}

impl Default for Mesin {
    fn default() -> Self {
        Self::baru()
    }
}

impl Mesin {
    pub fn baru() -> Self {
        Self { ketat: super::schema(), cepat: super::schema_dengan(ValidationMode::Fast), cache: RwLock::default() }
    }

    /// How many query texts are kept (for tests and metrics).
    pub fn jumlah_tersimpan(&self) -> usize {
        self.cache.read().map(|c| c.kueri.len()).unwrap_or(0)
    }

    /// Runs one request, with its parsed document from the cache when its text was seen.
    pub async fn jalankan(&self, mut request: Request) -> Response {
        let tanpa_variabel = request.variables.is_empty();
        let operasi = request.operation_name.clone();
        let dikenal =
            self.cache.read().ok().and_then(|c| {
                c.kueri.get(request.query.as_str()).map(|t| (t.dokumen.clone(), t.lolos.contains(&operasi)))
            });
        let (dokumen, lolos) = match dikenal {
            Some(d) => d,
            None => match async_graphql::parser::parse_query(&request.query) {
                Ok(d) => {
                    let d = Arc::new(d);
                    self.simpan(&request.query, d.clone());
                    (d, false)
                }
                // The schema parses it again and reports the error as it always has.
                Err(_) => return self.ketat.execute(request).await,
            },
        };
        request.set_parsed_query(ExecutableDocument::clone(&dokumen));
        if lolos && tanpa_variabel {
            return self.cepat.execute(request).await;
        }
        let kueri = tanpa_variabel.then(|| request.query.clone());
        let response = self.ketat.execute(request).await;
        // Passed validation: the request ran (data, perhaps with field errors).
        let tervalidasi = response.data != async_graphql::Value::Null || response.errors.is_empty();
        if let (Some(kueri), true) = (kueri, tervalidasi)
            && let Ok(mut c) = self.cache.write()
            && let Some(t) = c.kueri.get_mut(kueri.as_str())
            && !t.lolos.contains(&operasi)
        {
            t.lolos.push(operasi);
        }
        response
    }

    fn simpan(&self, kueri: &str, dokumen: Arc<ExecutableDocument>) {
        if kueri.len() > MAKS_PANJANG_KUERI {
            return;
        }
        let Ok(mut c) = self.cache.write() else { return };
        // Full: start again rather than keep an order of use; a dashboard's few queries are
        // back in the cache after their next request.
        if c.kueri.len() >= MAKS_KUERI || c.byte + kueri.len() > MAKS_BYTE_KUERI {
            c.kueri.clear();
            c.byte = 0;
        }
        if c.kueri.insert(kueri.to_string(), Tersimpan { dokumen, lolos: Vec::new() }).is_none() {
            c.byte += kueri.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_query_is_parsed_once_and_the_cache_stays_bounded() {
        let mesin = Mesin::baru();
        // Without a principal the root field fails, but the query is valid: it is kept and
        // marked as validated.
        let q = "{ nasional { kode } }";
        let r = mesin.jalankan(Request::new(q)).await;
        assert!(!r.errors.is_empty());
        assert_eq!(mesin.jumlah_tersimpan(), 1);
        mesin.jalankan(Request::new(q)).await;
        assert_eq!(mesin.jumlah_tersimpan(), 1, "the same text is one entry");
        // An invalid query is answered as before, and never marked as validated.
        let r = mesin.jalankan(Request::new("{ nasional { tidakAda } }")).await;
        assert_eq!(r.data, async_graphql::Value::Null);
        let r = mesin.jalankan(Request::new("{ nasional { tidakAda } }")).await;
        assert_eq!(r.data, async_graphql::Value::Null, "still refused the second time");
        assert!(r.errors[0].message.contains("tidakAda"), "{:?}", r.errors);
        // Unparsable text is not kept.
        mesin.jalankan(Request::new("{ nasional {")).await;
        assert_eq!(mesin.jumlah_tersimpan(), 2);
        for i in 0..MAKS_KUERI + 10 {
            mesin.jalankan(Request::new(format!("{{ a{i}: nasional {{ kode }} }}"))).await;
            assert!(mesin.jumlah_tersimpan() <= MAKS_KUERI);
        }
    }

    #[tokio::test]
    async fn complexity_and_depth_are_checked_on_every_request() {
        let mesin = Mesin::baru();
        let dalam = "{ nasional { satker(tahun: 2024) { kode } } }";
        // A query over the complexity limit is refused the first and every later time.
        let banyak: String = (0..30).map(|i| format!("a{i}: satker(kode: \"18\", tahun: 2024) {{ kode }} ")).collect();
        let banyak = format!("{{ {banyak} }}");
        for _ in 0..3 {
            let r = mesin.jalankan(Request::new(banyak.as_str())).await;
            assert_eq!(r.data, async_graphql::Value::Null);
            assert!(r.errors[0].message.contains("too complex"), "{:?}", r.errors);
        }
        mesin.jalankan(Request::new(dalam)).await;
        mesin.jalankan(Request::new(dalam)).await;
        assert_eq!(mesin.jumlah_tersimpan(), 2);
    }
}

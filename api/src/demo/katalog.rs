//! The demo's indicator catalogue (period 2020–2024): KPU RI's national catalogue in KPU's own
//! words (the IKU of seed 000), Provinsi Lampung's own addition, and which of the demo PKs'
//! indicators report against which entry. Most do; a few stay the satker's own, as in life.

use serde_json::Value;

use crate::domain::dokumen::katalog::{parse_katalog, periode};
use crate::error::AppError;
use crate::registry::Registry;
use crate::repo::Scope;
use crate::service::dokumen::{self as service, Tulis};

const KATALOG: &str = include_str!("../../data/demo/katalog_2020-2024.json");

fn data() -> Result<Value, AppError> {
    serde_json::from_str(KATALOG).map_err(AppError::internal)
}

/// Stores the national catalogue and Lampung's additions (unchanged ones are left as they are);
/// how many changed.
pub async fn muat(db: &sea_orm::DatabaseConnection, registry: &Registry, t: &Tulis<'_>) -> Result<usize, AppError> {
    let d = data()?;
    let awal = periode(d["periode"].as_str().unwrap_or_default()).map_err(|e| AppError::internal(e.pesan))?;
    let mut pemilik = vec![("00".to_string(), d["nasional"].clone())];
    if let Some(p) = d["provinsi"].as_object() {
        pemilik.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut berubah = 0;
    for (kode, isi) in pemilik {
        let Some(satker) = registry.by_kode(&kode) else { continue };
        let entri = parse_katalog(&isi).map_err(|e| AppError::internal(format!("katalog demo {kode}: {e:?}")))?;
        let h = service::put_katalog(db, registry, &Scope::sistem(), satker, awal, entri, t).await?;
        berubah += usize::from(h.berubah);
    }
    Ok(berubah)
}

/// `pk` with the indicators the demo links to the catalogue naming their entry, and leaving what
/// the entry defines (name, unit, type, polarity, method) to it.
pub fn tautkan(kode_satker: &str, pk: &mut Value) -> Result<(), AppError> {
    let d = data()?;
    let umum = d["tautan"].as_object().cloned().unwrap_or_default();
    let khusus = d["tautan_satker"][kode_satker].as_object().cloned().unwrap_or_default();
    let Some(rows) = pk.get_mut("indikator").and_then(Value::as_array_mut) else { return Ok(()) };
    for row in rows {
        let Some(o) = row.as_object_mut() else { continue };
        let kode = o.get("kode").and_then(Value::as_str).unwrap_or_default().to_string();
        let tautan = if khusus.is_empty() { umum.get(&kode) } else { khusus.get(&kode) };
        if let Some(k) = tautan {
            o.insert("katalog".into(), k.clone());
            for medan in ["nama", "satuan", "tipe_nilai", "polaritas", "metode_predikat"] {
                o.remove(medan);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalogue_is_valid_and_every_link_names_an_entry() {
        let d = data().unwrap();
        let nasional = parse_katalog(&d["nasional"]).unwrap();
        let lampung = parse_katalog(&d["provinsi"]["18"]).unwrap();
        assert_eq!(nasional.len(), 14, "the fourteen IKU of seed 000");
        let ada = |k: &str| nasional.iter().chain(&lampung).any(|e| e.kode == k);
        let mut tautan: Vec<&Value> = d["tautan"].as_object().unwrap().values().collect();
        for s in d["tautan_satker"].as_object().unwrap().values() {
            tautan.extend(s.as_object().unwrap().values());
        }
        assert!(tautan.len() > 20);
        for k in tautan {
            assert!(ada(k.as_str().unwrap()), "{k}");
        }
        let mut pk = serde_json::json!({"indikator": [{"kode": "IK-01", "nama": "x", "satuan": "persen", "target": 78},
            {"kode": "IK-05", "nama": "y", "satuan": "persen", "target": 100}]});
        tautkan("18.02", &mut pk).unwrap();
        assert_eq!(pk["indikator"][0]["katalog"], "KPU-06");
        assert!(pk["indikator"][0].get("nama").is_none(), "inherited");
        assert!(pk["indikator"][1].get("katalog").is_none(), "a satker's own");
    }
}

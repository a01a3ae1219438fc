//! The satker registry: KPU RI, 38 KPU Provinsi and 514 KPU Kabupaten/Kota, one per
//! Kemendagri area (data/wilayah, ODbL, see its README). Reference data belongs in a
//! migration: every database, test template included, gets exactly the same registry, and a
//! future change to the areas (a new regency) becomes a new migration.

use std::collections::HashMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult};

const PROVINSI_CSV: &str = include_str!("../data/wilayah/provinces.csv");
const KABKOTA_CSV: &str = include_str!("../data/wilayah/regencies.csv");

/// Kemenkeu satker codes known from the source documents (seed 001: Lampung Utara).
const KODE_SATKER: &[(&str, &str)] = &[("18.03", "656727")];

/// Aceh's election commissions are called Komisi Independen Pemilihan (KIP).
const KODE_ACEH: &str = "11";

#[derive(DeriveMigrationName)]
pub struct Migration;

// `kode_satker` is the domain's name for the Kemenkeu code, whatever the enum is called.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
    KodeWilayah,
    KodeSatker,
    Nama,
    NamaWilayah,
    Tingkat,
    IndukId,
    Jalur,
}

#[derive(Debug, FromQueryResult)]
struct IdKode {
    id: i64,
    kode_wilayah: String,
}

struct Baris<'a> {
    kode: &'a str,
    induk: &'a str,
    nama_wilayah: &'a str,
}

fn rows(csv: &str, columns: usize) -> Result<Vec<Vec<&str>>, DbErr> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split(',').map(str::trim).collect();
            if fields.len() == columns {
                Ok(fields)
            } else {
                Err(DbErr::Migration(format!("baris wilayah tidak valid: {l}")))
            }
        })
        .collect()
}

fn nama_satker(kode: &str, nama_wilayah: &str, tingkat: &str) -> String {
    let lembaga = if kode.split('.').next() == Some(KODE_ACEH) { "KIP" } else { "KPU" };
    match tingkat {
        // How the national commission is named throughout KPU documents.
        "pusat" => "KPU RI".to_string(),
        "provinsi" => format!("{lembaga} Provinsi {nama_wilayah}"),
        _ => format!("{lembaga} {nama_wilayah}"),
    }
}

async fn ids(m: &SchemaManager<'_>) -> Result<HashMap<String, (i64, String)>, DbErr> {
    let db = m.get_connection();
    let q = Query::select().columns([Satker::Id, Satker::KodeWilayah, Satker::Jalur]).from(Satker::Table).to_owned();
    let rows = db.query_all(&q).await?;
    let mut out = HashMap::new();
    for r in rows {
        let ik = IdKode::from_query_result(&r, "")?;
        let jalur: String = r.try_get("", "jalur")?;
        out.insert(ik.kode_wilayah, (ik.id, jalur));
    }
    Ok(out)
}

async fn insert(m: &SchemaManager<'_>, tingkat: &str, baris: &[Baris<'_>]) -> Result<(), DbErr> {
    let induk = ids(m).await?;
    for chunk in baris.chunks(100) {
        let mut q = Query::insert();
        q.into_table(Satker::Table).columns([
            Satker::KodeWilayah,
            Satker::KodeSatker,
            Satker::Nama,
            Satker::NamaWilayah,
            Satker::Tingkat,
            Satker::IndukId,
            Satker::Jalur,
        ]);
        for b in chunk {
            let (induk_id, jalur) = match induk.get(b.induk) {
                Some((id, jalur)) => (Some(*id), format!("{jalur}/{}", b.kode)),
                None if b.induk.is_empty() => (None, b.kode.to_string()),
                None => return Err(DbErr::Migration(format!("induk {} tidak ditemukan", b.induk))),
            };
            let kode_satker = KODE_SATKER.iter().find(|(k, _)| *k == b.kode).map(|(_, s)| String::from(*s));
            q.values([
                b.kode.into(),
                kode_satker.into(),
                nama_satker(b.kode, b.nama_wilayah, tingkat).into(),
                b.nama_wilayah.into(),
                tingkat.into(),
                induk_id.into(),
                jalur.into(),
            ])
            .map_err(|e| DbErr::Migration(e.to_string()))?;
        }
        m.exec_stmt(q).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let pusat = [Baris { kode: "00", induk: "", nama_wilayah: "Republik Indonesia" }];
        insert(m, "pusat", &pusat).await?;

        let provinsi = rows(PROVINSI_CSV, 2)?;
        let provinsi: Vec<Baris> =
            provinsi.iter().map(|f| Baris { kode: f[0], induk: "00", nama_wilayah: f[1] }).collect();
        insert(m, "provinsi", &provinsi).await?;

        let kabkota = rows(KABKOTA_CSV, 3)?;
        let kabkota: Vec<Baris> =
            kabkota.iter().map(|f| Baris { kode: f[0], induk: f[1], nama_wilayah: f[2] }).collect();
        insert(m, "kabupaten_kota", &kabkota).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for tingkat in ["kabupaten_kota", "provinsi", "pusat"] {
            let q =
                Query::delete().from_table(Satker::Table).and_where(Expr::col(Satker::Tingkat).eq(tingkat)).to_owned();
            m.exec_stmt(q).await?;
        }
        Ok(())
    }
}

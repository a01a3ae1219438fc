// The json! literals of the OpenAPI document nest deeply.
#![recursion_limit = "512"]

pub mod acak;
pub mod auth;
pub mod beban;
pub mod bench_data;
mod buku_kerja;
pub mod cli;
pub mod config;
mod credentials;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod halaman;
pub mod http;
pub mod keputusan;
pub mod lkj;
pub mod metrics;
pub mod perjanjian;
pub mod registry;
pub mod replika;
pub mod repo;
pub mod service;
pub mod sinyal;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod view;
pub mod xlsx;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use migration::{Migrator, MigratorTrait};

use cli::{Cli, Command, MigrateAction, SatkerAction};
use config::Settings;
use repo::Scope;
use startup::Application;

/// Entry point of the `kinerja` binary. Any failure is one line on stderr and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kinerja: galat: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    telemetry::init(&settings.log_filter, settings.log_format)?;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("runtime tokio: {e}"))?;
    runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(&settings).await,
            Command::Migrate { action } => migrate(&settings, action.unwrap_or(MigrateAction::Up)).await,
            Command::Satker { action: SatkerAction::List { induk } } => satker_list(&settings, induk).await,
            Command::Client { action } => credentials::client(&settings, action).await,
            Command::Demo => credentials::demo(&settings).await,
            Command::BenchData { tahun, seed } => credentials::bench_data(&settings, &tahun, seed).await,
            Command::BebanTenggat { server, detik, penulis, pembaca, tahun, triwulan, seed } => {
                let triwulan = triwulan.parse()?;
                let o = beban::Opsi { server, detik, penulis, pembaca, tahun, triwulan, seed };
                let hasil = beban::jalankan(&settings, o).await?;
                let text = serde_json::to_string_pretty(&hasil).map_err(|e| e.to_string())?;
                writeln!(std::io::stdout().lock(), "{text}").map_err(|e| e.to_string())
            }
            Command::GraphqlSchema => {
                let mut out = std::io::stdout().lock();
                write!(out, "{}", graphql::schema().sdl()).map_err(|e| e.to_string())
            }
            Command::Capaian { action: cli::CapaianAction::HitungUlang { satker, tahun } } => {
                credentials::hitung_ulang(&settings, &satker, tahun).await
            }
            Command::User { action } => credentials::user(&settings, action).await,
            Command::Ringkasan { action } => credentials::ringkasan(&settings, action).await,
            Command::Katalog { action } => credentials::katalog(&settings, action).await,
            Command::Bukti { action } => credentials::bukti(&settings, action).await,
            Command::Xlsx { action } => buku_kerja::jalankan(action).await,
        }
    })
}

async fn serve(settings: &Settings) -> Result<(), String> {
    let app = Application::build(settings).await.map_err(|e| e.to_string())?;
    tracing::info!(
        database = %settings.database_url,
        embedded = settings.embedded,
        port = app.port(),
        "kinerja melayani di {}",
        settings.bind
    );
    app.run_until_stopped().await.map_err(|e| e.to_string())?;
    tracing::info!("kinerja berhenti");
    Ok(())
}

async fn migrate(settings: &Settings, action: MigrateAction) -> Result<(), String> {
    let conn = db::connect(&settings.database_url).await.map_err(|e| e.to_string())?;
    match action {
        MigrateAction::Up => db::migrate(&conn).await.map_err(|e| e.to_string())?,
        MigrateAction::Down { steps } => Migrator::down(&conn, Some(steps)).await.map_err(|e| e.to_string())?,
        MigrateAction::Status => {
            let all = Migrator::get_migration_with_status(&conn).await.map_err(|e| e.to_string())?;
            let mut out = std::io::stdout().lock();
            for m in all {
                writeln!(out, "{}\t{:?}", m.name(), m.status()).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

async fn satker_list(settings: &Settings, induk: Option<String>) -> Result<(), String> {
    let conn = db::connect(&settings.database_url).await.map_err(|e| e.to_string())?;
    db::migrate(&conn).await.map_err(|e| e.to_string())?;
    let rows = repo::satker::list(&Scope::sistem(), &conn, induk.as_deref()).await.map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    for s in rows {
        let induk = s.jalur.rsplit('/').nth(1).unwrap_or("-");
        let kode_satker = s.kode_satker.as_deref().unwrap_or("-");
        writeln!(out, "{}\t{}\t{}\t{}\t{}", s.kode_wilayah, s.tingkat, s.nama, induk, kode_satker)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

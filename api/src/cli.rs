//! The `kinerja` command line.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "kinerja", version, about = "Layanan kinerja dan anggaran satker KPU")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// The satker registry.
    Satker {
        #[command(subcommand)]
        action: SatkerAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply all pending migrations (the default).
    Up,
    /// Roll back the last N migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum SatkerAction {
    /// One satker per line: kode_wilayah, tingkat, nama, induk, kode_satker (tab-separated).
    List {
        /// Only the direct children of this satker (kode_wilayah, e.g. 18).
        #[arg(long)]
        induk: Option<String>,
    },
}

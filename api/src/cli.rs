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
    /// Load (or reload) the demo of Provinsi Lampung 2024.
    Demo,
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    GraphqlSchema,
    /// Load national-scale benchmark data: every satker, every year given.
    BenchData {
        /// Years: 2020..2024, 2024 or 2020,2022.
        #[arg(long, default_value = "2020..2024")]
        tahun: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The deadline-day load against running servers, for capacity planning: writers send each
    /// kabupaten/kota's realisasi and anggaran, readers refresh provinsi dashboards (prints JSON).
    BebanTenggat {
        /// Base URLs of the instances, comma-separated (requests alternate between them).
        #[arg(long, value_delimiter = ',')]
        server: Vec<String>,
        #[arg(long, default_value_t = 30)]
        detik: u64,
        #[arg(long, default_value_t = 8)]
        penulis: usize,
        #[arg(long, default_value_t = 8)]
        pembaca: usize,
        #[arg(long, default_value_t = 2024)]
        tahun: i32,
        #[arg(long, default_value = "TW4")]
        triwulan: String,
        /// The seed the benchmark data was loaded with.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Stored capaian.
    Capaian {
        #[command(subcommand)]
        action: CapaianAction,
    },
    /// KPU's indicator catalogue.
    Katalog {
        #[command(subcommand)]
        action: KatalogAction,
    },
    /// The summary rows the totals are read from.
    Ringkasan {
        #[command(subcommand)]
        action: RingkasanAction,
    },
    /// API clients (machine-to-machine credentials of a satker).
    Client {
        #[command(subcommand)]
        action: ClientAction,
    },
    /// People who log in with a username and password.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Evidence files (bukti dukung) and their store.
    Bukti {
        #[command(subcommand)]
        action: BuktiAction,
    },
    /// Workbooks against a running server: download to edit offline, upload what was edited.
    Xlsx {
        #[command(subcommand)]
        action: XlsxAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum BuktiAction {
    /// Checks that every stored content's object is in the store; lists those missing and
    /// fails when any is.
    Periksa,
    /// Removes now what the service removes hourly: uploads no document took within a day,
    /// content nothing names, temporary objects of unfinished uploads.
    Bersihkan,
}

#[derive(Debug, Subcommand)]
pub enum XlsxAction {
    /// Download the workbook of a document, one file per satker, into a folder.
    Unduh {
        /// pk, realisasi or anggaran.
        dokumen: String,
        /// Satker kode; several separated by commas (18.01,18.02).
        #[arg(long, value_delimiter = ',', required = true)]
        satker: Vec<String>,
        #[arg(long)]
        tahun: i32,
        /// TW1–TW4, for a realisasi.
        #[arg(long)]
        triwulan: Option<String>,
        #[arg(long, default_value = ".")]
        folder: std::path::PathBuf,
        #[command(flatten)]
        server: Server,
    },
    /// Upload workbooks, each to the document, satker, year and triwulan its header names.
    Unggah {
        #[arg(required = true)]
        berkas: Vec<std::path::PathBuf>,
        /// Check everything, store nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        server: Server,
    },
}

/// The server a command talks to, and how it signs in.
#[derive(Debug, clap::Args)]
pub struct Server {
    /// The service's address.
    #[arg(long, env = "KINERJA_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// An access token; or give a client's id and secret instead.
    #[arg(long, env = "KINERJA_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[arg(long, env = "KINERJA_CLIENT_ID")]
    pub client_id: Option<String>,
    #[arg(long, env = "KINERJA_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ClientAction {
    /// Create a client; prints {"client_id": …, "client_secret": …} once on stdout.
    Create {
        /// kode_wilayah of the client's satker, e.g. 18.03.
        #[arg(long)]
        satker: String,
        /// operator, verifikator, analis or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        nama: Option<String>,
    },
    /// Revoke a client; its tokens stop working.
    Revoke { client_id: String },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create a user; the password is read from stdin (or prompted for on a terminal).
    Create {
        #[arg(long)]
        satker: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        nama: Option<String>,
    },
    /// Revoke a user; their tokens stop working.
    Revoke { username: String },
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

#[derive(Debug, Subcommand)]
pub enum CapaianAction {
    /// Recompute stored capaian and temuan under the rules in force (after a change of
    /// rules made outside the API, or an engine upgrade).
    HitungUlang {
        /// Only this satker's subtree (kode_wilayah); default: everything.
        #[arg(long, default_value = "00")]
        satker: String,
        /// Only this year.
        #[arg(long)]
        tahun: Option<i32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KatalogAction {
    /// Match every satker's own PK indicators to the catalogue entry of the same name (case,
    /// spacing and Pemilu/Pemilihan variants aside) whose unit, type and polarity agree: prints
    /// what it would link, what has a namesake of another definition, and what stays local.
    Cocokkan {
        /// Only the PKs of this year.
        #[arg(long)]
        tahun: Option<i32>,
        /// Link them (each PK: a new version, an audit row, its summaries moved).
        #[arg(long)]
        terapkan: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RingkasanAction {
    /// Recompute every summary row from the stored documents and compare it with the row
    /// stored; prints each difference and exits with 1 when there is any.
    Periksa {
        /// Only this year.
        #[arg(long)]
        tahun: Option<i32>,
    },
    /// Rebuild the summary rows from the stored documents (after rows were changed outside
    /// the service).
    Bangun {
        /// Only this year.
        #[arg(long)]
        tahun: Option<i32>,
    },
}

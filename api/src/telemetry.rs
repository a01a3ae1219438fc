//! Logging: human-readable or JSON lines on stderr (stdout is kept for CLI output such as
//! `satker list` and `client create`), filtered by KINERJA_LOG / RUST_LOG.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(filter: &str, format: LogFormat) -> Result<(), String> {
    let filter = EnvFilter::try_new(filter).map_err(|e| format!("KINERJA_LOG tidak valid: {e}"))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
    };
    // A subscriber already installed (tests start many apps in one process) is fine.
    let _ = result;
    Ok(())
}

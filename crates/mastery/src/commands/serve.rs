//! `serve`: the local web app. With `--demo` it serves the demo history from a store of its own
//! inside the data directory, filled on first use, so demo records never mix with the person's.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result};
use mastery_app::{App, SystemClock};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use mastery_app::AppError;

use crate::cli::ServeArgs;
use crate::output::Output;
use crate::store;

mod network;

/// Where the demo store lives inside the data directory.
const DEMO_DIR: &str = "demo";

#[derive(Serialize)]
struct Serving {
    url: String,
    demo: bool,
    /// Beyond loopback: every address and name it answers to, which anyone reaching them uses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exposed_at: Vec<String>,
}

/// The store's connections for the web app: one per core (two to eight), so that pages render
/// side by side instead of queueing for one connection.
pub fn connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    u32::try_from(cores.clamp(2, 8)).unwrap_or(2)
}

pub async fn run(own: SqliteStore, args: ServeArgs, dir: &Path, out: &mut Output) -> Result<()> {
    if !args.bind.is_loopback() && !args.allow_network {
        return Err(AppError::refused(format!(
            "--bind {} lets anyone who can reach this machine read and change your records, with no password; \
             add --allow-network if that is what you want, or run `mastery server`, which has accounts",
            args.bind
        ))
        .into());
    }
    let app = if args.demo {
        let demo = store::open_with(&dir.join(DEMO_DIR), connections()).await?;
        if demo.domains(true).await?.is_empty() {
            demo.demo(7).await?;
        }
        demo
    } else {
        App::local(own, Box::new(SystemClock)).await?
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).await.with_context(|| {
        format!("could not listen on {}:{}; is another server using the port? Try --port", args.bind, args.port)
    })?;
    let addr = listener.local_addr()?;
    let exposed = match addr.ip().is_loopback() {
        true => Vec::new(),
        false => network::names(addr),
    };
    let mut guard = mastery_web::Guard::for_address(addr);
    for host in &exposed {
        guard = guard.also(host);
    }
    let exposed_at: Vec<String> = exposed.iter().map(|host| format!("http://{host}/")).collect();
    let url = exposed_at.first().cloned().unwrap_or_else(|| format!("http://{addr}/"));
    let view = Serving { url, demo: args.demo, exposed_at };
    out.emit(&view, |h| {
        if !view.exposed_at.is_empty() {
            h.line(format!(
                "warning: anyone who can reach {} can read and change your records there, with no password.",
                view.exposed_at.join(", ")
            ))?;
        }
        h.line(format!(
            "Mastery is open at {} {}(Ctrl-C to stop)",
            view.url,
            if view.demo { "with the demo history " } else { "" }
        ))
    })?;
    out.flush()?;
    // Failures of the system are logged on stderr; nothing about requests is.
    let _ = tracing_subscriber::fmt().with_max_level(tracing::Level::WARN).with_writer(std::io::stderr).try_init();
    let router = mastery_web::router(app, guard);
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    mastery_web::serve(listener, router, stop).await.context("the web server stopped")
}

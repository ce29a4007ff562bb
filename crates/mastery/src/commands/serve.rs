//! `serve`: the local web app. With `--demo` it serves the demo history from a store of its own
//! inside the data directory, filled on first use, so demo records never mix with the person's.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result};
use mastery_app::{App, SystemClock};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::cli::ServeArgs;
use crate::output::Output;
use crate::store;

/// Where the demo store lives inside the data directory.
const DEMO_DIR: &str = "demo";

#[derive(Serialize)]
struct Serving {
    url: String,
    demo: bool,
}

pub async fn run(own: SqliteStore, args: ServeArgs, dir: &Path, out: &mut Output) -> Result<()> {
    let app = if args.demo {
        let demo = store::open(&dir.join(DEMO_DIR)).await?;
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
    let view = Serving { url: format!("http://{addr}/"), demo: args.demo };
    out.emit(&view, |h| {
        if !args.bind.is_loopback() {
            h.line("warning: listening beyond this machine; anyone on your network who can reach it can read your records.")?;
        }
        h.line(format!("Mastery is open at {} {}(Ctrl-C to stop)", view.url, if view.demo { "with the demo history " } else { "" }))
    })?;
    out.flush()?;
    // Failures of the system are logged on stderr; nothing about requests is.
    let _ = tracing_subscriber::fmt().with_max_level(tracing::Level::WARN).with_writer(std::io::stderr).try_init();
    let router = mastery_web::router(app, mastery_web::Guard::for_address(addr));
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    mastery_web::serve(listener, router, stop).await.context("the web server stopped")
}

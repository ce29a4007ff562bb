//! "Your data" in the browser: every record as the JSON export that `mastery import` reads
//! back, and the evidence, celebrations and reviews as Markdown notes, to download. The JSON is
//! written into the response as it is read, on a thread of its own, so a long history never sits
//! in the server's memory whole.

use std::io::{BufWriter, Write};

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::Page;
use super::layout;
use crate::error::WebError;
use crate::{Web, WebStore};

/// Bytes handed to the response at a time, and chunks waiting: the memory a download holds.
const CHUNK: usize = 64 * 1024;
const WAITING: usize = 4;

pub async fn page() -> Page {
    Ok(layout::page(
        "Your data",
        html! {
            p { "Everything you record stays in one file on this computer. Take it with you:" }
            ul {
                li {
                    a href="/data/export.json" download { "Download everything (JSON)" }
                    " — every record, in the documented format that " code { "mastery import" } " reads back."
                }
                li {
                    a href="/data/notes.md" download { "Download your notes (Markdown)" }
                    " — your evidence file, celebrations and reviews, to read in a notes app."
                }
            }
            h2 { "Bringing records in" }
            p {
                "On the computer that keeps your records, " code { "mastery import FILE --dry-run" }
                " shows what an export would add, keep or skip, and " code { "mastery import FILE" }
                " brings it in. What you already have is kept as it is."
            }
            p { "For spreadsheets: " code { "mastery export --format csv --output DIR" } "; for a safe copy of the whole store: " code { "mastery backup" } "." }
        },
    ))
}

pub async fn export_json<S: WebStore>(web: Web<S>) -> Result<Response, WebError> {
    let today = web.app.clock().now().date();
    // The export writes through `std::io::Write`, whose calls cannot wait for the client: it runs
    // on a blocking thread and hands chunks over a small channel, which the body reads from
    // another blocking thread at a time, so a slow client holds the export back, not memory.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<std::io::Result<Bytes>>(WAITING);
    let app = web.app;
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let failed = sender.clone();
        let out = BufWriter::with_capacity(CHUNK, Chunks(sender));
        if let Err(error) = runtime.block_on(app.export_json(out)) {
            tracing::error!(%error, "the export download failed");
            // The client sees a broken download rather than a file that looks whole.
            let _ = failed.send(Err(std::io::Error::other(error.to_string())));
        }
    });
    let stream = futures_util::stream::unfold(receiver, |receiver| async move {
        let next = tokio::task::spawn_blocking(move || receiver.recv().ok().map(|chunk| (chunk, receiver)));
        next.await.ok().flatten()
    });
    let name = format!("attachment; filename=\"mastery-export-{today}.json\"");
    let headers = [(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, name)];
    Ok((headers, Body::from_stream(stream)).into_response())
}

pub async fn notes<S: WebStore>(web: Web<S>) -> Result<Response, WebError> {
    let notes = web.app.export_markdown().await.map_err(WebError::html)?;
    let name = format!("attachment; filename=\"mastery-notes-{}.md\"", web.app.clock().now().date());
    let headers =
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)];
    Ok((headers, notes).into_response())
}

/// Bytes written, handed to the response body in chunks; a client gone away is a broken pipe.
struct Chunks(std::sync::mpsc::SyncSender<std::io::Result<Bytes>>);

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

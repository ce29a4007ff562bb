//! "Your data" in the browser: every record as the JSON export that `mastery import` reads
//! back, and the evidence, celebrations and reviews as Markdown notes, to download; and an
//! export brought back in, shown first as what it would add, keep and skip, then imported when
//! the person confirms. The JSON is written into the response as it is read, on a thread of its
//! own, so a long history never sits in the server's memory whole.
//!
//! An uploaded file waits for the confirmation in memory, never on disk: it holds the person's
//! records, and a copy left in a temporary folder would outlive the moment. Each person has at
//! most one waiting upload, under a random name the confirm form sends back; it is dropped when
//! imported, when another file is chosen, or after [`KEEP`]. A restarted server has forgotten it,
//! and the page says to choose the file again.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Form;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mastery_app::portable::ImportReport;
use mastery_domain::ids::UserId;
use maud::{Markup, html};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::error::WebError;
use crate::layout;
use crate::{Shared, Web, WebStore, multipart};

/// Bytes handed to the response at a time, and chunks waiting: the memory a download holds.
const CHUNK: usize = 64 * 1024;
const WAITING: usize = 4;
/// The largest export the page takes; a larger one imports with `mastery import`.
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;
/// How long an upload waits for its confirmation.
const KEEP: Duration = Duration::from_secs(30 * 60);
/// The most that waiting uploads hold together, across everyone on a server.
const MAX_WAITING: usize = 4 * MAX_UPLOAD;

/// Uploads waiting for their confirmation, one a person.
#[derive(Debug, Default)]
pub(crate) struct Uploads(Mutex<HashMap<UserId, Waiting>>);

#[derive(Debug)]
struct Waiting {
    name: String,
    bytes: Bytes,
    at: Instant,
}

impl Uploads {
    /// Keeps `bytes` for `user` in place of any earlier upload; answers the name the confirm
    /// form sends back, or `None` when too much is waiting already.
    fn keep(&self, user: UserId, bytes: Bytes) -> Option<String> {
        let mut waiting = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        waiting.retain(|who, upload| *who != user && upload.at.elapsed() < KEEP);
        if waiting.values().map(|upload| upload.bytes.len()).sum::<usize>() + bytes.len() > MAX_WAITING {
            return None;
        }
        let name = uuid::Uuid::new_v4().simple().to_string();
        waiting.insert(user, Waiting { name: name.clone(), bytes, at: Instant::now() });
        Some(name)
    }

    /// Takes the upload of `user` named `name`, if it is still waiting.
    fn take(&self, user: UserId, name: &str) -> Option<Bytes> {
        let mut waiting = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let upload = waiting.get(&user)?;
        let same = bool::from(upload.name.as_bytes().ct_eq(name.as_bytes()));
        if !same || upload.at.elapsed() >= KEEP {
            return None;
        }
        waiting.remove(&user).map(|upload| upload.bytes)
    }
}

pub async fn page<S: WebStore>(web: Web<S>) -> Result<Markup, WebError> {
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
            form method="post" action="/data/import" enctype="multipart/form-data" {
                // The token comes first: the guard reads it before the file.
                (layout::token(web.token()))
                label for="file" { "An export (JSON) from Mastery" }
                p.hint id="file-hint" {
                    "You will see what it would add, keep and skip before anything is written. What you already have is kept as it is. At most "
                    (MAX_UPLOAD / 1024 / 1024) " MB."
                }
                input #file type="file" name="file" accept=".json,application/json" required aria-describedby="file-hint";
                button type="submit" { "Preview the import" }
            }
            p {
                "On the computer that keeps your records, " code { "mastery import FILE" }
                " does the same, for a file of any size; " code { "mastery import --from daylio" } " and "
                code { "--from loop" } " bring in a Daylio diary or Loop Habit Tracker's habits."
            }
            p { "For spreadsheets: " code { "mastery export --format csv --output DIR" } "; for a safe copy of the whole store: " code { "mastery backup" } "." }
        },
    ))
}

/// The upload: checked and previewed, nothing written; kept for the confirmation.
pub async fn preview<S: WebStore>(
    web: Web<S>,
    State(site): State<Shared<S>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, WebError> {
    let Some(boundary) = multipart::boundary(&headers) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Choose an export file with the form on this page."));
    };
    // The multipart framing around the file is small; a body past the limit is refused whole.
    let Ok(body) = to_bytes(body, MAX_UPLOAD + 64 * 1024).await else {
        return Ok(refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "The file is larger than {} MB, the most this page takes. Nothing was written. Import it with `mastery import FILE` on the computer that keeps your records.",
                MAX_UPLOAD / 1024 / 1024
            ),
        ));
    };
    let parts = multipart::parts(&body, &boundary);
    let Some(file) = parts.iter().find(|part| part.name == "file" && !part.data.is_empty()) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Choose an export file first: the form arrived without one."));
    };
    if file.data.len() > MAX_UPLOAD {
        return Ok(refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "The file is larger than {} MB, the most this page takes. Nothing was written.",
                MAX_UPLOAD / 1024 / 1024
            ),
        ));
    }
    let filename = file.filename.clone().unwrap_or_else(|| "the file".to_owned());
    let bytes = body.slice_ref(file.data);
    let report = match web.app.preview_import(std::io::Cursor::new(bytes.clone())).await {
        Ok(report) => report,
        Err(error) if error.is_usage() => {
            return Ok(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!(
                    "{filename} cannot be imported: {error}. Nothing was written; export it again, or fix the file there."
                ),
            ));
        }
        Err(error) => return Err(WebError::html(error)),
    };
    let Some(name) = site.uploads.keep(web.app.user(), bytes) else {
        return Ok(refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many imports are waiting right now; try again in a few minutes.",
        ));
    };
    let adds = added(&report) > 0;
    Ok(layout::page(
        "Import: what it would do",
        html! {
            p { "Nothing is written yet. Importing " strong { (filename) } " would do this:" }
            (summary(&report))
            @if adds {
                form.confirm method="post" action="/data/import/confirm" {
                    (layout::token(web.token()))
                    input type="hidden" name="upload" value=(name);
                    button type="submit" { "Import these records" }
                }
            } @else {
                p.notice { "Everything in this file is already in your store: importing it would add nothing." }
            }
            p { a href="/data" { "Choose another file" } ", or leave this page: nothing is written until you confirm." }
        },
    )
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct Confirm {
    upload: String,
}

/// The confirmation: the upload previewed is imported, in one transaction.
pub async fn confirm<S: WebStore>(
    web: Web<S>,
    State(site): State<Shared<S>>,
    Form(form): Form<Confirm>,
) -> Result<Response, WebError> {
    let Some(bytes) = site.uploads.take(web.app.user(), &form.upload) else {
        return Ok(refused(
            StatusCode::GONE,
            "That upload is no longer waiting: it was imported already, another file was chosen, or it waited too long. Choose the file again.",
        ));
    };
    let report = match web.app.import_json(std::io::Cursor::new(bytes)).await {
        Ok(report) => report,
        Err(error) if error.is_usage() => {
            return Ok(refused(
                StatusCode::CONFLICT,
                &format!("The file was not imported: {error}. Nothing was written."),
            ));
        }
        Err(error) => return Err(WebError::html(error)),
    };
    Ok(layout::page(
        "Imported",
        html! {
            @let added = added(&report);
            p.notice role="status" { "Imported: " (added) @if added == 1 { " record added." } @else { " records added." } }
            (summary(&report))
            p { a href="/" { "Back to Today" } }
        },
    )
    .into_response())
}

fn added(report: &ImportReport) -> usize {
    report.sections.values().map(|s| s.added).sum()
}

/// What an import adds, keeps and skips, section by section, with what was skipped and why.
fn summary(report: &ImportReport) -> Markup {
    html! {
        div.table-wrap {
            table {
                caption.muted { "Kept: already in your store (the same id), left as it is. Skipped: cannot go in beside your records." }
                thead { tr { th scope="col" { "Records" } th scope="col" { "Added" } th scope="col" { "Kept" } th scope="col" { "Skipped" } } }
                tbody {
                    @for (section, counts) in &report.sections {
                        tr {
                            th scope="row" { (section.replace('_', " ")) }
                            td { (counts.added) } td { (counts.kept) } td { (counts.skipped) }
                        }
                    }
                }
            }
        }
        @if !report.skipped.is_empty() {
            h2 { "Skipped" }
            ul {
                @for skipped in &report.skipped { li { code { (skipped.place) } ": " (skipped.why) } }
                @if report.more_skipped > 0 { li { "… and " (report.more_skipped) " more" } }
            }
        }
    }
}

/// A refused upload: the reason, and the way back; nothing was written.
fn refused(status: StatusCode, text: &str) -> Response {
    let body = layout::page(
        "Import",
        html! {
            p.error role="alert" { (text) }
            p { a href="/data" { "Back to Your data" } }
        },
    );
    (status, body).into_response()
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

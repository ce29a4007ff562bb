//! "Your data": the JSON download is the export itself, whole and in the documented format,
//! and the notes download holds the evidence file.

mod support;

use axum::http::{StatusCode, header};
use support::site;

#[tokio::test]
async fn the_downloads_are_the_exports() {
    let site = site(true).await;
    let page = site.get("/data").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"href="/data/export.json""#) && page.body.contains(r#"href="/data/notes.md""#));

    let download = site.get("/data/export.json").await;
    assert_eq!(download.status, StatusCode::OK);
    let disposition = download.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(disposition, "attachment; filename=\"mastery-export-2026-11-21.json\"");
    let mut expected = Vec::new();
    site.check.export_json(&mut expected).await.unwrap();
    assert_eq!(download.body, String::from_utf8(expected).unwrap(), "the download is the export");
    let document: serde_json::Value = serde_json::from_str(&download.body).unwrap();
    assert_eq!(document["format"], "mastery-export");
    assert!(document["attempts"].as_array().unwrap().len() > 100);

    let notes = site.get("/data/notes.md").await;
    assert_eq!(notes.status, StatusCode::OK);
    assert!(notes.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/markdown"));
    assert_eq!(notes.body, site.check.export_markdown().await.unwrap());
    assert!(notes.body.contains("## Evidence"));
}

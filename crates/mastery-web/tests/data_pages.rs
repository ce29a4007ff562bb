//! "Your data": the JSON download is the export itself, whole and in the documented format,
//! and the notes download holds the evidence file.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{HOST, site};

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

const BOUNDARY: &str = "----MasteryTestBoundary7MA4YWxk";

/// The upload form as a browser sends it: the token first, then the file.
fn upload_body(token: Option<&str>, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(token) = token {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mastery.json\"\r\nContent-Type: application/json\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
    body
}

async fn upload(site: &support::Site, body: Vec<u8>) -> support::Reply {
    let request = Request::post("/data/import")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .unwrap();
    site.send(request).await
}

/// The demo's export, to bring into another store.
async fn demo_export() -> Vec<u8> {
    let demo = site(true).await;
    let mut export = Vec::new();
    demo.check.export_json(&mut export).await.unwrap();
    export
}

/// The value of the confirm form's hidden `upload` field.
fn upload_name(page: &str) -> String {
    let at = page.find(r#"name="upload" value=""#).expect("a confirm form") + r#"name="upload" value=""#.len();
    page[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_uploaded_export_is_previewed_then_imported_on_confirmation() {
    let export = demo_export().await;
    let site = site(false).await;
    let form = site.get("/data").await;
    assert!(form.body.contains(r#"enctype="multipart/form-data""#), "{}", form.body);

    let preview = upload(&site, upload_body(Some(&site.token), &export)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Nothing is written yet"));
    let attempts = serde_json::from_slice::<serde_json::Value>(&export).unwrap()["attempts"].as_array().unwrap().len();
    assert!(preview.body.contains(&format!("<th scope=\"row\">attempts</th><td>{attempts}</td><td>0</td><td>0</td>")));
    assert_eq!(site.attempts().await, 0, "the preview wrote nothing");

    let name = upload_name(&preview.body);
    let done = site.post("/data/import/confirm", &[("upload", &name)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Imported:"), "{}", done.body);
    assert_eq!(site.attempts().await, attempts);
    let mut again = Vec::new();
    site.check.export_json(&mut again).await.unwrap();
    let records = |doc: &[u8]| String::from_utf8(doc.to_vec()).unwrap().split_once('\n').unwrap().1.to_owned();
    assert_eq!(records(&again), records(&export), "the store now holds the uploaded records");

    let twice = site.post("/data/import/confirm", &[("upload", &name)]).await;
    assert_eq!(twice.status, StatusCode::GONE, "an upload is imported once");

    // The same file again: everything is kept, so there is nothing to confirm.
    let same = upload(&site, upload_body(Some(&site.token), &export)).await;
    assert!(same.body.contains("importing it would add nothing"), "{}", same.body);
    assert!(!same.body.contains(r#"name="upload""#));
}

#[tokio::test]
async fn an_upload_without_the_token_or_of_a_bad_file_writes_nothing() {
    let export = demo_export().await;
    let site = site(false).await;
    let missing = upload(&site, upload_body(None, &export)).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN, "{}", missing.body);
    let stale = upload(&site, upload_body(Some("0000"), &export)).await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    let foreign = Request::post("/data/import")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(upload_body(Some(&site.token), &export)))
        .unwrap();
    assert_eq!(site.send(foreign).await.status, StatusCode::FORBIDDEN);

    let truncated = upload(&site, upload_body(Some(&site.token), &export[..export.len() / 2])).await;
    assert_eq!(truncated.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", truncated.body);
    assert!(truncated.body.contains("cannot be imported") && truncated.body.contains("Nothing was written"));

    let huge = vec![b' '; mastery_web::MAX_UPLOAD + 1];
    let too_large = upload(&site, upload_body(Some(&site.token), &huge)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_large.body.contains("larger than 32 MB"), "{}", too_large.body);

    let forged = site.post("/data/import/confirm", &[("upload", "not-an-upload")]).await;
    assert_eq!(forged.status, StatusCode::GONE);
    assert_eq!(site.attempts().await, 0);
    let mut after = Vec::new();
    site.check.export_json(&mut after).await.unwrap();
    let document: serde_json::Value = serde_json::from_slice(&after).unwrap();
    assert!(document["domains"].as_array().unwrap().is_empty(), "nothing was written");
}

//! The baseline: the least an axum + sqlx server can do to answer the two requests the benchmark
//! sends, on the same database. It finds the caller by the SHA-256 of their bearer token, then
//! runs the essential queries: for `GET /api/v1/domains` the person's domains as JSON; for
//! `GET /domains/{slug}` the domain, its goals with their rungs and counts, its recorded attempts
//! (counted, and scored for calibration: the Brier score per forecast) and its ten latest
//! successes, written into a small HTML page. No sessions, CSRF, templates or analyses.
//!
//! Usage: baseline DATABASE_URL PORT

use std::fmt::Write;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

async fn caller(pool: &PgPool, headers: &HeaderMap) -> Result<Uuid, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())?;
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE hash = $1")
        .bind(hash)
        .fetch_optional(pool)
        .await
        .map_err(internal)?
        .ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())
}

fn internal(error: sqlx::Error) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
}

async fn domains(State(pool): State<PgPool>, headers: HeaderMap) -> Result<Response, Response> {
    let user = caller(&pool, &headers).await?;
    let rows: Vec<(Uuid, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, name, slug, area, description FROM domains
         WHERE user_id = $1 AND archived_at IS NULL ORDER BY name",
    )
    .bind(user)
    .fetch_all(&pool)
    .await
    .map_err(internal)?;
    let list: Vec<_> = rows
        .into_iter()
        .map(|(id, name, slug, area, description)| json!({"id": id, "name": name, "slug": slug, "area": area, "description": description}))
        .collect();
    Ok(axum::Json(list).into_response())
}

async fn domain_page(State(pool): State<PgPool>, Path(slug): Path<String>, headers: HeaderMap) -> Result<Response, Response> {
    let user = caller(&pool, &headers).await?;
    let (domain, name): (Uuid, String) = sqlx::query_as("SELECT id, name FROM domains WHERE user_id = $1 AND slug = $2")
        .bind(user)
        .bind(&slug)
        .fetch_optional(&pool)
        .await
        .map_err(internal)?
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    let rungs: Vec<(String, String, f64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT g.statement, c.title, c.difficulty, r.attempts, r.successes
         FROM goals g JOIN challenges c ON c.user_id = g.user_id AND c.goal_id = g.id
         LEFT JOIN rung_counts r ON r.user_id = c.user_id AND r.challenge_id = c.id
         WHERE g.user_id = $1 AND g.domain_id = $2 ORDER BY g.created_at, c.position",
    )
    .bind(user)
    .bind(domain)
    .fetch_all(&pool)
    .await
    .map_err(internal)?;
    let attempts: Vec<(i32, String)> = sqlx::query_as(
        "SELECT confidence, outcome FROM attempts WHERE user_id = $1 AND domain_id = $2 AND outcome IS NOT NULL",
    )
    .bind(user)
    .bind(domain)
    .fetch_all(&pool)
    .await
    .map_err(internal)?;
    let evidence: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT c.title, a.did FROM attempts a JOIN challenges c ON c.user_id = a.user_id AND c.id = a.challenge_id
         WHERE a.user_id = $1 AND a.domain_id = $2 AND a.outcome = 'success' ORDER BY a.recorded_at DESC LIMIT 10",
    )
    .bind(user)
    .bind(domain)
    .fetch_all(&pool)
    .await
    .map_err(internal)?;

    let successes = attempts.iter().filter(|(_, o)| o == "success").count();
    let brier = attempts
        .iter()
        .map(|(confidence, outcome)| {
            let f = f64::from(*confidence) / 100.0;
            let o = if outcome == "success" { 1.0 } else { 0.0 };
            (f - o) * (f - o)
        })
        .sum::<f64>()
        / attempts.len().max(1) as f64;
    let mut page = format!(
        "<!DOCTYPE html><html><head><title>{name}</title></head><body><h1>{name}</h1><p>{} recorded attempts, {successes} successes; Brier {brier:.3}</p><table>",
        attempts.len()
    );
    for (goal, title, difficulty, tried, passed) in &rungs {
        let _ = write!(page, "<tr><td>{goal}</td><td>{title}</td><td>{difficulty:.1}</td><td>{} of {}</td></tr>", passed.unwrap_or(0), tried.unwrap_or(0));
    }
    page.push_str("</table><ul>");
    for (title, did) in &evidence {
        let _ = write!(page, "<li>{title}: {}</li>", did.as_deref().unwrap_or(""));
    }
    page.push_str("</ul></body></html>");
    Ok(Html(page).into_response())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, port] = args.as_slice() else {
        eprintln!("usage: baseline DATABASE_URL PORT");
        std::process::exit(2);
    };
    let pool = PgPoolOptions::new().max_connections(16).connect(url).await.expect("the database answers");
    let app = Router::new()
        .route("/api/v1/domains", get(domains))
        .route("/domains/{slug}", get(domain_page))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("a port"))).await.expect("the port is free");
    axum::serve(listener, app).await.expect("serves");
}

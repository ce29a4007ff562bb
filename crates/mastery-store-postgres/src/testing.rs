//! A database of its own for each test, on the PostgreSQL server that
//! `MASTERY_TEST_POSTGRES_URL` names (an administrative URL such as
//! `postgres://mastery:mastery@127.0.0.1:5432/postgres`, for a role that may create databases).
//!
//! Tests that need PostgreSQL call [`test_database`]: without the variable they are skipped with
//! a notice on stderr, except under `CI`, where a missing server is a failure, because CI
//! provides one. The database is created with a unique name and dropped (`WITH (FORCE)`, so
//! connections a test left open do not keep it) when the [`PgTestDb`] is dropped.
//!
//! The calls are blocking and run on a thread of their own, so synchronous tests (a server
//! started as a process) and async tests on any runtime can use them alike.

use std::future::Future;

use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

/// The variable naming the administrative URL.
pub const URL_VARIABLE: &str = "MASTERY_TEST_POSTGRES_URL";

/// A fresh, empty database that is dropped with this value.
#[derive(Debug)]
pub struct PgTestDb {
    admin: String,
    name: String,
    url: String,
}

impl PgTestDb {
    /// The URL of this test's database, for [`crate::PgStore::connect`] or `mastery server`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        if let Err(e) = on_own_thread(admin_execute(self.admin.clone(), statement)) {
            // Dropping runs during unwinding too: report, never panic here.
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
    }
}

/// A fresh database on the server of `MASTERY_TEST_POSTGRES_URL`, or `None` (after a notice on
/// stderr) when the variable is not set.
///
/// # Panics
///
/// When the variable is not set but `CI` is, and when the server refuses to create the database.
pub fn test_database() -> Option<PgTestDb> {
    let Ok(admin) = std::env::var(URL_VARIABLE) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{URL_VARIABLE} is not set, and under CI the PostgreSQL tests must run: start PostgreSQL and set it"
        );
        eprintln!("skipping: {URL_VARIABLE} is not set");
        return None;
    };
    let name = format!("mastery_test_{}", uuid::Uuid::now_v7().simple());
    let options: PgConnectOptions =
        admin.parse().unwrap_or_else(|e| panic!("{URL_VARIABLE} is not a PostgreSQL URL: {e}"));
    let url = options.database(&name).to_url_lossy().to_string();
    on_own_thread(admin_execute(admin.clone(), format!("CREATE DATABASE \"{name}\"")))
        .unwrap_or_else(|e| panic!("could not create the test database {name} through {URL_VARIABLE}: {e}"));
    Some(PgTestDb { admin, name, url })
}

/// Runs one statement on a connection of its own to the administrative database.
async fn admin_execute(admin: String, statement: String) -> Result<(), sqlx::Error> {
    let mut connection = sqlx::PgConnection::connect(&admin).await?;
    sqlx::query(AssertSqlSafe(statement)).execute(&mut connection).await?;
    connection.close().await
}

/// Runs `work` to completion on a new thread with a runtime of its own, so that it can be
/// waited for from synchronous code and from inside another runtime.
fn on_own_thread<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the test database")
            .block_on(work)
    })
    .join()
    .expect("the test database thread does not panic")
}

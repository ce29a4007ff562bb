//! A `mastery server` process on a database of a test's own, for the tests that go through HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mastery_store_postgres::testing::{PgTestDb, test_database};

/// A running `mastery server` and everything it has logged.
pub struct Server {
    child: Child,
    pub base: String,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts a server on `database` on `port` (0 for a free one) and waits until it is ready.
    pub fn start(database: &str, port: u16) -> Self {
        Self::start_with(database, port, &[])
    }

    /// As [`Server::start`], with more flags, such as `--smtp-url` and `--mail-from`.
    pub fn start_with(database: &str, port: u16, flags: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mastery"))
            .args(["server", "--database", database, "--port", &port.to_string(), "--max-connections", "4"])
            .args(flags)
            .env_remove("MASTERY_PUBLIC_URL")
            .env_remove("MASTERY_SMTP_URL")
            .env_remove("MASTERY_MAIL_FROM")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("Mastery server ready")
                    && let Some(url) = line.split("public_url=").nth(1)
                {
                    let _ = ready_tx.send(url.split_whitespace().next().unwrap_or_default().to_owned());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let base = ready_rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the server did not become ready; it logged:\n{}", log.lock().unwrap()));
        let port = base.rsplit(':').next().and_then(|p| p.parse().ok()).expect("the address ends with its port");
        Self { child, base, port, log }
    }

    /// Stops the server, as a crash or a power cut would (SIGKILL).
    pub fn stop(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

/// A database of a test's own, removed when dropped.
pub enum Database {
    Sqlite(tempfile::TempDir),
    Postgres(PgTestDb),
}

impl Database {
    pub fn url(&self) -> String {
        match self {
            Database::Sqlite(dir) => format!("sqlite://{}", dir.path().join("server.db").display()),
            Database::Postgres(db) => db.url().to_owned(),
        }
    }
}

/// Every backend a server runs on, each fresh; PostgreSQL when `MASTERY_TEST_POSTGRES_URL` is set.
pub fn databases() -> Vec<Database> {
    let sqlite = Database::Sqlite(tempfile::tempdir().expect("a temporary directory"));
    [Some(sqlite), test_database().map(Database::Postgres)].into_iter().flatten().collect()
}

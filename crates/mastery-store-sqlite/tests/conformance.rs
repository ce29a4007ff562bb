//! The SQLite store against the storage conformance suite, each test on a fresh file.

use std::ops::Deref;

use mastery_store_sqlite::SqliteStore;
use tempfile::TempDir;

/// A store in a temporary directory that lives as long as the test.
struct Fixture {
    store: SqliteStore,
    _dir: TempDir,
}

impl Deref for Fixture {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

async fn sqlite_store() -> Fixture {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = SqliteStore::open(&dir.path().join("mastery.db")).await.expect("the store opens");
    Fixture { store, _dir: dir }
}

mastery_store::conformance_suite!(sqlite_store);
mastery_store::accounts_conformance_suite!(sqlite_store);
mastery_store::sharing_conformance_suite!(sqlite_store);

//! The PostgreSQL store against the storage conformance suite, each test on a database of its
//! own; skipped with a notice without `MASTERY_TEST_POSTGRES_URL` (and failing under `CI`).

use std::ops::Deref;

use mastery_store_postgres::PgStore;
use mastery_store_postgres::testing::{PgTestDb, test_database};

/// A store on a fresh database, dropped after the store when the test ends.
struct Fixture {
    store: PgStore,
    _db: PgTestDb,
}

impl Deref for Fixture {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        &self.store
    }
}

async fn postgres_store() -> Option<Fixture> {
    let db = test_database()?;
    let store = PgStore::connect(db.url(), 4).await.expect("the test database opens");
    Some(Fixture { store, _db: db })
}

mastery_store::conformance_suite!(optional: postgres_store);
mastery_store::accounts_conformance_suite!(optional: postgres_store);
mastery_store::sharing_conformance_suite!(optional: postgres_store);

//! The in-memory store, the reference implementation of the port, against the storage
//! conformance suite that every backend runs.

use mastery_store::MemoryStore;

/// A fresh, empty store per test.
async fn memory_store() -> Box<MemoryStore> {
    Box::new(MemoryStore::new())
}

mastery_store::conformance_suite!(memory_store);
mastery_store::accounts_conformance_suite!(memory_store);
mastery_store::sharing_conformance_suite!(memory_store);

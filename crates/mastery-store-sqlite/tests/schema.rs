//! Opening files: migrations on a new file, reopening, refusing a newer schema, and the pragmas
//! that make two processes and a crash safe.

use mastery_store::{Store, StoreError};
use mastery_store_sqlite::SqliteStore;

#[tokio::test]
async fn a_new_file_is_migrated_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let version = store.schema_version().await.unwrap();
    assert!(version >= 1);
    let user = store.local_user().await.unwrap();
    store.integrity_check().await.unwrap();
    store.close().await;

    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(reopened.schema_version().await.unwrap(), version);
    assert_eq!(reopened.local_user().await.unwrap(), user, "the local user is stable across opens");
}

#[tokio::test]
async fn the_file_uses_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("mastery.db")).await.unwrap();
    store.close().await;
    let header = std::fs::read(dir.path().join("mastery.db")).unwrap();
    // Bytes 18 and 19 of the header are 2 in WAL mode.
    assert_eq!((header[18], header[19]), (2, 2), "the database is not in WAL mode");
}

/// The mode bits of `path` anyone but the owner has.
#[cfg(unix)]
fn others_bits(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o077
}

#[cfg(unix)]
#[tokio::test]
async fn only_the_owner_can_read_the_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.local_user().await.unwrap();
    for file in ["mastery.db", "mastery.db-wal", "mastery.db-shm"] {
        assert_eq!(others_bits(&dir.path().join(file)), 0, "{file} is readable by others");
    }
    store.close().await;

    // A file an older version left readable by everyone is narrowed when opened.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert!(reopened.narrowed_permissions(), "says it narrowed them");
    reopened.close().await;
    assert_eq!(others_bits(&path), 0);
    let again = SqliteStore::open(&path).await.unwrap();
    assert!(!again.narrowed_permissions(), "nothing left to narrow");
    again.close().await;
}

#[tokio::test]
async fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let version = store.schema_version().await.unwrap();
    store.close().await;
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(&format!("PRAGMA user_version = {}", version + 1)).unwrap();
        db.close().unwrap();
    }
    match SqliteStore::open(&path).await {
        Err(StoreError::TooNew { found, known }) => assert_eq!((found, known), (version + 1, version)),
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[tokio::test]
async fn two_stores_opening_a_new_file_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let (a, b) = tokio::join!(SqliteStore::open(&path), SqliteStore::open(&path));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.local_user().await.unwrap(), b.local_user().await.unwrap());
}

#[tokio::test]
async fn upgrading_from_the_first_schema_backfills_rung_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(include_str!("../migrations/0001_initial.sql")).unwrap();
    db.execute_batch(
        "INSERT INTO users VALUES ('u', 'local', 0);
         INSERT INTO domains VALUES ('d', 'u', 'Running', 'running', 'health', NULL, 0, NULL);
         INSERT INTO goals VALUES ('g', 'u', 'd', 'Run 10 km', 'run-10-km', NULL, NULL, NULL, NULL, 0, NULL);
         INSERT INTO challenges VALUES ('c', 'u', 'g', 'Run 5 km', 'run-5-km', 3.0, NULL, 0, 0);
         INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence, planned_at, planned_on, outcome, recorded_at)
         VALUES ('a1', 'u', 'c', 'g', 'd', 50, 1, '2026-01-01', 'success', 2),
                ('a2', 'u', 'c', 'g', 'd', 50, 3, '2026-01-01', 'partial', 4),
                ('a3', 'u', 'c', 'g', 'd', 50, 5, '2026-01-01', 'failure', 6),
                ('a4', 'u', 'c', 'g', 'd', 50, 7, '2026-01-01', NULL, NULL);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    db.close().unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert!(store.schema_version().await.unwrap() >= 2, "migrated past the first schema");
    store.close().await;
    let counts: (i64, i64, i64) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT attempts, successes, partials FROM rung_counts WHERE challenge_id = 'c'", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .unwrap();
    assert_eq!(counts, (3, 1, 1), "the backfill counts recorded outcomes only");
}

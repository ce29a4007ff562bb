//! Backups taken while others write, and restores that replace the store whole or not at all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use mastery_domain::Field;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::ids::DomainId;
use mastery_domain::text::Name;
use mastery_store::{Access, Store, StoreError, Transaction};
use mastery_store_sqlite::{SqliteStore, restore};

const WRITERS: usize = 4;

fn domain(title: &str) -> Domain {
    let name = Name::parse(Field::Name, title).unwrap();
    Domain {
        id: DomainId::from_uuid(uuid::Uuid::now_v7()),
        slug: name.slug().unwrap(),
        name,
        area: LifeArea::Other,
        description: None,
        created_at: Timestamp::now(),
        archived_at: None,
    }
}

async fn add_domain(store: &SqliteStore, title: &str) -> DomainId {
    let user = store.local_user().await.unwrap();
    let mut tx = store.begin(user, Access::Write).await.unwrap();
    let domain = domain(title);
    tx.insert_domain(&domain).await.unwrap();
    tx.commit().await.unwrap();
    domain.id
}

async fn domain_ids(path: &Path) -> Vec<DomainId> {
    let store = SqliteStore::open(path).await.unwrap();
    let user = store.local_user().await.unwrap();
    let mut tx = store.begin(user, Access::Read).await.unwrap();
    let ids = tx.domains().await.unwrap().into_iter().map(|d| d.id).collect();
    drop(tx);
    store.close().await;
    ids
}

fn block_on<T>(future: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

/// Waits until at least `n` writes were acknowledged.
fn wait_for(acked: &Mutex<Vec<DomainId>>, n: usize) {
    while acked.lock().unwrap().len() < n {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_backup_during_four_writers_is_whole_and_holds_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    block_on(async { SqliteStore::open(&path).await.unwrap().close().await });
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    // Each writer has a store of its own, as a separate process would.
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (path, acked, stop) = (path.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                block_on(async {
                    let store = SqliteStore::open_with(&path, 1).await.unwrap();
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        let id = add_domain(&store, &format!("writer {writer} domain {i}")).await;
                        acked.lock().unwrap().push(id);
                        i += 1;
                    }
                    store.close().await;
                })
            })
        })
        .collect();

    wait_for(&acked, 40);
    let before: Vec<DomainId> = acked.lock().unwrap().clone();
    let backup = dir.path().join("backup.db");
    let bytes = block_on(async {
        let store = SqliteStore::open_with(&path, 1).await.unwrap();
        let bytes = store.backup(&backup).await.unwrap();
        store.close().await;
        bytes
    });
    wait_for(&acked, before.len() + 40);
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }

    assert!(bytes > 0);
    assert_no_leftovers(dir.path());
    block_on(async {
        let opened = SqliteStore::open(&backup).await.unwrap();
        opened.integrity_check().await.unwrap();
        opened.close().await;
        let saved = domain_ids(&backup).await;
        let missing: Vec<_> = before.iter().filter(|id| !saved.contains(id)).collect();
        assert!(missing.is_empty(), "{} acknowledged writes are missing from the backup", missing.len());
        assert!(saved.len() < acked.lock().unwrap().len(), "the writers went on after the backup");
    });
}

/// No temporary file is left beside the destination.
fn assert_no_leftovers(dir: &Path) {
    let partial: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".partial-"))
        .collect();
    assert!(partial.is_empty(), "left behind: {partial:?}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_backup_is_owner_only_and_never_overwrites_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("mastery.db")).await.unwrap();
    add_domain(&store, "Running").await;
    let backup = dir.path().join("backup.db");
    store.backup(&backup).await.unwrap();
    assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o077, 0, "readable by others");

    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, "keep me").unwrap();
    match store.backup(&taken).await {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");
    assert_no_leftovers(dir.path());
}

#[tokio::test]
async fn a_restore_replaces_the_store_with_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let kept = add_domain(&store, "Running").await;
    let backup = dir.path().join("backup.db");
    store.backup(&backup).await.unwrap();
    add_domain(&store, "Cooking").await;
    store.close().await;

    let restored = restore(&backup, &path).await.unwrap();
    assert!(restored.bytes > 0);
    assert_eq!(domain_ids(&path).await, vec![kept]);
    let header = std::fs::read(&path).unwrap();
    assert_eq!((header[18], header[19]), (2, 2), "the restored file runs on a write-ahead log");
    assert_no_leftovers(dir.path());
}

/// Runs a restore of `bad` over a store holding one domain; answers the error and checks the store
/// still holds exactly that domain.
async fn refused(bad: &Path) -> StoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let kept = add_domain(&store, "Running").await;
    store.close().await;
    let before = std::fs::read(&path).unwrap();
    let error = restore(bad, &path).await.expect_err("the restore should be refused");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the store file changed");
    assert_eq!(domain_ids(&path).await, vec![kept]);
    assert_no_leftovers(dir.path());
    error
}

#[tokio::test]
async fn a_restore_refuses_bad_files_and_leaves_the_store_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some words that are long enough ".repeat(100)).unwrap();
    assert!(matches!(refused(&text).await, StoreError::Corrupt(m) if m.contains("not an SQLite database")));

    let good = dir.path().join("good.db");
    let store = SqliteStore::open(&good).await.unwrap();
    add_domain(&store, "Cooking").await;
    let version = store.schema_version().await.unwrap();
    store.close().await;

    // Half the file, as a copy cut short would leave it.
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(refused(&truncated).await, StoreError::Corrupt(_)));

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let db = rusqlite::Connection::open(&newer).unwrap();
    db.execute_batch(&format!("PRAGMA user_version = {}", version + 1)).unwrap();
    db.close().unwrap();
    assert!(matches!(refused(&newer).await, StoreError::TooNew { .. }));

    let foreign = dir.path().join("foreign.db");
    let db = rusqlite::Connection::open(&foreign).unwrap();
    db.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;").unwrap();
    db.close().unwrap();
    assert!(matches!(refused(&foreign).await, StoreError::Corrupt(m) if m.contains("not a Mastery store")));
}

#[tokio::test]
async fn a_restore_waits_for_other_processes_to_close_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mastery.db");
    let store = SqliteStore::open(&path).await.unwrap();
    add_domain(&store, "Running").await;
    let backup = dir.path().join("backup.db");
    store.backup(&backup).await.unwrap();
    // `store` stays open, as `mastery serve` would.
    assert!(matches!(restore(&backup, &path).await, Err(StoreError::Busy)));
    store.close().await;
    restore(&backup, &path).await.unwrap();
}

//! Opening databases: migrations on a new database, servers starting together, refusing a newer
//! schema, and the schema's own rules (every table goes with its user, every index of a user's
//! records leads with the user). Skipped with a notice without `MASTERY_TEST_POSTGRES_URL`.

use mastery_store::{Store, StoreError};
use mastery_store_postgres::PgStore;
use mastery_store_postgres::testing::test_database;
use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// Tables looked up by username or by a secret's hash while a request finds its user: their keys
/// cannot lead with the user.
const SIGN_IN_TABLES: [&str; 4] = ["accounts", "sessions", "api_tokens", "invites"];

/// Tables that join two people (a share, its invitation, a group's members): looked up by the
/// share, the audience or the group as well as by the owner (ARCHITECTURE.md, "Growing past one
/// database"), so some of their indexes cannot lead with the owner.
const SHARING_TABLES: [&str; 3] = ["shares", "share_invitations", "group_members"];

#[tokio::test]
async fn a_new_database_is_migrated_and_reconnects() {
    let Some(db) = test_database() else { return };
    let store = PgStore::connect(db.url(), 2).await.unwrap();
    let version = store.schema_version().await.unwrap();
    assert!(version >= 7, "version {version}");
    let user = store.local_user().await.unwrap();
    store.close().await;

    let again = PgStore::connect(db.url(), 2).await.unwrap();
    assert_eq!(again.schema_version().await.unwrap(), version);
    assert_eq!(again.local_user().await.unwrap(), user, "the local user is stable across connections");
    again.close().await;
}

#[tokio::test]
async fn servers_starting_together_migrate_once() {
    let Some(db) = test_database() else { return };
    let mut starting = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let url = db.url().to_owned();
        starting.spawn(async move { PgStore::connect(&url, 1).await });
    }
    let stores: Vec<PgStore> = starting.join_all().await.into_iter().map(Result::unwrap).collect();
    let version = stores[0].schema_version().await.unwrap();
    let mut connection = PgConnection::connect(db.url()).await.unwrap();
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    assert_eq!(applied, (1..=version).collect::<Vec<_>>(), "each migration applied once");
    connection.close().await.unwrap();
    for store in stores {
        store.close().await;
    }
}

#[tokio::test]
async fn a_newer_schema_is_refused_untouched() {
    let Some(db) = test_database() else { return };
    let store = PgStore::connect(db.url(), 1).await.unwrap();
    let version = store.schema_version().await.unwrap();
    store.close().await;
    let mut connection = PgConnection::connect(db.url()).await.unwrap();
    sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
        .bind(version + 1)
        .execute(&mut connection)
        .await
        .unwrap();
    match PgStore::connect(db.url(), 1).await {
        Err(StoreError::TooNew { found, known }) => assert_eq!((found, known), (version + 1, version)),
        other => panic!("expected TooNew, got {other:?}"),
    }
    let rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM schema_migrations").fetch_one(&mut connection).await.unwrap();
    assert_eq!(rows, version + 1, "the newer database is left as it was");
    connection.close().await.unwrap();
}

#[tokio::test]
async fn every_row_goes_with_its_user_and_every_index_leads_with_it() {
    let Some(db) = test_database() else { return };
    PgStore::connect(db.url(), 1).await.unwrap().close().await;
    let mut connection = PgConnection::connect(db.url()).await.unwrap();

    // Tables with a user_id column whose user_id is not in a foreign key that cascades.
    let unbound: Vec<String> = sqlx::query_scalar(
        "SELECT c.table_name::text FROM information_schema.columns c
         WHERE c.table_schema = 'public' AND c.column_name = 'user_id'
           AND NOT EXISTS (
               SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
               WHERE k.conrelid = c.table_name::regclass AND k.contype = 'f' AND k.confdeltype = 'c'
                 AND a.attname = 'user_id')
         ORDER BY 1",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    assert_eq!(unbound, Vec::<String>::new(), "tables whose rows would outlive their user");

    // Indexes of tables with a user_id column whose first column is not user_id.
    let astray: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_attribute first ON first.attrelid = t.oid AND first.attnum = x.indkey[0]
         WHERE n.nspname = 'public' AND first.attname <> 'user_id'
           AND EXISTS (SELECT 1 FROM pg_attribute u WHERE u.attrelid = t.oid AND u.attname = 'user_id')
         ORDER BY 1, 2",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    let astray: Vec<_> = astray
        .into_iter()
        .filter(|(table, _)| !SIGN_IN_TABLES.contains(&table.as_str()) && !SHARING_TABLES.contains(&table.as_str()))
        .collect();
    assert_eq!(astray, Vec::<(String, String)>::new(), "(table, index) not leading with user_id");
    connection.close().await.unwrap();
}

//! A request can be dropped at any await (a client that hangs up, a timeout): a transaction cut
//! off mid-way must end with it, never ride along on the pooled connection into the next
//! person's transaction. Under load, one such leak turned every later request on that connection
//! into an error ("current transaction is aborted"). Skipped with a notice without
//! `MASTERY_TEST_POSTGRES_URL`.

use std::time::Duration;

use mastery_domain::Field;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::ids::DomainId;
use mastery_domain::text::Name;
use mastery_store::{Access, Store, Transaction};
use mastery_store_postgres::PgStore;
use mastery_store_postgres::testing::test_database;

fn domain(n: u32) -> Domain {
    let name = Name::parse(Field::DomainName, &format!("Domain {n}")).unwrap();
    Domain {
        id: DomainId::from_uuid(uuid::Uuid::now_v7()),
        slug: name.slug().unwrap(),
        name,
        area: LifeArea::Other,
        description: None,
        created_at: jiff::Timestamp::now(),
        archived_at: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_cut_off_never_leaks_into_the_next() {
    let Some(db) = test_database() else { return };
    // One connection, so every transaction after a cut-off one runs on the same connection.
    let store = PgStore::connect(db.url(), 1).await.unwrap();
    let user = store.add_user("ada").await.unwrap();
    for n in 0..200 {
        // Cut off after 0 to 4 ms, which falls at every step of a read on this machine.
        let after = Duration::from_micros(u64::from(n) * 20);
        let reader = store.clone();
        let read = tokio::spawn(async move {
            let mut tx = reader.begin(user, Access::Read).await?;
            tx.domains().await?;
            tx.goals(None).await
        });
        // The test's own thread is not one of the runtime's workers: the read goes on meanwhile.
        std::thread::sleep(after);
        read.abort();
        let _ = read.await;
        let mut tx = store.begin(user, Access::Write).await.expect("a fresh transaction");
        tx.insert_domain(&domain(n)).await.unwrap_or_else(|e| panic!("cut off after {after:?}: {e}"));
        tx.commit().await.expect("committed");
    }
    let mut tx = store.begin(user, Access::Read).await.unwrap();
    assert_eq!(tx.domains().await.unwrap().len(), 200, "every write after a cut-off read landed");
}

//! Conformance of [`ProgramTx`](crate::ProgramTx): program runs round-trip with their template,
//! list by start date and belong to their user's domains.

use mastery_domain::ids::ProgramId;
use mastery_domain::program::{BUILTIN, Program, ProgramTemplate};

use super::*;
use crate::ProgramTx;

pub(super) fn program(n: u32, domain: &Domain, minute: i64) -> Program {
    Program {
        id: ProgramId::from_uuid(uuid(n)),
        domain_id: domain.id,
        template: ProgramTemplate::parse(BUILTIN[0]).expect("the built-in template parses"),
        starts_on: day(at(minute)),
        created_at: at(minute),
    }
}

write_with!(Insert::insert_into { Program => insert_program });

/// Runs round-trip, template included, oldest start first; another user sees none and cannot
/// start one in one's domain.
pub async fn round_trip_programs<S: Store>(store: &S) {
    let me = store.local_user().await.expect("local_user");
    let piano = domain(1, "Piano");
    let later = program(10, &piano, 3 * 24 * 60);
    let earlier = Program {
        template: ProgramTemplate { title: TRICKY.to_owned(), ..later.template.clone() },
        ..program(11, &piano, 0)
    };
    let mut tx = store.begin(me, Access::Write).await.expect("begin");
    piano.insert_into(&mut tx).await;
    insert_all(&mut tx, [&later, &earlier]).await;
    let unknown = domain(2, "Unknown");
    assert_refused!(tx.insert_program(&program(12, &unknown, 0)), not_found("domain", unknown.id));
    commit(tx).await;
    let mut tx = store.begin(me, Access::Read).await.expect("begin");
    assert_reads!(tx.programs(), [earlier, later]);
    drop(tx);

    let other = store.add_user("someone else").await.expect("add_user");
    let mut tx = store.begin(other, Access::Write).await.expect("begin");
    assert_reads!(tx.programs(), [], "of another user");
    assert_refused!(tx.insert_program(&program(13, &piano, 0)), not_found("domain", piano.id));
}

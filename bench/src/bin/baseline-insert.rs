//! The baseline: the least a Rust program can do to save one attempt. It opens the SQLite file,
//! sets the same connection pragmas as Mastery (foreign keys, busy timeout; the file is already
//! in WAL mode with the default `synchronous = FULL`) and inserts one attempt row in an
//! immediate transaction.
//!
//! Usage: baseline-insert DB USER_ID DOMAIN_ID GOAL_ID CHALLENGE_ID

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, TransactionBehavior, params};

fn main() -> rusqlite::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, user, domain, goal, challenge] = args.as_slice() else {
        eprintln!("usage: baseline-insert DB USER_ID DOMAIN_ID GOAL_ID CHALLENGE_ID");
        std::process::exit(2);
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let micros = i64::try_from(now.as_micros()).unwrap_or(i64::MAX);
    let id = format!("00000000-0000-7000-8000-{:012x}", now.as_nanos() as u64 & 0xffff_ffff_ffff);
    let mut conn = Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO attempts (id, user_id, challenge_id, goal_id, domain_id, confidence, planned_at, planned_on,
                               outcome, did, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 60, ?6, '2026-11-21', 'success', 'baseline', ?6)",
        params![id, user, challenge, goal, domain, micros],
    )?;
    tx.commit()
}

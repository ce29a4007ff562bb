//! The floor for reads over a whole history: the least a Rust program can do to look at every
//! attempt. It opens the store, scans every attempt row and sums confidence by outcome.
//!
//! Usage: baseline-scan DB

use rusqlite::Connection;

fn main() -> rusqlite::Result<()> {
    let Some(db) = std::env::args().nth(1) else {
        eprintln!("usage: baseline-scan DB");
        std::process::exit(2);
    };
    let conn = Connection::open(db)?;
    let mut stmt = conn.prepare("SELECT outcome, confidence FROM attempts")?;
    // Success, partial, failure, not yet recorded.
    let mut sums = [0i64; 4];
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let slot = match row.get_ref(0)?.as_str_or_null()? {
            Some("success") => 0,
            Some("partial") => 1,
            Some(_) => 2,
            None => 3,
        };
        sums[slot] += row.get::<_, i64>(1)?;
    }
    println!("{{\"success\":{},\"partial\":{},\"failure\":{},\"pending\":{}}}", sums[0], sums[1], sums[2], sums[3]);
    Ok(())
}

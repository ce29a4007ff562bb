//! The calibration baseline: the least a Rust program can do to score forecasts. It reads every
//! recorded attempt's confidence and outcome and computes the Brier score and bias.
//!
//! Usage: baseline-calibration DB

use rusqlite::Connection;

fn main() -> rusqlite::Result<()> {
    let Some(db) = std::env::args().nth(1) else {
        eprintln!("usage: baseline-calibration DB");
        std::process::exit(2);
    };
    let conn = Connection::open(db)?;
    let mut stmt = conn.prepare("SELECT confidence, outcome FROM attempts WHERE outcome IS NOT NULL")?;
    let (mut n, mut squared, mut sum_f, mut sum_o) = (0u64, 0.0, 0.0, 0.0);
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let f = row.get::<_, i64>(0)? as f64 / 100.0;
        let o = match row.get_ref(1)?.as_str()? {
            "success" => 1.0,
            "partial" => 0.5,
            _ => 0.0,
        };
        n += 1;
        squared += (f - o) * (f - o);
        sum_f += f;
        sum_o += o;
    }
    let total = n.max(1) as f64;
    println!("{{\"n\":{n},\"brier\":{},\"bias\":{}}}", squared / total, (sum_f - sum_o) / total);
    Ok(())
}

//! Deletions, tombstones and the journal in PostgreSQL, every statement filtered on the
//! transaction's user. The schema's foreign keys cascade (so an account deletion takes
//! everything); a single record's deletion checks for dependants first, as SQLite's keys do.

use mastery_domain::challenge::Challenge;
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_store::{JOURNAL_DEPTH, JournalEntry, RevisionTx, StoreError};
use sqlx::postgres::PgRow;
use uuid::Uuid;

use super::{PgTx, Query, updated};
use crate::codec::{Columns, day, instant, store_error};

/// Whether anything still hangs off a record (`$1` the user, `$2` its id); `None` for kinds
/// nothing hangs off.
fn dependants(record: RecordRef) -> Option<&'static str> {
    Some(match record {
        RecordRef::Domain(_) => {
            "SELECT EXISTS (SELECT 1 FROM goals WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM evidence WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM role_models WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM feedback WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM audits WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM practice_plans WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM practice_sessions WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM rest_days WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM programs WHERE user_id = $1 AND domain_id = $2)
                OR EXISTS (SELECT 1 FROM celebrations WHERE user_id = $1 AND domain_id = $2) AS exists"
        }
        RecordRef::Goal(_) => "SELECT EXISTS (SELECT 1 FROM challenges WHERE user_id = $1 AND goal_id = $2)",
        RecordRef::Challenge(_) => "SELECT EXISTS (SELECT 1 FROM attempts WHERE user_id = $1 AND challenge_id = $2)",
        RecordRef::Attempt(_) => "SELECT EXISTS (SELECT 1 FROM reattributions WHERE user_id = $1 AND attempt_id = $2)",
        _ => return None,
    })
}

/// The statement deleting one record, with its key bound after the user.
fn delete(tx: &PgTx, record: RecordRef) -> Query<'static> {
    let by_id = |sql: &'static str, id: Uuid| tx.query(sql).bind(id);
    match record {
        RecordRef::Domain(id) => by_id("DELETE FROM domains WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Goal(id) => by_id("DELETE FROM goals WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Challenge(id) => by_id("DELETE FROM challenges WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Attempt(id) => by_id("DELETE FROM attempts WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Reattribution(id) => {
            by_id("DELETE FROM reattributions WHERE user_id = $1 AND attempt_id = $2", id.as_uuid())
        }
        RecordRef::Evidence(id) => by_id("DELETE FROM evidence WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Checkin(id) => by_id("DELETE FROM checkins WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::RoleModel(id) => by_id("DELETE FROM role_models WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Feedback(id) => by_id("DELETE FROM feedback WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Audit(id) => by_id("DELETE FROM audits WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::PracticePlan(id) => {
            by_id("DELETE FROM practice_plans WHERE user_id = $1 AND domain_id = $2", id.as_uuid())
        }
        RecordRef::PracticeSession(id) => {
            by_id("DELETE FROM practice_sessions WHERE user_id = $1 AND id = $2", id.as_uuid())
        }
        RecordRef::RestDay { domain, on } => tx
            .query("DELETE FROM rest_days WHERE user_id = $1 AND on_date = $2 AND domain_id IS NOT DISTINCT FROM $3")
            .bind(day(on))
            .bind(domain.map(|d| d.as_uuid())),
        RecordRef::Review(period) => {
            tx.query("DELETE FROM reviews WHERE user_id = $1 AND period = $2").bind(period.to_string())
        }
        RecordRef::Program(id) => by_id("DELETE FROM programs WHERE user_id = $1 AND id = $2", id.as_uuid()),
        RecordRef::Celebration(id) => by_id("DELETE FROM celebrations WHERE user_id = $1 AND id = $2", id.as_uuid()),
    }
}

/// The id of a record that others may hang off.
fn parent_id(record: RecordRef) -> Option<Uuid> {
    match record {
        RecordRef::Domain(id) => Some(id.as_uuid()),
        RecordRef::Goal(id) => Some(id.as_uuid()),
        RecordRef::Challenge(id) => Some(id.as_uuid()),
        RecordRef::Attempt(id) => Some(id.as_uuid()),
        _ => None,
    }
}

fn tombstone_row(row: &PgRow) -> Result<Tombstone, StoreError> {
    let c = Columns(row);
    let (kind, key): (String, String) = (c.get("kind")?, c.get("key")?);
    let record = RecordRef::parse(&kind, &key)
        .ok_or_else(|| StoreError::Corrupt(format!("tombstone of an unknown record: {kind} {key}")))?;
    Ok(Tombstone { record, deleted_at: c.timestamp("deleted_at")? })
}

fn entry_row(row: &PgRow) -> Result<JournalEntry, StoreError> {
    let c = Columns(row);
    Ok(JournalEntry {
        seq: c.get("seq")?,
        made_at: c.timestamp("made_at")?,
        summary: c.get("summary")?,
        body: c.get("body")?,
    })
}

impl RevisionTx for PgTx {
    async fn delete_record(&mut self, record: RecordRef) -> Result<(), StoreError> {
        if let (Some(sql), Some(id)) = (dependants(record), parent_id(record)) {
            let row = self.query(sql).bind(id).fetch_one(&mut *self.tx).await.map_err(store_error)?;
            if Columns(&row).get::<bool>("exists")? {
                let key = format!("{} (what hangs off it goes first)", record.key());
                return Err(StoreError::Conflict { entity: record.kind(), key });
            }
        }
        let done = delete(self, record).execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), record.kind(), record.key())
    }

    async fn update_challenge(&mut self, c: &Challenge) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE challenges SET title = $3, slug = $4, difficulty = $5, criterion = $6,
            position = $7 WHERE user_id = $1 AND id = $2";
        let query = self
            .query(SQL)
            .bind(c.id.as_uuid())
            .bind(c.title.to_string())
            .bind(c.slug.clone())
            .bind(c.difficulty.value())
            .bind(c.criterion.clone())
            .bind(i64::from(c.position));
        self.update_unique(query, "challenge", &c.slug, c.id).await
    }

    async fn insert_tombstone(&mut self, t: &Tombstone) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO tombstones (user_id, kind, key, deleted_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (user_id, kind, key) DO UPDATE SET deleted_at = excluded.deleted_at";
        let query = self.query(SQL).bind(t.record.kind()).bind(t.record.key()).bind(instant(t.deleted_at));
        query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(())
    }

    async fn remove_tombstone(&mut self, record: RecordRef) -> Result<(), StoreError> {
        const SQL: &str = "DELETE FROM tombstones WHERE user_id = $1 AND kind = $2 AND key = $3";
        let query = self.query(SQL).bind(record.kind()).bind(record.key());
        query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(())
    }

    async fn tombstones(&mut self) -> Result<Vec<Tombstone>, StoreError> {
        const SQL: &str = "SELECT kind, key, deleted_at FROM tombstones WHERE user_id = $1
            ORDER BY deleted_at, kind COLLATE \"C\", key COLLATE \"C\"";
        self.all(self.query(SQL), tombstone_row).await
    }

    async fn push_change(&mut self, e: &JournalEntry) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO journal (user_id, seq, made_at, summary, body)
            SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM journal WHERE user_id = $1 RETURNING seq";
        let query = self.query(SQL).bind(instant(e.made_at)).bind(e.summary.clone()).bind(e.body.clone());
        let row = query.fetch_one(&mut *self.tx).await.map_err(store_error)?;
        let seq: i64 = Columns(&row).get("seq")?;
        // Trimming on every push would cost a statement per write; every so often is enough.
        if seq % 20 == 0 {
            let trim = self.query("DELETE FROM journal WHERE user_id = $1 AND seq <= $2").bind(seq - JOURNAL_DEPTH);
            trim.execute(&mut *self.tx).await.map_err(store_error)?;
        }
        Ok(seq)
    }

    async fn last_change(&mut self) -> Result<Option<JournalEntry>, StoreError> {
        const SQL: &str =
            "SELECT seq, made_at, summary, body FROM journal WHERE user_id = $1 ORDER BY seq DESC LIMIT 1";
        self.optional(self.query(SQL), entry_row).await
    }

    async fn remove_change(&mut self, seq: i64) -> Result<(), StoreError> {
        let query = self.query("DELETE FROM journal WHERE user_id = $1 AND seq = $2").bind(seq);
        let done = query.execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), "change", seq)
    }
}

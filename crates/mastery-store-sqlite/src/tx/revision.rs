//! Deletions, tombstones and the journal in SQLite, every statement filtered on the
//! transaction's user. The foreign keys refuse a deletion that would leave dependants behind.

use mastery_domain::challenge::Challenge;
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_store::{JOURNAL_DEPTH, JournalEntry, RevisionTx, StoreError};

use super::SqliteTx;
use crate::codec::{Columns, insert_error, micros, store_error};
use crate::db::query;

/// The statement deleting one record of a kind; `?1` is the user, `?2` the key, `?3` a rest
/// day's domain.
fn delete_statement(record: RecordRef) -> &'static str {
    match record {
        RecordRef::Domain(_) => "DELETE FROM domains WHERE user_id = ?1 AND id = ?2",
        RecordRef::Goal(_) => "DELETE FROM goals WHERE user_id = ?1 AND id = ?2",
        RecordRef::Challenge(_) => "DELETE FROM challenges WHERE user_id = ?1 AND id = ?2",
        RecordRef::Attempt(_) => "DELETE FROM attempts WHERE user_id = ?1 AND id = ?2",
        RecordRef::Reattribution(_) => "DELETE FROM reattributions WHERE user_id = ?1 AND attempt_id = ?2",
        RecordRef::Evidence(_) => "DELETE FROM evidence WHERE user_id = ?1 AND id = ?2",
        RecordRef::Checkin(_) => "DELETE FROM checkins WHERE user_id = ?1 AND id = ?2",
        RecordRef::RoleModel(_) => "DELETE FROM role_models WHERE user_id = ?1 AND id = ?2",
        RecordRef::Feedback(_) => "DELETE FROM feedback WHERE user_id = ?1 AND id = ?2",
        RecordRef::Audit(_) => "DELETE FROM audits WHERE user_id = ?1 AND id = ?2",
        RecordRef::PracticePlan(_) => "DELETE FROM practice_plans WHERE user_id = ?1 AND domain_id = ?2",
        RecordRef::PracticeSession(_) => "DELETE FROM practice_sessions WHERE user_id = ?1 AND id = ?2",
        RecordRef::RestDay { .. } => "DELETE FROM rest_days WHERE user_id = ?1 AND on_date = ?2 AND domain_id IS ?3",
        RecordRef::Review(_) => "DELETE FROM reviews WHERE user_id = ?1 AND period = ?2",
        RecordRef::Program(_) => "DELETE FROM programs WHERE user_id = ?1 AND id = ?2",
        RecordRef::Celebration(_) => "DELETE FROM celebrations WHERE user_id = ?1 AND id = ?2",
    }
}

/// The key column's value: the record's key, except a rest day's, which is its date (with its
/// domain, if any, as the third argument).
fn key_of(record: RecordRef) -> (String, Option<String>) {
    match record {
        RecordRef::RestDay { domain, on } => (on.to_string(), domain.map(|d| d.to_string())),
        other => (other.key(), None),
    }
}

fn tombstone_row(c: &Columns) -> Result<Tombstone, StoreError> {
    let (kind, key) = (c.text("kind")?, c.text("key")?);
    let record = RecordRef::parse(&kind, &key)
        .ok_or_else(|| StoreError::Corrupt(format!("tombstone of an unknown record: {kind} {key}")))?;
    Ok(Tombstone { record, deleted_at: c.timestamp("deleted_at")? })
}

fn entry_row(c: &Columns) -> Result<JournalEntry, StoreError> {
    Ok(JournalEntry {
        seq: c.int("seq")?,
        made_at: c.timestamp("made_at")?,
        summary: c.text("summary")?,
        body: c.text("body")?,
    })
}

impl RevisionTx for SqliteTx {
    async fn delete_record(&mut self, record: RecordRef) -> Result<(), StoreError> {
        let (key, domain) = key_of(record);
        if let RecordRef::Challenge(_) = record {
            // The counts follow the rung's attempts; with none left they are only a row of zeros.
            query("DELETE FROM rung_counts WHERE user_id = ?1 AND challenge_id = ?2")
                .bind(&self.user)
                .bind(&key)
                .execute(&self.tx)
                .map_err(store_error)?;
        }
        let mut delete = query(delete_statement(record)).bind(&self.user).bind(&key);
        if let RecordRef::RestDay { .. } = record {
            delete = delete.bind(domain);
        }
        let done = delete.execute(&self.tx).map_err(|error| match &error {
            rusqlite::Error::SqliteFailure(failure, _)
                if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
            {
                StoreError::Conflict {
                    entity: record.kind(),
                    key: format!("{} (what hangs off it goes first)", record.key()),
                }
            }
            _ => store_error(error),
        })?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: record.kind(), key: record.key() });
        }
        Ok(())
    }

    async fn update_challenge(&mut self, c: &Challenge) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE challenges SET title = ?3, slug = ?4, difficulty = ?5, criterion = ?6,
            position = ?7 WHERE id = ?1 AND user_id = ?2";
        let done = query(SQL)
            .bind(c.id.to_string())
            .bind(&self.user)
            .bind(c.title.as_str())
            .bind(&c.slug)
            .bind(c.difficulty.value())
            .bind(&c.criterion)
            .bind(i64::from(c.position))
            .execute(&self.tx)
            .map_err(insert_error("challenge", &c.slug))?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "challenge", key: c.id.to_string() });
        }
        Ok(())
    }

    async fn insert_tombstone(&mut self, t: &Tombstone) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO tombstones (user_id, kind, key, deleted_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (user_id, kind, key) DO UPDATE SET deleted_at = excluded.deleted_at";
        query(SQL)
            .bind(&self.user)
            .bind(t.record.kind())
            .bind(t.record.key())
            .bind(micros(t.deleted_at))
            .execute(&self.tx)
            .map_err(store_error)?;
        Ok(())
    }

    async fn remove_tombstone(&mut self, record: RecordRef) -> Result<(), StoreError> {
        query("DELETE FROM tombstones WHERE user_id = ?1 AND kind = ?2 AND key = ?3")
            .bind(&self.user)
            .bind(record.kind())
            .bind(record.key())
            .execute(&self.tx)
            .map_err(store_error)?;
        Ok(())
    }

    async fn tombstones(&mut self) -> Result<Vec<Tombstone>, StoreError> {
        const SQL: &str = "SELECT kind, key, deleted_at FROM tombstones WHERE user_id = ?1 AND ?2 IS NULL
            ORDER BY deleted_at, kind, key";
        self.fetch_all(SQL, None, tombstone_row)
    }

    async fn push_change(&mut self, e: &JournalEntry) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO journal (user_id, seq, made_at, summary, body)
            SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4 FROM journal WHERE user_id = ?1 RETURNING seq";
        let seq: i64 =
            query(SQL).bind(&self.user).bind(micros(e.made_at)).bind(&e.summary).bind(&e.body).scalar(&self.tx)?;
        // Trimming on every push would cost a statement per write; every so often is enough.
        if seq % 20 == 0 {
            query("DELETE FROM journal WHERE user_id = ?1 AND seq <= ?2")
                .bind(&self.user)
                .bind(seq - JOURNAL_DEPTH)
                .execute(&self.tx)
                .map_err(store_error)?;
        }
        Ok(seq)
    }

    async fn last_change(&mut self) -> Result<Option<JournalEntry>, StoreError> {
        const SQL: &str = "SELECT seq, made_at, summary, body FROM journal WHERE user_id = ?1 AND ?2 IS NULL
            ORDER BY seq DESC LIMIT 1";
        Ok(self.fetch_all(SQL, None, entry_row)?.pop())
    }

    async fn remove_change(&mut self, seq: i64) -> Result<(), StoreError> {
        let done = query("DELETE FROM journal WHERE user_id = ?1 AND seq = ?2")
            .bind(&self.user)
            .bind(seq)
            .execute(&self.tx)
            .map_err(store_error)?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "change", key: seq.to_string() });
        }
        Ok(())
    }
}

//! Versions and the change log in SQLite, every statement filtered on the transaction's user.
//! The counter's `UPDATE … RETURNING` both numbers a change and tells whether the user is
//! enrolled (no row, nothing kept).

use mastery_domain::record::RecordRef;
use mastery_store::{StoreError, SyncPosition, SyncTx, Version, Versioned};

use super::SqliteTx;
use crate::codec::{Columns, micros, store_error};
use crate::db::query;

/// The columns [`versioned_row`] reads, for `concat!` into static statements.
macro_rules! columns {
    () => {
        "SELECT kind, key, seq, updated_at, device, deleted, pending FROM sync_versions "
    };
}

fn versioned_row(c: &Columns) -> Result<Versioned, StoreError> {
    let (kind, key) = (c.text("kind")?, c.text("key")?);
    let record = RecordRef::parse(&kind, &key)
        .ok_or_else(|| StoreError::Corrupt(format!("version of an unknown record: {kind} {key}")))?;
    Ok(Versioned {
        seq: c.int("seq")?,
        version: Version {
            record,
            updated_at: c.timestamp("updated_at")?,
            device: c.text("device")?,
            deleted: c.int("deleted")? != 0,
        },
        pending: c.int("pending")? != 0,
    })
}

impl SyncTx for SqliteTx {
    async fn enroll(&mut self) -> Result<bool, StoreError> {
        let done = query("INSERT INTO sync_counters (user_id, seq) VALUES (?1, 0) ON CONFLICT DO NOTHING")
            .bind(&self.user)
            .execute(&self.tx)
            .map_err(store_error)?;
        Ok(done == 1)
    }

    async fn unenroll(&mut self) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM sync_versions WHERE user_id = ?1",
            "DELETE FROM sync_values WHERE user_id = ?1",
            "DELETE FROM sync_counters WHERE user_id = ?1",
        ] {
            query(sql).bind(&self.user).execute(&self.tx).map_err(store_error)?;
        }
        Ok(())
    }

    async fn note_version(&mut self, v: &Version, pending: bool) -> Result<(), StoreError> {
        let seq: Option<i64> = query("UPDATE sync_counters SET seq = seq + 1 WHERE user_id = ?1 RETURNING seq")
            .bind(&self.user)
            .fetch_optional(&self.tx, |row| row.at(0))?;
        let Some(seq) = seq else { return Ok(()) };
        const SQL: &str =
            "INSERT INTO sync_versions (user_id, kind, key, seq, ord, updated_at, device, deleted, pending)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT (user_id, kind, key) DO UPDATE SET seq = excluded.seq, ord = excluded.ord,
                updated_at = excluded.updated_at, device = excluded.device, deleted = excluded.deleted,
                pending = excluded.pending";
        query(SQL)
            .bind(&self.user)
            .bind(v.record.kind())
            .bind(v.record.key())
            .bind(seq)
            .bind(v.order())
            .bind(micros(v.updated_at))
            .bind(&v.device)
            .bind(v.deleted)
            .bind(pending)
            .execute(&self.tx)
            .map_err(store_error)?;
        Ok(())
    }

    async fn version(&mut self, record: RecordRef) -> Result<Option<Version>, StoreError> {
        const SQL: &str = concat!(columns!(), "WHERE user_id = ?1 AND kind = ?2 AND key = ?3");
        let row = query(SQL)
            .bind(&self.user)
            .bind(record.kind())
            .bind(record.key())
            .fetch_optional(&self.tx, versioned_row)?;
        Ok(row.map(|v| v.version))
    }

    async fn last_seq(&mut self) -> Result<i64, StoreError> {
        let seq: Option<i64> = query("SELECT seq FROM sync_counters WHERE user_id = ?1")
            .bind(&self.user)
            .fetch_optional(&self.tx, |row| row.at(0))?;
        Ok(seq.unwrap_or(0))
    }

    async fn versions_between(
        &mut self,
        since: i64,
        upto: i64,
        after: Option<SyncPosition>,
        except: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Versioned>, StoreError> {
        if upto <= since {
            return Ok(Vec::new());
        }
        let after = after.unwrap_or(SyncPosition { order: i64::MIN, seq: i64::MIN });
        const SQL: &str = concat!(
            columns!(),
            "WHERE user_id = ?1 AND seq > ?2 AND seq <= ?3 AND (ord, seq) > (?4, ?5)
                AND (?7 IS NULL OR device <> ?7) ORDER BY ord, seq LIMIT ?6"
        );
        let mut query = query(SQL).bind(&self.user);
        for bind in [since, upto, after.order, after.seq, i64::from(limit)] {
            query = query.bind(bind);
        }
        let query = query.bind(except);
        query.fetch_all(&self.tx, versioned_row)
    }

    async fn pending_versions(&mut self, limit: u32) -> Result<Vec<Versioned>, StoreError> {
        const SQL: &str = concat!(columns!(), "WHERE user_id = ?1 AND pending = 1 ORDER BY ord, seq LIMIT ?2");
        query(SQL).bind(&self.user).bind(i64::from(limit)).fetch_all(&self.tx, versioned_row)
    }

    async fn mark_sent(&mut self, seqs: &[i64]) -> Result<(), StoreError> {
        let listed = format!("[{}]", seqs.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        const SQL: &str =
            "UPDATE sync_versions SET pending = 0 WHERE user_id = ?1 AND seq IN (SELECT value FROM json_each(?2))";
        query(SQL).bind(&self.user).bind(listed).execute(&self.tx).map_err(store_error)?;
        Ok(())
    }

    async fn sync_value(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        query("SELECT value FROM sync_values WHERE user_id = ?1 AND key = ?2")
            .bind(&self.user)
            .bind(key)
            .fetch_optional(&self.tx, |row| row.text("value"))
    }

    async fn set_sync_value(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        let query = match value {
            Some(value) => query(
                "INSERT INTO sync_values (user_id, key, value) VALUES (?1, ?2, ?3)
                    ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value",
            )
            .bind(&self.user)
            .bind(key)
            .bind(value),
            None => query("DELETE FROM sync_values WHERE user_id = ?1 AND key = ?2").bind(&self.user).bind(key),
        };
        query.execute(&self.tx).map_err(store_error)?;
        Ok(())
    }
}

//! Versions and the change log in PostgreSQL, every statement filtered on the transaction's
//! user. Numbering a change updates the user's counter row, which locks it until the
//! transaction ends: one user's writers take numbers one after another, so a reader who sees
//! number N committed has seen every number below it.

use mastery_domain::record::RecordRef;
use mastery_store::{StoreError, SyncPosition, SyncTx, Version, Versioned};
use sqlx::postgres::PgRow;

use super::PgTx;
use crate::codec::{Columns, instant, store_error};

/// The columns [`versioned_row`] reads, for `concat!` into static statements.
macro_rules! columns {
    () => {
        "SELECT kind, key, seq, updated_at, device, deleted, pending FROM sync_versions "
    };
}

fn versioned_row(row: &PgRow) -> Result<Versioned, StoreError> {
    let c = Columns(row);
    let (kind, key): (String, String) = (c.get("kind")?, c.get("key")?);
    let record = RecordRef::parse(&kind, &key)
        .ok_or_else(|| StoreError::Corrupt(format!("version of an unknown record: {kind} {key}")))?;
    Ok(Versioned {
        seq: c.get("seq")?,
        version: Version {
            record,
            updated_at: c.timestamp("updated_at")?,
            device: c.get("device")?,
            deleted: c.get("deleted")?,
        },
        pending: c.get("pending")?,
    })
}

impl SyncTx for PgTx {
    async fn enroll(&mut self) -> Result<bool, StoreError> {
        let query = self.query("INSERT INTO sync_counters (user_id, seq) VALUES ($1, 0) ON CONFLICT DO NOTHING");
        let done = query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn unenroll(&mut self) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM sync_versions WHERE user_id = $1",
            "DELETE FROM sync_values WHERE user_id = $1",
            "DELETE FROM sync_counters WHERE user_id = $1",
        ] {
            self.query(sql).execute(&mut *self.tx).await.map_err(store_error)?;
        }
        Ok(())
    }

    async fn note_version(&mut self, v: &Version, pending: bool) -> Result<(), StoreError> {
        let query = self.query("UPDATE sync_counters SET seq = seq + 1 WHERE user_id = $1 RETURNING seq");
        let Some(row) = query.fetch_optional(&mut *self.tx).await.map_err(store_error)? else { return Ok(()) };
        let seq: i64 = Columns(&row).get("seq")?;
        const SQL: &str =
            "INSERT INTO sync_versions (user_id, kind, key, seq, ord, updated_at, device, deleted, pending)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (user_id, kind, key) DO UPDATE SET seq = excluded.seq, ord = excluded.ord,
                updated_at = excluded.updated_at, device = excluded.device, deleted = excluded.deleted,
                pending = excluded.pending";
        self.query(SQL)
            .bind(v.record.kind())
            .bind(v.record.key())
            .bind(seq)
            .bind(v.order())
            .bind(instant(v.updated_at))
            .bind(v.device.clone())
            .bind(v.deleted)
            .bind(pending)
            .execute(&mut *self.tx)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn version(&mut self, record: RecordRef) -> Result<Option<Version>, StoreError> {
        const SQL: &str = concat!(columns!(), "WHERE user_id = $1 AND kind = $2 AND key = $3");
        let query = self.query(SQL).bind(record.kind()).bind(record.key());
        let row = query.fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        Ok(row.as_ref().map(versioned_row).transpose()?.map(|v| v.version))
    }

    async fn last_seq(&mut self) -> Result<i64, StoreError> {
        let query = self.query("SELECT seq FROM sync_counters WHERE user_id = $1");
        let row = query.fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        row.map_or(Ok(0), |row| Columns(&row).get("seq"))
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
            "WHERE user_id = $1 AND seq > $2 AND seq <= $3 AND (ord, seq) > ($4, $5)
                AND ($7::text IS NULL OR device <> $7) ORDER BY ord, seq LIMIT $6"
        );
        let query = self
            .query(SQL)
            .bind(since)
            .bind(upto)
            .bind(after.order)
            .bind(after.seq)
            .bind(i64::from(limit))
            .bind(except.map(str::to_owned));
        let rows = query.fetch_all(&mut *self.tx).await.map_err(store_error)?;
        rows.iter().map(versioned_row).collect()
    }

    async fn pending_versions(&mut self, limit: u32) -> Result<Vec<Versioned>, StoreError> {
        const SQL: &str = concat!(columns!(), "WHERE user_id = $1 AND pending ORDER BY ord, seq LIMIT $2");
        let rows = self.query(SQL).bind(i64::from(limit)).fetch_all(&mut *self.tx).await.map_err(store_error)?;
        rows.iter().map(versioned_row).collect()
    }

    async fn mark_sent(&mut self, seqs: &[i64]) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE sync_versions SET pending = false WHERE user_id = $1 AND seq = ANY($2)";
        let query = self.query(SQL).bind(seqs.to_vec());
        query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(())
    }

    async fn sync_value(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        let query = self.query("SELECT value FROM sync_values WHERE user_id = $1 AND key = $2").bind(key.to_owned());
        let row = query.fetch_optional(&mut *self.tx).await.map_err(store_error)?;
        row.map(|row| Columns(&row).get("value")).transpose()
    }

    async fn set_sync_value(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        let query = match value {
            Some(value) => self
                .query(
                    "INSERT INTO sync_values (user_id, key, value) VALUES ($1, $2, $3)
                        ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value",
                )
                .bind(key.to_owned())
                .bind(value.to_owned()),
            None => self.query("DELETE FROM sync_values WHERE user_id = $1 AND key = $2").bind(key.to_owned()),
        };
        query.execute(&mut *self.tx).await.map_err(store_error)?;
        Ok(())
    }
}

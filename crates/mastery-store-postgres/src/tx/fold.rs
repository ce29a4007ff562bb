//! Kept folds in PostgreSQL: the row per domain in `analysis_folds`, whose generation and
//! validity the triggers of migration 0015 keep in step with the attempts. Every statement is
//! filtered on the transaction's user.

use jiff::Timestamp;
use mastery_domain::attempt::RecordedFacts;
use mastery_domain::ids::{AttemptId, DomainId};
use mastery_store::{Fold, FoldRead, FoldTx, StoreError};
use sqlx::postgres::PgRow;

use super::PgTx;
use crate::codec::{Columns, instant, store_error};

fn fold_row(row: &PgRow) -> Result<FoldRead, StoreError> {
    let c = Columns(row);
    let through_id = c.opt_id("through_id", AttemptId::from_uuid)?;
    let fold = match (c.opt_timestamp("through_at")?, through_id, c.get::<Option<String>>("state")?) {
        (Some(at), Some(id), Some(state)) => Some(Fold { through: (at, id), state }),
        _ => None,
    };
    Ok(FoldRead { generation: c.get("generation")?, fold })
}

impl FoldTx for PgTx {
    async fn fold(&mut self, domain: DomainId) -> Result<FoldRead, StoreError> {
        const SQL: &str = "SELECT generation, through_at, through_id, state FROM analysis_folds
            WHERE user_id = $1 AND domain_id = $2";
        let read = self.optional(self.query(SQL).bind(domain.as_uuid()), fold_row).await?;
        Ok(read.unwrap_or(FoldRead { generation: 0, fold: None }))
    }

    async fn keep_fold(&mut self, domain: DomainId, generation: i64, fold: &Fold) -> Result<bool, StoreError> {
        const UPDATE: &str = "UPDATE analysis_folds SET through_at = $4, through_id = $5, state = $6
            WHERE user_id = $1 AND domain_id = $2 AND generation = $3";
        // A domain no trigger has reached yet has generation 0 and no row: the insert makes one
        // (and writes nothing if a change made one since).
        const INSERT: &str =
            "INSERT INTO analysis_folds (user_id, domain_id, generation, through_at, through_id, state)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (user_id, domain_id) DO NOTHING";
        if self.write_fold(UPDATE, domain, generation, fold).await? {
            return Ok(true);
        }
        Ok(generation == 0 && self.write_fold(INSERT, domain, generation, fold).await?)
    }

    async fn recorded_facts_after(
        &mut self,
        domain: DomainId,
        after: (Timestamp, AttemptId),
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        self.read_recorded_facts(Some(domain), Some(after), visit).await
    }
}

impl PgTx {
    /// Runs `sql` with the domain as $2, the generation as $3 and the fold as $4 to $6; whether
    /// it wrote a row.
    async fn write_fold(
        &mut self,
        sql: &'static str,
        domain: DomainId,
        generation: i64,
        fold: &Fold,
    ) -> Result<bool, StoreError> {
        let (at, id) = fold.through;
        let query = self
            .query(sql)
            .bind(domain.as_uuid())
            .bind(generation)
            .bind(instant(at))
            .bind(id.as_uuid())
            .bind(fold.state.clone());
        Ok(query.execute(&mut *self.tx).await.map_err(store_error)?.rows_affected() > 0)
    }
}

//! Kept folds in SQLite: the row per domain in `analysis_folds`, whose generation and validity
//! the triggers of migration 0015 keep in step with the attempts.

use jiff::Timestamp;
use mastery_domain::attempt::RecordedFacts;
use mastery_domain::ids::{AttemptId, DomainId};
use mastery_store::{Fold, FoldRead, FoldTx, StoreError};

use super::SqliteTx;
use super::attempts::{RECORDED_FACTS_AFTER, facts_row};
use crate::codec::{Columns, micros, store_error};
use crate::db::query;

fn fold_row(c: &Columns) -> Result<FoldRead, StoreError> {
    let fold = match (c.opt_timestamp("through_at")?, c.opt_parsed("through_id")?, c.opt_text("state")?) {
        (Some(at), Some(id), Some(state)) => Some(Fold { through: (at, id), state }),
        _ => None,
    };
    Ok(FoldRead { generation: c.int("generation")?, fold })
}

impl FoldTx for SqliteTx {
    async fn fold(&mut self, domain: DomainId) -> Result<FoldRead, StoreError> {
        const SQL: &str = "SELECT generation, through_at, through_id, state FROM analysis_folds
            WHERE user_id = ?1 AND domain_id = ?2";
        let read = query(SQL).bind(&self.user).bind(domain.to_string()).fetch_optional(&self.tx, fold_row)?;
        Ok(read.unwrap_or(FoldRead { generation: 0, fold: None }))
    }

    async fn keep_fold(&mut self, domain: DomainId, generation: i64, fold: &Fold) -> Result<bool, StoreError> {
        const UPDATE: &str = "UPDATE analysis_folds SET through_at = ?4, through_id = ?5, state = ?6
            WHERE user_id = ?1 AND domain_id = ?2 AND generation = ?3";
        // A domain no trigger has seen yet has generation 0 and no row.
        const INSERT: &str =
            "INSERT INTO analysis_folds (user_id, domain_id, generation, through_at, through_id, state)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ?3 = 0
            ON CONFLICT (user_id, domain_id) DO NOTHING";
        let (at, id) = fold.through;
        for sql in [UPDATE, INSERT] {
            let changed = query(sql)
                .bind(&self.user)
                .bind(domain.to_string())
                .bind(generation)
                .bind(micros(at))
                .bind(id.to_string())
                .bind(&fold.state)
                .execute(&self.tx)
                .map_err(store_error)?;
            if changed > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn recorded_facts_after(
        &mut self,
        domain: DomainId,
        after: (Timestamp, AttemptId),
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        let (at, id) = after;
        let query =
            query(RECORDED_FACTS_AFTER).bind(&self.user).bind(domain.to_string()).bind(micros(at)).bind(id.to_string());
        query.for_each(&self.tx, |row| {
            visit(facts_row(row)?);
            Ok(())
        })
    }
}

//! Celebrations in SQLite, every statement filtered on the transaction's user.

use mastery_domain::celebration::Celebration;
use mastery_domain::ids::{CelebrationId, DomainId};
use mastery_store::{CelebrationTx, StoreError};

use super::{SqliteTx, text_of};
use crate::codec::{Columns, micros, store_error};
use crate::db::query;

macro_rules! celebration_select {
    () => {
        "SELECT id, domain_id, kind, subject, title, at, effort, strategy FROM celebrations WHERE user_id = ?1"
    };
}
const ONE: &str = concat!(celebration_select!(), " AND id = ?2");
const LIST: &str = concat!(celebration_select!(), " AND (?2 IS NULL OR domain_id = ?2) ORDER BY at DESC, id DESC");

fn celebration_row(c: &Columns) -> Result<Celebration, StoreError> {
    Ok(Celebration {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        kind: c.parsed("kind")?,
        subject: c.text("subject")?,
        title: c.text("title")?,
        at: c.timestamp("at")?,
        effort: c.opt_text("effort")?,
        strategy: c.opt_text("strategy")?,
    })
}

impl CelebrationTx for SqliteTx {
    async fn insert_celebration(&mut self, c: &Celebration) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO celebrations (id, user_id, domain_id, kind, subject, title, at, effort, strategy)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
            WHERE EXISTS (SELECT 1 FROM domains WHERE id = ?3 AND user_id = ?2)";
        let query = query(SQL)
            .bind(c.id.to_string())
            .bind(self.user.clone())
            .bind(c.domain_id.to_string())
            .bind(c.kind.as_str())
            .bind(c.subject.clone())
            .bind(c.title.clone())
            .bind(micros(c.at))
            .bind(c.effort.clone())
            .bind(c.strategy.clone());
        self.insert_in_domain(query, c.domain_id, "celebration", &c.subject)
    }

    async fn update_celebration(&mut self, c: &Celebration) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE celebrations SET effort = ?3, strategy = ?4 WHERE user_id = ?1 AND id = ?2";
        let id = c.id.to_string();
        let done = query(SQL)
            .bind(&self.user)
            .bind(&id)
            .bind(&c.effort)
            .bind(&c.strategy)
            .execute(&self.tx)
            .map_err(store_error)?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: "celebration", key: id });
        }
        Ok(())
    }

    async fn celebration(&mut self, id: CelebrationId) -> Result<Option<Celebration>, StoreError> {
        self.fetch_one(ONE, id.to_string(), celebration_row)
    }

    async fn celebrations(&mut self, domain: Option<DomainId>) -> Result<Vec<Celebration>, StoreError> {
        self.fetch_all(LIST, text_of(domain), celebration_row)
    }
}

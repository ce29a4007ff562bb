//! Celebrations in PostgreSQL, every statement filtered on the transaction's user.

use mastery_domain::celebration::Celebration;
use mastery_domain::ids::{CelebrationId, DomainId};
use mastery_store::{CelebrationTx, StoreError};
use sqlx::postgres::PgRow;

use super::{Parent, PgTx, updated};
use crate::codec::{Columns, instant, store_error};

macro_rules! celebration_select {
    () => {
        "SELECT id, domain_id, kind, subject, title, at, effort, strategy FROM celebrations WHERE user_id = $1"
    };
}
const ONE: &str = concat!(celebration_select!(), " AND id = $2");
const LIST: &str =
    concat!(celebration_select!(), " AND ($2::uuid IS NULL OR domain_id = $2) ORDER BY at DESC, id DESC");

fn celebration_row(row: &PgRow) -> Result<Celebration, StoreError> {
    let c = Columns(row);
    Ok(Celebration {
        id: c.id("id", CelebrationId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        kind: c.parsed("kind")?,
        subject: c.get("subject")?,
        title: c.get("title")?,
        at: c.timestamp("at")?,
        effort: c.get("effort")?,
        strategy: c.get("strategy")?,
    })
}

impl CelebrationTx for PgTx {
    async fn insert_celebration(&mut self, c: &Celebration) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO celebrations (user_id, id, domain_id, kind, subject, title, at, effort, strategy)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let query = self
            .query(SQL)
            .bind(c.id.as_uuid())
            .bind(c.domain_id.as_uuid())
            .bind(c.kind.as_str())
            .bind(c.subject.clone())
            .bind(c.title.clone())
            .bind(instant(c.at))
            .bind(c.effort.clone())
            .bind(c.strategy.clone());
        self.insert(query, Some(Parent::Domain(c.domain_id)), "celebration", &c.subject).await
    }

    async fn update_celebration(&mut self, c: &Celebration) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE celebrations SET effort = $3, strategy = $4 WHERE user_id = $1 AND id = $2";
        let query = self.query(SQL).bind(c.id.as_uuid()).bind(c.effort.clone()).bind(c.strategy.clone());
        let done = query.execute(&mut *self.tx).await.map_err(store_error)?;
        updated(done.rows_affected(), "celebration", c.id)
    }

    async fn celebration(&mut self, id: CelebrationId) -> Result<Option<Celebration>, StoreError> {
        self.optional(self.query(ONE).bind(id.as_uuid()), celebration_row).await
    }

    async fn celebrations(&mut self, domain: Option<DomainId>) -> Result<Vec<Celebration>, StoreError> {
        self.all(self.query(LIST).bind(domain.map(|d| d.as_uuid())), celebration_row).await
    }
}

//! Program runs in PostgreSQL, every statement filtered on the transaction's user. The template
//! is kept as JSON beside the run, so a run keeps the template it started with.

use mastery_domain::ids::{DomainId, ProgramId};
use mastery_domain::program::Program;
use mastery_store::{ProgramTx, StoreError};
use sqlx::postgres::PgRow;

use super::{Parent, PgTx};
use crate::codec::{Columns, day, instant};

const PROGRAMS: &str = "SELECT id, domain_id, template::text AS template, starts_on, created_at FROM programs
    WHERE user_id = $1 ORDER BY starts_on, id";

fn program_row(row: &PgRow) -> Result<Program, StoreError> {
    let c = Columns(row);
    Ok(Program {
        id: c.id("id", ProgramId::from_uuid)?,
        domain_id: c.id("domain_id", DomainId::from_uuid)?,
        template: c.validated("template", |t| serde_json::from_str(&t))?,
        starts_on: c.date("starts_on")?,
        created_at: c.timestamp("created_at")?,
    })
}

impl ProgramTx for PgTx {
    async fn insert_program(&mut self, p: &Program) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO programs (user_id, id, domain_id, template, starts_on, created_at)
            SELECT $1, $2, $3, $4::jsonb, $5, $6
            WHERE EXISTS (SELECT 1 FROM domains WHERE user_id = $1 AND id = $3)
            ON CONFLICT DO NOTHING";
        let template = serde_json::to_string(&p.template).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let query = self
            .query(SQL)
            .bind(p.id.as_uuid())
            .bind(p.domain_id.as_uuid())
            .bind(template)
            .bind(day(p.starts_on))
            .bind(instant(p.created_at));
        self.insert(query, Some(Parent::Domain(p.domain_id)), "program", p.id).await
    }

    async fn programs(&mut self) -> Result<Vec<Program>, StoreError> {
        self.all(self.query(PROGRAMS), program_row).await
    }
}

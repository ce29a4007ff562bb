//! Program runs in SQLite, every statement filtered on the transaction's user. The template is
//! kept as JSON beside the run, so a run keeps the template it started with.

use mastery_domain::program::Program;
use mastery_store::{ProgramTx, StoreError};

use super::SqliteTx;
use crate::codec::{Columns, micros};
use crate::db::query;

const PROGRAMS: &str = "SELECT id, domain_id, template, starts_on, created_at FROM programs
    WHERE user_id = ?1 AND ?2 IS NULL ORDER BY starts_on, id";

fn program_row(c: &Columns) -> Result<Program, StoreError> {
    Ok(Program {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        template: c.validated("template", |t| serde_json::from_str(&t))?,
        starts_on: c.date("starts_on")?,
        created_at: c.timestamp("created_at")?,
    })
}

impl ProgramTx for SqliteTx {
    async fn insert_program(&mut self, p: &Program) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO programs (id, user_id, domain_id, template, starts_on, created_at)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM domains WHERE id = ?3 AND user_id = ?2)";
        let id = p.id.to_string();
        let template = serde_json::to_string(&p.template).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let query = query(SQL)
            .bind(id.clone())
            .bind(self.user.clone())
            .bind(p.domain_id.to_string())
            .bind(template)
            .bind(p.starts_on.to_string())
            .bind(micros(p.created_at));
        self.insert_in_domain(query, p.domain_id, "program", &id)
    }

    async fn programs(&mut self) -> Result<Vec<Program>, StoreError> {
        self.fetch_all(PROGRAMS, None, program_row)
    }
}

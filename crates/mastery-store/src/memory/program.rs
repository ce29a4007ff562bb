//! Program runs in the in-memory store.

use mastery_domain::program::Program;

use super::MemoryTx;
use crate::{ProgramTx, StoreError};

impl ProgramTx for MemoryTx {
    async fn insert_program(&mut self, program: &Program) -> Result<(), StoreError> {
        self.require_domain(program.domain_id)?;
        if self.working.programs.iter().any(|p| p.id == program.id) {
            return Err(StoreError::Conflict { entity: "program", key: program.id.to_string() });
        }
        self.working.programs.push(program.clone());
        Ok(())
    }

    async fn programs(&mut self) -> Result<Vec<Program>, StoreError> {
        let mut programs = self.working.programs.clone();
        programs.sort_by_key(|p| (p.starts_on, p.id));
        Ok(programs)
    }
}

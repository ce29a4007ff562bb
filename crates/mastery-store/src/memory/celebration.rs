//! Celebrations in the in-memory store.

use mastery_domain::celebration::Celebration;
use mastery_domain::ids::{CelebrationId, DomainId};

use super::{MemoryTx, replace};
use crate::{CelebrationTx, StoreError};

impl CelebrationTx for MemoryTx {
    async fn insert_celebration(&mut self, celebration: &Celebration) -> Result<(), StoreError> {
        self.require_domain(celebration.domain_id)?;
        if self.working.celebrations.iter().any(|c| c.kind == celebration.kind && c.subject == celebration.subject) {
            return Err(StoreError::Conflict { entity: "celebration", key: celebration.subject.clone() });
        }
        self.working.celebrations.push(celebration.clone());
        Ok(())
    }

    async fn update_celebration(&mut self, celebration: &Celebration) -> Result<(), StoreError> {
        replace(&mut self.working.celebrations, celebration, |c| c.id, "celebration")
    }

    async fn celebration(&mut self, id: CelebrationId) -> Result<Option<Celebration>, StoreError> {
        Ok(self.working.celebrations.iter().find(|c| c.id == id).cloned())
    }

    async fn celebrations(&mut self, domain: Option<DomainId>) -> Result<Vec<Celebration>, StoreError> {
        let mut found: Vec<Celebration> =
            self.working.celebrations.iter().filter(|c| domain.is_none_or(|d| c.domain_id == d)).cloned().collect();
        found.sort_by_key(|c| std::cmp::Reverse((c.at, c.id)));
        Ok(found)
    }
}

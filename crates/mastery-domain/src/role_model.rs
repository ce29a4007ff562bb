//! Role models: the vicarious source of efficacy. Seeing someone similar succeed, and how they did
//! it, raises belief most when the person is similar, so similarity is recorded.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{DomainId, RoleModelId};
use crate::measure::Rating;
use crate::text::Name;

/// Someone similar who did what the person is working towards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleModel {
    pub id: RoleModelId,
    pub domain_id: DomainId,
    pub name: Name,
    /// How similar they are to me, 1–5.
    pub similarity: Option<Rating>,
    /// How they did it.
    pub process: Option<String>,
    pub created_at: Timestamp,
}

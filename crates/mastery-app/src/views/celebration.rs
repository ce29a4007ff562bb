//! The view of a celebration.

use jiff::Timestamp;
use mastery_domain::celebration::{Celebration, CelebrationKind, QUESTION};
use mastery_domain::ids::CelebrationId;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CelebrationView {
    pub id: CelebrationId,
    pub domain: String,
    pub kind: CelebrationKind,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub effort: Option<String>,
    pub strategy: Option<String>,
    /// The question to answer while effort or strategy is missing.
    pub question: Option<&'static str>,
}

impl CelebrationView {
    /// Whether reflecting `effort` and `strategy` on it would replace what it says
    /// ([`mastery_domain::celebration::overwrites`]).
    pub fn overwritten_by(&self, effort: Option<&str>, strategy: Option<&str>) -> bool {
        mastery_domain::celebration::overwrites(self.effort.as_deref(), self.strategy.as_deref(), effort, strategy)
    }

    pub fn new(c: &Celebration, domain: &str) -> Self {
        Self {
            id: c.id,
            domain: domain.to_owned(),
            kind: c.kind,
            title: c.title.clone(),
            at: c.at,
            effort: c.effort.clone(),
            strategy: c.strategy.clone(),
            question: (c.effort.is_none() || c.strategy.is_none()).then_some(QUESTION),
        }
    }
}

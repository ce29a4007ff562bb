//! Feedback received: the social-persuasion source of efficacy. Specific feedback from credible
//! people counts; vague praise barely does, so both are recorded.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::ids::{DomainId, FeedbackId};
use crate::measure::Rating;
use crate::text::Name;

choice! {
    /// Whether feedback names specific behaviour.
    Specificity, Specificity { Specific => "specific", General => "general" }
}

choice! {
    /// The tone of feedback.
    Valence, Valence { Positive => "positive", Negative => "negative", Mixed => "mixed" }
}

/// One piece of feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub id: FeedbackId,
    pub domain_id: DomainId,
    pub from: Name,
    /// How credible the giver is in this domain, 1–5.
    pub credibility: Option<Rating>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    pub text: String,
    pub received_at: Timestamp,
}

//! Views of the sources of efficacy a person records besides attempts: the evidence file, daily
//! check-ins, role models and feedback.

use jiff::Timestamp;
use jiff::civil::Date;
use mastery_domain::checkin::Checkin;
use mastery_domain::evidence::{BackfilledEvidence, EvidenceSource};
use mastery_domain::feedback::{Feedback, Specificity, Valence};
use mastery_domain::ids::{CheckinId, FeedbackId, RoleModelId};
use mastery_domain::role_model::RoleModel;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub id: String,
    pub domain: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub title: String,
    pub did: Option<String>,
    pub source: EvidenceSource,
}

impl EvidenceView {
    /// A success entered after the fact, its domain named by slug.
    pub fn backfilled(e: &BackfilledEvidence, domain_slug: &str) -> Self {
        Self {
            id: e.id.to_string(),
            domain: domain_slug.to_owned(),
            at: e.at,
            title: e.title.clone(),
            did: e.did.clone(),
            source: EvidenceSource::Backfill,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinView {
    pub id: CheckinId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    pub sleep_hours: Option<f64>,
    pub exercise_minutes: Option<u32>,
    pub stress: Option<u8>,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    /// True when saving it updated the day's earlier check-in (one a day); false in lists.
    pub updated: bool,
}

impl From<&Checkin> for CheckinView {
    fn from(c: &Checkin) -> Self {
        let m = c.measures;
        Self {
            id: c.id,
            at: c.at,
            on: c.on,
            sleep_hours: m.sleep_hours.map(|s| s.hours()),
            exercise_minutes: m.exercise_minutes,
            stress: m.stress.map(|r| r.value()),
            energy: m.energy.map(|r| r.value()),
            mood: m.mood.map(|r| r.value()),
            updated: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleModelView {
    pub id: RoleModelId,
    pub domain: String,
    pub name: String,
    pub similarity: Option<u8>,
    pub process: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

impl RoleModelView {
    pub fn new(m: &RoleModel, domain_slug: &str) -> Self {
        Self {
            id: m.id,
            domain: domain_slug.to_owned(),
            name: m.name.to_string(),
            similarity: m.similarity.map(|r| r.value()),
            process: m.process.clone(),
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackView {
    pub id: FeedbackId,
    pub domain: String,
    pub from: String,
    pub credibility: Option<u8>,
    pub specificity: Option<Specificity>,
    pub valence: Option<Valence>,
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
}

impl FeedbackView {
    pub fn new(f: &Feedback, domain_slug: &str) -> Self {
        Self {
            id: f.id,
            domain: domain_slug.to_owned(),
            from: f.from.to_string(),
            credibility: f.credibility.map(|r| r.value()),
            specificity: f.specificity,
            valence: f.valence,
            text: f.text.clone(),
            received_at: f.received_at,
        }
    }
}

//! Any record a person wrote, as one type: what the journal keeps of a change (the records before
//! and after it), and what `undo` writes back. Each is tagged with its kind, the export's section
//! name, and written in the domain's own serde form, the same as in an export.

use mastery_domain::attempt::Attempt;
use mastery_domain::audit::Audit;
use mastery_domain::celebration::Celebration;
use mastery_domain::challenge::Challenge;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::evidence::BackfilledEvidence;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::practice::{PracticePlan, PracticeSession, RestDay};
use mastery_domain::program::Program;
use mastery_domain::reattribution::Reattribution;
use mastery_domain::record::RecordRef;
use mastery_domain::review::Review;
use mastery_domain::role_model::RoleModel;
use mastery_store::{StoreError, Transaction};
use serde::{Deserialize, Serialize};

/// One record of any kind a person can correct or delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum AnyRecord {
    #[serde(rename = "domains")]
    Domain(Domain),
    #[serde(rename = "goals")]
    Goal(Goal),
    #[serde(rename = "challenges")]
    Challenge(Challenge),
    #[serde(rename = "attempts")]
    Attempt(Box<Attempt>),
    #[serde(rename = "plans_for_next_time")]
    Reattribution(Reattribution),
    Evidence(BackfilledEvidence),
    #[serde(rename = "checkins")]
    Checkin(Checkin),
    #[serde(rename = "role_models")]
    RoleModel(RoleModel),
    Feedback(Feedback),
    #[serde(rename = "audits")]
    Audit(Audit),
    #[serde(rename = "practice_plans")]
    PracticePlan(PracticePlan),
    #[serde(rename = "practice_sessions")]
    PracticeSession(PracticeSession),
    #[serde(rename = "rest_days")]
    RestDay(RestDay),
    #[serde(rename = "reviews")]
    Review(Review),
    #[serde(rename = "programs")]
    Program(Program),
    #[serde(rename = "celebrations")]
    Celebration(Celebration),
}

impl AnyRecord {
    /// The record's kind and key.
    pub fn reference(&self) -> RecordRef {
        match self {
            AnyRecord::Domain(d) => RecordRef::Domain(d.id),
            AnyRecord::Goal(g) => RecordRef::Goal(g.id),
            AnyRecord::Challenge(c) => RecordRef::Challenge(c.id),
            AnyRecord::Attempt(a) => RecordRef::Attempt(a.id),
            AnyRecord::Reattribution(r) => RecordRef::Reattribution(r.attempt_id),
            AnyRecord::Evidence(e) => RecordRef::Evidence(e.id),
            AnyRecord::Checkin(c) => RecordRef::Checkin(c.id),
            AnyRecord::RoleModel(r) => RecordRef::RoleModel(r.id),
            AnyRecord::Feedback(f) => RecordRef::Feedback(f.id),
            AnyRecord::Audit(a) => RecordRef::Audit(a.id),
            AnyRecord::PracticePlan(p) => RecordRef::PracticePlan(p.domain_id),
            AnyRecord::PracticeSession(s) => RecordRef::PracticeSession(s.id),
            AnyRecord::RestDay(r) => RecordRef::RestDay { domain: r.domain_id, on: r.on },
            AnyRecord::Review(r) => RecordRef::Review(r.period),
            AnyRecord::Program(p) => RecordRef::Program(p.id),
            AnyRecord::Celebration(c) => RecordRef::Celebration(c.id),
        }
    }

    /// The record it hangs off, if any: a goal's domain, a rung's goal, an attempt's rung.
    pub fn parent(&self) -> Option<RecordRef> {
        match self {
            AnyRecord::Domain(_) | AnyRecord::Checkin(_) | AnyRecord::Review(_) => None,
            AnyRecord::Goal(g) => Some(RecordRef::Domain(g.domain_id)),
            AnyRecord::Challenge(c) => Some(RecordRef::Goal(c.goal_id)),
            AnyRecord::Attempt(a) => Some(RecordRef::Challenge(a.challenge_id)),
            AnyRecord::Reattribution(r) => Some(RecordRef::Attempt(r.attempt_id)),
            AnyRecord::Evidence(e) => Some(RecordRef::Domain(e.domain_id)),
            AnyRecord::RoleModel(r) => Some(RecordRef::Domain(r.domain_id)),
            AnyRecord::Feedback(f) => Some(RecordRef::Domain(f.domain_id)),
            AnyRecord::Audit(a) => Some(RecordRef::Domain(a.domain_id)),
            AnyRecord::PracticePlan(p) => Some(RecordRef::Domain(p.domain_id)),
            AnyRecord::PracticeSession(s) => Some(RecordRef::Domain(s.domain_id)),
            AnyRecord::RestDay(r) => r.domain_id.map(RecordRef::Domain),
            AnyRecord::Program(p) => Some(RecordRef::Domain(p.domain_id)),
            AnyRecord::Celebration(c) => Some(RecordRef::Domain(c.domain_id)),
        }
    }

    /// Adds the record to the store.
    pub async fn insert<T: Transaction>(&self, tx: &mut T) -> Result<(), StoreError> {
        match self {
            AnyRecord::Domain(d) => tx.insert_domain(d).await,
            AnyRecord::Goal(g) => tx.insert_goal(g).await,
            AnyRecord::Challenge(c) => tx.insert_challenge(c).await,
            AnyRecord::Attempt(a) => tx.insert_attempt(a).await,
            AnyRecord::Reattribution(r) => tx.insert_reattribution(r).await,
            AnyRecord::Evidence(e) => tx.insert_evidence(e).await,
            AnyRecord::Checkin(c) => tx.insert_checkin(c).await,
            AnyRecord::RoleModel(r) => tx.insert_role_model(r).await,
            AnyRecord::Feedback(f) => tx.insert_feedback(f).await,
            AnyRecord::Audit(a) => tx.insert_audit(a).await,
            AnyRecord::PracticePlan(p) => tx.set_practice_plan(p).await,
            AnyRecord::PracticeSession(s) => tx.insert_practice_session(s).await,
            AnyRecord::RestDay(r) => tx.insert_rest_day(r).await,
            AnyRecord::Review(r) => tx.save_review(r).await,
            AnyRecord::Program(p) => tx.insert_program(p).await,
            AnyRecord::Celebration(c) => tx.insert_celebration(c).await,
        }
    }

    /// Writes the record over the stored one with the same reference: in place where records
    /// hang off it or the store can update it, otherwise by deleting and adding it again.
    pub async fn replace<T: Transaction>(&self, tx: &mut T) -> Result<(), StoreError> {
        match self {
            AnyRecord::Domain(d) => tx.update_domain(d).await,
            AnyRecord::Goal(g) => tx.update_goal(g).await,
            AnyRecord::Challenge(c) => tx.update_challenge(c).await,
            AnyRecord::Attempt(a) => tx.update_attempt(a).await,
            AnyRecord::Celebration(c) => tx.update_celebration(c).await,
            AnyRecord::PracticePlan(p) => tx.set_practice_plan(p).await,
            AnyRecord::Review(r) => tx.save_review(r).await,
            AnyRecord::Checkin(c) => tx.update_checkin(c).await,
            leaf => {
                tx.delete_record(leaf.reference()).await?;
                leaf.insert(tx).await
            }
        }
    }
}

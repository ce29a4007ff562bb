//! Correcting the record: deleting anything a person wrote (with what hangs off it), the journal
//! of changes, and `undo`, which walks the journal back one change at a time.
//!
//! Every change the journal holds keeps the records as they were before it and as they are after
//! it, in the export's form ([`AnyRecord`]). Undoing a change deletes what it added, writes back
//! what it changed and adds back what it deleted, so the store is as it was, derived data (a
//! rung's counts, the evidence file, the page cache) following from the records. A deletion
//! leaves a tombstone per record, which sync will hand to the person's other devices; an undo
//! that brings a record back takes its tombstone away.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;
use mastery_domain::ids::{ChallengeId, DomainId, GoalId};
use mastery_domain::record::{RecordRef, Tombstone};
use mastery_domain::review::Period;
use mastery_store::{AttemptQuery, JournalEntry, RevisionTx, Store, StoreError, Transaction, Version};
use serde::{Deserialize, Serialize};

use crate::records::AnyRecord;
use crate::{App, AppError, resolve};

/// What a change did: the records before it and after it (each list parents first).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Change {
    before: Vec<AnyRecord>,
    after: Vec<AnyRecord>,
    /// A change too large to keep for undo (an import): `undo` stops at it, saying why.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    barrier: bool,
}

/// Adds a change to the person's journal, so `undo` can revert it.
pub(crate) async fn journal<T: Transaction>(
    tx: &mut T,
    made_at: Timestamp,
    summary: String,
    before: Vec<AnyRecord>,
    after: Vec<AnyRecord>,
) -> Result<(), AppError> {
    push(tx, made_at, summary, &Change { before, after, barrier: false }).await
}

/// Marks a change `undo` cannot take back (an import, which may add years of records), so undo
/// stops there instead of reaching past it to older changes.
pub(crate) async fn barrier<T: Transaction>(tx: &mut T, made_at: Timestamp, summary: &str) -> Result<(), AppError> {
    push(tx, made_at, summary.to_owned(), &Change { barrier: true, ..Change::default() }).await
}

async fn push<T: Transaction>(
    tx: &mut T,
    made_at: Timestamp,
    summary: String,
    change: &Change,
) -> Result<(), AppError> {
    note_change(tx, made_at, &change.before, &change.after).await?;
    let body = serde_json::to_string(change)
        .map_err(|e| AppError::Internal(format!("could not note the change for undo: {e}")))?;
    tx.push_change(&JournalEntry { seq: 0, made_at, summary, body }).await?;
    Ok(())
}

/// Notes the versions a change leaves, made here at `made_at`: every record after it, and every
/// record before it that is gone. Nothing is kept until the person first syncs.
async fn note_change<T: Transaction>(
    tx: &mut T,
    made_at: Timestamp,
    before: &[AnyRecord],
    after: &[AnyRecord],
) -> Result<(), StoreError> {
    let kept: HashSet<RecordRef> = after.iter().map(AnyRecord::reference).collect();
    let gone = before.iter().map(AnyRecord::reference).filter(|r| !kept.contains(r));
    for (record, deleted) in after.iter().map(|r| (r.reference(), false)).chain(gone.map(|r| (r, true))) {
        tx.note_version(&Version { record, updated_at: made_at, device: String::new(), deleted }, true).await?;
    }
    Ok(())
}

/// Journals records a change added.
pub(crate) async fn added<T: Transaction>(
    tx: &mut T,
    made_at: Timestamp,
    summary: String,
    records: Vec<AnyRecord>,
) -> Result<(), AppError> {
    journal(tx, made_at, summary, Vec::new(), records).await
}

/// The celebration of `subject` (a rung's, goal's or program's id), as a record.
pub(crate) async fn celebration_of<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    subject: String,
) -> Result<Option<AnyRecord>, AppError> {
    let celebrations = tx.celebrations(Some(domain)).await?;
    Ok(celebrations.into_iter().find(|c| c.subject == subject).map(AnyRecord::Celebration))
}

/// A record to delete, as the person names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    /// Id, name or slug.
    Domain(String),
    /// Id or slug.
    Goal(String),
    /// Id or slug.
    Challenge(String),
    /// Id, or `last` for the latest attempt.
    Attempt(String),
    /// A backfilled success: id, or `last`.
    Evidence(String),
    Checkin(String),
    RoleModel(String),
    Feedback(String),
    Audit(String),
    PracticeSession(String),
    /// A review's period, as stored: `2026-W47` or `2026-11`.
    Review(String),
}

/// What a deletion removes, or removed: the record, and everything that hung off it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletionView {
    /// One line naming the record and what goes with it.
    pub summary: String,
    /// Records by kind (the export's section names), the named one included.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, usize>))]
    pub records: BTreeMap<&'static str, usize>,
    /// Whether anything goes besides the record named: worth asking first.
    pub cascades: bool,
}

/// The latest change in the journal, as `undo` would see it, read without changing anything.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeView {
    /// The change as it was described when made.
    pub summary: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub made_at: Timestamp,
    /// Whether `undo` can revert it; an import cannot, and undo stops there.
    pub undoable: bool,
}

/// What an undo reverted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UndoView {
    /// The change as it was described when made.
    pub undid: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub made_at: Timestamp,
    /// Records written back (changed or deleted by the change).
    pub restored: usize,
    /// Records the change had added, now removed.
    pub removed: usize,
}

impl<S: Store> App<S> {
    /// What deleting `what` would remove, without removing anything.
    pub async fn plan_deletion(&self, what: &Deletion) -> Result<DeletionView, AppError> {
        let mut tx = self.read().await?;
        let (records, summary) = doomed(&mut tx, what).await?;
        Ok(view(&records, summary))
    }

    /// Deletes `what` and everything that hangs off it, in one transaction, leaving a tombstone
    /// for each record and a journal entry that `undo` reverts.
    pub async fn delete(&self, what: &Deletion) -> Result<DeletionView, AppError> {
        let now = self.clock.now().timestamp();
        let mut tx = self.write().await?;
        let (records, summary) = doomed(&mut tx, what).await?;
        for record in records.iter().rev() {
            let reference = record.reference();
            tx.delete_record(reference).await?;
            tx.insert_tombstone(&Tombstone { record: reference, deleted_at: now }).await?;
        }
        let view = view(&records, summary);
        journal(&mut tx, now, view.summary.clone(), records, Vec::new()).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The latest change in the journal, which `undo` would revert; `None` when there is none.
    /// Reads only.
    pub async fn last_change(&self) -> Result<Option<ChangeView>, AppError> {
        let mut tx = self.read().await?;
        let Some(entry) = tx.last_change().await? else { return Ok(None) };
        let change: Change = serde_json::from_str(&entry.body)
            .map_err(|e| AppError::Internal(format!("the journal entry '{}' cannot be read: {e}", entry.summary)))?;
        Ok(Some(ChangeView { summary: entry.summary, made_at: entry.made_at, undoable: !change.barrier }))
    }

    /// Reverts the latest change in the journal; `None` when there is nothing left to undo.
    pub async fn undo(&self) -> Result<Option<UndoView>, AppError> {
        let now = self.clock.now().timestamp();
        let mut tx = self.write().await?;
        let Some(entry) = tx.last_change().await? else { return Ok(None) };
        let change: Change = serde_json::from_str(&entry.body)
            .map_err(|e| AppError::Internal(format!("the journal entry '{}' cannot be read: {e}", entry.summary)))?;
        if change.barrier {
            return Err(AppError::refused(format!(
                "'{}' cannot be undone; to go back to before it, restore a backup taken earlier (`mastery restore FILE`)",
                entry.summary
            )));
        }
        let before: HashSet<RecordRef> = change.before.iter().map(AnyRecord::reference).collect();
        let after: HashSet<RecordRef> = change.after.iter().map(AnyRecord::reference).collect();
        let stale = |error: StoreError| match error {
            StoreError::NotFound { .. } | StoreError::Conflict { .. } => AppError::refused(format!(
                "'{}' cannot be undone: what it touched has changed since ({error}); correct it with an edit instead",
                entry.summary
            )),
            other => other.into(),
        };
        let mut removed = 0;
        for record in change.after.iter().rev().filter(|r| !before.contains(&r.reference())) {
            let reference = record.reference();
            tx.delete_record(reference).await.map_err(stale)?;
            tx.insert_tombstone(&Tombstone { record: reference, deleted_at: now }).await?;
            removed += 1;
        }
        for record in &change.before {
            let reference = record.reference();
            if after.contains(&reference) {
                record.replace(&mut tx).await.map_err(stale)?;
            } else {
                record.insert(&mut tx).await.map_err(stale)?;
                tx.remove_tombstone(reference).await?;
            }
        }
        note_change(&mut tx, now, &change.after, &change.before).await?;
        tx.remove_change(entry.seq).await?;
        tx.commit().await?;
        Ok(Some(UndoView { undid: entry.summary, made_at: entry.made_at, restored: change.before.len(), removed }))
    }
}

fn view(records: &[AnyRecord], summary: String) -> DeletionView {
    let mut counts = BTreeMap::new();
    for record in records {
        *counts.entry(record.reference().kind()).or_insert(0) += 1;
    }
    DeletionView { summary, records: counts, cascades: records.len() > 1 }
}

/// The record `what` names and everything hanging off it, parents first, with a line saying
/// what they are.
pub(crate) async fn doomed<T: Transaction>(tx: &mut T, what: &Deletion) -> Result<(Vec<AnyRecord>, String), AppError> {
    let mut records = Vec::new();
    let title = match what {
        Deletion::Domain(reference) => {
            let domain = resolve::domain(tx, reference).await?;
            let id = domain.id;
            let title = format!("domain '{}'", domain.name);
            records.push(AnyRecord::Domain(domain));
            let goals = tx.goals(Some(id)).await?;
            let mut rungs = Vec::new();
            for goal in &goals {
                rungs.extend(tx.challenges(goal.id).await?);
            }
            records.extend(goals.into_iter().map(AnyRecord::Goal));
            records.extend(rungs.into_iter().map(AnyRecord::Challenge));
            attempts(tx, id, AttemptQuery { domain: Some(id), ..AttemptQuery::default() }, &mut records).await?;
            let evidence = tx.backfilled_evidence().await?.into_iter().filter(|e| e.domain_id == id);
            records.extend(evidence.map(AnyRecord::Evidence));
            records.extend(tx.role_models(Some(id)).await?.into_iter().map(AnyRecord::RoleModel));
            records.extend(tx.feedback(Some(id)).await?.into_iter().map(AnyRecord::Feedback));
            records.extend(tx.audits(Some(id)).await?.into_iter().map(AnyRecord::Audit));
            let plan = tx.practice_plans().await?.into_iter().filter(|p| p.domain_id == id);
            records.extend(plan.map(AnyRecord::PracticePlan));
            records.extend(tx.practice_sessions(Some(id)).await?.into_iter().map(AnyRecord::PracticeSession));
            let rests = tx.rest_days().await?.into_iter().filter(|r| r.domain_id == Some(id));
            records.extend(rests.map(AnyRecord::RestDay));
            let programs = tx.programs().await?.into_iter().filter(|p| p.domain_id == id);
            records.extend(programs.map(AnyRecord::Program));
            records.extend(tx.celebrations(Some(id)).await?.into_iter().map(AnyRecord::Celebration));
            title
        }
        Deletion::Goal(reference) => {
            let goal = resolve::goal(tx, reference).await?;
            let (id, domain) = (goal.id, goal.domain_id);
            let title = format!("goal '{}'", goal.statement);
            records.push(AnyRecord::Goal(goal));
            let rungs = tx.challenges(id).await?;
            let subjects: HashSet<String> = rungs.iter().map(|r| r.id.to_string()).chain([id.to_string()]).collect();
            records.extend(rungs.into_iter().map(AnyRecord::Challenge));
            attempts(tx, domain, AttemptQuery { goal: Some(id), ..AttemptQuery::default() }, &mut records).await?;
            celebrations_of(tx, domain, &subjects, &mut records).await?;
            title
        }
        Deletion::Challenge(reference) => {
            let rung = resolve::challenge(tx, reference).await?;
            let (id, goal) = (rung.id, rung.goal_id);
            let title = format!("rung '{}'", rung.title);
            records.push(AnyRecord::Challenge(rung));
            let domain = domain_of(tx, goal).await?;
            attempts(tx, domain, AttemptQuery { challenge: Some(id), ..AttemptQuery::default() }, &mut records).await?;
            celebrations_of(tx, domain, &HashSet::from([id.to_string()]), &mut records).await?;
            title
        }
        Deletion::Attempt(reference) => {
            let attempt = match reference.trim().eq_ignore_ascii_case("last") {
                true => latest_attempt(tx).await?,
                false => resolve::attempt(tx, reference).await?,
            };
            let title = format!(
                "the attempt of {} on '{}'",
                attempt.forecast.planned_on,
                rung_title(tx, attempt.challenge_id).await?
            );
            let plan = tx.reattribution(attempt.id).await?;
            records.push(AnyRecord::Attempt(Box::new(attempt)));
            records.extend(plan.map(AnyRecord::Reattribution));
            title
        }
        Deletion::Evidence(reference) => {
            let found = pick(tx.backfilled_evidence().await?, reference, |e| e.id.to_string(), "success")?;
            let title = format!("the success '{}'", found.title);
            records.push(AnyRecord::Evidence(found));
            title
        }
        Deletion::Checkin(reference) => {
            let found = pick(tx.checkins().await?, reference, |c| c.id.to_string(), "check-in")?;
            let title = format!("the check-in of {}", found.on);
            records.push(AnyRecord::Checkin(found));
            title
        }
        Deletion::RoleModel(reference) => {
            let found = pick(tx.role_models(None).await?, reference, |r| r.id.to_string(), "role model")?;
            let title = format!("the role model '{}'", found.name);
            records.push(AnyRecord::RoleModel(found));
            title
        }
        Deletion::Feedback(reference) => {
            let found = pick(tx.feedback(None).await?, reference, |f| f.id.to_string(), "feedback")?;
            let title = format!("the feedback from {}", found.from);
            records.push(AnyRecord::Feedback(found));
            title
        }
        Deletion::Audit(reference) => {
            let found = pick(tx.audits(None).await?, reference, |a| a.id.to_string(), "audit")?;
            let title = format!("the audit of {}", found.taken_on);
            records.push(AnyRecord::Audit(found));
            title
        }
        Deletion::PracticeSession(reference) => {
            let found = pick(tx.practice_sessions(None).await?, reference, |s| s.id.to_string(), "practice session")?;
            let title = format!("the practice session of {} ({} min)", found.on, found.minutes);
            records.push(AnyRecord::PracticeSession(found));
            title
        }
        Deletion::Review(reference) => {
            let period: Period = reference.trim().to_uppercase().parse()?;
            let found = tx.review(period).await?.ok_or_else(|| AppError::NotFound {
                entity: "review",
                reference: reference.clone(),
                hint: "name a period you reviewed, such as 2026-W47 or 2026-11".to_owned(),
            })?;
            records.push(AnyRecord::Review(found));
            format!("the review of {period}")
        }
    };
    let summary = match records.len() {
        1 => format!("Deleted {title}"),
        _ => format!("Deleted {title} with {}", list_of_others(&records[1..])),
    };
    Ok((records, summary))
}

/// "3 rungs, 12 attempts and 1 plan for next time".
fn list_of_others(records: &[AnyRecord]) -> String {
    let mut counts: Vec<((&'static str, &'static str), usize)> = Vec::new();
    for record in records {
        let kind = noun(record.reference());
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    let parts: Vec<String> =
        counts.iter().map(|((one, many), n)| format!("{n} {}", if *n == 1 { one } else { many })).collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A kind's name for a person, singular and plural.
fn noun(record: RecordRef) -> (&'static str, &'static str) {
    match record {
        RecordRef::Domain(_) => ("domain", "domains"),
        RecordRef::Goal(_) => ("goal", "goals"),
        RecordRef::Challenge(_) => ("rung", "rungs"),
        RecordRef::Attempt(_) => ("attempt", "attempts"),
        RecordRef::Reattribution(_) => ("plan for next time", "plans for next time"),
        RecordRef::Evidence(_) => ("backfilled success", "backfilled successes"),
        RecordRef::Checkin(_) => ("check-in", "check-ins"),
        RecordRef::RoleModel(_) => ("role model", "role models"),
        RecordRef::Feedback(_) => ("piece of feedback", "pieces of feedback"),
        RecordRef::Audit(_) => ("audit", "audits"),
        RecordRef::PracticePlan(_) => ("practice plan", "practice plans"),
        RecordRef::PracticeSession(_) => ("practice session", "practice sessions"),
        RecordRef::RestDay { .. } => ("rest day", "rest days"),
        RecordRef::Review(_) => ("review", "reviews"),
        RecordRef::Program(_) => ("program", "programs"),
        RecordRef::Celebration(_) => ("celebration", "celebrations"),
    }
}

/// Every attempt the query matches (all in `domain`), then their plans for next time, read in
/// one list rather than one lookup per attempt.
async fn attempts<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    mut query: AttemptQuery,
    records: &mut Vec<AnyRecord>,
) -> Result<(), AppError> {
    query.limit = Some(500);
    let mut ids = HashSet::new();
    loop {
        let page = tx.attempts(&query).await?;
        ids.extend(page.items.iter().map(|a| a.id));
        records.extend(page.items.into_iter().map(|a| AnyRecord::Attempt(Box::new(a))));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let plans = tx.reattributions(Some(domain)).await?.into_iter().filter(|p| ids.contains(&p.attempt_id));
    records.extend(plans.map(AnyRecord::Reattribution));
    Ok(())
}

async fn celebrations_of<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    subjects: &HashSet<String>,
    records: &mut Vec<AnyRecord>,
) -> Result<(), AppError> {
    let celebrated = tx.celebrations(Some(domain)).await?.into_iter().filter(|c| subjects.contains(&c.subject));
    records.extend(celebrated.map(AnyRecord::Celebration));
    Ok(())
}

async fn domain_of<T: Transaction>(tx: &mut T, goal: GoalId) -> Result<DomainId, AppError> {
    let goal = tx.goal(goal).await?.ok_or_else(|| AppError::Internal(format!("goal {goal} of a rung is missing")))?;
    Ok(goal.domain_id)
}

async fn rung_title<T: Transaction>(tx: &mut T, id: ChallengeId) -> Result<String, AppError> {
    Ok(tx.challenge(id).await?.map(|c| c.title.as_str().to_owned()).unwrap_or_default())
}

pub(crate) async fn latest_attempt<T: Transaction>(tx: &mut T) -> Result<mastery_domain::attempt::Attempt, AppError> {
    let query = AttemptQuery { latest: Some(1), ..AttemptQuery::default() };
    tx.attempts(&query).await?.items.pop().ok_or_else(|| AppError::NotFound {
        entity: "attempt",
        reference: "last".to_owned(),
        hint: "there are no attempts yet".to_owned(),
    })
}

/// The record whose id is `reference`, or the latest (the last of `items`) for `last`.
pub(crate) fn pick<R>(
    items: Vec<R>,
    reference: &str,
    id: fn(&R) -> String,
    entity: &'static str,
) -> Result<R, AppError> {
    let reference = reference.trim();
    let found = match reference.eq_ignore_ascii_case("last") {
        true => items.into_iter().last(),
        false => items.into_iter().find(|item| id(item).eq_ignore_ascii_case(reference)),
    };
    found.ok_or_else(|| AppError::NotFound {
        entity,
        reference: reference.to_owned(),
        hint: format!("use the id shown by the {entity} list (with --json), or last for the latest"),
    })
}

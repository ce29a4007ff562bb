//! A coach's cohort: the audits of the people who share a domain with them as coach, first
//! against latest, per scale, with the numbers of SCIENCE.md §5 (`mastery_domain::cohort`).
//! The export names nobody: people are numbered, in the order the coach's list shows them.

use std::collections::BTreeMap;

use mastery_domain::cohort::{Member, summarize};
use mastery_domain::ids::UserId;
use mastery_domain::scale::Norms;
use mastery_domain::sharing::Role;
use mastery_store::{AccountStore, SharingStore, Store, Transaction};

use super::{CohortView, Sharing};
use crate::AppError;
use crate::audits::Catalogue;

/// One scale's answers across the cohort, in the order people are listed.
struct ScaleCohort {
    name: String,
    norms: Option<Norms>,
    /// (the person, their first audit's answers, their latest later audit's answers)
    members: Vec<(UserId, Member)>,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// The cohort of people coached by `me`, one summary per scale they took audits on.
    pub async fn cohort(&self, me: UserId) -> Result<Vec<CohortView>, AppError> {
        let cohorts = self.cohorts(me).await?;
        let names = self.names(cohorts.values().flat_map(|c| c.members.iter().map(|(u, _)| *u)).collect()).await?;
        Ok(cohorts
            .into_iter()
            .map(|(scale, cohort)| {
                let members: Vec<Member> = cohort
                    .members
                    .into_iter()
                    .map(|(user, m)| Member { label: names.get(&user).cloned().unwrap_or_default(), ..m })
                    .collect();
                view(scale, cohort.name, &members, cohort.norms.as_ref())
            })
            .collect())
    }

    /// The cohort as CSV for analysis, one row per person and scale, without names: people are
    /// `P1`, `P2`, … in the order of the cohort view.
    pub async fn cohort_csv(&self, me: UserId) -> Result<String, AppError> {
        let mut out = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: csv::Error| AppError::Internal(format!("could not write the cohort CSV: {e}"));
        out.write_record(["scale", "person", "pre", "post", "change", "rc", "reliable"]).map_err(csv_error)?;
        let mut numbers: BTreeMap<UserId, usize> = BTreeMap::new();
        for (scale, cohort) in self.cohorts(me).await? {
            let summary =
                summarize(&cohort.members.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>(), cohort.norms.as_ref());
            for ((user, _), change) in cohort.members.iter().zip(&summary.members) {
                let next = numbers.len() + 1;
                let person = format!("P{}", numbers.entry(*user).or_insert(next));
                let fmt = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
                let rc = change.reliable_change;
                out.write_record([
                    scale.as_str(),
                    &person,
                    &format!("{:.4}", change.pre),
                    &fmt(change.post),
                    &fmt(change.change),
                    &fmt(rc.map(|r| r.rc)),
                    &rc.map(|r| r.reliable.to_string()).unwrap_or_default(),
                ])
                .map_err(csv_error)?;
            }
        }
        let bytes = out.into_inner().map_err(|e| AppError::Internal(format!("could not write the cohort CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// The audits of everyone coached by `me`, by scale id; each person in the order their
    /// shares were accepted, once per scale.
    async fn cohorts(&self, me: UserId) -> Result<BTreeMap<String, ScaleCohort>, AppError> {
        let mut cohorts: BTreeMap<String, ScaleCohort> = BTreeMap::new();
        let coached = self.store.shares_with(me).await?.into_iter().filter(|s| s.role == Role::Coach);
        for share in coached {
            let app = self.app_for(share.owner);
            let mut tx = app.read().await?;
            let catalogue = Catalogue::load(&mut tx).await?;
            let mut audits = tx.audits(Some(share.domain)).await?;
            audits.sort_by_key(|a| (a.taken_at, a.id));
            let mut by_scale: BTreeMap<String, Vec<_>> = BTreeMap::new();
            for audit in audits {
                by_scale.entry(audit.scale_id.clone()).or_default().push(audit);
            }
            for (scale_id, audits) in by_scale {
                let Some(first) = audits.first() else { continue };
                let (scale, _) = catalogue.find(&scale_id)?;
                let cohort = cohorts.entry(scale_id).or_insert_with(|| ScaleCohort {
                    name: scale.title.clone(),
                    norms: scale.norms.clone(),
                    members: Vec::new(),
                });
                if cohort.members.iter().any(|(u, _)| *u == share.owner) {
                    continue;
                }
                let post = audits.last().filter(|a| a.id != first.id).map(|a| a.answers.clone());
                let member = Member { label: String::new(), pre: first.answers.clone(), post };
                cohort.members.push((share.owner, member));
            }
        }
        Ok(cohorts)
    }
}

fn view(scale: String, scale_name: String, members: &[Member], norms: Option<&Norms>) -> CohortView {
    let summary = summarize(members, norms);
    let words = summary.explain();
    let explanation =
        words.members.into_iter().chain([words.change, words.effect, words.reliable_change, words.alpha]).collect();
    CohortView { scale, scale_name, summary, explanation }
}

//! Insights and the source mix: how state and momentum go with confidence and results, and the
//! balance of the four sources of efficacy in each domain; and the reading of recorded attempts
//! behind them and attribution (`Records`), carried on from each domain's kept fold.

use std::collections::{BTreeMap, HashSet};

use mastery_domain::attempt::RecordedFacts;
use mastery_domain::attribution::Analysis;
use mastery_domain::checkin::Checkin;
use mastery_domain::domain::Domain;
use mastery_domain::feedback::Feedback;
use mastery_domain::goal::Goal;
use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::insights::Comparisons;
use mastery_domain::role_model::RoleModel;
use mastery_domain::source_mix::{self, Gap, Push, RULES, Source, SourceMix};
use mastery_store::{Fold, FoldRead, FoldTx, Store, Transaction};
use serde::{Deserialize, Serialize};

use crate::views::{DomainSourcesView, InsightView, RuleView, SourceGapView, SourceMixView};
use crate::{App, AppError, resolve};

impl<S: Store> App<S> {
    /// State and momentum insights over one domain's attempts or all, then the gaps in the
    /// source mix of that domain or of every active one.
    pub async fn insights(&self, domain: Option<&str>) -> Result<Vec<InsightView>, AppError> {
        let mut tx = self.read().await?;
        let chosen = resolve::optional_domain(&mut tx, domain).await?;
        let mut records = Records::read(&mut tx, chosen.as_ref()).await?;
        drop(tx);
        self.keep_folds(records.take_folds()).await;
        Ok(records.insights(chosen))
    }

    /// The source mix of one domain or of every active one, with the check-ins and the rules.
    pub async fn source_mix(&self, domain: Option<&str>) -> Result<SourceMixView, AppError> {
        let mut tx = self.read().await?;
        let chosen = resolve::optional_domain(&mut tx, domain).await?;
        let mut records = Records::read(&mut tx, chosen.as_ref()).await?;
        let checkins = tx.checkins().await?;
        drop(tx);
        self.keep_folds(records.take_folds()).await;
        Ok(records.source_mix(&checkins, chosen))
    }

    /// Keeps the folds a reading worked out, in a write of their own after it, each only if
    /// nothing changed in its domain since. Keeping is a saving, never part of the answer: a
    /// fold not kept (the store busy, a change in between) is worked out again next time.
    pub(crate) async fn keep_folds(&self, folds: Vec<(DomainId, i64, Fold)>) {
        if folds.is_empty() {
            return;
        }
        let kept = async {
            let mut tx = self.write().await?;
            for (domain, generation, fold) in &folds {
                tx.keep_fold(*domain, *generation, fold).await?;
            }
            tx.commit().await?;
            Ok::<(), AppError>(())
        };
        // Ignored on purpose, as said above.
        let _ = kept.await;
    }
}

/// The records the insights and the source mix read, of one domain or all. The recorded
/// attempts are folded, a domain at a time, as they stream from the store into running sums (the
/// comparisons behind the insights, and the domain's experiences by source), so a history of any
/// length is read in constant memory. A domain's fold is kept in the store once it covers many
/// attempts not kept yet (see [`App::keep_folds`]), and the next reading carries it on from its
/// last attempt: a page reads what came since, not the whole history.
pub(crate) struct Records {
    all_domains: Vec<Domain>,
    comparisons: Comparisons,
    /// How the outcomes were explained.
    attribution: Analysis,
    /// Each domain's recorded attempts, counted, and their experiences classed by source.
    experiences: BTreeMap<DomainId, (usize, SourceMix)>,
    goals: Vec<Goal>,
    models: Vec<RoleModel>,
    feedback: Vec<Feedback>,
    /// Folds worth keeping: each with its domain and the generation it was read at.
    to_keep: Vec<(DomainId, i64, Fold)>,
}

/// Attempts folded beyond what was kept (or from scratch) before a reading keeps its fold: few
/// enough that a page reads little, many enough that most readings do not write.
const KEEP_AFTER: usize = 64;

/// A setback read without the plans known: its id, and its push without a plan and with one.
type Undecided = (AttemptId, Push, Push);

/// One domain's running state, as a kept fold holds it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct DomainFold {
    comparisons: Comparisons,
    attempts: usize,
    mix: SourceMix,
    attribution: Analysis,
}

impl DomainFold {
    /// Adds a recorded attempt. A setback whose push depends on a plan for next time goes in
    /// `undecided` with its two pushes, without a plan and with one, when `plans` is not known.
    fn add(&mut self, attempt: &RecordedFacts, plans: Option<&HashSet<AttemptId>>, undecided: &mut Vec<Undecided>) {
        self.comparisons.add(attempt);
        self.attribution.add(attempt);
        self.attempts += 1;
        let (without, with) = (source_mix::attempt_push(attempt, false), source_mix::attempt_push(attempt, true));
        match plans {
            _ if without == with => self.mix.add(Source::Mastery, without),
            Some(plans) => self.mix.add(Source::Mastery, if plans.contains(&attempt.id) { with } else { without }),
            None => undecided.push((attempt.id, without, with)),
        }
        // A state counts with its attempt, once the attempt happened.
        if let Some(state) = source_mix::state_push(&attempt.state) {
            self.mix.add(Source::Physiological, state);
        }
    }

    /// Reads `domain`'s fold: the kept one carried on with the attempts after it, or one over
    /// its whole history; with the fold to keep when it covers enough attempts not kept yet.
    /// Carrying on looks up the plans of the few setbacks read; reading everything asks `plans`
    /// for the plans of every attempt.
    async fn read<T: Transaction>(
        tx: &mut T,
        domain: DomainId,
        plans: &mut Plans,
    ) -> Result<(DomainFold, Option<(DomainId, i64, Fold)>), AppError> {
        let FoldRead { generation, fold } = tx.fold(domain).await?;
        // A fold the app cannot read (kept by another version of it) is worked out again.
        let kept = fold.and_then(|f| Some((serde_json::from_str::<DomainFold>(&f.state).ok()?, f.through)));
        let (mut state, after) = kept.map_or_else(|| (DomainFold::default(), None), |(s, t)| (s, Some(t)));
        let mut through = after;
        let mut folded = 0;
        let mut undecided = Vec::new();
        // From the start every plan is known; carrying on, the setbacks read are looked up after.
        let known = match after {
            Some(_) => None,
            None => Some(plans.all(tx).await?),
        };
        let mut visit = |attempt: RecordedFacts| {
            state.add(&attempt, known, &mut undecided);
            through = Some((attempt.planned_at, attempt.id));
            folded += 1;
        };
        match after {
            Some(after) => tx.recorded_facts_after(domain, after, &mut visit).await?,
            None => tx.recorded_facts(Some(domain), &mut visit).await?,
        }
        for (attempt, without, with) in undecided {
            let has_plan = tx.reattribution(attempt).await?.is_some();
            state.mix.add(Source::Mastery, if has_plan { with } else { without });
        }
        let keep = match through {
            Some(through) if folded >= KEEP_AFTER => {
                let encoded = serde_json::to_string(&state).map_err(|e| AppError::Internal(e.to_string()))?;
                Some((domain, generation, Fold { through, state: encoded }))
            }
            _ => None,
        };
        Ok((state, keep))
    }
}

/// The attempts with a plan for next time, in the scope read, asked for once and only when a
/// domain is read from its start.
struct Plans {
    scope: Option<DomainId>,
    read: Option<HashSet<AttemptId>>,
}

impl Plans {
    async fn all<T: Transaction>(&mut self, tx: &mut T) -> Result<&HashSet<AttemptId>, AppError> {
        if self.read.is_none() {
            let plans = tx.reattributions(self.scope).await?;
            self.read = Some(plans.into_iter().map(|p| p.attempt_id).collect());
        }
        Ok(self.read.get_or_insert_default())
    }
}

impl Records {
    pub async fn read<T: Transaction>(tx: &mut T, domain: Option<&Domain>) -> Result<Self, AppError> {
        let id = domain.map(|d| d.id);
        let all_domains = tx.domains().await?;
        let mut plans = Plans { scope: id, read: None };
        let mut comparisons = Comparisons::default();
        let mut attribution = Analysis::default();
        let mut experiences = BTreeMap::new();
        let mut to_keep = Vec::new();
        let read: Vec<DomainId> = match domain {
            Some(domain) => vec![domain.id],
            None => all_domains.iter().map(|d| d.id).collect(),
        };
        for domain in read {
            let (fold, keep) = DomainFold::read(tx, domain, &mut plans).await?;
            comparisons.merge(&fold.comparisons);
            attribution.merge(&fold.attribution);
            if fold.attempts > 0 {
                experiences.insert(domain, (fold.attempts, fold.mix));
            }
            to_keep.extend(keep);
        }
        Ok(Self {
            all_domains,
            comparisons,
            attribution,
            experiences,
            goals: tx.goals(id).await?,
            models: tx.role_models(id).await?,
            feedback: tx.feedback(id).await?,
            to_keep,
        })
    }

    /// The folds this reading found worth keeping, for [`App::keep_folds`] once it is over.
    pub fn take_folds(&mut self) -> Vec<(DomainId, i64, Fold)> {
        std::mem::take(&mut self.to_keep)
    }

    /// The counts behind how the outcomes read were explained.
    pub fn attribution(&self) -> &Analysis {
        &self.attribution
    }

    /// The goals of the domain read, or of every domain.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// Every domain of the person, archived ones included.
    pub fn all_domains(&self) -> &[Domain] {
        &self.all_domains
    }

    /// State and momentum insights over the attempts read, then the gaps in the source mix of
    /// `chosen` or of every active domain.
    pub fn insights(&self, chosen: Option<Domain>) -> Vec<InsightView> {
        let scope = chosen.as_ref().map(|d| d.slug.clone());
        let mut views: Vec<InsightView> = self
            .comparisons
            .insights()
            .into_iter()
            .map(|insight| InsightView { insight, domain: scope.clone() })
            .collect();
        for domain in self.domains(chosen) {
            views.extend(
                self.gaps(&domain)
                    .into_iter()
                    .map(|gap| InsightView { insight: gap.into(), domain: Some(domain.slug.clone()) }),
            );
        }
        views
    }

    /// The gaps in `domain`'s source mix, when it is in use (`source_mix::gaps_apply`).
    fn gaps(&self, domain: &Domain) -> Vec<Gap> {
        let open_goals = self.goals.iter().filter(|g| g.domain_id == domain.id && g.done_at.is_none()).count();
        let attempts = self.experiences.get(&domain.id).map_or(0, |(count, _)| *count);
        if source_mix::gaps_apply(open_goals, attempts) { self.mix(domain.id).gaps(&domain.slug) } else { Vec::new() }
    }

    /// The source mix of `chosen` or of every active domain, with `checkins` and the rules.
    pub fn source_mix(&self, checkins: &[Checkin], chosen: Option<Domain>) -> SourceMixView {
        let mut from_checkins = SourceMix::default();
        for checkin in checkins {
            if let Some(push) = source_mix::checkin_push(&checkin.measures) {
                from_checkins.add(Source::Physiological, push);
            }
        }
        let domains = self.domains(chosen).iter().map(|domain| self.domain_sources(domain)).collect();
        SourceMixView {
            domains,
            checkins: from_checkins.count(Source::Physiological),
            rules: RULES.iter().map(|&(source, rule)| RuleView { source, rule }).collect(),
        }
    }

    /// `domain`'s own experiences by source, with its gaps: what its page shows of the mix.
    pub fn domain_sources(&self, domain: &Domain) -> DomainSourcesView {
        let gaps = self
            .gaps(domain)
            .into_iter()
            .map(|g| SourceGapView { source: g.source, missing: g.experiences == 0, statement: g.statement })
            .collect();
        DomainSourcesView { domain: domain.slug.clone(), sources: self.mix(domain.id).counts().to_vec(), gaps }
    }

    /// The chosen domain, or every domain not archived.
    fn domains(&self, chosen: Option<Domain>) -> Vec<Domain> {
        match chosen {
            Some(domain) => vec![domain],
            None => self.all_domains.iter().filter(|d| d.archived_at.is_none()).cloned().collect(),
        }
    }

    /// Every experience of `domain`, classed by the stated rules.
    fn mix(&self, domain: DomainId) -> SourceMix {
        let mut mix = self.experiences.get(&domain).map(|(_, mix)| mix.clone()).unwrap_or_default();
        for model in self.models.iter().filter(|m| m.domain_id == domain) {
            mix.add(Source::Vicarious, source_mix::role_model_push(model));
        }
        for feedback in self.feedback.iter().filter(|f| f.domain_id == domain) {
            mix.add(Source::Persuasion, source_mix::feedback_push(feedback));
        }
        mix
    }
}

#[cfg(test)]
mod tests {
    use mastery_domain::insights::{InsightKind, StateMeasure};
    use mastery_domain::source_mix::Source;
    use mastery_store::MemoryStore;

    use super::*;
    use crate::FixedClock;

    async fn demo(seed: u64) -> App<MemoryStore> {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now");
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
        app.demo(seed).await.unwrap();
        app
    }

    fn is_sleep_misreading(view: &InsightView) -> bool {
        view.insight.kind == InsightKind::StateMisreading && view.insight.state == Some(StateMeasure::Sleep)
    }

    #[tokio::test]
    async fn the_demo_shows_confidence_misreading_short_nights() {
        // Seed 7 is what `mastery demo` writes by default.
        let found = demo(7).await.insights(None).await.unwrap();
        let misreading = found.iter().find(|i| is_sleep_misreading(i)).expect("the sleep misreading");
        let insight = &misreading.insight;
        assert!(insight.effect.is_some_and(|e| e < 0.0) && insight.ci_high.is_some_and(|h| h < 0.0));
        assert!(insight.outcome_ci_low.is_some_and(|l| l < 0.0) && insight.outcome_ci_high.is_some_and(|h| h > 0.0));
        assert!(insight.n >= 100, "n = {}", insight.n);
        assert_eq!(misreading.domain, None, "about every domain");
        let mut seen = 0;
        for seed in 0..10 {
            seen += usize::from(demo(seed).await.insights(None).await.unwrap().iter().any(is_sleep_misreading));
        }
        assert!(seen >= 9, "the misreading shows in {seen} of 10 demo histories");
    }

    #[tokio::test]
    async fn gaps_name_domains_without_a_source() {
        let app = demo(7).await;
        let found = app.insights(None).await.unwrap();
        let gaps: Vec<&InsightView> = found.iter().filter(|i| i.insight.kind == InsightKind::SourceGap).collect();
        let mix = app.source_mix(None).await.unwrap();
        for domain in &mix.domains {
            let missing = domain.sources.iter().filter(|s| s.total() == 0).count();
            let named = gaps.iter().filter(|g| g.domain.as_deref() == Some(&domain.domain)).count();
            assert!(named >= missing, "{}: {missing} sources missing, {named} gaps", domain.domain);
            assert_eq!(domain.gaps.len(), named, "{}", domain.domain);
        }
        assert!(gaps.iter().any(|g| g.insight.statement.starts_with("No role model yet for")), "{gaps:#?}");
        let speaking = app.source_mix(Some("public-speaking")).await.unwrap();
        assert_eq!(speaking.domains.len(), 1);
        let mastery = speaking.domains[0].sources.iter().find(|s| s.source == Source::Mastery).unwrap();
        let attempts =
            app.attempts(crate::AttemptFilter { domain: Some("public-speaking".into()), ..Default::default() });
        let recorded = attempts.await.unwrap().iter().filter(|a| a.outcome.is_some()).count() as u32;
        assert_eq!(mastery.total(), recorded, "every recorded attempt is classed once");
        assert!(mix.checkins.total() >= 60, "the demo's check-ins: {}", mix.checkins.total());
        assert_eq!(mix.rules.len(), 4);
    }

    #[tokio::test]
    async fn a_domain_with_only_a_baseline_audit_names_no_gap() {
        let app = demo(7).await;
        let before = app.insights(None).await.unwrap();
        let domain = crate::NewDomain {
            name: "Relationships".into(),
            area: mastery_domain::domain::LifeArea::Relationships,
            description: None,
        };
        app.add_domain(domain).await.unwrap();
        let items = app.audit_form("relationships", None).await.unwrap().scale.items.len();
        let answers = vec![mastery_domain::measure::Confidence::new(50).unwrap(); items];
        app.take_audit(crate::NewAudit { domain: "relationships".into(), scale: None, answers, at: None, every: None })
            .await
            .unwrap();
        let after = app.insights(None).await.unwrap();
        assert_eq!(after, before, "nothing said about the baseline-only domain");
        assert!(after.iter().all(|i| i.domain.as_deref() != Some("relationships")), "{after:#?}");
        let mix = app.source_mix(None).await.unwrap();
        let listed = mix.domains.iter().find(|d| d.domain == "relationships").expect("still in the source mix");
        assert!(listed.gaps.is_empty(), "{:?}", listed.gaps);
    }

    #[tokio::test]
    async fn an_empty_store_has_no_insight_and_a_domain_gaps_once_it_has_a_goal() {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now");
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
        assert_eq!(app.insights(None).await.unwrap(), vec![]);
        let domain = crate::NewDomain {
            name: "Running".into(),
            area: mastery_domain::domain::LifeArea::Health,
            description: None,
        };
        app.add_domain(domain).await.unwrap();
        assert_eq!(app.insights(Some("running")).await.unwrap(), vec![], "a domain without a goal has no gaps yet");
        assert_eq!(app.source_mix(Some("running")).await.unwrap().domains[0].gaps, vec![]);
        let goal = crate::NewGoal { domain: "running".into(), statement: "Run 5 km".into(), ..Default::default() };
        app.add_goal(goal).await.unwrap();
        let found = app.insights(Some("running")).await.unwrap();
        assert_eq!(found.len(), 4, "every source is missing");
        assert!(
            found.iter().all(|i| i.insight.kind == InsightKind::SourceGap && i.domain.as_deref() == Some("running"))
        );

        let mix = app.source_mix(Some("running")).await.unwrap();
        let gaps = &mix.domains[0].gaps;
        let named: Vec<(Source, bool)> = gaps.iter().map(|g| (g.source, g.missing)).collect();
        assert_eq!(named, Source::ALL.iter().map(|&s| (s, true)).collect::<Vec<_>>(), "which source, as a field");
        for (gap, insight) in gaps.iter().zip(&found) {
            assert_eq!((Some(gap.source), &gap.statement), (insight.insight.source, &insight.insight.statement));
            let neutral = !gap.statement.contains("--") && !gap.statement.contains("mastery ");
            assert!(neutral, "names no flag or command: {}", gap.statement);
        }
    }
}

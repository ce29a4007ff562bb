//! Efficacy audits: the scales a person can use, taking an audit, the baseline across life
//! areas, the trajectory of a domain and when the next audit falls due.
//!
//! Which scale an audit of a domain uses, unless one is named: the scale of the domain's last
//! audit (so a trajectory stays on one scale), else a scale written for that domain (an imported
//! one before a built-in one), else the built-in scale of the domain's life area.

use jiff::Zoned;
use jiff::civil::Date;
use mastery_domain::Field;
use mastery_domain::audit::{Audit, Every, Generality, check_count};
use mastery_domain::change::ReliableChange;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::ids::{AuditId, DomainId};
use mastery_domain::measure::Confidence;
use mastery_domain::scale::{self, BASELINE_AREAS, DEFAULT_THRESHOLD, Scale};
use mastery_domain::text::{Name, slugify};
use mastery_store::{Store, StoreError, Transaction};

use crate::records::AnyRecord;
use crate::views::{
    AuditDueView, AuditForm, AuditHistoryView, AuditView, ChangeView, GeneralityView, ProfileView, ScaleDetail,
    ScaleSummary,
};
use crate::{App, AppError, NewAudit, NewBaseline, new_id, resolve};

/// Every scale a person can use: the built-in ones, then the ones they imported.
pub(crate) struct Catalogue {
    imported: Vec<Scale>,
}

impl Catalogue {
    pub(crate) async fn load<T: Transaction>(tx: &mut T) -> Result<Self, AppError> {
        Ok(Self { imported: tx.scales().await? })
    }

    /// Each scale with whether it is built in.
    fn all(&self) -> impl Iterator<Item = (&Scale, bool)> {
        scale::builtin().iter().map(|s| (s, true)).chain(self.imported.iter().map(|s| (s, false)))
    }

    fn get(&self, id: &str) -> Option<(&Scale, bool)> {
        self.all().find(|(s, _)| s.id == id)
    }

    /// A scale by id, as typed or as a slug.
    pub(crate) fn find(&self, reference: &str) -> Result<(&Scale, bool), AppError> {
        self.get(reference.trim()).or_else(|| slugify(reference).and_then(|slug| self.get(&slug))).ok_or_else(|| {
            AppError::NotFound {
                entity: "scale",
                reference: reference.trim().to_owned(),
                hint: "check it against the scales (by id), or import your own".to_owned(),
            }
        })
    }

    /// The scale for an audit of `domain` (see the module's documentation), and whether it is
    /// built in.
    fn pick(&self, domain: &Domain, requested: Option<&str>, last: Option<&Audit>) -> Result<(&Scale, bool), AppError> {
        if let Some(reference) = requested {
            return self.find(reference);
        }
        if let Some(found) = last.and_then(|a| self.get(&a.scale_id)) {
            return Ok(found);
        }
        let written_for = self.all().filter(|(s, _)| s.domain.as_deref() == Some(domain.slug.as_str()));
        // Imported scales (built-in = false) sort first.
        if let Some(found) = written_for.min_by_key(|(_, builtin)| *builtin) {
            return Ok(found);
        }
        let area = scale::for_area(domain.area).ok_or_else(|| AppError::NotFound {
            entity: "scale",
            reference: domain.slug.clone(),
            hint: format!(
                "no scale is written for {} and its area ({}) has none; choose one of the scales or write your own (see docs/scales.md)",
                domain.slug, domain.area
            ),
        })?;
        Ok((area, true))
    }
}

/// A new audit of `domain` on `scale` taken `at`, one answer per item; the re-audit interval is
/// `every`, else the one of the domain's last audit (`earlier`, oldest first), else monthly.
fn new_audit(
    domain: &Domain,
    scale: &Scale,
    at: &Zoned,
    answers: Vec<Confidence>,
    every: Option<Every>,
    earlier: &[Audit],
) -> Result<Audit, AppError> {
    check_count(&scale.id, scale.items.len(), &answers)?;
    Ok(Audit {
        id: new_id(AuditId::from_uuid),
        domain_id: domain.id,
        scale_id: scale.id.clone(),
        taken_at: at.timestamp(),
        taken_on: at.date(),
        threshold: scale.threshold,
        answers,
        every: every.or(earlier.last().map(|a| a.every)).unwrap_or_default(),
    })
}

/// How many items the scale `id` has (built in or imported), so an edited audit's answers can be
/// checked as a new audit's are.
pub(crate) async fn scale_items<T: Transaction>(tx: &mut T, id: &str) -> Result<usize, AppError> {
    let catalogue = Catalogue::load(tx).await?;
    let (scale, _) = catalogue.find(id)?;
    Ok(scale.items.len())
}

/// The name of the domain that holds a life area's baseline audits.
fn area_domain_name(area: LifeArea) -> String {
    let word = area.as_str();
    word[..1].to_uppercase() + &word[1..]
}

/// The strengths' profile, with the default threshold: scales may differ in τ, the profile
/// compares domains on one.
fn profile(audits: &[AuditView]) -> Option<GeneralityView> {
    let strengths: Vec<f64> = audits.iter().map(|a| a.strength).collect();
    Generality::of(&strengths, DEFAULT_THRESHOLD).map(|profile| GeneralityView { how: profile.explain(), profile })
}

/// Change from the first to the latest of `audits` (oldest first, all on `scale`).
fn change(audits: &[&Audit], scale: Option<&Scale>) -> Option<ChangeView> {
    let (first, latest) = (audits.first()?, audits.last()?);
    if audits.len() < 2 {
        return None;
    }
    let (from, to) = (first.scores().strength, latest.scores().strength);
    let delta = to - from;
    let mut how = format!("change = latest strength − first strength = {to:.1} − {from:.1} = {delta:+.1}");
    let rci = scale.and_then(|s| s.norms.as_ref()).map(|norms| {
        let change = ReliableChange::new(from, to, norms.sd, norms.reliability);
        how.push_str("; ");
        how.push_str(&change.explain(from, to, norms.sd, norms.reliability));
        change
    });
    if rci.is_none() {
        how.push_str(&format!(
            "; the scale '{}' has no norms (the spread and reliability of its scores in a reference group), so whether this change is larger than measurement error cannot be judged: the Reliable Change Index needs them",
            latest.scale_id
        ));
    }
    Some(ChangeView {
        scale: latest.scale_id.clone(),
        from,
        to,
        delta,
        from_taken_at: first.taken_at,
        to_taken_at: latest.taken_at,
        rci: rci.map(|r| r.rc),
        reliable: rci.map(|r| r.reliable),
        s_e: rci.map(|r| r.s_e),
        s_diff: rci.map(|r| r.s_diff),
        how,
    })
}

impl<S: Store> App<S> {
    /// Scales, built-in then imported. With `domain`, only those that fit it: written for it, or
    /// covering its life area (`domain` may also be a life area's name).
    pub async fn scales(&self, domain: Option<&str>, builtin_only: bool) -> Result<Vec<ScaleSummary>, AppError> {
        let mut tx = self.read().await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let fits = match domain {
            None => None,
            Some(reference) => Some(match resolve::domain(&mut tx, reference).await {
                Ok(d) => (d.slug, Some(d.area)),
                Err(AppError::NotFound { .. }) => {
                    (slugify(reference).unwrap_or_default(), reference.trim().parse::<LifeArea>().ok())
                }
                Err(other) => return Err(other),
            }),
        };
        let fits_domain = |s: &Scale| {
            fits.as_ref().is_none_or(|(slug, area)| {
                s.domain.as_deref() == Some(slug.as_str()) || (s.domain.is_none() && Some(s.area) == *area)
            })
        };
        Ok(catalogue
            .all()
            .filter(|(s, builtin)| (*builtin || !builtin_only) && fits_domain(s))
            .map(|(s, builtin)| ScaleSummary::new(s, builtin))
            .collect())
    }

    /// One scale, whole.
    pub async fn scale(&self, reference: &str) -> Result<ScaleDetail, AppError> {
        let mut tx = self.read().await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let (scale, builtin) = catalogue.find(reference)?;
        Ok(ScaleDetail::new(scale, builtin))
    }

    /// Imports a scale written in TOML. A scale is never replaced: audits keep answers by item
    /// position, so a revised scale needs a new id.
    pub async fn import_scale(&self, source: &str) -> Result<ScaleDetail, AppError> {
        let scale = Scale::from_toml(source)?;
        if scale::builtin().iter().any(|s| s.id == scale.id) {
            return Err(AppError::refused(format!(
                "'{}' is the id of a built-in scale; give yours another id (the `id = …` line)",
                scale.id
            )));
        }
        let mut tx = self.write().await?;
        match tx.insert_scale(&scale).await {
            Err(StoreError::Conflict { .. }) => {
                return Err(AppError::refused(format!(
                    "you already imported a scale with id '{}'; give this one another id (audits keep answers by item position, so a scale is never replaced)",
                    scale.id
                )));
            }
            other => other?,
        }
        tx.commit().await?;
        Ok(ScaleDetail::new(&scale, false))
    }

    /// What an audit of `domain` asks: the scale it would use and whether it is the first.
    pub async fn audit_form(&self, domain: &str, scale: Option<&str>) -> Result<AuditForm, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, domain).await?;
        let earlier = tx.audits(Some(domain.id)).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let (picked, builtin) = catalogue.pick(&domain, scale, earlier.last())?;
        Ok(AuditForm {
            domain: domain.slug.clone(),
            domain_name: domain.name.to_string(),
            scale: ScaleDetail::new(picked, builtin),
            first_in_domain: earlier.is_empty(),
        })
    }

    /// Stores an audit of one domain.
    pub async fn take_audit(&self, input: NewAudit) -> Result<AuditView, AppError> {
        let at = self.event_time(Field::AuditTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let earlier = tx.audits(Some(domain.id)).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let (scale, _) = catalogue.pick(&domain, input.scale.as_deref(), earlier.last())?;
        let audit = new_audit(&domain, scale, &at, input.answers, input.every, &earlier)?;
        tx.insert_audit(&audit).await?;
        let summary = format!("Took an audit of {} ({})", domain.name, audit.taken_on);
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::Audit(audit.clone())])
            .await?;
        tx.commit().await?;
        Ok(AuditView::new(&audit, &domain.slug, earlier.is_empty()))
    }

    /// The scales of the baseline, one per life area, in order.
    pub fn baseline_scales(&self) -> Vec<(LifeArea, ScaleDetail)> {
        BASELINE_AREAS
            .iter()
            .filter_map(|&area| scale::for_area(area).map(|s| (area, ScaleDetail::new(s, true))))
            .collect()
    }

    /// The baseline: one audit per life area, each in the domain named after the area (created
    /// when missing), all stored together or not at all.
    pub async fn take_baseline(&self, input: NewBaseline) -> Result<ProfileView, AppError> {
        let areas: Vec<LifeArea> = input.answers.iter().map(|(area, _)| *area).collect();
        if areas != BASELINE_AREAS {
            let words: Vec<&str> = BASELINE_AREAS.iter().map(|a| a.as_str()).collect();
            return Err(AppError::refused(format!(
                "the baseline needs answers for {}, in that order",
                words.join(", ")
            )));
        }
        let at = self.event_time(Field::AuditTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let existing = tx.domains().await?;
        let mut audits = Vec::new();
        let mut created_domains = Vec::new();
        // What the baseline added, parents first, so `undo` takes all of it back.
        let mut added = Vec::new();
        for (area, answers) in input.answers {
            let scale =
                scale::for_area(area).ok_or_else(|| AppError::refused(format!("no built-in scale for {area}")))?;
            check_count(&scale.id, scale.items.len(), &answers)?;
            let domain = match existing.iter().find(|d| d.slug == area.as_str()) {
                Some(domain) => domain.clone(),
                None => {
                    let domain = Domain {
                        id: new_id(DomainId::from_uuid),
                        name: Name::parse(Field::DomainName, &area_domain_name(area))?,
                        slug: area.as_str().to_owned(),
                        area,
                        description: Some(format!("Your {area} baseline audits")),
                        created_at: self.clock.now().timestamp(),
                        archived_at: None,
                    };
                    tx.insert_domain(&domain).await?;
                    created_domains.push(domain.slug.clone());
                    added.push(AnyRecord::Domain(domain.clone()));
                    domain
                }
            };
            let earlier = tx.audits(Some(domain.id)).await?;
            let audit = new_audit(&domain, scale, &at, answers, input.every, &earlier)?;
            tx.insert_audit(&audit).await?;
            audits.push(AuditView::new(&audit, &domain.slug, earlier.is_empty()));
            added.push(AnyRecord::Audit(audit));
        }
        // Parents first: the domains created, then the audits.
        added.sort_by_key(|r| !matches!(r, AnyRecord::Domain(_)));
        let summary = format!("Took the baseline audit of {} life areas", audits.len());
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, added).await?;
        tx.commit().await?;
        Ok(ProfileView { generality: profile(&audits), audits, created_domains })
    }

    /// A domain's audits, oldest first, and the change from the first to the latest.
    pub async fn audit_history(&self, domain: &str) -> Result<AuditHistoryView, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, domain).await?;
        audit_history_in(&mut tx, domain).await
    }

    /// The latest audit of each domain still in use, and the generality profile across them.
    pub async fn audit_profile(&self) -> Result<ProfileView, AppError> {
        let mut tx = self.read().await?;
        let latest = latest_audits(&mut tx).await?;
        let audits: Vec<AuditView> =
            latest.iter().map(|(domain, audit, count)| AuditView::new(audit, &domain.slug, *count == 1)).collect();
        Ok(ProfileView { generality: profile(&audits), audits, created_domains: Vec::new() })
    }

    /// Each audited domain still in use with when its next audit falls due, soonest first.
    pub async fn audit_schedule(&self) -> Result<Vec<AuditDueView>, AppError> {
        let mut tx = self.read().await?;
        audit_schedule_in(&mut tx, self.clock.now().date()).await
    }
}

/// Each audited domain still in use with when its next audit falls due as of `today`, soonest
/// first, read in `tx`.
pub(crate) async fn audit_schedule_in<T: Transaction>(tx: &mut T, today: Date) -> Result<Vec<AuditDueView>, AppError> {
    let mut schedule: Vec<AuditDueView> = latest_audits(tx)
        .await?
        .into_iter()
        .map(|(domain, audit, _)| {
            let due_on = audit.due_on();
            let overdue_days = due_on.until(today).map_or(0, |span| i64::from(span.get_days()));
            AuditDueView {
                domain: domain.slug,
                scale: audit.scale_id,
                last_taken_on: audit.taken_on,
                every: audit.every,
                due_on,
                overdue_days,
            }
        })
        .collect();
    schedule.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.domain.cmp(&b.domain)));
    Ok(schedule)
}

/// The audits of `domain`, oldest first, and the change from the first to the latest, read in
/// `tx` (a page reads them with the rest of what it shows).
pub(crate) async fn audit_history_in<T: Transaction>(tx: &mut T, domain: Domain) -> Result<AuditHistoryView, AppError> {
    let audits = tx.audits(Some(domain.id)).await?;
    let catalogue = Catalogue::load(tx).await?;
    let change = audits.last().and_then(|latest| {
        let same_scale: Vec<&Audit> = audits.iter().filter(|a| a.scale_id == latest.scale_id).collect();
        change(&same_scale, catalogue.get(&latest.scale_id).map(|(s, _)| s))
    });
    Ok(AuditHistoryView {
        due_on: audits.last().map(Audit::due_on),
        audits: audits.iter().enumerate().map(|(i, a)| AuditView::new(a, &domain.slug, i == 0)).collect(),
        domain: domain.slug,
        change,
    })
}

/// For each non-archived domain with audits: the domain, its latest audit and how many it has.
pub(crate) async fn latest_audits<T: Transaction>(tx: &mut T) -> Result<Vec<(Domain, Audit, usize)>, AppError> {
    let domains = tx.domains().await?;
    let audits = tx.audits(None).await?;
    Ok(domains
        .into_iter()
        .filter(|d| d.archived_at.is_none())
        .filter_map(|domain| {
            let mine: Vec<&Audit> = audits.iter().filter(|a| a.domain_id == domain.id).collect();
            let latest = (*mine.last()?).clone();
            Some((domain, latest, mine.len()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use jiff::Zoned;
    use mastery_domain::audit::Every;
    use mastery_domain::measure::Confidence;
    use mastery_store::MemoryStore;

    use super::*;
    use crate::{FixedClock, NewDomain};

    /// Saturday 2026-11-21, 09:30 in Paris.
    fn now() -> Zoned {
        "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap()
    }

    async fn app() -> App<MemoryStore> {
        App::local(MemoryStore::new(), Box::new(FixedClock(now()))).await.unwrap()
    }

    async fn domain(app: &App<MemoryStore>, name: &str, area: LifeArea) {
        app.add_domain(NewDomain { name: name.to_owned(), area, description: None }).await.unwrap();
    }

    fn ratings(values: &[u8]) -> Vec<Confidence> {
        values.iter().map(|&v| Confidence::new(v).unwrap()).collect()
    }

    fn audit(domain: &str, answers: &[u8], at: &str) -> NewAudit {
        NewAudit {
            domain: domain.to_owned(),
            scale: None,
            answers: ratings(answers),
            at: Some(at.to_owned()),
            every: None,
        }
    }

    /// A five-item scale for public speaking with SCIENCE.md's norms (SD 7.5, r = .85).
    const NORMED: &str = include_str!("../../mastery/tests/fixtures/speaking-normed.toml");

    const TEN: [u8; 10] = [90, 80, 70, 60, 50, 40, 30, 20, 10, 0];

    #[tokio::test]
    async fn an_audit_uses_the_scale_that_fits_the_domain() {
        let app = app().await;
        domain(&app, "Public speaking", LifeArea::Career).await;
        domain(&app, "Running", LifeArea::Health).await;
        domain(&app, "Cooking", LifeArea::Other).await;

        let form = app.audit_form("public-speaking", None).await.unwrap();
        assert_eq!((form.scale.id.as_str(), form.first_in_domain), ("public-speaking", true));
        assert_eq!(app.audit_form("running", None).await.unwrap().scale.id, "health");
        let none = app.audit_form("cooking", None).await.unwrap_err().to_string();
        assert!(none.contains("choose one of the scales") && !none.contains("--"), "{none}");
        assert_eq!(app.audit_form("cooking", Some("Learning")).await.unwrap().scale.id, "learning");

        let view = app.take_audit(audit("public-speaking", &TEN, "2026-10-01")).await.unwrap();
        assert_eq!(
            (view.scale.as_str(), view.strength, view.level, view.composite),
            ("public-speaking", 45.0, 5, 35.0)
        );
        assert_eq!(view.answers, TEN);
        assert!(view.first_in_domain);
        assert_eq!(view.every, Every::MONTHLY);
        assert_eq!(view.due_on.to_string(), "2026-11-01");
        assert_eq!(view.how.strength, "strength = mean of the 10 ratings = 450 / 10 = 45.0");

        // A wrong count is refused and stores nothing.
        let wrong = app.take_audit(audit("public-speaking", &[50, 50], "today")).await.unwrap_err();
        assert!(wrong.is_usage());
        assert!(wrong.to_string().contains("has 10 items but 2 answers"), "{wrong}");
        assert_eq!(app.audit_history("public-speaking").await.unwrap().audits.len(), 1);
    }

    #[tokio::test]
    async fn history_shows_the_change_and_the_rci_only_with_norms() {
        let app = app().await;
        domain(&app, "Public speaking", LifeArea::Career).await;
        app.take_audit(audit("public-speaking", &TEN, "2026-09-01")).await.unwrap();
        let mut later = audit("public-speaking", &[100, 90, 80, 70, 60, 50, 40, 30, 20, 10], "2026-10-01");
        later.every = Some("2 weeks".parse().unwrap());
        app.take_audit(later).await.unwrap();

        let history = app.audit_history("public-speaking").await.unwrap();
        let change = history.change.clone().unwrap();
        assert_eq!((change.from, change.to, change.delta), (45.0, 55.0, 10.0));
        assert_eq!((change.rci, change.reliable), (None, None));
        assert!(change.how.contains("no norms"), "{}", change.how);
        assert_eq!(history.due_on.unwrap().to_string(), "2026-10-15");
        assert!(history.audits[0].first_in_domain && !history.audits[1].first_in_domain);

        // A scale with norms: the RCI is computed (SCIENCE.md's vector: 20 → 28).
        let imported = app.import_scale(NORMED).await.unwrap();
        assert!(!imported.builtin);
        let mut pre = audit("public-speaking", &[20, 20, 20, 20, 20], "2026-10-02");
        pre.scale = Some("speaking-normed".into());
        app.take_audit(pre).await.unwrap();
        // The scale of the last audit sticks, and so does the interval.
        let post = app.take_audit(audit("public-speaking", &[40, 30, 30, 20, 20], "2026-11-02")).await.unwrap();
        assert_eq!((post.scale.as_str(), post.every.to_string().as_str()), ("speaking-normed", "2 weeks"));

        let change = app.audit_history("public-speaking").await.unwrap().change.unwrap();
        assert_eq!((change.scale.as_str(), change.from, change.to), ("speaking-normed", 20.0, 28.0));
        assert!((change.rci.unwrap() - 1.9475).abs() < 5e-5);
        assert_eq!(change.reliable, Some(false));
        assert!((change.s_e.unwrap() - 2.9047).abs() < 5e-5 && (change.s_diff.unwrap() - 4.1079).abs() < 5e-5);
        assert!(change.how.contains("not reliable change"), "{}", change.how);
    }

    #[tokio::test]
    async fn importing_refuses_bad_files_and_taken_ids() {
        let app = app().await;
        let bad = app.import_scale(&NORMED.replace("rank = 3", "rank = 1")).await.unwrap_err();
        assert!(bad.is_usage() && bad.to_string().starts_with("line 20: "), "{bad}");
        assert!(app.scales(None, false).await.unwrap().iter().all(|s| s.builtin), "nothing was imported");

        app.import_scale(NORMED).await.unwrap();
        let twice = app.import_scale(NORMED).await.unwrap_err().to_string();
        assert!(twice.contains("already imported a scale with id 'speaking-normed'"), "{twice}");
        let builtin = app.import_scale(&NORMED.replace("speaking-normed", "career")).await.unwrap_err();
        assert!(builtin.to_string().contains("built-in scale"), "{builtin}");

        let all = app.scales(None, false).await.unwrap();
        assert_eq!(all.len(), scale::builtin().len() + 1);
        assert_eq!(app.scales(None, true).await.unwrap().len(), scale::builtin().len());
        let speaking: Vec<String> =
            app.scales(Some("public-speaking"), false).await.unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(speaking, ["public-speaking", "speaking-normed"]);
        domain(&app, "Public speaking", LifeArea::Career).await;
        let speaking: Vec<String> =
            app.scales(Some("public-speaking"), false).await.unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(speaking, ["career", "public-speaking", "speaking-normed"]);
        let health: Vec<String> = app.scales(Some("health"), false).await.unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(health, ["health"], "a life area's name lists that area's scale");
        assert_eq!(app.scale("Speaking Normed").await.unwrap().norms.unwrap().sd, 7.5);
    }

    #[tokio::test]
    async fn the_baseline_covers_five_areas_and_profiles_them() {
        let app = app().await;
        domain(&app, "Career", LifeArea::Career).await;
        let scales = app.baseline_scales();
        assert_eq!(scales.len(), 5);
        let answers: Vec<(LifeArea, Vec<Confidence>)> = scales
            .iter()
            .zip([20u8, 40, 60, 80, 100])
            .map(|((area, scale), value)| (*area, ratings(&vec![value; scale.items.len()])))
            .collect();

        // One bad count refuses the whole baseline.
        let mut short = answers.clone();
        short[4].1.pop();
        assert!(app.take_baseline(NewBaseline { answers: short, at: None, every: None }).await.is_err());
        assert_eq!(app.domains(true).await.unwrap().len(), 1, "nothing was created");

        let baseline = app.take_baseline(NewBaseline { answers, at: None, every: None }).await.unwrap();
        assert_eq!(baseline.created_domains, ["health", "relationships", "learning", "finances"]);
        let strengths: Vec<f64> = baseline.audits.iter().map(|a| a.strength).collect();
        assert_eq!(strengths, [20.0, 40.0, 60.0, 80.0, 100.0]);
        let generality = baseline.generality.unwrap();
        assert_eq!((generality.profile.at_or_above, generality.profile.mean), (3, 60.0));
        assert_eq!(app.audit_profile().await.unwrap().audits.len(), 5);
    }

    #[tokio::test]
    async fn re_audits_fall_due_after_their_interval() {
        let app = app().await;
        assert!(!app.status().await.unwrap().audited);
        domain(&app, "Public speaking", LifeArea::Career).await;
        domain(&app, "Running", LifeArea::Health).await;
        app.take_audit(audit("public-speaking", &TEN, "2026-10-01")).await.unwrap();
        let mut weekly = audit("running", &TEN, "2026-11-20");
        weekly.every = Some("weekly".parse().unwrap());
        app.take_audit(weekly).await.unwrap();

        let status = app.status().await.unwrap();
        assert!(status.audited);
        let due: Vec<(&str, i64)> = status.audits_due.iter().map(|a| (a.domain.as_str(), a.overdue_days)).collect();
        assert_eq!(due, [("public-speaking", 20)]);
        let next = status.next_audit.unwrap();
        assert_eq!(
            (next.domain.as_str(), next.due_on.to_string().as_str(), next.overdue_days),
            ("running", "2026-11-27", -6)
        );

        app.archive_domain("public-speaking").await.unwrap();
        assert!(app.status().await.unwrap().audits_due.is_empty(), "archived domains are not due");
    }
}

//! Efficacy audits: the scales a person can use, taking an audit, the baseline across life
//! areas, the trajectory of a domain and when the next audit falls due.
//!
//! Which scale an audit of a domain uses, unless one is named: the scale of the domain's last
//! audit (so a trajectory stays on one scale), else a scale written for that domain (an imported
//! one before a built-in one), else the built-in scale of the domain's life area.

use mastery_domain::audit::{Audit, Generality, check_count};
use mastery_domain::change::ReliableChange;
use mastery_domain::domain::{Domain, LifeArea};
use mastery_domain::ids::{AuditId, DomainId};
use mastery_domain::scale::{self, BASELINE_AREAS, DEFAULT_THRESHOLD, Scale};
use mastery_domain::text::{Name, slugify};
use mastery_store::{Store, StoreError, Transaction};

use crate::views::{
    AuditDueView, AuditForm, AuditHistoryView, AuditView, ChangeView, GeneralityView, ProfileView, ScaleDetail,
    ScaleSummary,
};
use crate::{App, AppError, NewAudit, NewBaseline, new_id, resolve};

/// Every scale a person can use: the built-in ones, then the ones they imported.
struct Catalogue {
    imported: Vec<Scale>,
}

impl Catalogue {
    async fn load<T: Transaction>(tx: &mut T) -> Result<Self, AppError> {
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
    fn find(&self, reference: &str) -> Result<(&Scale, bool), AppError> {
        self.get(reference.trim()).or_else(|| slugify(reference).and_then(|slug| self.get(&slug))).ok_or_else(|| {
            AppError::NotFound {
                entity: "scale",
                reference: reference.trim().to_owned(),
                hint: "`mastery scale list` shows the scales; `mastery scale import FILE.toml` adds your own"
                    .to_owned(),
            }
        })
    }

    /// The scale for an audit of `domain` (see the module's documentation).
    fn pick(&self, domain: &Domain, requested: Option<&str>, last: Option<&Audit>) -> Result<&Scale, AppError> {
        if let Some(reference) = requested {
            return self.find(reference).map(|(s, _)| s);
        }
        if let Some((scale, _)) = last.and_then(|a| self.get(&a.scale_id)) {
            return Ok(scale);
        }
        let written_for = self.all().filter(|(s, _)| s.domain.as_deref() == Some(domain.slug.as_str()));
        // Imported scales (built-in = false) sort first.
        if let Some((scale, _)) = written_for.min_by_key(|(_, builtin)| *builtin) {
            return Ok(scale);
        }
        scale::for_area(domain.area).ok_or_else(|| AppError::NotFound {
            entity: "scale",
            reference: domain.slug.clone(),
            hint: format!(
                "no scale is written for {} and its area ({}) has none; pick one with --scale (`mastery scale list`) or write your own (`mastery scale import FILE.toml`, see docs/scales.md)",
                domain.slug, domain.area
            ),
        })
    }
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
            return Err(AppError::Refused(format!(
                "'{}' is the id of a built-in scale; give yours another id (the `id = …` line)",
                scale.id
            )));
        }
        let mut tx = self.write().await?;
        match tx.insert_scale(&scale).await {
            Err(StoreError::Conflict { .. }) => {
                return Err(AppError::Refused(format!(
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
        let picked = catalogue.pick(&domain, scale, earlier.last())?;
        let builtin = scale::builtin().iter().any(|s| s.id == picked.id);
        Ok(AuditForm {
            domain: domain.slug.clone(),
            domain_name: domain.name.to_string(),
            scale: ScaleDetail::new(picked, builtin),
            first_in_domain: earlier.is_empty(),
        })
    }

    /// Stores an audit of one domain.
    pub async fn take_audit(&self, input: NewAudit) -> Result<AuditView, AppError> {
        let at = self.event_time("audit time", input.at.as_deref())?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let earlier = tx.audits(Some(domain.id)).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let scale = catalogue.pick(&domain, input.scale.as_deref(), earlier.last())?;
        check_count(&scale.id, scale.items.len(), &input.answers)?;
        let audit = Audit {
            id: new_id(AuditId::from_uuid),
            domain_id: domain.id,
            scale_id: scale.id.clone(),
            taken_at: at.timestamp(),
            taken_on: at.date(),
            threshold: scale.threshold,
            answers: input.answers,
            every: input.every.or(earlier.last().map(|a| a.every)).unwrap_or_default(),
        };
        tx.insert_audit(&audit).await?;
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
            return Err(AppError::Refused(format!(
                "the baseline needs answers for {}, in that order",
                words.join(", ")
            )));
        }
        let at = self.event_time("audit time", input.at.as_deref())?;
        let mut tx = self.write().await?;
        let existing = tx.domains().await?;
        let mut audits = Vec::new();
        let mut created_domains = Vec::new();
        for (area, answers) in input.answers {
            let scale =
                scale::for_area(area).ok_or_else(|| AppError::Refused(format!("no built-in scale for {area}")))?;
            check_count(&scale.id, scale.items.len(), &answers)?;
            let domain = match existing.iter().find(|d| d.slug == area.as_str()) {
                Some(domain) => domain.clone(),
                None => {
                    let domain = Domain {
                        id: new_id(DomainId::from_uuid),
                        name: Name::parse("domain name", &area_domain_name(area))?,
                        slug: area.as_str().to_owned(),
                        area,
                        description: Some(format!("Your {area} baseline audits")),
                        created_at: self.clock.now().timestamp(),
                        archived_at: None,
                    };
                    tx.insert_domain(&domain).await?;
                    created_domains.push(domain.slug.clone());
                    domain
                }
            };
            let earlier = tx.audits(Some(domain.id)).await?;
            let audit = Audit {
                id: new_id(AuditId::from_uuid),
                domain_id: domain.id,
                scale_id: scale.id.clone(),
                taken_at: at.timestamp(),
                taken_on: at.date(),
                threshold: scale.threshold,
                answers,
                every: input.every.or(earlier.last().map(|a| a.every)).unwrap_or_default(),
            };
            tx.insert_audit(&audit).await?;
            audits.push(AuditView::new(&audit, &domain.slug, earlier.is_empty()));
        }
        tx.commit().await?;
        Ok(ProfileView { generality: profile(&audits), audits, created_domains })
    }

    /// A domain's audits, oldest first, and the change from the first to the latest.
    pub async fn audit_history(&self, domain: &str) -> Result<AuditHistoryView, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, domain).await?;
        let audits = tx.audits(Some(domain.id)).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
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
        let today = self.clock.now().date();
        let mut schedule: Vec<AuditDueView> = latest_audits(&mut tx)
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
}

/// For each non-archived domain with audits: the domain, its latest audit and how many it has.
async fn latest_audits<T: Transaction>(tx: &mut T) -> Result<Vec<(Domain, Audit, usize)>, AppError> {
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

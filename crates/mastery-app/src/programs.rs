//! Programs: starting a template in a domain (which sets the domain's practice plan), following
//! it day by day, and the report that compares the program with the equally long stretch before
//! it: audit strength, success rate, calibration and consistency, each with the records it came
//! from. Finishing a program is celebrated.

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use mastery_domain::audit::{self, Audit};
use mastery_domain::calibration::{Scores, Tally};
use mastery_domain::celebration::CelebrationKind;
use mastery_domain::ids::{DomainId, ProgramId};
use mastery_domain::practice::{self, PracticeDays, PracticePlan};
use mastery_domain::program::{Program, ProgramTemplate};
use mastery_domain::text::count;
use mastery_domain::when::{Lean, parse_date};
use mastery_store::{PracticeTx, ProgramTx, Store, Transaction};

use crate::celebrations::milestone;
use crate::records::AnyRecord;
use crate::review::recorded_between;
use crate::views::{Comparison, PlanAction, PlanChange, PracticePlanView, ProgramReportView, ProgramView};
use crate::{App, AppError, ProgramSource, StartProgram, new_id, resolve};

impl<S: Store> App<S> {
    /// Starts a program in a domain on `at` (default today), setting the domain's practice plan.
    /// The domain keeps a practice plan of the person's own unless `input.replace_plan`; the
    /// view's `plan` says which plan is in force and how it came to be.
    pub async fn start_program(&self, input: StartProgram) -> Result<ProgramView, AppError> {
        let template = template_of(&input.template)?;
        let now = self.clock.now();
        let starts_on = match input.at.as_deref() {
            Some(day) => parse_date(day, now.date(), Lean::Past)?,
            None => now.date(),
        };
        if starts_on > now.date() {
            return Err(AppError::refused(format!(
                "a program starts today or on a past day (to count practice already done); {starts_on} is in the future"
            )));
        }
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let program = Program {
            id: new_id(ProgramId::from_uuid),
            domain_id: domain.id,
            template,
            starts_on,
            created_at: now.timestamp(),
        };
        let proposed = plan_of(&program);
        let own = tx.practice_plans().await?.into_iter().find(|p| p.domain_id == domain.id);
        let own_plan = own.clone();
        let (action, in_force) = match own {
            None => (PlanAction::Set, proposed),
            Some(own) if same_plan(&own, &proposed) => (PlanAction::Kept, own),
            Some(_) if input.replace_plan => (PlanAction::Replaced, proposed),
            Some(own) => (PlanAction::Kept, own),
        };
        let mut before = Vec::new();
        let mut after = Vec::new();
        if action != PlanAction::Kept {
            before.extend(own_plan.map(AnyRecord::PracticePlan));
            tx.set_practice_plan(&in_force).await?;
            after.push(AnyRecord::PracticePlan(in_force.clone()));
        }
        tx.insert_program(&program).await?;
        after.push(AnyRecord::Program(program.clone()));
        let summary = format!("Started a program in {}", domain.name);
        crate::revise::journal(&mut tx, now.timestamp(), summary, before, after).await?;
        let audits = tx.audits(Some(domain.id)).await?;
        tx.commit().await?;
        let mut view = ProgramView::new(&program, &domain.slug, now.date(), &audits);
        view.plan = Some(PlanChange { action, minutes: in_force.minutes, days: in_force.days });
        Ok(view)
    }

    /// The person's own practice plan in the domain `input` starts a program in, when the
    /// program's differs from it: what starting it would replace with `replace_plan`.
    pub async fn program_plan_conflict(&self, input: &StartProgram) -> Result<Option<PracticePlanView>, AppError> {
        let template = template_of(&input.template)?;
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let own = tx.practice_plans().await?.into_iter().find(|p| p.domain_id == domain.id);
        Ok(own
            .filter(|own| own.minutes != template.practice.minutes || own.days != template.practice.days)
            .map(|own| PracticePlanView::new(&own, &domain.slug)))
    }

    /// Every program run, oldest first.
    pub async fn programs(&self) -> Result<Vec<ProgramView>, AppError> {
        let today = self.clock.now().date();
        let mut tx = self.read().await?;
        let mut views = Vec::new();
        for program in tx.programs().await? {
            let domain = resolve::domain(&mut tx, &program.domain_id.to_string()).await?;
            let audits = tx.audits(Some(domain.id)).await?;
            views.push(ProgramView::new(&program, &domain.slug, today, &audits));
        }
        Ok(views)
    }

    /// The report of a program (`reference`: its id; the latest when absent). With `celebrate`,
    /// a finished program's first report celebrates it; without, the report only reads (a page
    /// shown in a browser must not change anything by being shown).
    pub async fn program_report(
        &self,
        reference: Option<&str>,
        celebrate: bool,
    ) -> Result<ProgramReportView, AppError> {
        let now = self.clock.now();
        let today = now.date();
        let mut tx = if celebrate { self.write().await? } else { self.read().await? };
        let programs = tx.programs().await?;
        let program = match reference {
            None => programs.last(),
            Some(r) => programs.iter().find(|p| p.id.to_string() == r),
        }
        .ok_or_else(|| AppError::NotFound {
            entity: "program",
            reference: reference.unwrap_or("latest").to_owned(),
            hint: "start the 30-day experiment in a domain first".to_owned(),
        })?
        .clone();
        let domain = resolve::domain(&mut tx, &program.domain_id.to_string()).await?;
        let audits = tx.audits(Some(domain.id)).await?;
        let measures = compare(&mut tx, &program, &audits, today, now.time_zone()).await?;
        let finished = today > program.ends_on();
        let mut celebration = None;
        if finished && celebrate {
            let title = format!("Program finished: {}", program.template.title);
            let subject = program.id.to_string();
            let done = milestone(domain.id, CelebrationKind::Program, subject, title, now.timestamp());
            celebration = crate::celebrations::celebrate(&mut tx, done).await?;
            if celebration.is_some() {
                let added = crate::revise::celebration_of(&mut tx, domain.id, program.id.to_string()).await?;
                let summary = format!("Celebrated finishing {}", program.template.title);
                crate::revise::added(&mut tx, now.timestamp(), summary, added.into_iter().collect()).await?;
            }
        }
        tx.commit().await?;
        Ok(ProgramReportView {
            program: ProgramView::new(&program, &domain.slug, today, &audits),
            finished,
            measures,
            celebration,
        })
    }
}

/// The template `source` names: a built-in one's id, or a template's text.
fn template_of(source: &ProgramSource) -> Result<ProgramTemplate, AppError> {
    Ok(match source {
        ProgramSource::Builtin(id) => ProgramTemplate::builtin(id).ok_or_else(|| AppError::NotFound {
            entity: "program template",
            reference: id.clone(),
            hint: "use 30-day-experiment, or the path of a template TOML file".to_owned(),
        })?,
        ProgramSource::Toml(source) => ProgramTemplate::parse(source)?,
    })
}

/// Whether two plans ask the same practice (minutes and days).
fn same_plan(a: &PracticePlan, b: &PracticePlan) -> bool {
    a.minutes == b.minutes && a.days == b.days
}

/// The practice plan a program sets, from its first day.
fn plan_of(program: &Program) -> PracticePlan {
    PracticePlan {
        domain_id: program.domain_id,
        minutes: program.template.practice.minutes,
        days: program.template.practice.days,
        starts_on: program.starts_on,
        created_at: program.created_at,
    }
}

/// Before (the stretch of the same length before the start) against during (start to the end,
/// or today).
/// The attempts of `domain` recorded on the local days `from` to `to`: how many, and their
/// forecasts' tally. Only the span is read.
async fn tally_between<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    from: Date,
    to: Date,
    tz: &TimeZone,
) -> Result<(u32, Tally), AppError> {
    let mut tally = Tally::default();
    let mut n: u64 = 0;
    for group in recorded_between(tx, from, to.tomorrow().ok(), tz).await? {
        if group.domain_id == domain {
            n += group.n;
            tally.add_outcomes(group.confidence.value(), group.outcome, group.n);
        }
    }
    Ok((u32::try_from(n).unwrap_or(u32::MAX), tally))
}

async fn compare<T: Transaction>(
    tx: &mut T,
    program: &Program,
    audits: &[Audit],
    today: Date,
    tz: &TimeZone,
) -> Result<Vec<Comparison>, AppError> {
    let (start, end) = (program.starts_on, program.ends_on().min(today));
    let baseline = program.baseline_from();
    let day_before = start.yesterday().unwrap_or(start);
    let (n_before, before) = tally_between(tx, program.domain_id, baseline, day_before, tz).await?;
    let (n_during, during) = tally_between(tx, program.domain_id, start, end, tz).await?;
    let span =
        |n: u32, from: Date, to: Date| format!("{}, {from} to {to}", count(n, "recorded attempt", "recorded attempts"));
    let successes = |t: &Tally| Scores::of(t).map(|s| s.success_rate);
    let bias = |t: &Tally| Scores::of(t).map(|s| s.bias);
    let audit_source =
        |a: Option<&Audit>| a.map_or("no audit".to_owned(), |a| format!("audit of {} ({})", a.taken_on, a.scale_id));
    let (pre, post) = (program.pre_audit(audits), program.post_audit(audits));

    let sessions = tx.practice_sessions(Some(program.domain_id)).await?;
    let rest = tx.rest_days().await?;
    let days = PracticeDays::of(program.domain_id, &sessions, &rest);
    let plan = plan_of(program);
    // The score over the days before `on`: at the start, nothing of the program; at the end,
    // all of it.
    let practised_before = |on: Date| -> BTreeSet<Date> { days.sessions.range(..on).copied().collect() };
    let score = |on: Date| practice::consistency(&plan, &practised_before(on), &days.rest, on).score;
    let after_day = end.tomorrow().unwrap_or(end).min(today);
    let consistency_source =
        |on: Date| format!("Loop score of the days before {on}, {} of them practised", practised_before(on).len());
    Ok(vec![
        Comparison::new(
            "audit_strength",
            pre.map(|a| audit::strength(&a.answers)),
            post.map(|a| audit::strength(&a.answers)),
            audit_source(pre),
            audit_source(post),
        ),
        Comparison::new(
            "success_rate",
            successes(&before),
            successes(&during),
            span(n_before, baseline, day_before),
            span(n_during, start, end),
        ),
        Comparison::new(
            "calibration_bias",
            bias(&before),
            bias(&during),
            span(n_before, baseline, day_before),
            span(n_during, start, end),
        ),
        Comparison::new(
            "consistency",
            Some(score(start)),
            Some(score(after_day)),
            consistency_source(start),
            consistency_source(after_day),
        ),
    ])
}

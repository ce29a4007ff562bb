//! `audit DOMAIN | all | history | profile`, and after a domain's first audit the invitation to
//! record the last three times the person succeeded at something hard in it.
//!
//! On a terminal an audit walks through the practice item, then each item easy to hard, with the
//! 0–100 anchors shown; `--answers` and `--answers-file` script it. Prompts and their
//! explanations go to stderr, so `--json` leaves stdout to the one JSON value.

use std::path::Path;

use anyhow::{Context, Result};
use mastery_app::views::{AuditHistoryView, AuditView, EvidenceView, ProfileView, ScaleDetail};
use mastery_app::{App, AppError, NewAudit, NewBaseline, NewEvidence};
use mastery_domain::Field;
use mastery_domain::audit;
use mastery_domain::measure::Confidence;
use mastery_domain::when::{Lean, check_past, parse_datetime};
use mastery_store_sqlite::SqliteStore;
use serde::Serialize;

use super::local_day;
use crate::cli::{Answers, AuditArgs, AuditCommand};
use crate::output::{Human, Output};
use crate::prompt::{MissingValue, Prompter};

/// What `audit DOMAIN` prints: the audit, and the successes added to the evidence file with it.
#[derive(Serialize)]
struct AuditOutput<'a> {
    #[serde(flatten)]
    audit: &'a AuditView,
    evidence_added: &'a [EvidenceView],
}

pub async fn run(app: &App<SqliteStore>, args: AuditArgs, ask: Prompter, out: &mut Output) -> Result<()> {
    match args.command {
        Some(AuditCommand::All { answers_file, at, every }) => {
            let answers = match answers_file {
                Some(path) => baseline_file(&path)?,
                None if ask.is_interactive() => walk_baseline(app, ask)?,
                None => {
                    return Err(MissingValue {
                        what: "the baseline's answers",
                        flag: "--answers-file FILE (one line per area: `career: 50,60,…`)",
                    }
                    .into());
                }
            };
            let view = app.take_baseline(NewBaseline { answers, at, every }).await?;
            out.emit(&view, |h| {
                profile_text(h, &view)?;
                h.line("Next: record a few past successes per area (`mastery evidence add career \"…\" --did \"…\"`), and `mastery status` tells you when a re-audit is due.")
            })?;
        }
        Some(AuditCommand::History { domain }) => {
            let view = app.audit_history(&domain).await?;
            out.emit(&view, |h| history_text(h, &view))?;
        }
        Some(AuditCommand::Edit(edit)) => super::revise::edit_audit(app, edit, out).await?,
        Some(AuditCommand::Profile) => {
            let view = app.audit_profile().await?;
            out.emit(&view, |h| {
                if view.audits.is_empty() {
                    return h.line("No audit yet. Take your baseline across life areas: mastery audit all");
                }
                profile_text(h, &view)
            })?;
        }
        None => one(app, args, ask, out).await?,
    }
    Ok(())
}

/// `audit DOMAIN`.
async fn one(app: &App<SqliteStore>, args: AuditArgs, ask: Prompter, out: &mut Output) -> Result<()> {
    if args.answers_file.is_some() {
        return Err(crate::hints::usage(
            "--answers-file belongs to the baseline: mastery audit all --answers-file FILE",
            "to audit one domain, give its ratings with --answers 10,40,… (`mastery scale show SCALE` lists the items)",
        ));
    }
    let domain = args.domain.ok_or(MissingValue {
        what: "the domain to audit",
        flag: "DOMAIN (or `mastery audit all` for the baseline across life areas)",
    })?;
    // Relative dates ("3 weeks ago") count back from the audit's own time when --at gives one.
    let anchor = Anchor::of(args.at.as_deref())?;
    // Every success is checked before anything is stored.
    let successes: Vec<NewEvidence> =
        args.successes.iter().map(|raw| success(&domain, raw, &anchor)).collect::<Result<_>>()?;
    for success in &successes {
        app.check_evidence(success)?;
    }
    let (answers, scale) = match args.answers {
        Some(Answers(answers)) => (answers, args.scale),
        None if ask.is_interactive() => {
            let form = app.audit_form(&domain, args.scale.as_deref()).await?;
            eprintln!("\nAudit of {}.", form.domain_name);
            (walk(&form.scale, ask, true)?, Some(form.scale.id))
        }
        None => {
            return Err(MissingValue {
                what: "the answers",
                flag: "--answers 10,40,… (one rating per item, easy to hard; `mastery scale show SCALE` lists the items)",
            }
            .into());
        }
    };
    let view = app.take_audit(NewAudit { domain, scale, answers, at: args.at, every: args.every }).await?;
    let mut added = Vec::new();
    for success in successes {
        added.push(app.add_evidence(success).await?);
    }
    let invite = view.first_in_domain && added.is_empty() && !args.no_successes && ask.is_interactive();
    if out.is_json() {
        if invite {
            added = three_successes(app, &view.domain, ask, &anchor).await?;
        }
        return Ok(out.emit(&AuditOutput { audit: &view, evidence_added: &added }, |_| Ok(()))?);
    }
    out.emit(&view, |h| audit_text(h, &view))?;
    if invite {
        out.flush()?;
        added = three_successes(app, &view.domain, ask, &anchor).await?;
    }
    out.emit(&added, |h| {
        for item in &added {
            h.line(format!("{} {}", h.good("Added to your evidence file:"), h.bold(&item.title)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// What relative dates of an audit count back from: now, or the audit's `--at`.
#[derive(Clone)]
struct Anchor {
    now: jiff::Zoned,
    /// The audit's time when `--at` gave one.
    at: Option<jiff::Zoned>,
}

impl Anchor {
    fn of(at: Option<&str>) -> Result<Self> {
        let now = jiff::Zoned::now();
        let at = match at {
            Some(text) => {
                let at = parse_datetime(text, &now, Lean::Past)?;
                check_past(Field::AuditTime, &at, &now)?;
                Some(at)
            }
            None => None,
        };
        Ok(Self { now, at })
    }

    /// `input` (or nothing, for the audit's day) as a moment in the past: relative to the audit's
    /// `--at` when given, so "3 weeks ago" is three weeks before the audit. Without `--at` the
    /// words are passed on as typed.
    fn resolve(&self, input: Option<&str>) -> Result<Option<String>, String> {
        let Some(base) = &self.at else {
            if let Some(text) = input {
                let at = parse_datetime(text, &self.now, Lean::Past).map_err(|e| e.to_string())?;
                check_past(Field::SuccessDate, &at, &self.now).map_err(|e| e.to_string())?;
            }
            return Ok(input.map(str::to_owned));
        };
        let at = match input {
            Some(text) => parse_datetime(text, base, Lean::Past).map_err(|e| e.to_string())?,
            None => base.clone(),
        };
        check_past(Field::SuccessDate, &at, &self.now).map_err(|e| e.to_string())?;
        Ok(Some(at.timestamp().to_string()))
    }
}

/// A success given as `TEXT::DID::WHEN` (the last two optional), its date read against `anchor`.
fn success(domain: &str, raw: &str, anchor: &Anchor) -> Result<NewEvidence> {
    let mut parts = raw.splitn(3, "::").map(str::trim);
    let title = parts.next().unwrap_or_default().to_owned();
    let did = parts.next().filter(|d| !d.is_empty()).map(str::to_owned);
    let at = anchor.resolve(parts.next().filter(|w| !w.is_empty())).map_err(AppError::refused)?;
    Ok(NewEvidence { domain: domain.to_owned(), title, did, at })
}

/// The three-successes step: the last three times the person succeeded at something hard in the
/// domain, and what they did, as the first entries of their evidence file.
async fn three_successes(
    app: &App<SqliteStore>,
    domain: &str,
    ask: Prompter,
    anchor: &Anchor,
) -> Result<Vec<EvidenceView>> {
    eprintln!();
    eprintln!("Your evidence file starts here. Think of the last three times you succeeded at");
    eprintln!("something hard in {}, and what you did that made it work. Leave an answer", domain.replace('-', " "));
    eprintln!("empty to stop.");
    let mut added = Vec::new();
    for n in 1..=3 {
        let Some(title) = ask.optional(None, &format!("Success {n} of 3: what did you achieve?"))? else {
            break;
        };
        let did = ask.optional(None, "What did you do that made it work?")?;
        let help = match &anchor.at {
            Some(at) => {
                format!("e.g. 2025-06-14 or 3 weeks ago (before the audit's {}); Enter for that day", at.date())
            }
            None => "e.g. 2025-06-14 or 3 weeks ago; Enter for today".to_owned(),
        };
        let check = anchor.clone();
        let typed = ask.checked("When was it?", &help, move |input| check.resolve(Some(input)).map(|_| ()))?;
        let at = anchor.resolve(typed.as_deref()).map_err(AppError::refused)?;
        added.push(app.add_evidence(NewEvidence { domain: domain.to_owned(), title, did, at }).await?);
    }
    Ok(added)
}

/// Asks a scale's items on the terminal, after its practice item when `practice` is set.
fn walk(scale: &ScaleDetail, ask: Prompter, practice: bool) -> Result<Vec<Confidence>> {
    let n = scale.items.len();
    eprintln!("\n{} ({} items, easy to hard; scale {})", scale.title, n, scale.id);
    eprintln!("{}\n", scale.instructions);
    eprintln!("Rate each from 0 to 100 in steps of 10:");
    eprintln!("    0 = cannot do at all    50 = moderately certain can do    100 = highly certain can do\n");
    if practice && let Some(item) = &scale.practice {
        eprintln!("First a practice item, not scored, to get a feel for the range.");
        eprintln!("How certain are you that you can do this, as of now?");
        for level in &item.levels {
            ask.rating(&format!("Practice: {} {level}", item.text))?;
        }
        eprintln!("\nThat is the range. Now the items: rate each for yourself, as of now.");
    }
    eprintln!("How certain are you that you can do each of these, as of now?");
    scale.items.iter().enumerate().map(|(i, item)| ask.rating(&format!("{}/{n}  {}", i + 1, item.text))).collect()
}

/// The baseline on a terminal: each life area's scale in turn, the practice item once.
fn walk_baseline(
    app: &App<SqliteStore>,
    ask: Prompter,
) -> Result<Vec<(mastery_domain::domain::LifeArea, Vec<Confidence>)>> {
    eprintln!("\nThe baseline: five short scales, one per life area, about ten items each.");
    app.baseline_scales().iter().enumerate().map(|(i, (area, scale))| Ok((*area, walk(scale, ask, i == 0)?))).collect()
}

fn baseline_file(path: &Path) -> Result<Vec<(mastery_domain::domain::LifeArea, Vec<Confidence>)>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::refused(format!("could not read the answers file {}: {e}", path.display())))?;
    audit::parse_baseline(&text).with_context(|| format!("in {}", path.display()))
}

fn audit_text(h: &mut Human<'_>, a: &AuditView) -> std::io::Result<()> {
    h.line(format!(
        "Audit of {} saved ({} items on scale {}, {}).",
        h.bold(&a.domain),
        a.n_items,
        a.scale,
        local_day(a.taken_at)
    ))?;
    scores(h, a)?;
    let first = if a.first_in_domain { "This is your baseline. " } else { "" };
    h.line(format!(
        "{first}Next audit due {} (every {}); `mastery audit history {}` shows the trajectory.",
        a.due_on, a.every, a.domain
    ))
}

fn scores(h: &mut Human<'_>, a: &AuditView) -> std::io::Result<()> {
    h.line(format!("  strength  {:>5.1}   {}", a.strength, h.dim(&a.how.strength)))?;
    h.line(format!("  level     {:>2}/{:<2}   {}", a.level, a.n_items, h.dim(&a.how.level)))?;
    h.line(format!("  composite {:>5.1}   {}", a.composite, h.dim(&a.how.composite)))
}

fn history_text(h: &mut Human<'_>, view: &AuditHistoryView) -> std::io::Result<()> {
    if view.audits.is_empty() {
        return h.line(format!("No audit of {} yet. Take one: mastery audit {}", view.domain, view.domain));
    }
    h.line(format!("Audits of {}, oldest first:", h.bold(&view.domain)))?;
    for a in &view.audits {
        h.line(format!(
            "  {}  {:<18} strength {:>5.1}  level {:>2}/{:<2}  composite {:>5.1}",
            a.taken_on, a.scale, a.strength, a.level, a.n_items, a.composite
        ))?;
    }
    match &view.change {
        None => h.line("One audit so far: the change from first to latest shows from the second audit on.")?,
        Some(c) => {
            let verdict = match c.reliable {
                Some(true) => h.good("reliable change"),
                Some(false) => "not reliable change".to_owned(),
                None => "reliability unknown: the scale has no norms".to_owned(),
            };
            h.line(format!("Change on scale {}: {:.1} → {:.1} ({:+.1}); {verdict}", c.scale, c.from, c.to, c.delta))?;
            h.line(format!("  {}", h.dim(&c.how)))?;
        }
    }
    if let Some(due) = view.due_on {
        h.line(format!("Next audit due {due}."))?;
    }
    Ok(())
}

fn profile_text(h: &mut Human<'_>, view: &ProfileView) -> std::io::Result<()> {
    if !view.created_domains.is_empty() {
        h.line(format!("Created domains for the baseline: {}", view.created_domains.join(", ")))?;
    }
    for a in &view.audits {
        h.line(format!(
            "{}  strength {:>5.1}  level {:>2}/{:<2}  composite {:>5.1}  {}",
            h.bold(&format!("{:<18}", a.domain)),
            a.strength,
            a.level,
            a.n_items,
            a.composite,
            h.dim(&format!("({}, {})", a.scale, a.taken_on))
        ))?;
    }
    if let Some(g) = &view.generality {
        h.line(format!("Generality: {}", g.how))?;
    }
    Ok(())
}

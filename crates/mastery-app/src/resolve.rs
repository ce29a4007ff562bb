//! Turning what a person typed (an id, a name, a slug) into the record they meant, with an error
//! that says how to find the right reference when nothing or more than one thing matches.

use mastery_domain::attempt::Attempt;
use mastery_domain::challenge::Challenge;
use mastery_domain::domain::Domain;
use mastery_domain::goal::Goal;
use mastery_domain::text::slugify;
use mastery_store::{AttemptQuery, Transaction};

use crate::AppError;

fn not_found(entity: &'static str, reference: &str, hint: &str) -> AppError {
    AppError::NotFound { entity, reference: reference.trim().to_owned(), hint: hint.to_owned() }
}

pub async fn domain<T: Transaction>(tx: &mut T, reference: &str) -> Result<Domain, AppError> {
    let by_id = match reference.trim().parse() {
        Ok(id) => tx.domain(id).await?,
        Err(_) => None,
    };
    let found = match (by_id, slugify(reference)) {
        (Some(domain), _) => Some(domain),
        (None, Some(slug)) => tx.domain_by_slug(&slug).await?,
        (None, None) => None,
    };
    found.ok_or_else(|| {
        not_found("domain", reference, "check it against your domains (by name, slug or id), or add it as a new domain")
    })
}

/// A domain when `reference` names one; `None` when there is no reference.
pub async fn optional_domain<T: Transaction>(tx: &mut T, reference: Option<&str>) -> Result<Option<Domain>, AppError> {
    match reference {
        Some(reference) => Ok(Some(domain(tx, reference).await?)),
        None => Ok(None),
    }
}

/// A goal by id or slug; a domain reference also works when the domain has exactly one open goal.
pub async fn goal<T: Transaction>(tx: &mut T, reference: &str) -> Result<Goal, AppError> {
    const HINT: &str = "check it against your goals (by slug or id), or add it as a new goal";
    if let Ok(id) = reference.trim().parse()
        && let Some(goal) = tx.goal(id).await?
    {
        return Ok(goal);
    }
    if let Some(slug) = slugify(reference)
        && let Some(goal) = tx.goal_by_slug(&slug).await?
    {
        return Ok(goal);
    }
    let Ok(domain) = domain(tx, reference).await else {
        return Err(not_found("goal", reference, HINT));
    };
    let mut open: Vec<Goal> = tx.goals(Some(domain.id)).await?.into_iter().filter(|g| g.done_at.is_none()).collect();
    match open.len() {
        1 => Ok(open.remove(0)),
        0 => Err(not_found("goal", reference, "that domain has no open goal; add one first")),
        _ => Err(AppError::Ambiguous {
            entity: "goal",
            reference: reference.trim().to_owned(),
            candidates: open.into_iter().map(|g| g.slug).collect(),
        }),
    }
}

/// A challenge by id, by slug, or by `goal/challenge` when the slug is used in several goals.
pub async fn challenge<T: Transaction>(tx: &mut T, reference: &str) -> Result<Challenge, AppError> {
    const HINT: &str = "check it against the goal's ladder (by slug or id), or add it as a new rung";
    if let Ok(id) = reference.trim().parse()
        && let Some(challenge) = tx.challenge(id).await?
    {
        return Ok(challenge);
    }
    let slug = slugify(reference).unwrap_or_default();
    let mut found = tx.challenges_by_slug(&slug).await?;
    // A title may itself contain a slash ("5/10 push-ups"), so `goal/challenge` is tried second.
    if found.is_empty()
        && let Some((goal_ref, title)) = reference.split_once('/')
    {
        let goal = goal(tx, goal_ref).await.map_err(|_| not_found("challenge", reference, HINT))?;
        let slug = slugify(title).unwrap_or_default();
        found = tx.challenges(goal.id).await?.into_iter().filter(|c| c.slug == slug).collect();
    }
    match found.len() {
        0 => Err(not_found("challenge", reference, HINT)),
        1 => Ok(found.remove(0)),
        _ => {
            let mut candidates = Vec::new();
            for c in &found {
                let goal_slug = tx.goal(c.goal_id).await?.ok_or_else(|| crate::missing("goal", c.goal_id))?.slug;
                candidates.push(format!("{goal_slug}/{}", c.slug));
            }
            Err(AppError::Ambiguous { entity: "challenge", reference: reference.trim().to_owned(), candidates })
        }
    }
}

/// The shortest reference [`challenge`] resolves to `rung`: its slug when no other rung has it,
/// else `goal-slug/rung-slug`. Hints name rungs this way, never by id.
pub async fn challenge_ref<T: Transaction>(tx: &mut T, rung: &Challenge) -> Result<String, AppError> {
    if tx.challenges_by_slug(&rung.slug).await?.len() == 1 {
        return Ok(rung.slug.clone());
    }
    let goal = tx.goal(rung.goal_id).await?.ok_or_else(|| crate::missing("goal", rung.goal_id))?.slug;
    Ok(format!("{goal}/{}", rung.slug))
}

/// An attempt by id, or `last` for the most recently planned attempt that has no outcome yet.
pub async fn attempt<T: Transaction>(tx: &mut T, reference: &str) -> Result<Attempt, AppError> {
    const HINT: &str =
        "use the id an attempt was given when it was planned, or last for the latest attempt without an outcome";
    let reference = reference.trim();
    if reference.eq_ignore_ascii_case("last") {
        let query = AttemptQuery { pending_only: true, ..AttemptQuery::default() };
        let pending = tx.attempts(&query).await?.items;
        return pending.into_iter().last().ok_or_else(|| {
            not_found("attempt", reference, "every attempt already has an outcome; plan a new one first")
        });
    }
    let id = reference.parse().map_err(|_| not_found("attempt", reference, HINT))?;
    tx.attempt(id).await?.ok_or_else(|| not_found("attempt", reference, HINT))
}

//! The SQL and row decoding of domains, goals and rungs.

use mastery_domain::Field;
use mastery_domain::challenge::Challenge;
use mastery_domain::domain::Domain;
use mastery_domain::goal::{Goal, Target};
use mastery_domain::measure::Difficulty;
use mastery_domain::text::Name;
use mastery_store::StoreError;

use super::{Query, text_of};
use crate::codec::{Columns, micros};

macro_rules! domain_select {
    () => {
        "SELECT id, name, slug, area, description, created_at, archived_at FROM domains WHERE user_id = ?1"
    };
}

pub(super) const DOMAIN_BY_ID: &str = concat!(domain_select!(), " AND id = ?2");

pub(super) const DOMAIN_BY_SLUG: &str = concat!(domain_select!(), " AND slug = ?2");

pub(super) const DOMAINS: &str = concat!(domain_select!(), " AND ?2 IS NULL");

macro_rules! goal_select {
    () => {
        "SELECT id, domain_id, statement, slug, target_amount, target_unit, deadline, why, target_success, created_at,
                done_at
         FROM goals WHERE user_id = ?1"
    };
}

pub(super) const GOAL_BY_ID: &str = concat!(goal_select!(), " AND id = ?2");

pub(super) const GOAL_BY_SLUG: &str = concat!(goal_select!(), " AND slug = ?2");

pub(super) const GOALS: &str = concat!(goal_select!(), " AND (?2 IS NULL OR domain_id = ?2) ORDER BY created_at, id");

macro_rules! challenge_select {
    () => {
        "SELECT id, goal_id, title, slug, difficulty, criterion, position, created_at
         FROM challenges WHERE user_id = ?1"
    };
}

pub(super) const CHALLENGE_BY_ID: &str = concat!(challenge_select!(), " AND id = ?2");

pub(super) const CHALLENGES_BY_SLUG: &str = concat!(challenge_select!(), " AND slug = ?2 ORDER BY created_at, id");

pub(super) const LADDER: &str = concat!(challenge_select!(), " AND goal_id = ?2 ORDER BY difficulty, position, id");

pub(super) fn domain_row(c: &Columns) -> Result<Domain, StoreError> {
    Ok(Domain {
        id: c.parsed("id")?,
        name: c.validated("name", |t| Name::parse(Field::Name, &t))?,
        slug: c.text("slug")?,
        area: c.parsed("area")?,
        description: c.opt_text("description")?,
        created_at: c.timestamp("created_at")?,
        archived_at: c.opt_timestamp("archived_at")?,
    })
}

pub(super) fn goal_row(c: &Columns) -> Result<Goal, StoreError> {
    let target = c.opt_real("target_amount")?.map(|amount| Target { amount, unit: None });
    let unit = c.opt_text("target_unit")?;
    Ok(Goal {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        statement: c.validated("statement", |t| Name::parse(Field::Statement, &t))?,
        slug: c.text("slug")?,
        target: target.map(|t| Target { unit, ..t }),
        deadline: c.opt_date("deadline")?,
        why: c.opt_text("why")?,
        target_success: c.opt_real("target_success")?,
        created_at: c.timestamp("created_at")?,
        done_at: c.opt_timestamp("done_at")?,
    })
}

pub(super) fn challenge_row(c: &Columns) -> Result<Challenge, StoreError> {
    let difficulty = c.real("difficulty")?;
    Ok(Challenge {
        id: c.parsed("id")?,
        goal_id: c.parsed("goal_id")?,
        title: c.validated("title", |t| Name::parse(Field::Title, &t))?,
        slug: c.text("slug")?,
        difficulty: Difficulty::new(difficulty).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        criterion: c.opt_text("criterion")?,
        position: u32::try_from(c.int("position")?).map_err(|e| StoreError::Corrupt(format!("position: {e}")))?,
        created_at: c.timestamp("created_at")?,
    })
}

/// Binds every domain column, numbered as `insert_domain` and `update_domain` expect.
pub(super) fn bind_domain(query: Query, d: &Domain, user: &str) -> Query {
    query
        .bind(d.id.to_string())
        .bind(user.to_owned())
        .bind(d.name.to_string())
        .bind(d.slug.clone())
        .bind(d.area.as_str())
        .bind(d.description.clone())
        .bind(micros(d.created_at))
        .bind(d.archived_at.map(micros))
}

/// Binds every goal column, numbered as `insert_goal` and `update_goal` expect.
pub(super) fn bind_goal(query: Query, g: &Goal, user: &str) -> Query {
    query
        .bind(g.id.to_string())
        .bind(user.to_owned())
        .bind(g.domain_id.to_string())
        .bind(g.statement.to_string())
        .bind(g.slug.clone())
        .bind(g.target.as_ref().map(|t| t.amount))
        .bind(g.target.as_ref().and_then(|t| t.unit.clone()))
        .bind(text_of(g.deadline))
        .bind(g.why.clone())
        .bind(micros(g.created_at))
        .bind(g.done_at.map(micros))
        .bind(g.target_success)
}

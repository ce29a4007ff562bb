//! The numbers of a user's recorded attempts, read as columns: one row holding an array per
//! field rather than a row per attempt. A domain page reads every recorded attempt of the domain
//! (a thousand, for someone a few years in); decoding each row's fields one by one, with sqlx's
//! per-value type checks, took a quarter of the server's time under load, while decoding an
//! array is one tight loop per field. A long history is read in pages of such arrays, so memory
//! stays bounded; each page is put in order here, not in SQL.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use mastery_domain::Field;
use mastery_domain::attempt::{RecordedFacts, State};
use mastery_domain::ids::{AttemptId, DomainId};
use mastery_domain::measure::{Confidence, Rating, SleepHours};
use mastery_store::StoreError;
use sqlx::postgres::PgRow;
use uuid::Uuid;

use super::PgTx;
use crate::codec::{Columns, corrupt, instant, store_error};

/// How many recorded attempts one read takes: arrays of this length are decoded quickly, and a
/// history of any length is read in pages of it, so memory stays bounded.
const PAGE: i64 = 10_000;

/// A page of the columns as arrays, in no particular order (the same order in every array), after
/// `$filter`'s place in the order of `attempts_by_domain`: domain, forecast time, id. Instants are
/// microseconds and dates days since 1970-01-01, so no value needs a decoder of its own.
macro_rules! recorded_facts {
    ($filter:literal) => {
        concat!(
            "SELECT coalesce(array_agg(id), '{}') AS ids,
                    coalesce(array_agg(domain_id), '{}') AS domains,
                    coalesce(array_agg((extract(epoch FROM planned_at) * 1000000)::bigint), '{}') AS planned_at,
                    coalesce(array_agg(planned_on - DATE '1970-01-01'), '{}') AS planned_on,
                    coalesce(array_agg(confidence), '{}') AS confidence,
                    coalesce(array_agg(engine_forecast), '{}') AS engine,
                    coalesce(array_agg(sleep_hours), '{}') AS sleep_hours,
                    coalesce(array_agg(energy), '{}') AS energy,
                    coalesce(array_agg(stress), '{}') AS stress,
                    coalesce(array_agg(outcome), '{}') AS outcome,
                    coalesce(array_agg(locus), '{}') AS locus,
                    coalesce(array_agg(stability), '{}') AS stability,
                    coalesce(array_agg(control), '{}') AS control
             FROM (SELECT * FROM attempts WHERE user_id = $1 AND outcome IS NOT NULL",
            $filter,
            " ORDER BY domain_id, planned_at, id LIMIT $2) page"
        )
    };
}
const FIRST_PAGE: &str = recorded_facts!("");
const FIRST_PAGE_IN_DOMAIN: &str = recorded_facts!(" AND domain_id = $3");
/// After the cursor ($3 domain, $4 forecast time, $5 id), in every domain or in the cursor's own.
const NEXT_PAGE: &str = recorded_facts!(" AND (domain_id, planned_at, id) > ($3, $4, $5)");
const NEXT_PAGE_IN_DOMAIN: &str = recorded_facts!(" AND domain_id = $3 AND (planned_at, id) > ($4, $5)");

impl PgTx {
    /// The recorded attempts of `domain` (of every domain without), after `start` in the domain's
    /// order when given (a kept fold's `through`; only with a domain).
    pub(super) async fn read_recorded_facts(
        &mut self,
        domain: Option<DomainId>,
        start: Option<(Timestamp, AttemptId)>,
        visit: &mut (dyn FnMut(RecordedFacts) + Send),
    ) -> Result<(), StoreError> {
        let mut after = domain.zip(start).map(|(domain, (at, id))| (domain, at, id));
        loop {
            let query = match (after, domain) {
                (None, None) => self.query(FIRST_PAGE).bind(PAGE),
                (None, Some(domain)) => self.query(FIRST_PAGE_IN_DOMAIN).bind(PAGE).bind(domain.as_uuid()),
                (Some((last_domain, at, id)), _) => {
                    let sql = if domain.is_some() { NEXT_PAGE_IN_DOMAIN } else { NEXT_PAGE };
                    self.query(sql).bind(PAGE).bind(last_domain.as_uuid()).bind(instant(at)).bind(id.as_uuid())
                }
            };
            let row = query.fetch_one(&mut *self.tx).await.map_err(store_error)?;
            let mut page = facts_of(&row)?;
            page.sort_by_key(|f| (f.domain_id, f.planned_at, f.id));
            let full = page.len() as i64 == PAGE;
            after = page.last().map(|f| (f.domain_id, f.planned_at, f.id));
            page.into_iter().for_each(&mut *visit);
            if !full {
                return Ok(());
            }
        }
    }
}

fn facts_of(row: &PgRow) -> Result<Vec<RecordedFacts>, StoreError> {
    let c = Columns(row);
    let ids: Vec<Uuid> = c.get("ids")?;
    let domains: Vec<Uuid> = c.get("domains")?;
    let planned_at: Vec<i64> = c.get("planned_at")?;
    let planned_on: Vec<i32> = c.get("planned_on")?;
    let confidence: Vec<i32> = c.get("confidence")?;
    let engine: Vec<Option<f64>> = c.get("engine")?;
    let sleep_hours: Vec<Option<f64>> = c.get("sleep_hours")?;
    let energy: Vec<Option<i32>> = c.get("energy")?;
    let stress: Vec<Option<i32>> = c.get("stress")?;
    let outcome: Vec<String> = c.get("outcome")?;
    let locus: Vec<Option<String>> = c.get("locus")?;
    let stability: Vec<Option<String>> = c.get("stability")?;
    let control: Vec<Option<String>> = c.get("control")?;
    let lengths = [
        domains.len(),
        planned_at.len(),
        planned_on.len(),
        confidence.len(),
        engine.len(),
        sleep_hours.len(),
        energy.len(),
        stress.len(),
        outcome.len(),
        locus.len(),
        stability.len(),
        control.len(),
    ];
    if lengths.iter().any(|&n| n != ids.len()) {
        return Err(StoreError::Corrupt("recorded facts: arrays of different lengths".into()));
    }
    let epoch = Date::constant(1970, 1, 1);
    (0..ids.len())
        .map(|i| {
            Ok(RecordedFacts {
                id: AttemptId::from_uuid(ids[i]),
                domain_id: DomainId::from_uuid(domains[i]),
                planned_at: Timestamp::from_microsecond(planned_at[i]).map_err(|e| corrupt("planned_at", e))?,
                planned_on: epoch.checked_add(planned_on[i].days()).map_err(|e| corrupt("planned_on", e))?,
                confidence: small("confidence", confidence[i], Confidence::new)?,
                engine: engine[i],
                state: State {
                    sleep_hours: sleep_hours[i]
                        .map(SleepHours::new)
                        .transpose()
                        .map_err(|e| corrupt("sleep_hours", e))?,
                    energy: energy[i].map(|v| small("energy", v, |v| Rating::new(Field::Energy, v))).transpose()?,
                    stress: stress[i].map(|v| small("stress", v, |v| Rating::new(Field::Stress, v))).transpose()?,
                },
                outcome: outcome[i].parse().map_err(|e| corrupt("outcome", e))?,
                locus: locus[i].as_deref().map(str::parse).transpose().map_err(|e| corrupt("locus", e))?,
                stability: stability[i].as_deref().map(str::parse).transpose().map_err(|e| corrupt("stability", e))?,
                control: control[i].as_deref().map(str::parse).transpose().map_err(|e| corrupt("control", e))?,
            })
        })
        .collect()
}

/// A small number read from `column`, validated by `make`.
fn small<T, E: std::fmt::Display>(
    column: &str,
    value: i32,
    make: impl FnOnce(u8) -> Result<T, E>,
) -> Result<T, StoreError> {
    let value = u8::try_from(value).map_err(|e| corrupt(column, e))?;
    make(value).map_err(|e| corrupt(column, e))
}

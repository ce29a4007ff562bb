//! Calibration: how the person's forecasts (and the engine's) compare with what happened, per
//! domain, overall and per month.

use std::collections::BTreeMap;

use mastery_domain::calibration::{Scores, Tally, caveat, summary};
use mastery_domain::domain::Domain;
use mastery_domain::ids::DomainId;
use mastery_store::{ForecastGroup, Store, Transaction};

use crate::views::{CalibrationView, MonthCalibration, ScoreSet};
use crate::{App, AppError, resolve, slugs_of};

/// Tallies per (domain, month) of the person's forecasts and of the engine's.
#[derive(Default)]
struct Tallies {
    person: BTreeMap<(DomainId, Option<String>), Tally>,
    engine: BTreeMap<(DomainId, Option<String>), Tally>,
}

impl Tallies {
    fn of(groups: &[ForecastGroup]) -> Self {
        let mut tallies = Tallies::default();
        for g in groups {
            let key = (g.domain_id, g.month.clone());
            tallies.person.entry(key.clone()).or_default().add_outcomes(g.confidence.value(), g.outcome, g.n);
            if let Some(bin) = g.engine_bin {
                let engine = tallies.engine.entry(key).or_default();
                engine.add_group(usize::from(bin), g.n, g.engine_sum, g.engine_sum2, g.outcome.value());
            }
        }
        tallies
    }
}

/// The sum of the tallies whose key passes `keep`.
fn merged(
    map: &BTreeMap<(DomainId, Option<String>), Tally>,
    keep: impl Fn(&DomainId, &Option<String>) -> bool,
) -> Tally {
    let mut total = Tally::default();
    for ((domain, month), tally) in map {
        if keep(domain, month) {
            total.merge(tally);
        }
    }
    total
}

impl<S: Store> App<S> {
    /// Calibration of one domain, or of all with a breakdown per domain; by month when asked.
    pub async fn calibration(&self, domain: Option<&str>, by_month: bool) -> Result<CalibrationView, AppError> {
        let mut tx = self.read().await?;
        let chosen = resolve::optional_domain(&mut tx, domain).await?;
        let domains = tx.domains().await?;
        calibration_in(&mut tx, chosen, by_month, &domains).await
    }
}

/// Calibration of `chosen` (or of all `domains`, with one view per domain), read in `tx`.
pub(crate) async fn calibration_in<T: Transaction>(
    tx: &mut T,
    chosen: Option<Domain>,
    by_month: bool,
    domains: &[Domain],
) -> Result<CalibrationView, AppError> {
    let groups = tx.forecast_groups(chosen.as_ref().map(|d| d.id), by_month).await?;
    Ok(calibration_of(&groups, chosen, by_month, domains))
}

/// Calibration of `chosen` (or of all `domains`) from forecast groups already in hand.
pub(crate) fn calibration_of(
    groups: &[ForecastGroup],
    chosen: Option<Domain>,
    by_month: bool,
    domains: &[Domain],
) -> CalibrationView {
    let tallies = Tallies::of(groups);
    let slugs = slugs_of(domains);
    let names: BTreeMap<DomainId, String> = domains.iter().map(|d| (d.id, d.name.to_string().to_lowercase())).collect();

    let view_of = |only: Option<DomainId>| {
        let keep = |d: &DomainId, _: &Option<String>| only.is_none_or(|o| o == *d);
        let person = Scores::of(&merged(&tallies.person, keep));
        let engine = Scores::of(&merged(&tallies.engine, keep));
        let subject = only.and_then(|d| names.get(&d).cloned()).unwrap_or_else(|| "all your domains".to_owned());
        let months = by_month.then(|| {
            let mut labels: Vec<String> =
                tallies.person.keys().filter_map(|(d, m)| keep(d, m).then(|| m.clone()).flatten()).collect();
            labels.sort();
            labels.dedup();
            labels
                .into_iter()
                .map(|month| {
                    let in_month =
                        |d: &DomainId, m: &Option<String>| keep(d, m) && m.as_deref() == Some(month.as_str());
                    MonthCalibration {
                        person: ScoreSet::from(Scores::of(&merged(&tallies.person, in_month))),
                        engine: ScoreSet::from(Scores::of(&merged(&tallies.engine, in_month))),
                        month,
                    }
                })
                .collect()
        });
        CalibrationView {
            domain: only.and_then(|d| slugs.get(&d).cloned()),
            summary: person.as_ref().map_or_else(
                || "No recorded attempts yet: forecast before your next attempt and record how it went.".to_owned(),
                |s| summary(&subject, s),
            ),
            caveat: person.as_ref().and_then(caveat),
            person: ScoreSet::from(person),
            engine: ScoreSet::from(engine),
            months,
            domains: None,
        }
    };

    let mut view = view_of(chosen.as_ref().map(|d| d.id));
    if chosen.is_none() {
        let mut with_data: Vec<DomainId> = tallies.person.keys().map(|(d, _)| *d).collect();
        with_data.sort_by_key(|d| slugs.get(d).cloned());
        with_data.dedup();
        view.domains = Some(with_data.into_iter().map(|d| view_of(Some(d))).collect());
    }
    view
}

//! Views of reviews, and their Markdown export.

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::civil::Date;
use mastery_domain::checkin::Checkin;
use mastery_domain::review::Prompt;
use mastery_domain::success::{self, Outcomes};
use mastery_domain::text::count;
use serde::Serialize;

use super::{CelebrationView, EvidenceView};

/// Practice over the period, summed over every plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeKept {
    pub planned_days: u32,
    pub kept_days: u32,
    pub sessions: u32,
    pub minutes: u32,
}

impl ReviewView {
    /// Whether the period holds anything to review: an outcome, a success added, planned or
    /// logged practice, a check-in or a celebration. A week without any has nothing to reflect
    /// on, so it is not asked about.
    pub fn has_records(&self) -> bool {
        self.outcomes.attempts > 0
            || !self.new_evidence.is_empty()
            || self.practice_kept.planned_days > 0
            || self.practice_kept.sessions > 0
            || self.checkins.n > 0
            || !self.celebrations.is_empty()
    }
}

impl PracticeKept {
    /// "3 of 4 planned days kept (3 sessions, 60 minutes)", each count in its number.
    pub fn summary(&self) -> String {
        format!(
            "{} of {} kept ({}, {})",
            self.kept_days,
            count(self.planned_days, "planned day", "planned days"),
            count(self.sessions, "session", "sessions"),
            count(self.minutes, "minute", "minutes")
        )
    }
}

/// Check-ins over the period: how many, and the mean of each measure given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinAverages {
    pub n: usize,
    pub sleep_hours: Option<f64>,
    pub stress: Option<f64>,
    pub energy: Option<f64>,
    pub mood: Option<f64>,
}

impl CheckinAverages {
    pub fn of(checkins: &[Checkin]) -> Self {
        let mean = |value: fn(&Checkin) -> Option<f64>| {
            let values: Vec<f64> = checkins.iter().filter_map(value).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        // One check-in a day: days, so a day checked in twice (before that rule) counts once.
        let days: std::collections::BTreeSet<Date> = checkins.iter().map(|c| c.on).collect();
        Self {
            n: days.len(),
            sleep_hours: mean(|c| c.measures.sleep_hours.map(|s| s.hours())),
            stress: mean(|c| c.measures.stress.map(|r| f64::from(r.value()))),
            energy: mean(|c| c.measures.energy.map(|r| f64::from(r.value()))),
            mood: mean(|c| c.measures.mood.map(|r| f64::from(r.value()))),
        }
    }
}

/// A weekly or monthly review (`review` in CLI.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    pub period: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// The outcomes recorded in the period, by kind.
    #[serde(flatten)]
    pub outcomes: Outcomes,
    /// Their success rate ([`mastery_domain::success`]); null without any.
    pub success_rate: Option<f64>,
    pub new_evidence: Vec<EvidenceView>,
    /// Mean forecast minus mean outcome of those attempts; null without any.
    pub calibration_bias: Option<f64>,
    pub practice_kept: PracticeKept,
    pub checkins: CheckinAverages,
    pub celebrations: Vec<CelebrationView>,
    pub prompts: Vec<Prompt>,
    pub answers: BTreeMap<String, String>,
    /// A monthly review's trajectory; null for a week.
    pub trajectory: Option<Trajectory>,
}

/// The month's trajectory against the month before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trajectory {
    /// The month's success rate, as the review's own ([`mastery_domain::success`]).
    pub success_rate: Option<f64>,
    pub success_rate_before: Option<f64>,
    pub calibration_bias_before: Option<f64>,
    /// Audit strength per audited domain: the latest before the month, the latest within it.
    pub audits: Vec<AuditDelta>,
    /// Each plan's consistency score at the month's start and end.
    pub consistency: Vec<ConsistencyChange>,
    /// The prompt to re-audit (or to take a baseline), in words.
    pub reaudit: String,
    /// The domains to re-audit, by slug; empty when none was audited and a baseline is due.
    pub reaudit_domains: Vec<String>,
}

impl Trajectory {
    /// The trajectory in words, one line per number.
    pub fn lines(&self) -> Vec<String> {
        let percent = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{:.0}%", v * 100.0));
        let strength = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.0}"));
        let mut lines = vec![format!(
            "{}: {} (month before: {})",
            success::LABEL,
            percent(self.success_rate),
            percent(self.success_rate_before)
        )];
        for a in &self.audits {
            let delta = a.delta.map(|d| format!(" ({d:+.1})")).unwrap_or_default();
            lines.push(format!("Audit strength {}: {} → {}{delta}", a.domain, strength(a.before), strength(a.after)));
        }
        for c in &self.consistency {
            lines.push(format!("Consistency {}: {:.0}% → {:.0}%", c.domain, c.start * 100.0, c.end * 100.0));
        }
        lines
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditDelta {
    pub domain: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsistencyChange {
    pub domain: String,
    pub start: f64,
    pub end: f64,
}

impl ReviewView {
    /// The review as a Markdown document: the numbers, then each prompt with its answer.
    pub fn markdown(&self) -> String {
        let mut md = format!("# Review {} ({} to {})\n\n", self.period, self.from, self.to);
        let bias = self.calibration_bias.map_or("no forecasts".to_owned(), |b| format!("{:+.0} points", b * 100.0));
        let lines = [
            format!("- {}", self.outcomes.summary()),
            format!("- New evidence: {}", self.new_evidence.len()),
            format!("- Calibration bias: {bias}"),
            format!("- Practice: {}", self.practice_kept.summary()),
            format!("- Check-ins: {}", self.checkins.n),
        ];
        for line in lines {
            let _ = writeln!(md, "{line}");
        }
        for e in &self.new_evidence {
            let _ = writeln!(md, "  - {} ({})", e.title, e.domain);
        }
        for c in &self.celebrations {
            let _ = writeln!(md, "- Celebrated: {} ({})", c.title, c.domain);
        }
        if let Some(t) = &self.trajectory {
            for line in t.lines() {
                let _ = writeln!(md, "- {line}");
            }
            let _ = writeln!(md, "\n{}", t.reaudit);
        }
        for prompt in &self.prompts {
            let answer = self.answers.get(prompt.key).map_or("_(not answered)_", String::as_str);
            let _ = write!(md, "\n## {}\n\n{answer}\n", prompt.question);
        }
        md
    }
}

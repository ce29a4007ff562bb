//! Programs: a structured stretch of practice with a beginning, an end and a measured result.
//! A template (TOML) sets the duration, the daily practice, the review cadence and whether an
//! audit opens and closes it; the built-in one is the 30-day experiment. The report compares the
//! stretch with the same length of time before it, each number with its source.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::audit::Audit;
use crate::ids::{DomainId, ProgramId};
use crate::practice::Weekdays;

/// The built-in templates, by id.
pub const BUILTIN: &[&str] = &[include_str!("../programs/30-day-experiment.toml")];

/// How often a program asks for a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Cadence {
    Weekly,
    Monthly,
}

impl Cadence {
    pub const fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
        }
    }
}

/// A template's daily practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeTemplate {
    pub minutes: u32,
    pub days: Weekdays,
}

/// A program template, as written in TOML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramTemplate {
    pub id: String,
    pub title: String,
    pub duration_days: u32,
    pub review: Cadence,
    pub pre_audit: bool,
    pub post_audit: bool,
    pub practice: PracticeTemplate,
}

impl ProgramTemplate {
    /// Reads a template, saying which line is wrong and why.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Program`] saying what is wrong: TOML syntax or an unknown or missing key,
    /// a duration outside 7–365 days, or practice minutes outside 1–1,440.
    pub fn parse(source: &str) -> Result<Self, ValidationError> {
        let template: Self = toml::from_str(source).map_err(|e| ValidationError::Program(e.to_string()))?;
        if !(7..=365).contains(&template.duration_days) {
            return Err(ValidationError::Program(format!(
                "duration_days must be from 7 to 365; got {}",
                template.duration_days
            )));
        }
        if !(1..=crate::measure::MINUTES_IN_A_DAY).contains(&template.practice.minutes) {
            return Err(ValidationError::Program(format!(
                "practice.minutes must be from 1 to {}; got {}",
                crate::measure::MINUTES_IN_A_DAY,
                template.practice.minutes
            )));
        }
        Ok(template)
    }

    /// A built-in template by id.
    pub fn builtin(id: &str) -> Option<Self> {
        BUILTIN.iter().filter_map(|source| Self::parse(source).ok()).find(|t| t.id == id)
    }
}

/// Days at either end of a program within which an audit counts as its audit before or after.
pub const AUDIT_SLACK_DAYS: i64 = 2;

/// A program run in one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub id: ProgramId,
    pub domain_id: DomainId,
    pub template: ProgramTemplate,
    pub starts_on: Date,
    pub created_at: Timestamp,
}

impl Program {
    /// The last day of the program.
    pub fn ends_on(&self) -> Date {
        let days = i64::from(self.template.duration_days) - 1;
        self.starts_on.checked_add(jiff::Span::new().days(days)).unwrap_or(self.starts_on)
    }

    /// The first day of the equally long stretch before the program, the baseline.
    pub fn baseline_from(&self) -> Date {
        let days = i64::from(self.template.duration_days);
        self.starts_on.checked_sub(jiff::Span::new().days(days)).unwrap_or(self.starts_on)
    }

    /// The audit that opens the program: of `audits` (oldest first), the latest taken by
    /// [`AUDIT_SLACK_DAYS`] after its first day.
    pub fn pre_audit<'a>(&self, audits: &'a [Audit]) -> Option<&'a Audit> {
        let by = self.starts_on.checked_add(jiff::Span::new().days(AUDIT_SLACK_DAYS)).unwrap_or(self.starts_on);
        audits.iter().rfind(|a| a.taken_on <= by)
    }

    /// The first day an audit counts as the one closing the program: [`AUDIT_SLACK_DAYS`] before
    /// its last day. From then on the audit after is due.
    pub fn post_audit_from(&self) -> Date {
        self.ends_on().checked_sub(jiff::Span::new().days(AUDIT_SLACK_DAYS)).unwrap_or(self.ends_on())
    }

    /// The audit that closes the program: of `audits` (oldest first), the latest taken from
    /// [`Program::post_audit_from`] on.
    pub fn post_audit<'a>(&self, audits: &'a [Audit]) -> Option<&'a Audit> {
        let from = self.post_audit_from();
        audits.iter().rfind(|a| a.taken_on >= from)
    }

    /// Which day of the program `today` is (1-based), capped at its length.
    pub fn day(&self, today: Date) -> u32 {
        let elapsed = (today - self.starts_on).get_days() + 1;
        u32::try_from(elapsed.max(0)).unwrap_or(0).min(self.template.duration_days)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_built_in_experiment_is_thirty_daily_days_with_audits() {
        let t = ProgramTemplate::builtin("30-day-experiment").expect("built in");
        assert_eq!((t.duration_days, t.practice.days, t.review), (30, Weekdays::DAILY, Cadence::Weekly));
        assert!(t.pre_audit && t.post_audit);
        let p = Program {
            id: ProgramId::from_uuid(uuid::Uuid::nil()),
            domain_id: DomainId::from_uuid(uuid::Uuid::nil()),
            template: t,
            starts_on: date(2026, 11, 1),
            created_at: Timestamp::UNIX_EPOCH,
        };
        assert_eq!((p.ends_on(), p.baseline_from()), (date(2026, 11, 30), date(2026, 10, 2)));
        assert_eq!((p.day(date(2026, 11, 1)), p.day(date(2026, 11, 10)), p.day(date(2027, 1, 1))), (1, 10, 30));
    }

    #[test]
    fn a_bad_template_says_what_is_wrong() {
        let bad = BUILTIN[0].replace("duration_days = 30", "duration_days = 3");
        assert!(ProgramTemplate::parse(&bad).unwrap_err().to_string().contains("duration_days"));
        let unknown = format!("{}\nextra = 1", BUILTIN[0].replace("[practice]", "extra2 = 2\n[practice]"));
        assert!(ProgramTemplate::parse(&unknown).is_err());
    }
}

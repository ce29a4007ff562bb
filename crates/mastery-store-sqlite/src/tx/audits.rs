//! The row decoding of scales and audits.

use mastery_domain::audit::{self, Audit};
use mastery_domain::measure::Confidence;
use mastery_domain::scale::Scale;
use mastery_store::StoreError;

use crate::codec::Columns;

pub(super) fn scale_row(row: &Columns) -> Result<Scale, StoreError> {
    row.validated("source", |source| Scale::from_toml(&source))
}

pub(super) fn audit_row(c: &Columns) -> Result<Audit, StoreError> {
    let threshold = u8::try_from(c.int("threshold")?)
        .ok()
        .and_then(|v| Confidence::new(v).ok())
        .ok_or_else(|| StoreError::Corrupt("threshold out of range".into()))?;
    Ok(Audit {
        id: c.parsed("id")?,
        domain_id: c.parsed("domain_id")?,
        scale_id: c.text("scale_id")?,
        taken_at: c.timestamp("taken_at")?,
        taken_on: c.date("taken_on")?,
        threshold,
        answers: c.validated("answers", |a| audit::parse_answers(&a))?,
        every: c.parsed("every")?,
    })
}

pub(super) fn answers_text(audit: &Audit) -> String {
    audit.answers.iter().map(|a| a.value().to_string()).collect::<Vec<_>>().join(",")
}

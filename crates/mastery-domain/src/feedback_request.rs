//! Drafting a request for feedback. Specific feedback from a credible person is the kind of
//! persuasion that builds belief, and people give it more readily when asked about particular
//! attempts with particular questions, so the draft names the attempts and asks two concrete
//! questions: what to keep, and one specific thing to change.

use jiff::civil::Date;
use serde::Serialize;

use crate::attempt::Outcome;

/// Attempts a request names, at most.
pub const MAX_ATTEMPTS: usize = 5;
/// Attempts a request names when the person does not say.
pub const DEFAULT_ATTEMPTS: usize = 3;

/// One attempt to ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskedAbout {
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    pub outcome: Outcome,
    pub did: Option<String>,
}

/// The text of a request to `to` (or to nobody in particular) about `domain`, naming `attempts`
/// (newest first), or asking to watch the next attempt when there are none.
pub fn draft(to: Option<&str>, domain: &str, attempts: &[AskedAbout]) -> String {
    let greeting = to.map_or_else(|| "Hi,".to_owned(), |name| format!("Hi {name},"));
    let mut text =
        format!("{greeting}\n\nI'm working on {domain} and would really value your honest, specific feedback.");
    if attempts.is_empty() {
        text.push_str(" Could you watch my next attempt and tell me afterwards");
    } else {
        text.push_str(" Could you look at these recent attempts:\n");
        for attempt in attempts.iter().take(MAX_ATTEMPTS) {
            let how = attempt.did.as_deref().map(|d| format!("; what I did: {d}")).unwrap_or_default();
            text.push_str(&format!("\n- {}, {} ({}{how})", attempt.on, attempt.title, attempt.outcome));
        }
        text.push_str("\n\nand tell me, for each");
    }
    text.push_str(
        ": one thing I did that worked and should keep doing, and one specific thing to change next time? A concrete example helps me more than a general impression.\n\nThank you!",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_each_attempt_and_asks_two_specific_questions() {
        let attempts = [
            AskedAbout {
                title: "Present three slides to my team".into(),
                on: "2026-11-18".parse().unwrap(),
                outcome: Outcome::Partial,
                did: Some("used cue cards".into()),
            },
            AskedAbout {
                title: "Ask a question in the weekly meeting".into(),
                on: "2026-11-16".parse().unwrap(),
                outcome: Outcome::Success,
                did: None,
            },
        ];
        let text = draft(Some("Sam"), "public speaking", &attempts);
        assert_eq!(
            text,
            "Hi Sam,\n\nI'm working on public speaking and would really value your honest, specific feedback. Could you look at these recent attempts:\n\n- 2026-11-18, Present three slides to my team (partial; what I did: used cue cards)\n- 2026-11-16, Ask a question in the weekly meeting (success)\n\nand tell me, for each: one thing I did that worked and should keep doing, and one specific thing to change next time? A concrete example helps me more than a general impression.\n\nThank you!"
        );
    }

    #[test]
    fn without_attempts_it_asks_to_watch_the_next_one() {
        let text = draft(None, "running", &[]);
        assert!(text.starts_with("Hi,\n\nI'm working on running"), "{text}");
        assert!(text.contains("Could you watch my next attempt and tell me afterwards: one thing"), "{text}");
    }
}

//! Safety: where to turn right now, and noticing free text that suggests self-harm so the same
//! resources can be shown without blocking anything. Mastery is a general-wellness tool, not a
//! crisis service (SCIENCE.md §8).
//!
//! Both parts are deliberately small and easy to correct: the table has one line per service,
//! each pinned by a test, and the detector is a short list of phrases in the notation of the
//! explanation reader's patterns. It leans towards showing the resources: a needless notice
//! costs a moment; a missed one could cost far more.

use serde::Serialize;

use crate::explanation::normalise;
use crate::explanation::pattern::Pattern;

/// One crisis service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CrisisLine {
    pub region: &'static str,
    pub service: &'static str,
    /// The number to call, or the address to visit.
    pub contact: &'static str,
    pub how: &'static str,
}

/// Said before the list.
pub const INTRO: &str = "If you are thinking about harming yourself or ending your life, please reach out now: you deserve support, and these services are there for exactly this. Mastery is a wellness tool, not a crisis service.";

/// Where to turn, by region.
pub const CRISIS_LINES: &[CrisisLine] = &[
    CrisisLine {
        region: "United States",
        service: "988 Suicide & Crisis Lifeline",
        contact: "988",
        how: "Call or text 988, any time, free; chat at 988lifeline.org",
    },
    CrisisLine {
        region: "United Kingdom and Ireland",
        service: "Samaritans",
        contact: "116 123",
        how: "Call 116 123, any time, free",
    },
    CrisisLine {
        region: "European Union",
        service: "Emergency services",
        contact: "112",
        how: "Call 112 if you or someone else is in immediate danger",
    },
    CrisisLine {
        region: "Anywhere else",
        service: "Find A Helpline",
        contact: "https://findahelpline.com",
        how: "Free, confidential helplines in your country, by phone, text or chat",
    },
];

/// Phrases that suggest thoughts of self-harm or suicide.
const SELF_HARM: &[&str] = &[
    "suicid*",
    "self harm*",
    "selfharm*",
    "kill|killing myself",
    "end|ending|take|taking my ~ life",
    "end|ending it all",
    "want|wanted|wanting|wish ~ die|dead",
    "better off dead",
    "better off without me",
    "no reason to live",
    "nothing to live for",
    "not want to live|wake",
    "not want to be alive",
    "not want to be here ~ anymore|any",
    "want|wanted|going|thinking|think|urge|feel ~ to|about|of|like ~ hurt|hurting|harm|harming|cut|cutting myself",
    "overdose",
];

/// True when any of `texts` suggests self-harm.
pub fn suggests_self_harm<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let patterns: Vec<Pattern> = SELF_HARM.iter().map(|s| Pattern::new(s)).collect();
    texts.into_iter().any(|text| {
        let normalised = normalise(text);
        let words: Vec<&str> =
            normalised.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).collect();
        patterns.iter().any(|p| !p.find_all(&words).is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(region: &str) -> CrisisLine {
        *CRISIS_LINES.iter().find(|l| l.region == region).unwrap_or_else(|| panic!("no line for {region}"))
    }

    #[test]
    fn the_us_line_is_988() {
        let us = line("United States");
        assert_eq!((us.service, us.contact), ("988 Suicide & Crisis Lifeline", "988"));
        assert!(us.how.contains("text 988"));
    }

    #[test]
    fn the_uk_and_ireland_line_is_samaritans_116_123() {
        let uk = line("United Kingdom and Ireland");
        assert_eq!((uk.service, uk.contact), ("Samaritans", "116 123"));
    }

    #[test]
    fn the_eu_emergency_number_is_112() {
        assert_eq!(line("European Union").contact, "112");
    }

    #[test]
    fn everywhere_else_gets_an_international_directory() {
        let elsewhere = line("Anywhere else");
        assert_eq!((elsewhere.service, elsewhere.contact), ("Find A Helpline", "https://findahelpline.com"));
        assert_eq!(CRISIS_LINES.len(), 4, "a new line needs its own test above");
    }

    #[test]
    fn phrases_of_self_harm_are_noticed() {
        for text in [
            "Honestly I want to die",
            "I've been thinking about suicide",
            "feeling suicidal after the exam",
            "Sometimes I think about ending my life",
            "I just want to end it all",
            "Everyone would be better off without me",
            "I don't want to wake up tomorrow",
            "I don't want to be here anymore",
            "I keep thinking about hurting myself",
            "I want to kill myself",
            "I wish I was dead",
            "Thinking of self-harm again",
            "There's no reason to live",
        ] {
            assert!(suggests_self_harm([text]), "{text}");
        }
    }

    #[test]
    fn everyday_idioms_and_injuries_are_not() {
        for text in [
            "I killed it on stage tonight",
            "I died a little inside when the slides froze",
            "This hill is killing me",
            "I'm dying to try the new route",
            "I cut myself chopping onions",
            "I hurt my knee on the last rep",
            "I want to end the talk on a stronger story",
            "The deadline is killing the whole team",
            "",
        ] {
            assert!(!suggests_self_harm([text]), "{text}");
        }
        assert!(suggests_self_harm(["a fine day", "I want to die"]), "any of several texts");
    }
}

//! The reader's rules one at a time; `tests/labelled_explanations.rs` measures them as a whole.

use proptest::prelude::*;

use super::*;

fn fixed(text: &str) -> bool {
    read(text).fixed_ability
}

#[test]
fn contractions_and_curly_apostrophes_are_expanded() {
    assert_eq!(normalise("I’m sure I can't, it's hers"), "i am sure i can not, it is hers");
    assert_eq!(normalise("I don't know; we'd see. Cannot"), "i do not know; we would see. can not");
    assert_eq!(normalise("warm-up"), "warm up");
}

#[test]
fn clauses_split_at_punctuation_and_contrast() {
    let normalised = normalise("I was tired, but I tried; it went fine although slowly");
    let words: Vec<Vec<&str>> = clauses(&normalised).into_iter().map(|c| c.words).collect();
    assert_eq!(
        words,
        vec![
            vec!["i", "was", "tired"],
            vec!["but", "i", "tried"],
            vec!["it", "went", "fine"],
            vec!["although", "slowly"]
        ]
    );
}

#[test]
fn fixed_ability_is_flagged_with_its_cue_and_a_gentle_prompt() {
    let reading = read("I'm just not a numbers person.");
    assert!(reading.fixed_ability);
    assert_eq!(reading.suggested_cause, Some(Cause::Ability));
    assert_eq!(
        reading.cues,
        vec![MatchedCue {
            text: "not a numbers person".into(),
            cause: Cause::Ability,
            fixed_ability: true,
            negated_by: None
        }]
    );
    let prompt = reading.prompt.unwrap();
    assert!(prompt.contains("next time"), "{prompt}");
    assert!(!prompt.to_lowercase().contains("lack"), "never says the person lacks ability: {prompt}");
}

#[test]
fn always_plus_an_involuntary_failure_is_fixed_but_one_event_is_not() {
    let always = read("I always freeze in meetings");
    assert!(always.fixed_ability);
    assert_eq!(always.cues[0].text, "always … freeze");
    assert!(!fixed("I froze when the fire alarm went off"));
    assert!(!fixed("I don't always freeze, only when I skip the rehearsal"));
}

#[test]
fn denials_negations_and_yet_cancel_a_fixed_phrase_and_say_so() {
    let denied = read("It's not because I'm bad at it, I just didn't prepare.");
    assert!(!denied.fixed_ability);
    let bad_at = denied.cues.iter().find(|c| c.fixed_ability).unwrap();
    assert_eq!(bad_at.negated_by.as_deref(), Some("not because"));
    assert_eq!(denied.suggested_cause, Some(Cause::Preparation));

    assert_eq!(read("I'm not just bad at this").cues[0].negated_by.as_deref(), Some("not"));
    assert_eq!(read("I'm not good at this yet").cues[0].negated_by.as_deref(), Some("yet"));
    assert!(!fixed("I'm not hopeless, I just need a better plan"));
    assert!(!fixed("Being bad at maths had nothing to do with it"));
    let corrected = read("I told myself I'm not a maths person, but really I skipped homework");
    assert!(!corrected.fixed_ability);
    assert!(corrected.cues[0].negated_by.as_deref().unwrap().starts_with("but"));
}

#[test]
fn a_negative_phrase_is_not_cancelled_by_its_own_not() {
    assert!(fixed("I'm not good at presenting"));
    assert!(fixed("I really am not cut out for sales"));
}

#[test]
fn lacking_a_cause_still_names_it() {
    assert_eq!(read("I didn't prepare").suggested_cause, Some(Cause::Preparation));
    assert_eq!(read("I haven't learned the verbs yet").suggested_cause, Some(Cause::Preparation));
    assert_eq!(read("Not talent, just lack of practice").suggested_cause, Some(Cause::Effort));
}

#[test]
fn the_leading_cause_wins_and_ties_go_to_the_first() {
    assert_eq!(read("The audience was tired and restless").suggested_cause, Some(Cause::Others));
    assert_eq!(read("I was tired, and the course was hard, and steep").suggested_cause, Some(Cause::Difficulty));
    assert_eq!(read("Nothing in particular").suggested_cause, None);
    assert_eq!(read("").cues, vec![]);
}

proptest! {
    #[test]
    fn reading_never_panics_and_agrees_with_its_cues(text in "\\PC{0,200}") {
        let reading = read(&text);
        let counted_fixed = reading.cues.iter().any(|c| c.fixed_ability && c.negated_by.is_none());
        prop_assert_eq!(reading.fixed_ability, counted_fixed);
        prop_assert_eq!(reading.prompt.is_some(), reading.fixed_ability);
        if reading.fixed_ability {
            prop_assert_eq!(reading.suggested_cause, Some(Cause::Ability));
        }
        prop_assert_eq!(reading.suggested_cause.is_some(), reading.cues.iter().any(|c| c.negated_by.is_none()));
    }

    #[test]
    fn a_denial_in_front_cancels_a_fixed_phrase(i in 0usize..6) {
        let phrases = ["I'm bad at it", "I'm not a natural", "I have no talent", "I'm hopeless at this", "I'm not cut out for it", "I always freeze"];
        prop_assert!(fixed(phrases[i]));
        let denied = format!("It's not because {}", phrases[i]);
        prop_assert!(!fixed(&denied));
    }
}

//! Reading a person's own explanation of an outcome ("why do you think it went that way?") for a
//! fixed-ability explanation — "I'm just not a numbers person", "I always freeze" — which is the
//! explanation that turns a failure into lasting doubt.
//!
//! No validated automatic coder of explanations exists (SCIENCE.md §4), so this reader is a hint,
//! never a verdict: transparent rules over word lists (`lexicon`), every cue it matched listed
//! with why it counted or did not. The person rates their own cause; the reader only offers a
//! gentle question when an explanation sounds fixed.
//!
//! How it reads: the text is normalised (lower case, contractions expanded) and cut into clauses
//! at punctuation and at "but", "although", "though", "however". A fixed-ability phrase counts
//! unless, in its clause, it is
//! - directly negated, for a phrase that is not itself negative ("I'm **not** hopeless"),
//! - inside a denial ("it's **not because** I'm bad at it", "I **used to think** I had no talent",
//!   "being bad at maths **had nothing to do with** it"),
//! - made temporary ("I'm not good at this **yet**"), or
//! - corrected by the next clause ("I told myself I'm not a maths person, **but the real**
//!   problem was…").
//!
//! The same phrases with "always" or "every time" plus an involuntary failure ("freeze",
//! "choke", "go blank") count as fixed too. The suggested cause is the cause with most counted
//! cues (the first to appear on a tie), and ability whenever the explanation sounds fixed.

mod lexicon;
pub(crate) mod pattern;

use std::ops::Range;

use serde::Serialize;

use crate::attempt::Cause;
use pattern::Pattern;

/// The question offered after an explanation that sounds like fixed ability. It asks about what
/// can change and never says the person lacks ability.
pub const REATTRIBUTION_PROMPT: &str = "That explanation sounds like something that can't change. \
It's a hint, not a verdict, and it may not be how you meant it. Looking back, what specifically \
could you do differently next time: more practice, a different strategy, better preparation?";

/// One phrase the reader matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedCue {
    /// The words matched, as normalised ("i am not a numbers person" for "I'm not a numbers person").
    pub text: String,
    /// The cause the phrase points to.
    pub cause: Cause,
    /// Whether the phrase describes a fixed lack of ability.
    pub fixed_ability: bool,
    /// The words that cancel the phrase ("not because", "yet"), when it does not count.
    pub negated_by: Option<String>,
}

impl MatchedCue {
    fn counts(&self) -> bool {
        self.negated_by.is_none()
    }
}

/// What the reader made of one explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// True when a fixed-ability phrase counted.
    pub fixed_ability: bool,
    /// The cause the explanation points to most, if any cue counted.
    pub suggested_cause: Option<Cause>,
    /// Every phrase matched, in reading order, counted or not.
    pub cues: Vec<MatchedCue>,
    /// The gentle question to ask, when the explanation sounds fixed.
    pub prompt: Option<&'static str>,
}

/// Reads one explanation.
pub fn read(text: &str) -> Reading {
    let normalised = normalise(text);
    let clauses = clauses(&normalised);
    let mut cues = Vec::new();
    for (index, clause) in clauses.iter().enumerate() {
        let corrected = clauses.get(index + 1).is_some_and(|next| next.corrects_previous());
        cues.extend(clause.cues(corrected));
    }
    let fixed_ability = cues.iter().any(|c| c.fixed_ability && c.counts());
    let suggested_cause = if fixed_ability { Some(Cause::Ability) } else { leading_cause(&cues) };
    Reading { fixed_ability, suggested_cause, cues, prompt: fixed_ability.then_some(REATTRIBUTION_PROMPT) }
}

/// The cause with most counted cues; the earliest on a tie.
fn leading_cause(cues: &[MatchedCue]) -> Option<Cause> {
    let counted: Vec<Cause> = cues.iter().filter(|c| c.counts()).map(|c| c.cause).collect();
    let tally = |cause: Cause| counted.iter().filter(|&&c| c == cause).count();
    let best = counted.iter().map(|&c| tally(c)).max()?;
    counted.iter().copied().find(|&c| tally(c) == best)
}

/// Lower case, curly apostrophes straightened, contractions expanded, hyphens as spaces.
pub(crate) fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}', '`'], "'").replace("cannot", "can not");
    let spaced: String = lower.chars().map(|c| if c == '-' { ' ' } else { c }).collect();
    spaced.split_whitespace().map(expand).collect::<Vec<_>>().join(" ")
}

/// One word with its contraction expanded ("don't" → "do not", "i'm" → "i am").
fn expand(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] =
        &[("can't", "can not"), ("won't", "will not"), ("shan't", "shall not"), ("ain't", "am not")];
    const SUFFIXES: &[(&str, &str)] =
        &[("n't", " not"), ("'m", " am"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would")];
    const IS_AFTER: &[&str] = &["it", "that", "he", "she", "there", "what", "who", "here", "this", "everything"];
    let (core, trailing) = split_trailing_punctuation(word);
    if let Some((_, full)) = IRREGULAR.iter().find(|(short, _)| *short == core) {
        return format!("{full}{trailing}");
    }
    for (suffix, full) in SUFFIXES {
        if let Some(stem) = core.strip_suffix(suffix) {
            return format!("{stem}{full}{trailing}");
        }
    }
    if let Some(stem) = core.strip_suffix("'s") {
        let verb = if IS_AFTER.contains(&stem) { " is" } else { "" };
        return format!("{stem}{verb}{trailing}");
    }
    word.to_owned()
}

fn split_trailing_punctuation(word: &str) -> (&str, &str) {
    let end = word.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\'').len();
    word.split_at(end)
}

/// Words that open a new clause.
const CLAUSE_OPENERS: &[&str] = &["but", "although", "though", "however", "whereas"];

/// A run of words between clause boundaries.
#[derive(Debug)]
struct Clause<'t> {
    words: Vec<&'t str>,
}

fn clauses(normalised: &str) -> Vec<Clause<'_>> {
    let mut clauses = Vec::new();
    for segment in normalised.split(|c: char| ".,;:!?()\"—–/".contains(c)) {
        let mut words: Vec<&str> = Vec::new();
        for word in segment.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()) {
            let word = word.trim_matches('\'');
            if CLAUSE_OPENERS.contains(&word) && !words.is_empty() {
                clauses.push(Clause { words: std::mem::take(&mut words) });
            }
            if !word.is_empty() {
                words.push(word);
            }
        }
        if !words.is_empty() {
            clauses.push(Clause { words });
        }
    }
    clauses
}

impl Clause<'_> {
    /// "but really…", "but the real problem…": the clause corrects the one before it.
    fn corrects_previous(&self) -> bool {
        self.words.first() == Some(&"but")
            && self.words.iter().skip(1).take(3).any(|w| lexicon::CORRECTIONS.contains(w))
    }

    fn text(&self, range: Range<usize>) -> String {
        self.words[range].join(" ")
    }

    /// Every cue of the clause in reading order. Fixed-ability phrases claim their words first,
    /// then the causes in [`lexicon::CAUSE_HINTS`] order; a word belongs to one cue at most.
    fn cues(&self, corrected: bool) -> Vec<MatchedCue> {
        let mut taken = vec![false; self.words.len()];
        let mut found: Vec<(usize, MatchedCue)> = Vec::new();
        for source in lexicon::FIXED_ABILITY {
            let pattern = Pattern::new(source);
            for range in pattern.find_all(&self.words) {
                let scope = Scope { direct: !pattern.is_negative(), temporary: true, corrected };
                self.push_cue(&mut found, &mut taken, range, Cause::Ability, true, scope);
            }
        }
        if let Some((always, span)) = self.always_failing() {
            let scope = Scope { direct: true, temporary: true, corrected };
            let negated_by = self.negation(&always, scope);
            if claim(&mut taken, &span) {
                let text = format!("{} … {}", self.text(always), self.text(span.clone()));
                found.push((span.start, MatchedCue { text, cause: Cause::Ability, fixed_ability: true, negated_by }));
            }
        }
        for (cause, sources) in lexicon::CAUSE_HINTS {
            // Saying one lacks a cause still names it ("I didn't prepare" is about preparation);
            // only ability, a claim about oneself, is cancelled by "not" or "yet".
            let about_ability = *cause == Cause::Ability;
            for source in *sources {
                for range in Pattern::new(source).find_all(&self.words) {
                    let scope = Scope { direct: about_ability, temporary: about_ability, corrected };
                    self.push_cue(&mut found, &mut taken, range, *cause, false, scope);
                }
            }
        }
        found.sort_by_key(|(start, _)| *start);
        found.into_iter().map(|(_, cue)| cue).collect()
    }

    /// Adds the cue at `range` unless an earlier cue already claimed one of its words.
    fn push_cue(
        &self,
        found: &mut Vec<(usize, MatchedCue)>,
        taken: &mut [bool],
        range: Range<usize>,
        cause: Cause,
        fixed_ability: bool,
        scope: Scope,
    ) {
        if claim(taken, &range) {
            let negated_by = self.negation(&range, scope);
            found.push((range.start, MatchedCue { text: self.text(range), cause, fixed_ability, negated_by }));
        }
    }

    /// "I always freeze", "every time … my mind goes blank": a failure said to happen every time.
    /// Returns where "always" is and where the failure is.
    fn always_failing(&self) -> Option<(Range<usize>, Range<usize>)> {
        let first = |sources: &[&'static str]| {
            sources
                .iter()
                .filter_map(|s| Pattern::new(s).find_all(&self.words).into_iter().next())
                .min_by_key(|r| r.start)
        };
        Some((first(lexicon::ALWAYS)?, first(lexicon::FAILURE_REACTIONS)?))
    }

    /// Why the phrase at `range` does not count, if it does not.
    fn negation(&self, range: &Range<usize>, scope: Scope) -> Option<String> {
        let before = &self.words[..range.start];
        let after = &self.words[range.end..];
        if scope.direct {
            let window = &self.words[range.start.saturating_sub(2)..range.end];
            if let Some(word) = window.iter().find(|w| lexicon::DIRECT_NEGATORS.contains(w)) {
                return Some((*word).to_owned());
            }
        }
        let temporary: &[&str] = if scope.temporary { lexicon::TEMPORARY } else { &[] };
        first_match(lexicon::DENIALS_BEFORE, before)
            .or_else(|| first_match(lexicon::DENIALS_AFTER, after))
            .or_else(|| first_match(temporary, after))
            .or_else(|| scope.corrected.then(|| "but … (the next clause corrects it)".to_owned()))
    }
}

/// Which cancellations apply to a phrase.
#[derive(Debug, Clone, Copy)]
struct Scope {
    /// A "not" just before or inside cancels it (phrases that are not negative themselves).
    direct: bool,
    /// "yet", "right now" after it cancel it.
    temporary: bool,
    /// The next clause corrects this one.
    corrected: bool,
}

/// Marks the words of `range` as used, unless one already is.
fn claim(taken: &mut [bool], range: &Range<usize>) -> bool {
    let free = !taken[range.clone()].iter().any(|&t| t);
    if free {
        taken[range.clone()].iter_mut().for_each(|t| *t = true);
    }
    free
}

/// The words of the first of `sources` found in `words`.
fn first_match(sources: &[&'static str], words: &[&str]) -> Option<String> {
    sources.iter().find_map(|s| Pattern::new(s).find_all(words).into_iter().next().map(|r| words[r].join(" ")))
}

#[cfg(test)]
mod tests;

//! A pattern language small enough to read at a glance, so that anyone can see (and correct) why a
//! phrase was matched. A pattern is words separated by spaces; each slot is one of:
//!
//! - `word`: that word; `prefix*`: any word starting with `prefix`;
//! - `a|b|c`: any of the alternatives (each may be a prefix);
//! - `_`: any one word;
//! - `~`: a gap of zero to two words ("not ~ good at" matches "not very good at").
//!
//! Patterns match normalised words (lower case, contractions expanded: "can't" is "can not").

/// The longest gap `~` stands for.
const MAX_GAP: usize = 2;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Gap,
    Any,
    Words(Vec<Alternative>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Alternative {
    text: &'static str,
    prefix: bool,
}

/// Words that turn a phrase into its negation.
pub const NEGATORS: &[&str] = &["not", "never", "no", "without", "lack", "lacking"];

impl Pattern {
    pub fn new(source: &'static str) -> Self {
        let slots = source
            .split_whitespace()
            .map(|slot| match slot {
                "~" => Slot::Gap,
                "_" => Slot::Any,
                words => Slot::Words(
                    words
                        .split('|')
                        .map(|w| match w.strip_suffix('*') {
                            Some(text) => Alternative { text, prefix: true },
                            None => Alternative { text: w, prefix: false },
                        })
                        .collect(),
                ),
            })
            .collect();
        Self { slots }
    }

    /// Whether the pattern itself says "not", "never", "no"…: such a phrase is already negative,
    /// so a "not" inside or just before it does not cancel it.
    pub fn is_negative(&self) -> bool {
        self.slots.iter().any(|slot| match slot {
            Slot::Words(alternatives) => alternatives.iter().any(|a| NEGATORS.contains(&a.text)),
            Slot::Gap | Slot::Any => false,
        })
    }

    /// Every non-overlapping match in `words`, as `start..end` word ranges, leftmost first.
    pub fn find_all(&self, words: &[&str]) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            match self.match_at(0, words, start) {
                Some(end) if end > start => {
                    found.push(start..end);
                    start = end;
                }
                _ => start += 1,
            }
        }
        found
    }

    /// Where a match of `slots[slot..]` starting at word `at` ends, preferring the shortest.
    fn match_at(&self, slot: usize, words: &[&str], at: usize) -> Option<usize> {
        let Some(current) = self.slots.get(slot) else {
            return Some(at);
        };
        match current {
            Slot::Gap => (0..=MAX_GAP)
                .take_while(|skip| at + skip <= words.len())
                .find_map(|skip| self.match_at(slot + 1, words, at + skip)),
            Slot::Any => (at < words.len()).then(|| self.match_at(slot + 1, words, at + 1)).flatten(),
            Slot::Words(alternatives) => {
                let word = words.get(at)?;
                let hit =
                    alternatives.iter().any(|a| if a.prefix { word.starts_with(a.text) } else { *word == a.text });
                hit.then(|| self.match_at(slot + 1, words, at + 1)).flatten()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn slots_match_words_prefixes_alternatives_and_gaps() {
        let p = Pattern::new("not ~ good|great at");
        assert_eq!(p.find_all(&words("i am not good at it")), vec![2..5]);
        assert_eq!(p.find_all(&words("i am not really very good at it")), vec![2..7]);
        assert_eq!(p.find_all(&words("i am not at all really good at it")), Vec::<std::ops::Range<usize>>::new());
        let prefix = Pattern::new("prepar*");
        assert_eq!(prefix.find_all(&words("i prepared and prepared")), vec![1..2, 3..4]);
        let any = Pattern::new("not a _ person");
        assert_eq!(any.find_all(&words("not a numbers person")), vec![0..4]);
        assert!(any.find_all(&words("not a person")).is_empty());
    }

    #[test]
    fn negative_patterns_are_recognised() {
        assert!(Pattern::new("not ~ cut out").is_negative());
        assert!(Pattern::new("no talent|aptitude").is_negative());
        assert!(!Pattern::new("am ~ bad at").is_negative());
    }

    #[test]
    fn a_trailing_gap_matches_nothing_more() {
        assert_eq!(Pattern::new("luck ~").find_all(&words("pure luck")), vec![1..2]);
    }
}

//! Free text and names as entered by a person: trimmed, non-empty where required, bounded, and
//! turned into slugs so that things can be referred to as `public-speaking` on the command line.

use crate::Field;
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Longest name or title accepted (domains, goals, challenges, people).
pub const MAX_NAME: usize = 200;
/// Longest free text accepted (what I did, why, lessons, feedback).
pub const MAX_TEXT: usize = 10_000;
/// Longest slug kept; longer names are cut at a word boundary.
const MAX_SLUG: usize = 60;

/// A required, trimmed, single-line name (a domain name, a goal statement, a rung title).
/// Deserialising validates it as [`Name::parse`] does, so a name read from a file is as checked
/// as one typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl TryFrom<String> for Name {
    type Error = ValidationError;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(Field::Name, &raw)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0
    }
}

impl Name {
    /// Validates `raw` as the value of `field`.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Empty`], [`ValidationError::TooLong`], [`ValidationError::ControlCharacter`]
    /// or [`ValidationError::NoSlug`] (no letter or digit to make a slug from), naming `field`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mastery_domain::Field;
    /// use mastery_domain::text::Name;
    ///
    /// assert_eq!(Name::parse(Field::DomainName, "  Public speaking ").unwrap().to_string(), "Public speaking");
    /// assert!(Name::parse(Field::DomainName, "  ").is_err());
    /// assert!(Name::parse(Field::DomainName, "\u{1b}[31mred").is_err());
    /// ```
    pub fn parse(field: crate::Field, raw: &str) -> Result<Self, ValidationError> {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(ValidationError::Empty { field });
        }
        check_len(field, &collapsed, MAX_NAME)?;
        check_plain(field, &collapsed)?;
        Ok(Self(collapsed))
    }

    /// The slug of this name; `None` when it holds no letter or digit.
    pub fn slug(&self) -> Option<String> {
        slugify(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Optional free text: surrounding whitespace trimmed, line ends as `\n` (browsers send `\r\n`);
/// blank becomes absent.
///
/// # Errors
///
/// [`ValidationError::TooLong`] or [`ValidationError::ControlCharacter`], naming `field`.
pub fn optional_text(field: crate::Field, raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    let Some(trimmed) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let text = trimmed.replace("\r\n", "\n");
    check_len(field, &text, MAX_TEXT)?;
    check_plain(field, &text)?;
    Ok(Some(text))
}

/// Required free text (feedback text, a backfilled success).
///
/// # Errors
///
/// [`ValidationError::Empty`] when `raw` is blank, or as [`optional_text`].
pub fn required_text(field: crate::Field, raw: &str) -> Result<String, ValidationError> {
    optional_text(field, Some(raw))?.ok_or(ValidationError::Empty { field })
}

/// Refuses control characters other than line ends and tabs: an escape sequence stored in a name
/// would drive the terminal of whoever lists it.
fn check_plain(field: crate::Field, value: &str) -> Result<(), ValidationError> {
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ValidationError::ControlCharacter { field });
    }
    Ok(())
}

fn check_len(field: crate::Field, value: &str, max: usize) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    Ok(())
}

/// Lower-case ASCII letters and digits joined by single hyphens; other letters are dropped after
/// stripping common Latin accents. `None` when nothing is left.
pub fn slugify(text: &str) -> Option<String> {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.chars().filter_map(fold_char).collect::<String>())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            if slug.len() + 1 + word.len() > MAX_SLUG {
                break;
            }
            slug.push('-');
        }
        slug.push_str(&word[..word.len().min(MAX_SLUG)]);
    }
    (!slug.is_empty()).then_some(slug)
}

fn fold_char(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        _ => return None,
    };
    Some(folded)
}

/// A count with its noun in the right number: `count(1, "success", "successes")` is
/// "1 success", `count(3, …)` "3 successes". Every count written in words goes through it.
pub fn count(n: impl TryInto<u64>, one: &str, many: &str) -> String {
    // Every count here (u8 to usize) fits a u64.
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    format!("{n} {}", noun(n, one, many))
}

/// The noun alone, in the number `n` asks for.
pub fn noun<'a>(n: impl TryInto<u64>, one: &'a str, many: &'a str) -> &'a str {
    if n.try_into().is_ok_and(|n: u64| n == 1) { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_is_singular_and_every_other_plural() {
        assert_eq!(count(1u32, "success", "successes"), "1 success");
        assert_eq!(count(0u32, "success", "successes"), "0 successes");
        assert_eq!(count(21usize, "day", "days"), "21 days");
        assert_eq!(noun(1u8, "attempt", "attempts"), "attempt");
        assert_eq!(noun(2u8, "attempt", "attempts"), "attempts");
    }

    #[test]
    fn names_are_trimmed_and_collapsed() {
        assert_eq!(Name::parse(Field::Name, "  Public   speaking ").unwrap().as_str(), "Public speaking");
        assert_eq!(Name::parse(Field::Name, " \t"), Err(ValidationError::Empty { field: Field::Name }));
    }

    #[test]
    fn control_characters_are_refused_but_line_ends_and_tabs_are_text() {
        let refused = ValidationError::ControlCharacter { field: Field::Name };
        assert_eq!(Name::parse(Field::Name, "Run\u{1b}[2J"), Err(refused.clone()));
        assert_eq!(optional_text(Field::Name, Some("a\u{7}bell")), Err(refused.clone()));
        assert_eq!(optional_text(Field::Name, Some("a\u{9b}31m")), Err(refused));
        assert_eq!(optional_text(Field::Text, Some("one\r\ntwo\tthree")), Ok(Some("one\ntwo\tthree".to_owned())));
        assert_eq!(Name::parse(Field::Name, "Public\tspeaking").unwrap().as_str(), "Public speaking");
    }

    #[test]
    fn long_names_are_refused() {
        let long = "x".repeat(MAX_NAME + 1);
        assert!(matches!(Name::parse(Field::Title, &long), Err(ValidationError::TooLong { .. })));
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("Public Speaking").as_deref(), Some("public-speaking"));
        assert_eq!(slugify("Run a 10 km race!").as_deref(), Some("run-a-10-km-race"));
        assert_eq!(slugify("Café crème").as_deref(), Some("cafe-creme"));
        assert_eq!(slugify("!!!"), None);
    }

    #[test]
    fn slugs_are_bounded_at_a_word() {
        let slug = slugify(&"word ".repeat(40)).unwrap();
        assert!(slug.len() <= 60);
        assert!(slug.ends_with("word"));
    }

    #[test]
    fn blank_optional_text_is_absent() {
        assert_eq!(optional_text(Field::Lesson, Some("  ")).unwrap(), None);
        assert_eq!(optional_text(Field::Lesson, Some(" ok ")).unwrap().as_deref(), Some("ok"));
    }
}

//! Efficacy scales: Bandura-style lists of capabilities in one domain, graded from easy to hard,
//! each rated "how certain am I that I can do this, as of now" on 0–100.
//!
//! A scale is written as a TOML file (the format is documented in `docs/scales.md`). Parsing
//! checks every rule a scale must follow and, when one is broken, names the line and the problem,
//! so a person writing their own scale can fix it without guessing. The text a scale was parsed
//! from is kept beside it: it is what a store saves and what an export gives back, byte for byte.
//!
//! The built-in scales (one per life area and a few specific domains) are Mastery's own writing,
//! embedded in the binary. Their items are frozen once released: audits store answers by
//! position, so a revised scale gets a new id instead of new items under the old one.

use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

use crate::ValidationError;
use crate::domain::LifeArea;
use crate::measure::Confidence;
use crate::text::{MAX_NAME, MAX_TEXT, slugify};

/// Fewest items a scale may have: fewer cannot show a gradient of difficulty.
pub const MIN_ITEMS: usize = 3;
/// Most items a scale may have: an audit should take minutes, not an hour.
pub const MAX_ITEMS: usize = 40;
/// The default threshold τ for the level score.
pub const DEFAULT_THRESHOLD: u8 = 50;

/// A validated efficacy scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// Lower-case and hyphenated (`public-speaking`), unique among the scales a person can use.
    pub id: String,
    /// A neutral title; it names the domain, never a trait ("Speaking in public", not "Courage").
    pub title: String,
    /// The life area the scale belongs to.
    pub area: LifeArea,
    /// The specific domain the scale is written for (a slug such as `public-speaking`); absent
    /// for a scale covering a whole life area.
    pub domain: Option<String>,
    /// What the person reads before rating: capability now, "can do" not "will do", privacy.
    pub instructions: String,
    /// τ: an item rated at or above it counts towards the level and the composite.
    pub threshold: Confidence,
    /// A warm-up item, not scored, that teaches the 0–100 range.
    pub practice: Option<Practice>,
    /// The items, easy → hard (ranks strictly increasing).
    pub items: Vec<Item>,
    /// Norms from a reference group, which make the Reliable Change Index computable.
    pub norms: Option<Norms>,
    /// The TOML text the scale was parsed from.
    pub source: String,
}

/// The practice item: one capability at graded levels ("lift a 5 kg bag", "… 10 kg", …).
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub text: String,
    pub levels: Vec<String>,
}

/// One item of a scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// A capability, phrased so that "I can …" reads naturally in front of it.
    pub text: String,
    /// Its difficulty rank: higher is harder.
    pub rank: u32,
}

/// The spread and reliability of the scale's strength score in a reference group.
#[derive(Debug, Clone, PartialEq)]
pub struct Norms {
    /// Standard deviation of strength (0–100) in the reference group.
    pub sd: f64,
    /// Test–retest or internal-consistency reliability, strictly between 0 and 1.
    pub reliability: f64,
    /// Where the norms come from.
    pub source: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The file as written, before validation. Every value keeps its position for error messages.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    id: Spanned<String>,
    title: Spanned<String>,
    area: Spanned<String>,
    domain: Option<Spanned<String>>,
    instructions: Spanned<String>,
    threshold: Option<Spanned<i64>>,
    practice: Option<Spanned<RawPractice>>,
    items: Spanned<Vec<Spanned<RawItem>>>,
    norms: Option<Spanned<RawNorms>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPractice {
    text: Spanned<String>,
    levels: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    rank: Spanned<i64>,
    text: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorms {
    sd: Spanned<f64>,
    reliability: Spanned<f64>,
    source: Option<Spanned<String>>,
}

/// Turns byte offsets into line numbers for error messages.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.0.len());
        self.0.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
    }

    fn fail<T>(&self, at: &Spanned<T>, problem: impl Into<String>) -> ValidationError {
        ValidationError::Scale { line: self.line(at.span().start), problem: problem.into() }
    }
}

impl Scale {
    /// Parses and validates a scale written in TOML.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Scale`] with the line of the first problem: TOML syntax, a missing or
    /// unknown key, items not 3–40 or not easy → hard, norms out of range, an id that is not a slug.
    pub fn from_toml(source: &str) -> Result<Self, ValidationError> {
        let lines = Lines(source);
        let raw: RawScale = toml::from_str(source).map_err(|e| ValidationError::Scale {
            line: e.span().map_or(1, |span| lines.line(span.start)),
            problem: plain(e.message()),
        })?;

        let id = raw.id.get_ref().trim();
        if slugify(id).as_deref() != Some(id) {
            return Err(lines.fail(
                &raw.id,
                format!(
                    "id '{id}' must be lower-case letters, digits and single hyphens, like {}",
                    slugify(id).unwrap_or_else(|| "public-speaking".to_owned())
                ),
            ));
        }
        let title = one_line(&lines, "title", &raw.title)?;
        let area = raw.area.get_ref().parse::<LifeArea>().map_err(|e| lines.fail(&raw.area, e.to_string()))?;
        let domain = match &raw.domain {
            Some(spanned) => {
                let slug = spanned.get_ref().trim();
                if slugify(slug).as_deref() != Some(slug) {
                    return Err(lines.fail(
                        spanned,
                        format!("domain '{slug}' must be a domain's slug, like {}", slugify(slug).unwrap_or_default()),
                    ));
                }
                Some(slug.to_owned())
            }
            None => None,
        };
        let instructions = text(&lines, "instructions", &raw.instructions)?;
        let threshold = match &raw.threshold {
            None => Confidence::new(DEFAULT_THRESHOLD).expect("the default threshold is valid"),
            Some(spanned) => {
                u8::try_from(*spanned.get_ref()).ok().and_then(|t| Confidence::new(t).ok()).ok_or_else(|| {
                    lines.fail(
                        spanned,
                        format!("threshold must be 0–100 in steps of 10 (default 50); got {}", spanned.get_ref()),
                    )
                })?
            }
        };
        let practice = raw.practice.as_ref().map(|p| practice(&lines, p)).transpose()?;
        let items = items(&lines, &raw.items)?;
        let norms = raw.norms.as_ref().map(|n| norms(&lines, n)).transpose()?;
        Ok(Self {
            id: id.to_owned(),
            title,
            area,
            domain,
            instructions,
            threshold,
            practice,
            items,
            norms,
            source: source.to_owned(),
        })
    }

    /// The threshold τ as a number.
    pub fn tau(&self) -> u8 {
        self.threshold.value()
    }
}

/// A TOML error message with Rust's type names in words.
fn plain(message: &str) -> String {
    message.trim().replace("expected i64", "expected a whole number").replace("expected f64", "expected a number")
}

fn text(lines: &Lines<'_>, field: &str, value: &Spanned<String>) -> Result<String, ValidationError> {
    let trimmed = value.get_ref().trim();
    if trimmed.is_empty() {
        return Err(lines.fail(value, format!("{field} must not be empty")));
    }
    let len = trimmed.chars().count();
    if len > MAX_TEXT {
        return Err(lines.fail(value, format!("{field} is too long ({len} characters); keep it under {MAX_TEXT}")));
    }
    Ok(trimmed.to_owned())
}

/// A title, item or level: required, single-line, at most a name's length.
fn one_line(lines: &Lines<'_>, field: &str, value: &Spanned<String>) -> Result<String, ValidationError> {
    let collapsed = value.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return Err(lines.fail(value, format!("{field} must not be empty")));
    }
    let len = collapsed.chars().count();
    if len > MAX_NAME {
        return Err(lines.fail(value, format!("{field} is too long ({len} characters); keep it under {MAX_NAME}")));
    }
    Ok(collapsed)
}

fn practice(lines: &Lines<'_>, raw: &Spanned<RawPractice>) -> Result<Practice, ValidationError> {
    let p = raw.get_ref();
    let text = one_line(lines, "the practice item's text", &p.text)?;
    let levels = p.levels.get_ref();
    if !(2..=11).contains(&levels.len()) {
        return Err(lines.fail(
            &p.levels,
            format!("the practice item needs 2 to 11 graded levels, easy to hard; it has {}", levels.len()),
        ));
    }
    let levels = levels.iter().map(|l| one_line(lines, "a practice level", l)).collect::<Result<Vec<_>, _>>()?;
    Ok(Practice { text, levels })
}

fn items(lines: &Lines<'_>, raw: &Spanned<Vec<Spanned<RawItem>>>) -> Result<Vec<Item>, ValidationError> {
    let count = raw.get_ref().len();
    if !(MIN_ITEMS..=MAX_ITEMS).contains(&count) {
        return Err(lines.fail(raw, format!("a scale needs {MIN_ITEMS} to {MAX_ITEMS} items; this one has {count}")));
    }
    let mut items: Vec<Item> = Vec::with_capacity(count);
    for spanned in raw.get_ref() {
        let item = spanned.get_ref();
        let text = one_line(lines, "item text", &item.text)?;
        let rank = u32::try_from(*item.rank.get_ref())
            .ok()
            .filter(|r| *r >= 1)
            .ok_or_else(|| lines.fail(&item.rank, format!("rank must be a whole number from 1; got {}", item.rank)))?;
        if let Some(previous) = items.last()
            && rank <= previous.rank
        {
            return Err(lines.fail(
                &item.rank,
                format!(
                    "items go from easy to hard, so each rank must be higher than the one before; rank {rank} follows rank {}",
                    previous.rank
                ),
            ));
        }
        if items.iter().any(|i| i.text.eq_ignore_ascii_case(&text)) {
            return Err(lines.fail(&item.text, format!("the item '{text}' appears twice")));
        }
        items.push(Item { text, rank });
    }
    Ok(items)
}

fn norms(lines: &Lines<'_>, raw: &Spanned<RawNorms>) -> Result<Norms, ValidationError> {
    let n = raw.get_ref();
    let sd = *n.sd.get_ref();
    if !(sd.is_finite() && sd > 0.0 && sd <= 100.0) {
        return Err(
            lines.fail(&n.sd, format!("norms.sd must be a standard deviation above 0 and at most 100; got {sd}"))
        );
    }
    let reliability = *n.reliability.get_ref();
    if !(reliability.is_finite() && reliability > 0.0 && reliability < 1.0) {
        return Err(lines.fail(
            &n.reliability,
            format!("norms.reliability must be strictly between 0 and 1 (for example 0.85); got {reliability}"),
        ));
    }
    let source = n.source.as_ref().map(|s| text(lines, "norms.source", s)).transpose()?;
    Ok(Norms { sd, reliability, source })
}

// ---------------------------------------------------------------------------------------------
// The built-in scales.

/// The built-in scales' file names and texts, in the order they are listed.
const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("career.toml", include_str!("../scales/career.toml")),
    ("health.toml", include_str!("../scales/health.toml")),
    ("relationships.toml", include_str!("../scales/relationships.toml")),
    ("learning.toml", include_str!("../scales/learning.toml")),
    ("finances.toml", include_str!("../scales/finances.toml")),
    ("public-speaking.toml", include_str!("../scales/public-speaking.toml")),
    ("regular-exercise.toml", include_str!("../scales/regular-exercise.toml")),
    ("exam-preparation.toml", include_str!("../scales/exam-preparation.toml")),
];

static BUILTIN: LazyLock<Vec<Scale>> = LazyLock::new(|| {
    BUILTIN_SOURCES
        .iter()
        .map(|(file, source)| {
            Scale::from_toml(source).unwrap_or_else(|e| panic!("built-in scale {file} is invalid: {e}"))
        })
        .collect()
});

/// Mastery's own scales: one per life area, then specific domains.
pub fn builtin() -> &'static [Scale] {
    &BUILTIN
}

/// The built-in scale for a whole life area (none for `other`).
pub fn for_area(area: LifeArea) -> Option<&'static Scale> {
    builtin().iter().find(|s| s.area == area && s.domain.is_none())
}

/// The life areas the baseline audit covers, in order.
pub const BASELINE_AREAS: [LifeArea; 5] =
    [LifeArea::Career, LifeArea::Health, LifeArea::Relationships, LifeArea::Learning, LifeArea::Finances];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const GOOD: &str = r#"
id = "knitting"
title = "Knitting"
area = "other"
domain = "knitting"
instructions = "Rate how certain you are that you can do each of these, as of now."
threshold = 60

[practice]
text = "Carry a bag of wool"
levels = ["of 1 kg", "of 5 kg", "of 20 kg"]

[[items]]
rank = 1
text = "Cast on twenty stitches"

[[items]]
rank = 2
text = "Knit a scarf with an even tension"

[[items]]
rank = 4
text = "Knit a sweater from a pattern when the pattern has errors"

[norms]
sd = 7.5
reliability = 0.85
source = "A made-up group"
"#;

    fn error(source: &str) -> (usize, String) {
        match Scale::from_toml(source) {
            Err(ValidationError::Scale { line, problem }) => (line, problem),
            other => panic!("expected a scale error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_scale_parses_with_everything() {
        let scale = Scale::from_toml(GOOD).unwrap();
        assert_eq!(scale.id, "knitting");
        assert_eq!(scale.area, LifeArea::Other);
        assert_eq!(scale.domain.as_deref(), Some("knitting"));
        assert_eq!(scale.tau(), 60);
        assert_eq!(scale.practice.as_ref().unwrap().levels.len(), 3);
        assert_eq!(scale.items.iter().map(|i| i.rank).collect::<Vec<_>>(), [1, 2, 4]);
        assert_eq!(scale.norms.as_ref().unwrap().sd, 7.5);
        assert_eq!(scale.source, GOOD);
    }

    #[test]
    fn the_threshold_defaults_to_50_and_optional_parts_may_go() {
        let minimal = GOOD
            .replace("threshold = 60\n", "")
            .replace("domain = \"knitting\"\n", "")
            .split("[practice]")
            .next()
            .unwrap()
            .to_owned()
            + &GOOD[GOOD.find("[[items]]").unwrap()..GOOD.find("[norms]").unwrap()];
        let scale = Scale::from_toml(&minimal).unwrap();
        assert_eq!(scale.tau(), 50);
        assert_eq!((scale.domain, scale.practice, scale.norms), (None, None, None));
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let (line, problem) = error(&GOOD.replace("rank = 4", "rank = 2"));
        assert_eq!(line, 22, "{problem}");
        assert!(problem.contains("rank 2 follows rank 2"), "{problem}");

        let (line, problem) = error(&GOOD.replace("threshold = 60", "threshold = 55"));
        assert_eq!(line, 7);
        assert!(problem.contains("steps of 10"), "{problem}");

        let (line, problem) = error(&GOOD.replace("area = \"other\"", "area = \"hobbies\""));
        assert_eq!(line, 4);
        assert!(problem.contains("hobbies") && problem.contains("career"), "{problem}");

        let (line, problem) = error(&GOOD.replace("sd = 7.5", "sd = -1.0"));
        assert_eq!(line, 26);
        assert!(problem.contains("norms.sd"), "{problem}");

        let (line, problem) = error(&GOOD.replace("reliability = 0.85", "reliability = 1.0"));
        assert_eq!(line, 27);
        assert!(problem.contains("between 0 and 1"), "{problem}");

        let (line, problem) = error(&GOOD.replace("text = \"Cast on twenty stitches\"", "text = \"  \""));
        assert_eq!(line, 15);
        assert!(problem.contains("item text must not be empty"), "{problem}");

        let (line, problem) = error(&GOOD.replace("id = \"knitting\"", "id = \"Knitting Club\""));
        assert_eq!(line, 2);
        assert!(problem.contains("knitting-club"), "{problem}");
    }

    #[test]
    fn syntax_errors_and_unknown_keys_name_the_line() {
        let (line, problem) = error(&GOOD.replace("rank = 2\n", "rank = \n"));
        assert_eq!(line, 18, "{problem}");

        let (line, problem) = error(&GOOD.replace("threshold = 60", "treshold = 60"));
        assert_eq!(line, 7);
        assert!(problem.contains("treshold"), "{problem}");

        let (line, problem) = error(&GOOD.replace("title = \"Knitting\"\n", ""));
        assert_eq!((line, problem.as_str()), (1, "missing field `title`"));

        let (line, problem) = error(&GOOD.replace("rank = 1", "rank = \"one\""));
        assert_eq!(line, 14);
        assert_eq!(problem, "invalid type: string \"one\", expected a whole number");

        let (line, problem) = error(&GOOD.replace("sd = 7.5", "sd = \"wide\""));
        assert_eq!(line, 26);
        assert_eq!(problem, "invalid type: string \"wide\", expected a number");
    }

    #[test]
    fn too_few_items_and_duplicates_are_refused() {
        let two = GOOD.replacen("[[items]]\nrank = 4", "[[itemz]]\nrank = 4", 1);
        assert!(error(&two).1.contains("itemz"));
        let start = GOOD.find("[[items]]\nrank = 4").unwrap();
        let end = GOOD.find("[norms]").unwrap();
        let two = format!("{}{}", &GOOD[..start], &GOOD[end..]);
        assert!(error(&two).1.contains("3 to 40 items; this one has 2"));
        let twice = GOOD.replace("Knit a scarf with an even tension", "cast on twenty stitches");
        assert!(error(&twice).1.contains("appears twice"));
    }

    #[test]
    fn every_builtin_scale_follows_the_rules() {
        let scales = builtin();
        assert_eq!(scales.len(), BUILTIN_SOURCES.len());
        let mut ids = HashSet::new();
        let mut texts = HashSet::new();
        for scale in scales {
            assert!(ids.insert(scale.id.clone()), "scale id {} is used twice", scale.id);
            assert!((8..=12).contains(&scale.items.len()), "{} has {} items", scale.id, scale.items.len());
            assert!(scale.items.windows(2).all(|w| w[0].rank < w[1].rank), "{}: ranks must increase", scale.id);
            assert!(scale.practice.is_some(), "{} has no practice item", scale.id);
            assert_eq!(scale.tau(), DEFAULT_THRESHOLD, "{}", scale.id);
            // Mastery has no reference group for its own scales, so it claims no norms.
            assert!(scale.norms.is_none(), "{} claims norms", scale.id);
            for item in &scale.items {
                let key = item.text.to_lowercase();
                assert!(texts.insert(key), "item text '{}' appears in more than one place", item.text);
                assert!(!item.text.ends_with('?') && !item.text.ends_with('.'), "{}: '{}'", scale.id, item.text);
                let lower = item.text.to_lowercase();
                for intention in ["i will", "i'll", "i am ", "i'm "] {
                    assert!(!lower.starts_with(intention), "{}: '{}' is not a capability", scale.id, item.text);
                }
            }
            let instructions = scale.instructions.to_lowercase();
            for must in ["as of now", "can do", "this computer"] {
                assert!(instructions.contains(must), "{}'s instructions should say '{must}'", scale.id);
            }
        }
    }

    #[test]
    fn each_baseline_area_has_a_builtin_scale() {
        for area in BASELINE_AREAS {
            let scale = for_area(area).unwrap_or_else(|| panic!("no scale for {area}"));
            assert_eq!(scale.id, area.as_str());
        }
        assert!(for_area(LifeArea::Other).is_none());
        let specific: Vec<&str> = builtin().iter().filter_map(|s| s.domain.as_deref()).collect();
        assert_eq!(specific, ["public-speaking", "regular-exercise", "exam-preparation"]);
    }

    /// Neither the General Self-Efficacy Scale nor the New General Self-Efficacy Scale may ship:
    /// their authors allow research use only. These fragments are distinctive of their items.
    #[test]
    fn no_builtin_scale_uses_general_self_efficacy_items() {
        let forbidden = [
            "solve difficult problems if i try hard enough",
            "find the means and ways to get what i want",
            "stick to my aims and accomplish my goals",
            "deal efficiently with unexpected events",
            "handle unforeseen situations",
            "invest the necessary effort",
            "remain calm when facing difficulties",
            "find several solutions",
            "think of a solution",
            "handle whatever comes my way",
            "achieve most of the goals that i have set",
            "succeed at most any endeavor",
            "overcome many challenges",
            "perform effectively on many different tasks",
            "do most tasks very well",
            "perform quite well",
        ];
        for scale in builtin() {
            let text = scale.source.to_lowercase();
            for phrase in forbidden {
                assert!(!text.contains(phrase), "{} contains a general self-efficacy item: '{phrase}'", scale.id);
            }
        }
    }
}

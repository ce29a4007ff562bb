//! Asking for missing values, only when a person is at a terminal. Scripts (stdin not a
//! terminal) get an error naming the flag instead, so they never hang.

use std::fmt;
use std::io::IsTerminal;

use anyhow::{Result, anyhow};
use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{Confirm, Password, PasswordDisplayMode, Select, Text};
use mastery_domain::measure::Confidence;
use mastery_domain::reattribution::IfThen;

/// A required value was missing and there was no terminal to ask on.
#[derive(Debug)]
pub struct MissingValue {
    pub what: &'static str,
    pub flag: &'static str,
}

impl fmt::Display for MissingValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "missing {}; pass {}", self.what, self.flag)
    }
}

impl std::error::Error for MissingValue {}

/// Asks on the terminal, or explains which flag is missing.
#[derive(Debug, Clone, Copy)]
pub struct Prompter {
    interactive: bool,
}

impl Prompter {
    pub fn new() -> Self {
        Self { interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal() }
    }

    pub fn is_interactive(self) -> bool {
        self.interactive
    }

    fn missing(what: &'static str, flag: &'static str) -> anyhow::Error {
        MissingValue { what, flag }.into()
    }

    /// A required text value: given, or asked for.
    pub fn text(self, given: Option<String>, what: &'static str, flag: &'static str, question: &str) -> Result<String> {
        match given {
            Some(value) => Ok(value),
            None if self.interactive => {
                answer(Text::new(question).prompt()).inspect(|t| crate::safety::notice([t.as_str()]))
            }
            None => Err(Self::missing(what, flag)),
        }
    }

    /// A password, asked for without showing it; scripts pass `flag` and send it on stdin.
    pub fn password(self, question: &str, flag: &'static str) -> Result<String> {
        if !self.interactive {
            return Err(Self::missing("the password", flag));
        }
        let asked = Password::new(question).with_display_mode(PasswordDisplayMode::Hidden).without_confirmation();
        answer(asked.prompt())
    }

    /// A yes or no at the terminal, `default` on Enter; only ask it when
    /// [`Prompter::is_interactive`], since scripts pass a flag instead.
    pub fn confirm(self, question: &str, default: bool) -> Result<bool> {
        answer(Confirm::new(question).with_default(default).prompt())
    }

    /// An optional text value, asked for only at a terminal; an empty answer skips it.
    pub fn optional(self, given: Option<String>, question: &str) -> Result<Option<String>> {
        if given.is_some() || !self.interactive {
            return Ok(given);
        }
        let text = answer(Text::new(question).with_help_message("Enter to skip").prompt())?;
        crate::safety::notice([text.as_str()]);
        Ok(Some(text).filter(|t| !t.trim().is_empty()))
    }

    /// Whether to go ahead with something that is hard to see coming: `yes` given, or asked
    /// (default no); without a terminal, an error naming `flag`.
    pub fn go_ahead(self, yes: bool, question: &str, flag: &'static str) -> Result<bool> {
        match (yes, self.interactive) {
            (true, _) => Ok(true),
            (false, true) => self.confirm(question, false),
            (false, false) => Err(Self::missing("a confirmation", flag)),
        }
    }

    /// One of a closed set of choices.
    pub fn choose<T: fmt::Display + Copy>(
        self,
        given: Option<T>,
        what: &'static str,
        flag: &'static str,
        question: &str,
        options: &[T],
    ) -> Result<T> {
        match given {
            Some(value) => Ok(value),
            None if self.interactive => answer(Select::new(question, options.to_vec()).prompt()),
            None => Err(Self::missing(what, flag)),
        }
    }

    /// An optional choice, asked for only at a terminal.
    pub fn maybe_choose<T: fmt::Display + Copy>(
        self,
        given: Option<T>,
        question: &str,
        options: &[T],
    ) -> Result<Option<T>> {
        if given.is_some() || !self.interactive {
            return Ok(given);
        }
        answer(Select::new(question, options.to_vec()).with_help_message("Esc to skip").prompt_skippable())
    }

    /// An if–then plan, checked as it is typed. A `skippable` one may be left empty at a terminal
    /// and is simply absent in scripts; otherwise scripts must pass `--if-then`.
    pub fn if_then(self, given: Option<String>, skippable: bool) -> Result<Option<String>> {
        if given.is_some() {
            return Ok(given);
        }
        if !self.interactive {
            return if skippable {
                Ok(None)
            } else {
                Err(Self::missing("the if–then plan", "--if-then \"If …, then I will …\""))
            };
        }
        let validate = move |input: &str| {
            Ok(match IfThen::parse(input) {
                _ if skippable && input.trim().is_empty() => Validation::Valid,
                Ok(_) => Validation::Valid,
                Err(e) => Validation::Invalid(e.to_string().into()),
            })
        };
        let help = if skippable {
            "Enter on an empty line to skip"
        } else {
            "For example: If I blank on a slide, then I will glance at my notes"
        };
        let text = answer(
            Text::new("As a plan: If <moment>, then I will <action>")
                .with_placeholder("If …, then I will …")
                .with_help_message(help)
                .with_validator(validate)
                .prompt(),
        )?;
        crate::safety::notice([text.as_str()]);
        Ok(Some(text).filter(|t| !t.trim().is_empty()))
    }

    /// The forecast, on Bandura's scale with its anchors shown.
    pub fn confidence(self, given: Option<Confidence>) -> Result<Confidence> {
        if let Some(value) = given {
            return Ok(value);
        }
        if !self.interactive {
            return Err(Self::missing("the forecast", "--confidence 0-100 (in steps of 10)"));
        }
        self.rating("How certain are you that you can do this, as of now?")
    }

    /// A 0–100 rating in steps of 10, with Bandura's anchors on 0, 50 and 100. Typing digits
    /// jumps to the value that starts with them ("7" → 70, "10" → 10, "100" → 100).
    pub fn rating(self, question: &str) -> Result<Confidence> {
        let options: Vec<Anchored> = Confidence::STEPS.into_iter().map(Anchored).collect();
        let picked = answer(
            Select::new(question, options)
                .with_starting_cursor(5)
                .with_page_size(11)
                .with_scorer(&|typed, option: &Anchored, _, _| rating_score(typed, option.0.value()))
                .with_help_message("↑↓ to move or type the number (55 picks 60, the nearest step), Enter to choose")
                .prompt(),
        )?;
        Ok(picked.0)
    }

    /// Free text with a check run on each answer; an empty answer is `None`.
    pub fn checked(
        self,
        question: &str,
        help: &str,
        check: impl Fn(&str) -> Result<(), String> + Clone + 'static,
    ) -> Result<Option<String>> {
        let validator = move |input: &str| {
            Ok(match check(input) {
                _ if input.trim().is_empty() => Validation::Valid,
                Ok(()) => Validation::Valid,
                Err(why) => Validation::Invalid(why.into()),
            })
        };
        let text = answer(Text::new(question).with_help_message(help).with_validator(validator).prompt())?;
        Ok(Some(text).filter(|t| !t.trim().is_empty()))
    }
}

/// How well a rating option fits what was typed in the picker; `None` hides it. Digits jump to
/// the value that starts with them ("7" → 70, "10" → 10 before 100); a whole number from 0 to
/// 100 off the scale's steps of 10 ("55") keeps the nearest steps, the nearest first and half
/// rounding up, so Enter picks 60 instead of nothing.
fn rating_score(typed: &str, value: u8) -> Option<i64> {
    let typed = typed.trim();
    let text = value.to_string();
    if typed.is_empty() {
        return Some(0);
    }
    if text == typed {
        return Some(1000);
    }
    if text.starts_with(typed) {
        return Some(500);
    }
    // Digits that begin some step ("5", "10") keep only the steps they begin.
    if Confidence::STEPS.iter().any(|step| step.value().to_string().starts_with(typed)) {
        return None;
    }
    let number: i64 = typed.parse().ok().filter(|n| (0..=100).contains(n))?;
    let distance = (i64::from(value) - number).abs();
    // Twice the distance, less one for the step above, so a tie goes up (55 → 60, then 50).
    (distance < 10).then(|| 100 - 2 * distance + i64::from(i64::from(value) > number))
}

/// A confidence value with Bandura's verbal anchors.
#[derive(Debug, Clone, Copy)]
struct Anchored(Confidence);

impl fmt::Display for Anchored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let anchor = match self.0.value() {
            0 => " (cannot do at all)",
            50 => " (moderately certain can do)",
            100 => " (highly certain can do)",
            _ => "",
        };
        write!(f, "{:>3}{anchor}", self.0.value())
    }
}

fn answer<T>(result: Result<T, InquireError>) -> Result<T> {
    result.map_err(|e| match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => anyhow!("cancelled; nothing was saved"),
        other => anyhow!(other),
    })
}

#[cfg(test)]
mod tests {
    use mastery_domain::measure::Confidence;

    use super::rating_score;

    /// The options the picker keeps for `typed`, best first, as the picker orders them.
    fn picked(typed: &str) -> Vec<u8> {
        let mut kept: Vec<(i64, u8)> = Confidence::STEPS
            .map(Confidence::value)
            .into_iter()
            .filter_map(|v| rating_score(typed, v).map(|score| (score, v)))
            .collect();
        kept.sort_by_key(|k| std::cmp::Reverse(k.0));
        kept.into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn a_bare_number_off_the_steps_picks_the_nearest_step() {
        assert_eq!(picked("55"), vec![60, 50], "half rounds up, and both neighbours show");
        assert_eq!(picked("54"), vec![50, 60]);
        assert_eq!(picked("99"), vec![100, 90]);
        assert_eq!(picked("3"), vec![30], "a prefix still jumps to its value");
        assert_eq!(picked("7")[0], 70);
        assert_eq!(picked("10"), vec![10, 100], "exact first");
        assert_eq!(picked("101"), Vec::<u8>::new(), "off the scale matches nothing");
        assert_eq!(picked("abc"), Vec::<u8>::new());
        assert_eq!(picked("").len(), 11);
    }
}

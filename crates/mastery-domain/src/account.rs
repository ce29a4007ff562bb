//! Accounts on a shared server: what a username and a password must be, how people may join, and
//! the names of API tokens. The rules live here so the web pages, the API and the command line
//! refuse the same things with the same words; hashing and storage are the application's.

use std::str::FromStr;

use crate::Field;
use crate::ValidationError;
use crate::choice::choice;

/// Shortest password accepted: length is what makes a password hard to guess, more than symbols.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: hashing is deliberately slow, so an unbounded input is a way to
/// tie the server up.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// How long an invitation to join a server stays open: long enough to pass it on by hand, short
/// enough that a forgotten one does not stay a way in.
pub const INVITE_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);
const MIN_USERNAME_CHARS: usize = 3;
const MAX_USERNAME_CHARS: usize = 32;
const MAX_TOKEN_NAME_CHARS: usize = 64;

/// The passwords people pick most often that are long enough to pass the length rule; guessing
/// tools try these first.
const COMMON_PASSWORDS: &str = include_str!("account/common_passwords.txt");

/// A username: 3–32 letters, digits, dots, dashes or underscores, unique on a server whatever
/// its case ([`Username::key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// A username as typed, trimmed.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Username`] unless it is 3 to 32 letters, digits, dots, dashes or
    /// underscores.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let name = input.trim();
        let len = name.chars().count();
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
        if !(MIN_USERNAME_CHARS..=MAX_USERNAME_CHARS).contains(&len) || !name.chars().all(allowed) {
            return Err(ValidationError::Username(name.to_owned()));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as its owner spelled it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as it is compared: `Ada` and `ada` are one account.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password: long enough, not absurdly long, not one of the most common ones and
/// not the username itself.
///
/// # Errors
///
/// [`ValidationError::Password`], saying which rule the password breaks.
pub fn check_password(password: &str, username: &Username) -> Result<(), ValidationError> {
    let len = password.chars().count();
    let why = if len < MIN_PASSWORD_CHARS {
        format!("it has {len} characters; use at least {MIN_PASSWORD_CHARS} (a few unrelated words make a strong one)")
    } else if len > MAX_PASSWORD_CHARS {
        format!("it has {len} characters; use at most {MAX_PASSWORD_CHARS}")
    } else if is_common(password) {
        "it is one of the passwords people pick most often; pick one nobody else would".to_owned()
    } else if password.to_lowercase().contains(&username.key()) {
        "it contains the username; pick one that does not".to_owned()
    } else {
        return Ok(());
    };
    Err(ValidationError::Password(why))
}

fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    let one_character = lowered.chars().all(|c| lowered.starts_with(c));
    one_character || COMMON_PASSWORDS.lines().any(|common| common == lowered)
}

/// The name of an API token ("laptop", "backup script"), so its owner knows which to revoke.
///
/// # Errors
///
/// [`ValidationError::Empty`], [`ValidationError::TooLong`] or [`ValidationError::ControlCharacter`]
/// (a name is shown in terminals and pages, where an escape code would act).
pub fn token_name(input: &str) -> Result<String, ValidationError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(ValidationError::Empty { field: Field::TokenName });
    }
    let len = name.chars().count();
    if len > MAX_TOKEN_NAME_CHARS {
        return Err(ValidationError::TooLong { field: Field::TokenName, len, max: MAX_TOKEN_NAME_CHARS });
    }
    if name.chars().any(char::is_control) {
        return Err(ValidationError::ControlCharacter { field: Field::TokenName });
    }
    Ok(name.to_owned())
}

choice! {
    /// Who may create an account on a server.
    SignupMode, SignupMode {
        /// Anyone who reaches the server.
        Open => "open",
        /// Only someone holding an invitation from a member.
        Invite => "invite",
        /// Nobody: the accounts that exist are all there will be.
        Closed => "closed",
    }
}

impl SignupMode {
    /// Parses a sign-up mode from configuration.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Choice`] for a word that is not a sign-up mode.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        Self::from_str(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Username {
        Username::parse("Ada").unwrap()
    }

    #[test]
    fn usernames_are_short_plain_words_compared_without_case() {
        assert_eq!(ada().key(), "ada");
        assert_eq!(Username::parse("  grace.hopper_1 ").unwrap().as_str(), "grace.hopper_1");
        for bad in ["ab", "has space", "émile", "a/b", &"x".repeat(33), ""] {
            assert!(matches!(Username::parse(bad), Err(ValidationError::Username(_))), "{bad:?} was accepted");
        }
    }

    #[test]
    fn passwords_must_be_long_uncommon_and_not_the_username() {
        assert!(check_password("violet kettle harbour", &ada()).is_ok());
        let refused = |p: &str| match check_password(p, &ada()) {
            Err(ValidationError::Password(why)) => why,
            other => panic!("{p:?} gave {other:?}"),
        };
        assert!(refused("short one").contains("at least 12"));
        assert!(refused("Password1234").contains("most often"));
        assert!(refused("zzzzzzzzzzzzzz").contains("most often"));
        assert!(refused("my name is ADA, ok?").contains("username"));
        assert!(refused(&"ab".repeat(600)).contains("at most 1024"));
    }

    #[test]
    fn token_names_are_trimmed_and_bounded() {
        assert_eq!(token_name("  laptop ").unwrap(), "laptop");
        assert!(matches!(token_name("   "), Err(ValidationError::Empty { .. })));
        assert!(matches!(token_name(&"t".repeat(65)), Err(ValidationError::TooLong { .. })));
        assert!(matches!(token_name("lap\u{1b}[2Jtop"), Err(ValidationError::ControlCharacter { .. })));
    }

    #[test]
    fn signup_modes_read_their_words() {
        assert_eq!(SignupMode::parse("Invite").unwrap(), SignupMode::Invite);
        assert!(SignupMode::parse("sometimes").unwrap_err().to_string().contains("open invite closed"));
    }
}

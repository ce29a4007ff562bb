//! The secrets of signing in: random tokens, their SHA-256 for storage, argon2id password
//! hashes, and the CSRF token a session implies. Only hashes reach the database, so a stolen
//! copy of it signs nobody in.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::AppError;

/// What every API token starts with, so a leaked one is recognisable (secret scanners, logs).
pub const API_TOKEN_PREFIX: &str = "mastery_";

/// A new random secret of 256 bits, hex.
pub fn random_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("this machine gave no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The SHA-256 of a secret, hex: how sessions, tokens and invitations are stored and found.
/// A plain hash suffices (unlike for passwords) because the secrets are 256 random bits.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The CSRF token of a session: derived from the session's secret, so nothing more is stored and
/// every server instance computes the same one; a page from another site cannot know it.
pub fn csrf_token(session_secret: &str) -> String {
    digest(&format!("mastery csrf\0{session_secret}"))
}

/// Compares a submitted CSRF token with the session's in constant time.
pub fn csrf_matches(session_secret: &str, submitted: &str) -> bool {
    csrf_token(session_secret).as_bytes().ct_eq(submitted.as_bytes()).into()
}

/// argon2id with OWASP's parameters: 19 MiB of memory, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with a fresh random salt, in PHC string format.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("this machine gave no randomness: {e}")))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(format!("could not salt the password: {e}")))?;
    let hash = argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AppError::Internal(format!("could not hash the password: {e}")))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored hash (argon2's comparison is constant-time).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash of no one's password, verified when the username is unknown so that a wrong username
/// takes as long to refuse as a wrong password.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Yh0Dm8hQHtdr8ZUWn0B5l7YW7bzXq5bVd4C1Ke2xH0M"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("violet kettle harbour").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("violet kettle harbour", &hash));
        assert!(!verify_password("violet kettle harbor", &hash));
        assert!(!verify_password("violet kettle harbour", "not a hash"));
        assert_ne!(hash_password("violet kettle harbour").unwrap(), hash, "salts differ");
        assert!(PasswordHash::new(decoy_hash()).is_ok(), "the decoy is a well-formed hash");
    }

    #[test]
    fn secrets_are_random_and_stored_as_their_digest() {
        let (a, b) = (random_secret().unwrap(), random_secret().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(csrf_matches(&a, &csrf_token(&a)));
        assert!(!csrf_matches(&a, &csrf_token(&b)));
        assert!(!csrf_matches(&a, ""));
    }
}

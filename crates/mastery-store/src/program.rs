//! Storing program runs: a template started in a domain on a day. Kept in its own trait, a
//! supertrait of [`Transaction`](crate::Transaction), so each backend implements it in a file of
//! its own.

use std::future::Future;

use mastery_domain::program::Program;

use crate::StoreError;

/// Reads and writes of program runs.
pub trait ProgramTx: Send {
    /// [`StoreError::NotFound`] (entity `domain`) unless the program's domain is this user's.
    fn insert_program(&mut self, program: &Program) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Every program run, oldest start first (then id).
    fn programs(&mut self) -> impl Future<Output = Result<Vec<Program>, StoreError>> + Send;
}

//! The current time, behind a trait so tests (and the demo) can fix it.

use jiff::{Timestamp, Zoned};

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant in the person's time zone, to the microsecond (the precision every
    /// store keeps).
    fn now(&self) -> Zoned;
}

/// The system clock in the system time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Zoned {
        let now = Zoned::now();
        let micros = Timestamp::from_microsecond(now.timestamp().as_microsecond()).unwrap_or(now.timestamp());
        micros.to_zoned(now.time_zone().clone())
    }
}

/// A clock that always says the same time.
#[derive(Debug, Clone)]
pub struct FixedClock(pub Zoned);

impl Clock for FixedClock {
    fn now(&self) -> Zoned {
        self.0.clone()
    }
}

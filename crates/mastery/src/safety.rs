//! Crisis resources on the command line: `mastery help-now`, and the same list on stderr when
//! anything typed — a flag's text or an answer at a prompt — suggests self-harm. The notice never
//! blocks or changes what the command does, and appears once per run.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use mastery_domain::safety::{CRISIS_LINES, INTRO, suggests_self_harm};

use crate::output::Output;

static SHOWN: AtomicBool = AtomicBool::new(false);

/// `mastery help-now`: works without the data store, so nothing can stand in its way.
pub fn help_now(out: &mut Output) -> anyhow::Result<()> {
    SHOWN.store(true, Ordering::Relaxed);
    out.emit(&CRISIS_LINES, |h| {
        h.line(INTRO)?;
        resource_lines().try_for_each(|line| h.line(line))
    })?;
    Ok(())
}

/// Shows the crisis lines on stderr when any of `texts` suggests self-harm, once per run.
pub fn notice<'a>(texts: impl IntoIterator<Item = &'a str>) {
    if suggests_self_harm(texts) && !SHOWN.swap(true, Ordering::Relaxed) {
        let mut text = format!("\n{INTRO}\n");
        resource_lines().for_each(|line| text.push_str(&format!("{line}\n")));
        text.push_str("(Shown because of something you typed; it changes nothing about the command. `mastery help-now` shows this list again.)\n");
        // Best effort: a closed stderr must not turn a saved record into a failure.
        let _ = io::stderr().write_all(text.as_bytes());
    }
}

fn resource_lines() -> impl Iterator<Item = String> {
    CRISIS_LINES.iter().map(|l| format!("  {}: {} — {} ({})", l.region, l.service, l.contact, l.how))
}

//! `insights [DOMAIN]` and `sources [DOMAIN]`.

use anyhow::Result;
use mastery_app::App;
use mastery_domain::insights::{MIN_GROUP, MIN_TOTAL};
use mastery_store_sqlite::SqliteStore;

use crate::cli::{InsightsArgs, SourcesArgs};
use crate::hints;
use crate::output::Output;

pub async fn insights(app: &App<SqliteStore>, args: InsightsArgs, out: &mut Output) -> Result<()> {
    let found = app.insights(args.domain.as_deref()).await?;
    out.emit(&found, |h| {
        if found.iter().all(|i| i.insight.state.is_none() && i.insight.effect.is_none()) {
            h.line(format!(
                "No relation between state or streaks and your confidence or results stands out yet (each comparison needs at least {MIN_GROUP} attempts on each side and {MIN_TOTAL} in all)."
            ))?;
        }
        for view in &found {
            h.line(format!("• {}", view.insight.statement))?;
            let gap = view.insight.source.zip(view.domain.as_deref());
            if let Some(hint) = gap.and_then(|(source, domain)| hints::for_gap(source, view.insight.n == 0, domain)) {
                h.line(format!("  {}", h.dim(&hint)))?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

pub async fn sources(app: &App<SqliteStore>, args: SourcesArgs, out: &mut Output) -> Result<()> {
    let mix = app.source_mix(args.domain.as_deref()).await?;
    out.emit(&mix, |h| {
        for domain in &mix.domains {
            h.line(h.bold(&domain.domain))?;
            for count in &domain.sources {
                h.line(format!(
                    "  {:<14} {} building, {} neutral, {} eroding",
                    count.source.as_str(),
                    count.building,
                    count.neutral,
                    count.eroding
                ))?;
            }
            for gap in &domain.gaps {
                h.line(format!("  {} {}", h.warn("gap:"), gap.statement))?;
                if let Some(hint) = hints::for_gap(gap.source, gap.missing, &domain.domain) {
                    h.line(format!("       {}", h.dim(&hint)))?;
                }
            }
        }
        let c = mix.checkins;
        h.line(format!("Daily check-ins: {} building, {} neutral, {} eroding", c.building, c.neutral, c.eroding))?;
        h.line(h.dim("How each experience is classed:"))?;
        mix.rules.iter().try_for_each(|r| h.line(h.dim(&format!("  {}: {}", r.source, r.rule))))
    })?;
    Ok(())
}

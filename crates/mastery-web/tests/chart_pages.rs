//! The consistency and source-mix charts on their pages: each chart is there,
//! scales with the page, has a text alternative, and the table beside it holds the numbers the
//! app returns.

mod support;

use axum::http::StatusCode;
use mastery_app::views::DomainSourcesView;
use mastery_app::{App, DeclareRest, FixedClock, LogPractice, NewDomain, NewPracticePlan};
use mastery_domain::domain::LifeArea;
use mastery_domain::practice::{DayMark, Weekdays};
use support::{Site, escaped, site};

/// The opening tag of the chart titled `title`: an image named by its title and description,
/// drawn in a view box with no fixed size, so it shrinks with a narrow screen.
fn chart_tag<'a>(page: &'a str, title: &str) -> &'a str {
    let at = page.find(&format!(">{}</title>", escaped(title))).unwrap_or_else(|| panic!("no chart {title}: {page}"));
    let start = page[..at].rfind("<svg").unwrap();
    let tag = &page[start..start + page[start..].find('>').unwrap()];
    assert!(tag.contains(r#"class="chart""#) && tag.contains(r#"role="img""#) && tag.contains("viewBox="), "{tag}");
    assert!(!tag.contains(" width=") && !tag.contains(" height="), "no fixed size: {tag}");
    tag
}

/// The description of the chart titled `title`.
fn chart_description(page: &str, title: &str) -> String {
    let at = page.find(&format!(">{}</title>", escaped(title))).unwrap();
    let desc = &page[at..];
    let desc = &desc[desc.find("<desc").unwrap()..desc.find("</desc>").unwrap()];
    desc[desc.find('>').unwrap() + 1..].to_owned()
}

/// Public speaking practised daily from Monday 16 November: kept Monday and Tuesday, a rest day
/// on Wednesday declared on Tuesday, missed Thursday, kept Friday; Saturday 21 is today.
async fn practice_public_speaking(site: &Site) {
    let plan = NewPracticePlan { domain: "public-speaking".to_owned(), minutes: 20, days: Weekdays::DAILY };
    site.check.plan_practice(plan).await.unwrap();
    let tuesday = "2026-11-17T08:00:00+01:00[Europe/Paris]".parse().unwrap();
    let then = App::local(site.check.store().clone(), Box::new(FixedClock(tuesday))).await.unwrap();
    let rest = DeclareRest { date: "2026-11-18".to_owned(), domain: Some("public-speaking".to_owned()) };
    then.declare_rest(rest).await.unwrap();
    for at in ["2026-11-16T07:00", "2026-11-17T07:00", "2026-11-20T07:00"] {
        let session =
            LogPractice { domain: "public-speaking".to_owned(), minutes: 20, note: None, at: Some(at.to_owned()) };
        site.check.log_practice(session).await.unwrap();
    }
}

#[tokio::test]
async fn the_practice_page_charts_each_plan_s_consistency_with_its_days_in_a_table() {
    // A store of its own: the demo's practice plans would add charts of their own.
    let site = site(false).await;
    let speaking = NewDomain { name: "Public speaking".to_owned(), area: LifeArea::Career, description: None };
    site.check.add_domain(speaking).await.unwrap();
    let before = site.get("/practice").await.body;
    assert!(!before.contains("Practice consistency:"), "no plan, no chart");

    practice_public_speaking(&site).await;
    let page = site.get("/practice").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = page.body;
    let title = "Practice consistency: Public speaking";
    assert!(chart_tag(&page, title).contains(r#"aria-labelledby="consistency-public-speaking-chart-title"#));

    let history = site.check.consistency_history(56).await.unwrap();
    assert_eq!(history.len(), 1);
    let days = &history[0].days;
    let marks: Vec<DayMark> = days.iter().map(|d| d.mark).collect();
    assert_eq!(marks, [DayMark::Kept, DayMark::Kept, DayMark::Rest, DayMark::Missed, DayMark::Kept]);
    for (d, word) in days.iter().zip(["kept", "kept", "rest day", "missed", "kept"]) {
        let row = format!(
            "<tr><td>{}</td><td>{word}</td><td>{:.0}%</td></tr>",
            d.on.strftime("%a %Y-%m-%d"),
            d.score * 100.0
        );
        assert!(page.contains(&row), "{row}: {page}");
    }
    let (first, last) = (days[0].score * 100.0, days[4].score * 100.0);
    let description = chart_description(&page, title);
    assert_eq!(
        description,
        format!(
            "From 2026-11-16 to 2026-11-20 the score went from {first:.0}% to {last:.0}%. Days: 3 kept, 1 missed, 1 rest day."
        )
    );
    let status = site.check.practice_status(Some("public-speaking")).await.unwrap().remove(0);
    assert_eq!(status.score, days[4].score, "the chart ends on the score the table above it shows");
    assert!(page.contains("<summary>The chart as a table</summary>"), "{page}");
}

/// Asserts the chart and table of one domain's mix on `page`, with the app's numbers.
fn shows_mix(page: &str, mix: &DomainSourcesView, name: &str) {
    let title = format!("Sources of efficacy: {name}");
    let tag = chart_tag(page, &title);
    assert!(tag.contains(&format!(r#"aria-labelledby="sources-chart-{}-title"#, mix.domain)), "{tag}");
    let description = chart_description(page, &title);
    for (s, label) in mix.sources.iter().zip([
        "Mastery (your attempts)",
        "Vicarious (role models)",
        "Persuasion (feedback)",
        "Physiological (your state before attempts)",
    ]) {
        let row = format!(
            r#"<tr><th scope="row">{label}</th><td data-label="Building">{}</td><td data-label="Neutral">{}</td><td data-label="Eroding">{}</td></tr>"#,
            s.building, s.neutral, s.eroding
        );
        assert!(page.contains(&row), "{row}");
        let said = format!("{label}: {} building, {} neutral, {} eroding", s.building, s.neutral, s.eroding);
        assert!(description.contains(&said), "{said} in {description}");
    }
    assert!(mix.sources.iter().any(|s| s.building > 0), "the demo has experiences to chart");
}

#[tokio::test]
async fn the_people_page_charts_every_domain_s_source_mix_beside_its_table() {
    let site = site(true).await;
    let page = site.get("/people").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mix = site.check.source_mix(None).await.unwrap();
    let domains = site.check.domains(false).await.unwrap();
    assert!(mix.domains.len() > 1, "the demo has several domains");
    for d in &mix.domains {
        let name = &domains.iter().find(|v| v.slug == d.domain).unwrap().name;
        shows_mix(&page.body, d, name);
    }
    for word in [">building</text>", ">neutral</text>", ">eroding</text>"] {
        assert!(page.body.contains(word), "the legend: {word}");
    }
}

#[tokio::test]
async fn a_domain_page_shows_its_own_sources_of_efficacy() {
    let site = site(true).await;
    let page = site.get("/domains/public-speaking").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = page.body;
    assert!(page.contains(r#"<h2 id="sources-heading">Sources of efficacy</h2>"#), "{page}");
    let mix = site.check.source_mix(Some("public-speaking")).await.unwrap();
    assert_eq!(mix.domains.len(), 1);
    shows_mix(&page, &mix.domains[0], "Public speaking");
    assert_eq!(page.matches("Sources of efficacy: ").count(), 1, "only this domain's chart");
    assert!(page.contains(r#"href="/people?domain=public-speaking""#), "{page}");
}

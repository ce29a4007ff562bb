//! The success rate on the web: the domains list, each domain's page and the weekly review show
//! the app's one rate (`mastery_domain::success`), labelled, on the demo's records.

mod support;

use mastery_domain::success;

use support::site;

fn percent(rate: Option<f64>) -> String {
    format!("{:.0}%", rate.expect("the demo has outcomes") * 100.0)
}

#[tokio::test]
async fn the_pages_show_the_apps_success_rate_with_its_label() {
    let site = site(true).await;
    let list = site.get("/domains").await.body;
    assert!(list.contains(&format!(r#"<th scope="col">{}</th>"#, success::LABEL)), "{list}");
    for domain in site.check.domains(false).await.unwrap() {
        let detail = site.check.show_domain(&domain.slug).await.unwrap();
        let cell = format!("<td>{} of {}</td>", percent(detail.success_rate), detail.outcomes.attempts);
        assert!(list.contains(&cell), "{cell} in {list}");
        let page = site.get(&format!("/domains/{}", domain.slug)).await.body;
        assert!(page.contains(&detail.outcomes.summary()), "{} in {page}", detail.outcomes.summary());
    }
    let week = site.check.review_week("2026-W46", &[]).await.unwrap();
    let review = site.get("/review?week=2026-W46").await.body;
    let figure = format!("<dt>{}</dt><dd>{}</dd>", success::LABEL, percent(week.success_rate));
    assert!(review.contains(&figure), "{figure} in {review}");
}

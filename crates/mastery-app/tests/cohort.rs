//! A coach's cohort view on a seeded cohort (issue 12): people share a domain with their coach,
//! take a first and a later audit, and the view's numbers are SCIENCE.md's test vectors —
//! Cronbach's α from the cohort's item answers, Hedges' g of the change, and one person's
//! Reliable Change Index on a scale with norms. The CSV export names nobody.

use std::sync::Arc;

use mastery_app::mail::NoMail;
use mastery_app::sharing::{CohortView, NewShare, Sharing};
use mastery_app::{App, FixedClock, NewAudit, NewDomain};
use mastery_domain::domain::LifeArea;
use mastery_domain::ids::UserId;
use mastery_domain::measure::Confidence;
use mastery_domain::sharing::Role;
use mastery_store::{Account, AccountStore, MemoryStore};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock("2026-12-07T10:00:00+01:00[Europe/Paris]".parse().unwrap()))
}

/// A scale of `items` items, with norms when given.
fn scale(id: &str, items: usize, norms: Option<(f64, f64)>) -> String {
    let mut toml = format!(
        "id = \"{id}\"\ntitle = \"Scale {id}\"\narea = \"other\"\ninstructions = \"Rate how certain you are, as of now.\"\n"
    );
    for rank in 1..=items {
        toml.push_str(&format!("\n[[items]]\nrank = {rank}\ntext = \"Step {rank} of {id}\"\n"));
    }
    if let Some((sd, reliability)) = norms {
        toml.push_str(&format!("\n[norms]\nsd = {sd}\nreliability = {reliability}\nsource = \"The vector\"\n"));
    }
    toml
}

fn answers(values: &[u8]) -> Vec<Confidence> {
    values.iter().map(|v| Confidence::new(*v).unwrap()).collect()
}

struct Cohort {
    store: MemoryStore,
    sharing: Sharing<MemoryStore>,
    coach: UserId,
    people: usize,
}

impl Cohort {
    async fn new() -> Self {
        let store = MemoryStore::new();
        let sharing = Sharing::new(store.clone(), clock(), "https://mastery.example.org", Arc::new(NoMail));
        let cohort = Self { store, sharing, coach: UserId::from_uuid(uuid::Uuid::now_v7()), people: 0 };
        cohort.account(cohort.coach, "coach").await;
        cohort
    }

    async fn account(&self, user: UserId, username: &str) {
        let account = Account {
            user,
            username: username.to_owned(),
            password_hash: "$argon2id$not-a-real-hash".to_owned(),
            created_at: clock().0.timestamp(),
        };
        self.store.create_account(&account, None, clock().0.timestamp()).await.unwrap();
    }

    /// A person who shares a domain with the coach, with a first and a later audit on `scale`.
    async fn person(&mut self, scale_source: &str, scale_id: &str, pre: &[u8], post: &[u8]) {
        self.people += 1;
        let user = UserId::from_uuid(uuid::Uuid::now_v7());
        self.account(user, &format!("person{}", self.people)).await;
        let app = App::for_user(self.store.clone(), clock(), user);
        let domain = NewDomain { name: "Knitting".to_owned(), area: LifeArea::Other, description: None };
        app.add_domain(domain).await.unwrap();
        app.import_scale(scale_source).await.unwrap();
        for (values, at) in [(pre, "2026-11-02T09:00"), (post, "2026-12-01T09:00")] {
            let audit = NewAudit {
                domain: "knitting".to_owned(),
                scale: Some(scale_id.to_owned()),
                answers: answers(values),
                at: Some(at.to_owned()),
                every: None,
            };
            app.take_audit(audit).await.unwrap();
        }
        let share = NewShare { domain: Some("knitting".to_owned()), role: Some(Role::Coach), ..NewShare::default() };
        let made = self.sharing.share(user, share).await.unwrap();
        let token = made.invitation.expect("a coach share has an invitation").token;
        self.sharing.accept(self.coach, &token).await.unwrap();
    }
}

fn close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!((actual - expected).abs() <= tolerance, "{what}: {actual} is not {expected} (±{tolerance})");
}

fn on<'a>(views: &'a [CohortView], scale: &str) -> &'a CohortView {
    views.iter().find(|v| v.scale == scale).unwrap_or_else(|| panic!("no cohort on {scale}: {views:?}"))
}

#[tokio::test]
async fn the_cohort_views_numbers_are_the_science_vectors() {
    let mut cohort = Cohort::new().await;
    // α: four items, six respondents (three people's first and later audits): SCIENCE.md's items
    // [3,4,3,2,4,1], [3,4,4,2,3,2], [2,4,3,2,4,1], [3,3,4,1,4,2], as ratings ×10.
    let alpha = scale("alpha-scale", 4, None);
    let respondents: [[u8; 4]; 6] =
        [[30, 30, 20, 30], [40, 40, 40, 30], [30, 40, 30, 40], [20, 20, 20, 10], [40, 30, 40, 40], [10, 20, 10, 20]];
    for pair in respondents.chunks(2) {
        cohort.person(&alpha, "alpha-scale", &pair[0], &pair[1]).await;
    }
    // g: seven people whose first strengths are y = [4,5,5,6,7,5,4] and later x = [5,6,7,8,9,7,6], ×10.
    let g_scale = scale("g-scale", 5, None);
    for (y, x) in [4, 5, 5, 6, 7, 5, 4].into_iter().zip([5, 6, 7, 8, 9, 7, 6]) {
        cohort.person(&g_scale, "g-scale", &[y * 10; 5], &[x * 10; 5]).await;
    }
    // RCI: pre 20, post 28, SD 7.5, r = .85.
    let rci_scale = scale("rci-scale", 5, Some((7.5, 0.85)));
    cohort.person(&rci_scale, "rci-scale", &[20; 5], &[20, 30, 30, 30, 30]).await;

    let views = cohort.sharing.cohort(cohort.coach).await.unwrap();
    assert_eq!(views.len(), 3, "one cohort per scale: {views:?}");

    let alpha = &on(&views, "alpha-scale").summary;
    close(alpha.alpha.expect("α with six audits"), 0.923497, 5e-7, "Cronbach's α");
    assert_eq!((alpha.n_audits, alpha.n_items), (6, Some(4)));

    let g = &on(&views, "g-scale").summary;
    let effect = g.effect.expect("g with seven people");
    close(effect.d, 1.410951, 5e-7, "Cohen's d");
    close(effect.g, 1.320891, 5e-7, "Hedges' g");
    assert!(effect.low < effect.g && effect.g < effect.high && effect.excludes_zero(), "{effect:?}");
    close(g.mean_change.unwrap(), 120.0 / 7.0, 1e-9, "mean change");

    let rci = on(&views, "rci-scale");
    let change = rci.summary.members[0].reliable_change.expect("the scale has norms");
    close(change.s_e, 2.9047, 5e-5, "S_E");
    close(change.s_diff, 4.1079, 5e-5, "S_diff");
    close(change.rc, 1.9475, 5e-5, "RC");
    assert!(!change.reliable, "1.9475 is below 1.96");
    assert_eq!(rci.summary.members[0].label, "person11", "the coach sees who it is");
    assert!(rci.explanation.iter().any(|line| line.contains("person11")), "{:?}", rci.explanation);

    let csv = cohort.sharing.cohort_csv(cohort.coach).await.unwrap();
    assert!(!csv.lines().skip(1).any(|row| row.contains("person")), "the export names nobody:\n{csv}");
    assert_eq!(csv.lines().next(), Some("scale,person,pre,post,change,rc,reliable"));
    assert_eq!(csv.lines().count(), 1 + 11, "a row per person:\n{csv}");
    assert!(csv.contains("rci-scale,P11,20.0000,28.0000,8.0000,1.9475,false"), "{csv}");
}

#[tokio::test]
async fn people_who_share_as_partner_or_stopped_sharing_are_not_in_the_cohort() {
    let mut cohort = Cohort::new().await;
    let g_scale = scale("g-scale", 5, None);
    cohort.person(&g_scale, "g-scale", &[40; 5], &[60; 5]).await;
    cohort.person(&g_scale, "g-scale", &[50; 5], &[50; 5]).await;
    assert_eq!(cohort.sharing.cohort(cohort.coach).await.unwrap()[0].summary.members.len(), 2);

    // The first person revokes; a partner's share never counts.
    let first = cohort.store.account_by_username("person1").await.unwrap().unwrap().user;
    let share = cohort.sharing.my_shares(first).await.unwrap()[0].id;
    cohort.sharing.revoke(first, share).await.unwrap();
    let partner = NewShare { domain: Some("knitting".to_owned()), role: Some(Role::Partner), ..NewShare::default() };
    let token = cohort.sharing.share(first, partner).await.unwrap().invitation.unwrap().token;
    cohort.sharing.accept(cohort.coach, &token).await.unwrap();

    let views = cohort.sharing.cohort(cohort.coach).await.unwrap();
    let labels: Vec<&str> = views[0].summary.members.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["person2"]);
    assert!(views[0].summary.effect.is_none(), "one person says nothing about a group");
}

//! Role models and feedback read back, and requests for feedback drafted from recent attempts.

use mastery_domain::Field;
use mastery_domain::attempt::Attempt;
use mastery_domain::feedback_request::{self, AskedAbout, MAX_ATTEMPTS};
use mastery_domain::ids::{DomainId, GoalId};
use mastery_domain::text::Name;
use mastery_store::{AttemptQuery, Store, Transaction};

use crate::views::{FeedbackRequestView, FeedbackView, RequestedAttemptView, RoleModelView};
use crate::{App, AppError, FeedbackRequest, domain_slugs, resolve};

impl<S: Store> App<S> {
    /// Role models of one domain or all, oldest first.
    pub async fn role_models(&self, domain: Option<&str>) -> Result<Vec<RoleModelView>, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::optional_domain(&mut tx, domain).await?.map(|d| d.id);
        let slugs = domain_slugs(&mut tx).await?;
        let models = tx.role_models(domain).await?;
        models.iter().map(|m| Ok(RoleModelView::new(m, crate::slug_in(&slugs, m.domain_id)?))).collect()
    }

    /// Feedback received in one domain or all, oldest first.
    pub async fn feedback_received(&self, domain: Option<&str>) -> Result<Vec<FeedbackView>, AppError> {
        let mut tx = self.read().await?;
        let domain = resolve::optional_domain(&mut tx, domain).await?.map(|d| d.id);
        let slugs = domain_slugs(&mut tx).await?;
        let received = tx.feedback(domain).await?;
        received.iter().map(|f| Ok(FeedbackView::new(f, crate::slug_in(&slugs, f.domain_id)?))).collect()
    }

    /// Drafts a request for specific feedback naming the domain's most recent recorded attempts
    /// (newest first, at most [`MAX_ATTEMPTS`]). Nothing is stored or sent.
    pub async fn request_feedback(&self, input: FeedbackRequest) -> Result<FeedbackRequestView, AppError> {
        self.request_feedback_on(input, None).await
    }

    /// A feedback request naming only the attempts at `goal`, when given: what a goal's audience
    /// receives must not name the attempts of goals not shared with them.
    pub(crate) async fn request_feedback_on(
        &self,
        input: FeedbackRequest,
        goal: Option<GoalId>,
    ) -> Result<FeedbackRequestView, AppError> {
        let to = input.to.as_deref().map(|t| Name::parse(Field::RequestRecipient, t)).transpose()?;
        let mut tx = self.read().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let latest = latest_recorded(&mut tx, domain.id, goal, input.last.clamp(1, MAX_ATTEMPTS)).await?;
        let mut attempts = Vec::new();
        for (attempt, record) in latest.iter().filter_map(|a| a.record.as_ref().map(|r| (a, r))) {
            let rung = tx
                .challenge(attempt.challenge_id)
                .await?
                .ok_or_else(|| crate::missing("challenge", attempt.challenge_id))?;
            let title = rung.title.to_string();
            let asked =
                AskedAbout { title, on: attempt.forecast.planned_on, outcome: record.outcome, did: record.did.clone() };
            attempts.push(RequestedAttemptView { id: attempt.id, attempt: asked });
        }
        let asked: Vec<AskedAbout> = attempts.iter().map(|a| a.attempt.clone()).collect();
        let text = feedback_request::draft(to.as_ref().map(Name::as_str), domain.name.as_str(), &asked);
        Ok(FeedbackRequestView { domain: domain.slug, to: to.map(|n| n.to_string()), attempts, text })
    }
}

/// The newest `wanted` recorded attempts of `domain` (or of its `goal`), newest first. Read newest
/// first in growing windows, so the attempts still waiting for their outcome are skipped without
/// reading the whole history.
async fn latest_recorded<T: Transaction>(
    tx: &mut T,
    domain: DomainId,
    goal: Option<GoalId>,
    wanted: usize,
) -> Result<Vec<Attempt>, AppError> {
    let mut window = wanted;
    loop {
        let query = AttemptQuery { domain: Some(domain), goal, latest: Some(window), ..AttemptQuery::default() };
        let items = tx.attempts(&query).await?.items;
        let reached_the_start = items.len() < window;
        let recorded: Vec<Attempt> = items.into_iter().rev().filter(|a| a.record.is_some()).take(wanted).collect();
        if recorded.len() == wanted || reached_the_start {
            return Ok(recorded);
        }
        window = window.saturating_mul(4);
    }
}

#[cfg(test)]
mod tests {
    use mastery_store::MemoryStore;

    use super::*;
    use crate::FixedClock;

    async fn demo() -> App<MemoryStore> {
        let now = "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().expect("a fixed now");
        let app = App::local(MemoryStore::new(), Box::new(FixedClock(now))).await.unwrap();
        app.demo(7).await.unwrap();
        app
    }

    #[tokio::test]
    async fn a_request_names_the_latest_recorded_attempts_newest_first() {
        let app = demo().await;
        let input = FeedbackRequest { domain: "public-speaking".into(), to: Some(" Sam ".into()), last: 3 };
        let request = app.request_feedback(input).await.unwrap();
        assert_eq!((request.domain.as_str(), request.to.as_deref()), ("public-speaking", Some("Sam")));
        let filter = crate::AttemptFilter { domain: Some("public-speaking".into()), ..Default::default() };
        let recorded: Vec<_> =
            app.attempts(filter).await.unwrap().into_iter().filter(|a| a.outcome.is_some()).collect();
        let newest: Vec<_> = recorded.iter().rev().take(3).map(|a| a.id).collect();
        assert_eq!(request.attempts.iter().map(|a| a.id).collect::<Vec<_>>(), newest);
        assert!(request.text.starts_with("Hi Sam,"), "{}", request.text);
        for attempt in &request.attempts {
            let line = format!("{}, {} ({}", attempt.attempt.on, attempt.attempt.title, attempt.attempt.outcome);
            assert!(request.text.contains(&line), "{line} in {}", request.text);
        }
        let many = FeedbackRequest { domain: "public-speaking".into(), to: None, last: 50 };
        assert_eq!(app.request_feedback(many).await.unwrap().attempts.len(), MAX_ATTEMPTS);
        let blank = FeedbackRequest { domain: "public-speaking".into(), to: Some("  ".into()), last: 3 };
        let refusal = app.request_feedback(blank).await.unwrap_err().to_string();
        assert_eq!(refusal, "who the request is for must not be empty");
    }

    #[tokio::test]
    async fn attempts_waiting_for_their_outcome_are_skipped_however_many_are_newest() {
        let app = demo().await;
        let filter = crate::AttemptFilter { domain: Some("public-speaking".into()), ..Default::default() };
        let listed = app.attempts(filter).await.unwrap();
        let newest: Vec<_> = listed.iter().filter(|a| a.outcome.is_some()).rev().take(3).map(|a| a.id).collect();
        for _ in 0..7 {
            let plan = crate::PlanAttempt {
                challenge: "ask-one-question-in-the-weekly-team-meeting".into(),
                confidence: mastery_domain::measure::Confidence::new(50).unwrap(),
                state: mastery_domain::attempt::State::default(),
                at: None,
            };
            app.plan_attempt(plan).await.unwrap();
        }
        let input = FeedbackRequest { domain: "public-speaking".into(), to: None, last: 3 };
        let request = app.request_feedback(input).await.unwrap();
        assert_eq!(request.attempts.iter().map(|a| a.id).collect::<Vec<_>>(), newest, "past seven planned ones");
    }

    #[tokio::test]
    async fn role_models_and_feedback_list_by_domain() {
        let app = demo().await;
        let models = app.role_models(None).await.unwrap();
        let feedback = app.feedback_received(None).await.unwrap();
        assert!(!models.is_empty() && !feedback.is_empty());
        let speaking = app.role_models(Some("public-speaking")).await.unwrap();
        assert!(speaking.iter().all(|m| m.domain == "public-speaking"));
        assert_eq!(speaking.len(), models.iter().filter(|m| m.domain == "public-speaking").count());
        assert!(feedback.windows(2).all(|w| w[0].received_at <= w[1].received_at), "oldest first");
        assert!(app.feedback_received(Some("nowhere")).await.is_err());
    }
}

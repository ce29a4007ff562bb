//! What an audience gives back (feedback, cheers, suggested rungs) and what an owner sends them
//! (a request for feedback). Feedback lands in the owner's own feedback log as a record of theirs,
//! so it counts as persuasion in their source mix and syncs to their devices like any other.

use mastery_domain::Field;
use mastery_domain::feedback::Specificity;
use mastery_domain::ids::{AttemptId, CelebrationId, ShareId, SuggestionId, UserId};
use mastery_domain::measure::Difficulty;
use mastery_domain::text::Name;
use mastery_store::{AccountStore, SharingStore, Store, SuggestionRecord, SuggestionState, Transaction};

use super::{Sharing, SuggestionView, missing};
use crate::views::{ChallengeView, FeedbackRequestView, FeedbackView};
use crate::{AppError, FeedbackRequest, NewChallenge, NewFeedback, new_id};

/// Feedback from someone a goal is shared with.
#[derive(Debug, Clone)]
pub struct SharedFeedback {
    pub text: String,
    /// It names specific behaviour (what was done, what to keep or change), not only praise.
    pub specific: bool,
    /// The attempt it is about, when it is about one.
    pub attempt: Option<AttemptId>,
}

/// A rung a coach suggests.
#[derive(Debug, Clone)]
pub struct RungSuggestion {
    pub title: String,
    pub difficulty: Option<Difficulty>,
    pub note: Option<String>,
}

impl<S: Store + SharingStore + AccountStore + Clone> Sharing<S> {
    /// Leaves feedback on a shared goal, or on one of its attempts; it joins the owner's feedback
    /// log with me as its author, for them to rate how credible I am.
    pub async fn give_feedback(
        &self,
        me: UserId,
        id: ShareId,
        input: SharedFeedback,
    ) -> Result<FeedbackView, AppError> {
        let share = self.audience_share(me, id).await?;
        let owner = self.app_for(share.owner);
        let about = match input.attempt {
            Some(attempt) => Some(self.attempt_in_share(&share, attempt).await?),
            None => None,
        };
        let author = self.name(me).await?;
        let feedback = NewFeedback {
            domain: share.domain.to_string(),
            from: author.clone(),
            credibility: None,
            specificity: Some(if input.specific { Specificity::Specific } else { Specificity::General }),
            valence: None,
            text: input.text,
            at: None,
        };
        let view = owner.add_feedback(feedback).await?;
        let text = match about {
            Some(rung) => format!("{author} left feedback on your attempt at {rung}"),
            None => format!("{author} left feedback on what you share"),
        };
        // The feedback log is on the People page.
        self.notify(share.owner, text, "/people".to_owned()).await?;
        Ok(view)
    }

    /// The rung title of one of the share's attempts, or "not found".
    async fn attempt_in_share(
        &self,
        share: &mastery_store::ShareRecord,
        attempt: AttemptId,
    ) -> Result<String, AppError> {
        let owner = self.app_for(share.owner);
        let mut tx = owner.read().await?;
        let found = tx
            .attempt(attempt)
            .await?
            .filter(|a| a.domain_id == share.domain && share.goal.is_none_or(|g| g == a.goal_id) && a.record.is_some());
        let not_found = || AppError::NotFound {
            entity: "attempt",
            reference: attempt.to_string(),
            hint: "feedback can be about an attempt listed on the shared page".to_owned(),
        };
        let attempt = found.ok_or_else(not_found)?;
        Ok(tx.challenge(attempt.challenge_id).await?.map(|c| c.title.to_string()).unwrap_or_default())
    }

    /// Cheers one of the share's celebrations; cheering twice counts once.
    pub async fn cheer(&self, me: UserId, id: ShareId, celebration: CelebrationId) -> Result<u32, AppError> {
        let share = self.audience_share(me, id).await?;
        let view = self.shared(me, id).await?;
        let Some(cheered) = view.celebrations.iter().find(|c| c.id == celebration) else {
            return Err(AppError::NotFound {
                entity: "celebration",
                reference: celebration.to_string(),
                hint: "cheer a celebration listed on the shared page".to_owned(),
            });
        };
        let new = self.store.insert_cheer(share.owner, celebration, me, self.now()).await?;
        if new {
            let text = format!("{} cheered: {}", self.name(me).await?, cheered.title);
            self.notify(share.owner, text, "/celebrations".to_owned()).await?;
        }
        Ok(cheered.cheers + u32::from(new))
    }

    /// A coach suggests a rung for a shared goal; the owner decides.
    pub async fn suggest_rung(
        &self,
        me: UserId,
        id: ShareId,
        input: RungSuggestion,
    ) -> Result<SuggestionView, AppError> {
        let share = self.audience_share(me, id).await?;
        if !share.role.may_suggest_rungs() {
            return Err(AppError::refused(format!(
                "only a coach suggests rungs; you follow this goal as its {}",
                share.role
            )));
        }
        let goal = share.goal.ok_or_else(|| {
            AppError::refused("a whole domain is shared here; suggest rungs on a goal shared with you")
        })?;
        let title = Name::parse(Field::Rung, &input.title)?;
        let note = mastery_domain::text::optional_text(Field::Note, input.note.as_deref())?;
        let record = SuggestionRecord {
            id: new_id(SuggestionId::from_uuid),
            share: share.id,
            owner: share.owner,
            goal,
            author: me,
            title: title.to_string(),
            difficulty: input.difficulty.map(Difficulty::value),
            note,
            state: SuggestionState::Pending,
            created_at: self.now(),
        };
        self.store.insert_suggestion(&record).await?;
        let coach = self.name(me).await?;
        self.notify(share.owner, format!("{coach} suggested a rung: {}", record.title), "/sharing".to_owned()).await?;
        Ok(suggestion_view(record, coach))
    }

    /// The rungs coaches suggested to me, waiting for an answer.
    pub async fn suggestions(&self, me: UserId) -> Result<Vec<SuggestionView>, AppError> {
        let records = self.store.pending_suggestions(me).await?;
        let names = self.names(records.iter().map(|r| r.author).collect()).await?;
        Ok(records
            .into_iter()
            .map(|r| {
                let from = names.get(&r.author).cloned().unwrap_or_default();
                suggestion_view(r, from)
            })
            .collect())
    }

    /// Accepts a suggested rung: it joins the goal's ladder.
    pub async fn accept_suggestion(&self, me: UserId, id: SuggestionId) -> Result<ChallengeView, AppError> {
        let pending = self.store.pending_suggestions(me).await?;
        let suggestion = pending.into_iter().find(|s| s.id == id).ok_or_else(|| suggestion_not_found(id))?;
        let difficulty = suggestion.difficulty.map(Difficulty::new).transpose()?;
        let challenge = self
            .app_for(me)
            .add_challenge(NewChallenge {
                goal: suggestion.goal.to_string(),
                title: suggestion.title.clone(),
                difficulty,
                criterion: suggestion.note.clone(),
            })
            .await?;
        self.settle(me, &suggestion, SuggestionState::Accepted, "added it to the ladder").await?;
        Ok(challenge)
    }

    /// Declines a suggested rung.
    pub async fn decline_suggestion(&self, me: UserId, id: SuggestionId) -> Result<(), AppError> {
        let pending = self.store.pending_suggestions(me).await?;
        let suggestion = pending.into_iter().find(|s| s.id == id).ok_or_else(|| suggestion_not_found(id))?;
        self.settle(me, &suggestion, SuggestionState::Declined, "declined it").await
    }

    async fn settle(
        &self,
        me: UserId,
        suggestion: &SuggestionRecord,
        state: SuggestionState,
        what: &str,
    ) -> Result<(), AppError> {
        self.store
            .settle_suggestion(me, suggestion.id, state)
            .await
            .map_err(|e| missing(e, "suggestion", suggestion.id.to_string(), "it was answered already"))?;
        let text = format!("{} {what}: {}", self.name(me).await?, suggestion.title);
        self.notify(suggestion.author, text, format!("/shared/{}", suggestion.share)).await
    }

    /// Drafts a request for feedback on my latest attempts in the shared domain and sends it to
    /// the share's audience, in the app.
    pub async fn send_request(&self, me: UserId, id: ShareId, last: usize) -> Result<FeedbackRequestView, AppError> {
        let share = self.own_share(me, id).await?;
        let audience = self.audience_of(&share).await?;
        if audience.is_empty() {
            return Err(AppError::refused("nobody has accepted this share yet; send the invitation link first"));
        }
        let names = self.names(audience.clone()).await?;
        let to = match share.group {
            Some(_) => None,
            None => audience.first().and_then(|u| names.get(u).cloned()),
        };
        let request = FeedbackRequest { domain: share.domain.to_string(), to, last };
        let drafted = self.app_for(me).request_feedback_on(request, share.goal).await?;
        let owner = self.name(me).await?;
        for person in audience {
            let text = format!("{owner} asks for your feedback: {}", drafted.text);
            self.notify(person, text, format!("/shared/{}", share.id)).await?;
        }
        Ok(drafted)
    }
}

fn suggestion_view(r: SuggestionRecord, from: String) -> SuggestionView {
    SuggestionView {
        id: r.id,
        share: r.share,
        goal: r.goal,
        from,
        title: r.title,
        difficulty: r.difficulty,
        note: r.note,
        created_at: r.created_at,
    }
}

fn suggestion_not_found(id: SuggestionId) -> AppError {
    AppError::NotFound {
        entity: "suggestion",
        reference: id.to_string(),
        hint: "it may have been answered already; the Sharing page lists those waiting".to_owned(),
    }
}

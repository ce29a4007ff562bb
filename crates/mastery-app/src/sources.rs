//! The other sources of efficacy: check-ins (physiological and emotional state), role models
//! (vicarious experience) and feedback (social persuasion).

use mastery_domain::Field;
use mastery_domain::checkin::Checkin;
use mastery_domain::feedback::Feedback;
use mastery_domain::ids::{CheckinId, FeedbackId, RoleModelId};
use mastery_domain::role_model::RoleModel;
use mastery_domain::text::{Name, optional_text, required_text};
use mastery_store::{Store, Transaction};

use crate::records::AnyRecord;
use crate::views::{CheckinView, FeedbackView, RoleModelView};
use crate::{App, AppError, NewCheckin, NewFeedback, NewRoleModel, new_id, resolve};

impl<S: Store> App<S> {
    /// Saves the check-in of its day. There is one a day: a second one on a day updates that
    /// day's (the measures it gives replace the earlier ones, the others stay), and the view
    /// says so with `updated`.
    pub async fn checkin(&self, input: NewCheckin) -> Result<CheckinView, AppError> {
        let measures = input.measures.require_any()?;
        let at = self.event_time(Field::CheckinTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let same_day = tx.checkins().await?.into_iter().rfind(|c| c.on == at.date());
        let (checkin, before) = match same_day {
            Some(earlier) => {
                let checkin = Checkin {
                    at: earlier.at.max(at.timestamp()),
                    measures: earlier.measures.updated_with(measures),
                    ..earlier.clone()
                };
                tx.update_checkin(&checkin).await?;
                (checkin, vec![AnyRecord::Checkin(earlier)])
            }
            None => {
                let checkin = Checkin { id: new_id(CheckinId::from_uuid), at: at.timestamp(), on: at.date(), measures };
                tx.insert_checkin(&checkin).await?;
                (checkin, Vec::new())
            }
        };
        let updated = !before.is_empty();
        let summary = match updated {
            true => format!("Updated the check-in of {}", checkin.on),
            false => format!("Checked in for {}", checkin.on),
        };
        let after = vec![AnyRecord::Checkin(checkin.clone())];
        crate::revise::journal(&mut tx, self.clock.now().timestamp(), summary, before, after).await?;
        tx.commit().await?;
        Ok(CheckinView { updated, ..CheckinView::from(&checkin) })
    }

    pub async fn checkins(&self) -> Result<Vec<CheckinView>, AppError> {
        let mut tx = self.read().await?;
        Ok(tx.checkins().await?.iter().map(CheckinView::from).collect())
    }

    /// The check-ins since `since` (a day or a moment, as typed), newest first, at most `last`.
    pub async fn checkin_list(&self, since: Option<&str>, last: usize) -> Result<Vec<CheckinView>, AppError> {
        let since = since.map(|s| self.start_of(s)).transpose()?;
        let mut tx = self.read().await?;
        let checkins = tx.checkins().await?;
        Ok(checkins
            .iter()
            .rev()
            .filter(|c| since.is_none_or(|since| c.at >= since))
            .take(last)
            .map(CheckinView::from)
            .collect())
    }

    pub async fn add_role_model(&self, input: NewRoleModel) -> Result<RoleModelView, AppError> {
        let name = Name::parse(Field::RoleModelName, &input.name)?;
        let process = optional_text(Field::Process, input.process.as_deref())?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let model = RoleModel {
            id: new_id(RoleModelId::from_uuid),
            domain_id: domain.id,
            name,
            similarity: input.similarity,
            process,
            created_at: self.clock.now().timestamp(),
        };
        tx.insert_role_model(&model).await?;
        let summary = format!("Added the role model '{}'", model.name);
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::RoleModel(model.clone())])
            .await?;
        tx.commit().await?;
        Ok(RoleModelView::new(&model, &domain.slug))
    }

    pub async fn add_feedback(&self, input: NewFeedback) -> Result<FeedbackView, AppError> {
        let from = Name::parse(Field::FeedbackGiver, &input.from)?;
        let text = required_text(Field::FeedbackText, &input.text)?;
        let at = self.event_time(Field::FeedbackTime, input.at.as_deref())?;
        let mut tx = self.write().await?;
        let domain = resolve::domain(&mut tx, &input.domain).await?;
        let feedback = Feedback {
            id: new_id(FeedbackId::from_uuid),
            domain_id: domain.id,
            from,
            credibility: input.credibility,
            specificity: input.specificity,
            valence: input.valence,
            text,
            received_at: at.timestamp(),
        };
        tx.insert_feedback(&feedback).await?;
        let summary = format!("Added feedback from {}", feedback.from);
        crate::revise::added(
            &mut tx,
            self.clock.now().timestamp(),
            summary,
            vec![AnyRecord::Feedback(feedback.clone())],
        )
        .await?;
        tx.commit().await?;
        Ok(FeedbackView::new(&feedback, &domain.slug))
    }
}

//! The other sources of efficacy: check-ins (physiological and emotional state), role models
//! (vicarious experience) and feedback (social persuasion).

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
    pub async fn checkin(&self, input: NewCheckin) -> Result<CheckinView, AppError> {
        let measures = input.measures.require_any()?;
        let at = self.event_time("check-in time", input.at.as_deref())?;
        let checkin = Checkin { id: new_id(CheckinId::from_uuid), at: at.timestamp(), on: at.date(), measures };
        let mut tx = self.write().await?;
        tx.insert_checkin(&checkin).await?;
        let summary = format!("Checked in for {}", checkin.on);
        crate::revise::added(&mut tx, self.clock.now().timestamp(), summary, vec![AnyRecord::Checkin(checkin.clone())])
            .await?;
        tx.commit().await?;
        Ok(CheckinView::from(&checkin))
    }

    pub async fn checkins(&self) -> Result<Vec<CheckinView>, AppError> {
        let mut tx = self.read().await?;
        Ok(tx.checkins().await?.iter().map(CheckinView::from).collect())
    }

    pub async fn add_role_model(&self, input: NewRoleModel) -> Result<RoleModelView, AppError> {
        let name = Name::parse("role model name", &input.name)?;
        let process = optional_text("process", input.process.as_deref())?;
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
        let from = Name::parse("feedback giver", &input.from)?;
        let text = required_text("feedback text", &input.text)?;
        let at = self.event_time("feedback time", input.at.as_deref())?;
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

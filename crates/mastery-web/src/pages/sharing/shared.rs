//! What others share with me: the list (`/shared`) and one shared goal or domain as my role may
//! see it (`/shared/{id}`), computed by `Sharing::shared` from the owner's records. From that page
//! a partner, coach or group member gives feedback (on the goal or one attempt), cheers a
//! celebration; a coach suggests a rung; a group member saves a win as a role model of their own.

use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mastery_app::sharing::{CoachView, RungSuggestion, SharedAttempt, SharedFeedback, SharedView};
use mastery_app::views::DomainView;
use mastery_domain::attempt::Outcome;
use mastery_domain::ids::{AttemptId, CelebrationId, ShareId};
use mastery_domain::measure::Difficulty;
use mastery_domain::review::Period;
use mastery_domain::sharing::Role;
use maud::{Markup, html};
use serde::Deserialize;

use super::{page_error, sub_nav};
use crate::chart;
use crate::error::WebError;
use crate::layout::{self, Errors, Field, card, percent};
use crate::pages::domains::trajectory_points;
use crate::pages::forms::Concern;
use crate::pages::forms::{CHOOSE_DOMAIN, Sent, domain_choices, file_error, given, optional, required_text};
use crate::pages::help_now::after_save;
use crate::{Me, Web, WebStore};

/// What others share with me, oldest first.
pub async fn list<S: WebStore>(me: Me<S>) -> Result<Markup, WebError> {
    let items = me.sharing.shared_with_me(me.user).await.map_err(page_error)?;
    Ok(layout::page(
        "Shared with you",
        html! {
            (sub_nav("/shared"))
            @if items.is_empty() {
                p { "Nobody shares anything with you yet. When someone sends you an invitation link, open it and accept: what they share then appears here." }
            } @else {
                div.table-wrap { table.stack {
                    thead { tr { th scope="col" { "What" } th scope="col" { "Whose" } th scope="col" { "You follow it as" } } }
                    tbody { @for item in &items { tr {
                        th scope="row" { a href=(format!("/shared/{}", item.id)) { (item.goal.clone().unwrap_or_else(|| format!("All of {}", item.domain))) } }
                        td data-label="Whose" { (item.owner) }
                        td data-label="You follow it as" { (item.role) @if let Some(group) = &item.group { " (" (group) ")" } }
                    } } }
                } }
            }
        },
    ))
}

/// The shared page's query: a notice after a form was sent, and an attempt or win to preselect.
#[derive(Debug, Default, Deserialize)]
pub struct ShownQuery {
    sent: Option<String>,
    attempt: Option<String>,
    win: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    feedback_text: String,
    #[serde(default)]
    feedback_specific: Option<String>,
    #[serde(default)]
    feedback_attempt: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct SuggestionForm {
    #[serde(default)]
    suggest_title: String,
    #[serde(default)]
    suggest_difficulty: String,
    #[serde(default)]
    suggest_note: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct WinForm {
    #[serde(default)]
    win: String,
    #[serde(default)]
    win_domain: String,
}

/// The page's forms (only the one sent carries values and errors) and its notice.
#[derive(Debug, Default)]
struct Forms {
    feedback: Sent<FeedbackForm>,
    suggestion: Sent<SuggestionForm>,
    win: Sent<WinForm>,
    notice: Option<&'static str>,
}

pub async fn show<S: WebStore>(
    me: Me<S>,
    web: Web<S>,
    Path(id): Path<ShareId>,
    Query(query): Query<ShownQuery>,
) -> Result<Markup, WebError> {
    let notice = match query.sent.as_deref() {
        Some("feedback") => Some("Your feedback is in their feedback log, with your name on it."),
        Some("suggestion") => Some("Your rung was suggested; they accept it into the ladder or decline it."),
        Some("role-model") => Some("Saved among your role models: see People."),
        _ => None,
    };
    let forms = Forms {
        feedback: Sent {
            form: FeedbackForm { feedback_attempt: query.attempt.unwrap_or_default(), ..FeedbackForm::default() },
            errors: Errors::default(),
        },
        win: Sent {
            form: WinForm { win: query.win.unwrap_or_default(), ..WinForm::default() },
            errors: Errors::default(),
        },
        notice,
        ..Forms::default()
    };
    render(&me, &web, id, &forms).await
}

/// The page again with the sent form's errors beside its fields; nothing was stored.
async fn refused<S: WebStore>(me: &Me<S>, web: &Web<S>, id: ShareId, forms: &Forms) -> Result<Response, WebError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(me, web, id, forms).await?).into_response())
}

async fn render<S: WebStore>(me: &Me<S>, web: &Web<S>, id: ShareId, forms: &Forms) -> Result<Markup, WebError> {
    let view = me.sharing.shared(me.user, id).await.map_err(page_error)?;
    // A group member saves a win into a domain of their own: only their own domains are listed.
    let my_domains = match view.role {
        Role::Group => web.app.domains(false).await.map_err(page_error)?,
        Role::Partner | Role::Coach => Vec::new(),
    };
    let title = view.goal.as_ref().map_or_else(|| format!("All of {}", view.domain), |g| g.statement.clone());
    Ok(layout::page(
        &title,
        html! {
            (sub_nav("/shared"))
            p.muted {
                strong { (view.owner) } " shares this with you as their " (view.role) " · " (view.domain)
                @if view.goal.as_ref().is_some_and(|g| g.done) { " · goal reached" }
            }
            @if let Some(notice) = forms.notice { p.notice role="status" { (notice) } }
            div.grid {
                (week_section(&view))
                (practice_section(&view))
            }
            (ladder_section(&view))
            (attempts_section(&view))
            (celebrations_section(&view, &me.token))
            (evidence_section(&view))
            (reviews_section(&view))
            @if let Some(coach) = &view.coach { (coach_section(coach)) }
            (feedback_form(&view, &me.token, &forms.feedback))
            @if view.role.may_suggest_rungs() { (suggestion_form(&view, &me.token, &forms.suggestion)) }
            @if view.role == Role::Group { (win_form(&view, &my_domains, &me.token, &forms.win)) }
        },
    ))
}

fn week_section(view: &SharedView) -> Markup {
    let w = &view.week;
    card(
        "week",
        &format!("This week ({})", w.week),
        html! {
            dl.figures {
                dt { "Attempts recorded" } dd { (w.attempts) }
                dt { "Successes" } dd { (w.successes) }
                dt { "Partial successes" } dd { (w.partials) }
                @if w.practice_planned > 0 { dt { "Practice days kept" } dd { (w.practice_kept) " of " (w.practice_planned) } }
            }
            p.muted { (w.from.strftime("%a %-d %b").to_string()) " – " (w.to.strftime("%a %-d %b").to_string()) }
        },
    )
}

fn practice_section(view: &SharedView) -> Markup {
    card(
        "practice",
        "Practice consistency",
        html! {
            @if let Some(p) = &view.practice {
                dl.figures {
                    dt { "Consistency score" } dd { (percent(p.score)) }
                    dt { "Current streak" } dd { (p.streak) @if p.streak == 1 { " day" } @else { " days" } }
                    dt { "Planned days kept" } dd { (p.kept_days) " of " (p.planned_days) }
                }
                p.muted { "The score counts recent weeks most, so one missed day costs little and a comeback shows at once." }
            } @else {
                p.muted { "No practice plan in " (view.domain) " yet." }
            }
        },
    )
}

/// A goal's statement from its slug, for a domain share with several goals.
fn goal_statement<'v>(view: &'v SharedView, slug: &'v str) -> &'v str {
    view.goals.iter().find(|g| g.slug == slug).map_or(slug, |g| g.statement.as_str())
}

fn ladder_section(view: &SharedView) -> Markup {
    let several = view.goals.len() > 1;
    card(
        "ladder",
        "Ladder",
        html! {
            @if view.ladder.is_empty() { p.muted { "No rungs yet." } } @else {
                div.table-wrap { table.stack {
                    thead { tr {
                        th scope="col" { "Rung (easy → hard)" }
                        @if several { th scope="col" { "Goal" } }
                        th scope="col" { "Difficulty" } th scope="col" { "Record" } th scope="col" { "Status" }
                    } }
                    tbody { @for r in &view.ladder { tr {
                        th scope="row" { (r.title) @if let Some(c) = &r.criterion { br; span.muted { (c) } } }
                        @if several { td data-label="Goal" { (goal_statement(view, &r.goal)) } }
                        td data-label="Difficulty" { (format!("{:.1}", r.difficulty)) }
                        td data-label="Record" { (r.successes) " of " (r.attempts) @if r.partials > 0 { " (" (r.partials) " partial)" } }
                        td data-label="Status" { (r.status.as_str().replace('_', " ")) }
                    } } }
                } }
            }
        },
    )
}

fn outcome(o: Outcome) -> Markup {
    html! { span class=(format!("outcome-{o}")) { (o) } }
}

fn attempts_section(view: &SharedView) -> Markup {
    card(
        "attempts",
        "Newest attempts",
        html! {
            @if view.attempts.is_empty() { p.muted { "No attempt recorded yet." } } @else {
                div.table-wrap { table.stack {
                    thead { tr { th scope="col" { "When" } th scope="col" { "Rung" } th scope="col" { "Outcome" } th scope="col" { "What they did" } th scope="col" { span.visually-hidden { "Action" } } } }
                    tbody { @for a in view.attempts.iter().take(12) { tr {
                        td.nowrap data-label="When" { (layout::local_day(a.recorded_at)) }
                        th scope="row" { (a.challenge) }
                        td data-label="Outcome" { (outcome(a.outcome)) }
                        td data-label="What they did" { (a.did.as_deref().unwrap_or("—")) }
                        td { a href=(format!("/shared/{}?attempt={}#feedback-heading", view.id, a.id)) { "Feedback" span.visually-hidden { " on the attempt at " (a.challenge) " of " (layout::local_day(a.recorded_at)) } } }
                    } } }
                } }
                @if view.attempts.len() > 12 { p.muted { "The 12 newest of " (view.attempts.len()) "." } }
            }
        },
    )
}

fn celebrations_section(view: &SharedView, token: &str) -> Markup {
    html! {
        @if !view.celebrations.is_empty() {
            (card("celebrations", "Celebrations", html! {
                ul.highlights { @for c in &view.celebrations { li {
                    strong { (c.title) } " — " (layout::local_day(c.at))
                    @if let Some(effort) = &c.effort { br; span.muted { "Effort: " (effort) } }
                    @if let Some(strategy) = &c.strategy { br; span.muted { "What worked: " (strategy) } }
                    br;
                    form.inline method="post" action=(format!("/shared/{}/celebrations/{}/cheer", view.id, c.id)) {
                        (layout::token(token))
                        button.secondary type="submit" { "Cheer" span.visually-hidden { " " (c.title) } }
                    }
                    " " span.muted { (cheers(c.cheers)) }
                } } }
            }))
        }
    }
}

fn cheers(n: u32) -> String {
    match n {
        0 => "no cheers yet".to_owned(),
        1 => "1 cheer".to_owned(),
        n => format!("{n} cheers"),
    }
}

fn evidence_section(view: &SharedView) -> Markup {
    card(
        "evidence",
        "Evidence file",
        html! {
            @if view.evidence.is_empty() { p.muted { "No successes yet." } }
            ul { @for e in view.evidence.iter().take(10) {
                li { strong { (e.title) } " — " (layout::local_day(e.at))
                    @if let Some(did) = &e.did { br; span.muted { "What they did: " (did) } } }
            } }
        },
    )
}

fn reviews_section(view: &SharedView) -> Markup {
    html! {
        @if !view.reviews.is_empty() {
            (card("reviews", "Weekly reviews", html! {
                @for r in &view.reviews {
                    @let prompts = r.week.parse::<Period>().map(Period::prompts).unwrap_or_default();
                    h3 { (r.week) }
                    dl { @for p in prompts { @if let Some(answer) = r.answers.get(p.key) { dt { (p.question) } dd { (answer) } } } }
                }
            }))
        }
    }
}

fn coach_section(coach: &CoachView) -> Markup {
    let history = &coach.audits;
    let points = trajectory_points(history);
    card(
        "coach",
        "For you as their coach",
        html! {
            div.grid {
                figure {
                    (chart::calibration("coach-calibration", &coach.calibration.person.bins))
                    figcaption { (coach.calibration.summary) @if let Some(caveat) = &coach.calibration.caveat { " " (caveat) } }
                }
                figure {
                    (chart::trajectory("coach-trajectory", &points))
                    figcaption { @if let Some(change) = &history.change { (change.how) } @else { "Two audits on one scale show the change." } }
                }
            }
            h3 { "How they explain their outcomes" }
            p { (coach.attribution.pattern_statement.unwrap_or("No low-efficacy pattern in their explanations: successes are not put down to luck, nor failures to fixed ability.")) }
            @let s = &coach.attribution.shares;
            p.muted {
                "Successes explained by something of theirs: " (s.success_internal_rate.map_or("—".to_owned(), percent))
                " · failures put down to something lasting: " (s.failure_stable_rate.map_or("—".to_owned(), percent))
                " · failures seen as within their control: " (s.failure_controllable_rate.map_or("—".to_owned(), percent))
            }
        },
    )
}

fn attempt_choice(a: &SharedAttempt) -> (String, String) {
    (a.id.to_string(), format!("{} · {} · {}", layout::local_day(a.recorded_at), a.challenge, a.outcome))
}

fn feedback_form(view: &SharedView, token: &str, sent: &Sent<FeedbackForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    let attempts: Vec<(String, String)> = std::iter::once((String::new(), "The goal as a whole".to_owned()))
        .chain(view.attempts.iter().map(attempt_choice))
        .collect();
    card(
        "feedback",
        &format!("Feedback for {}", view.owner),
        html! {
            p.muted { "Specific feedback from someone they trust is one of the four sources of belief in one's capability: name what they did, and what to keep or change. It lands in their feedback log with your name." }
            form method="post" action=(format!("/shared/{}/feedback", view.id)) {
                (layout::token(token))
                (errors.summary())
                (Field { name: "feedback_attempt", label: "About", hint: None }.select(errors, &attempts, &form.feedback_attempt))
                (Field { name: "feedback_text", label: "Your feedback", hint: Some("For example: counting the rests aloud kept your tempo steady; keep doing it when you play for more people.") }.textarea(errors, &form.feedback_text))
                div.field {
                    label.check { input type="checkbox" name="feedback_specific" value="yes" checked[form.feedback_specific.is_some()]; " This names specific behaviour (what they did), not only praise" }
                }
                button type="submit" { "Send the feedback" }
            }
        },
    )
}

fn suggestion_form(view: &SharedView, token: &str, sent: &Sent<SuggestionForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    card(
        "suggest",
        "Suggest a rung",
        html! {
            p.muted { "A rung they could try next; they accept it into the ladder or decline it." }
            form method="post" action=(format!("/shared/{}/suggestions", view.id)) {
                (layout::token(token))
                (errors.summary())
                (Field { name: "suggest_title", label: "The rung", hint: Some("For example: Four-ball columns for one minute") }.text(errors, &form.suggest_title))
                (Field { name: "suggest_difficulty", label: "Difficulty, 1 to 10 (optional)", hint: None }.text(errors, &form.suggest_difficulty))
                (Field { name: "suggest_note", label: "Why, or when it counts as done (optional)", hint: None }.textarea(errors, &form.suggest_note))
                button type="submit" { "Suggest it" }
            }
        },
    )
}

fn win_form(view: &SharedView, domains: &[DomainView], token: &str, sent: &Sent<WinForm>) -> Markup {
    let (form, errors) = (&sent.form, &sent.errors);
    let wins: Vec<(String, String)> = std::iter::once((String::new(), "Choose a success".to_owned()))
        .chain(view.attempts.iter().filter(|a| a.outcome == Outcome::Success).map(attempt_choice))
        .collect();
    card(
        "save-win",
        "Save a win as a role model",
        html! {
            p.muted { "Seeing someone like you succeed, and how, is evidence you can do it too. The win is kept among your role models, with " (view.owner) "'s name and what they did." }
            @if domains.is_empty() {
                p { a href="/domains" { "Add a domain of your own" } " first: a role model belongs to one." }
            } @else if wins.len() == 1 {
                p.muted { "No success to save yet." }
            } @else {
                form method="post" action=(format!("/shared/{}/role-model", view.id)) {
                    (layout::token(token))
                    (errors.summary())
                    (Field { name: "win", label: "The win", hint: None }.select(errors, &wins, &form.win))
                    (Field { name: "win_domain", label: "In your domain", hint: None }.select(errors, &domain_choices("Choose a domain", domains), &form.win_domain))
                    button type="submit" { "Save as a role model" }
                }
            }
        },
    )
}

/// Leaves feedback on the shared goal or one of its attempts.
pub async fn feedback<S: WebStore>(
    me: Me<S>,
    web: Web<S>,
    Path(id): Path<ShareId>,
    Form(form): Form<FeedbackForm>,
) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let attempt: Option<AttemptId> = optional(&mut errors, "feedback_attempt", &form.feedback_attempt, str::parse);
    if errors.is_empty() {
        let input =
            SharedFeedback { text: form.feedback_text.clone(), specific: form.feedback_specific.is_some(), attempt };
        match me.sharing.give_feedback(me.user, id, input).await {
            Ok(_) => {
                return Ok(
                    after_save([form.feedback_text.as_str()], &format!("/shared/{id}?sent=feedback")).into_response()
                );
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::FeedbackText), "feedback_text"),
                    (Concern::Entity("attempt"), "feedback_attempt"),
                ],
            )?,
        }
    }
    refused(&me, &web, id, &Forms { feedback: Sent { form, errors }, ..Forms::default() }).await
}

/// Cheers a celebration, then shows the celebrations again.
pub async fn cheer<S: WebStore>(
    me: Me<S>,
    Path((id, celebration)): Path<(ShareId, CelebrationId)>,
) -> Result<Redirect, WebError> {
    me.sharing.cheer(me.user, id, celebration).await.map_err(page_error)?;
    Ok(Redirect::to(&format!("/shared/{id}#celebrations-heading")))
}

/// A coach suggests a rung for the shared goal.
pub async fn suggest<S: WebStore>(
    me: Me<S>,
    web: Web<S>,
    Path(id): Path<ShareId>,
    Form(form): Form<SuggestionForm>,
) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let difficulty = optional(&mut errors, "suggest_difficulty", &form.suggest_difficulty, |raw| {
        raw.parse::<f64>()
            .map_err(|_| format!("the difficulty is a number from 1 to 10; got {raw}"))
            .and_then(|d| Difficulty::new(d).map_err(|e| e.to_string()))
    });
    if errors.is_empty() {
        let input = RungSuggestion { title: form.suggest_title.clone(), difficulty, note: given(&form.suggest_note) };
        match me.sharing.suggest_rung(me.user, id, input).await {
            Ok(_) => {
                let typed = [form.suggest_title.as_str(), form.suggest_note.as_str()];
                return Ok(after_save(typed, &format!("/shared/{id}?sent=suggestion")).into_response());
            }
            Err(error) => file_error(
                &mut errors,
                error,
                &[
                    (Concern::Field(mastery_domain::Field::ChallengeTitle), "suggest_title"),
                    (Concern::Field(mastery_domain::Field::Title), "suggest_title"),
                    (Concern::Field(mastery_domain::Field::Difficulty), "suggest_difficulty"),
                ],
            )?,
        }
    }
    refused(&me, &web, id, &Forms { suggestion: Sent { form, errors }, ..Forms::default() }).await
}

/// A group member saves one of the shared successes as a role model in a domain of their own.
pub async fn save_win<S: WebStore>(
    me: Me<S>,
    web: Web<S>,
    Path(id): Path<ShareId>,
    Form(form): Form<WinForm>,
) -> Result<Response, WebError> {
    let mut errors = Errors::default();
    let win: Option<AttemptId> = optional(&mut errors, "win", &form.win, str::parse);
    let domain = required_text(&mut errors, "win_domain", &form.win_domain, CHOOSE_DOMAIN);
    if win.is_none() && !errors.has("win") {
        errors.add("win", "choose the success to save");
    }
    if let (Some(win), Some(domain), true) = (win, domain, errors.is_empty()) {
        match me.sharing.save_win(me.user, id, win, &domain).await {
            Ok(_) => return Ok(Redirect::to(&format!("/shared/{id}?sent=role-model")).into_response()),
            Err(error) => file_error(
                &mut errors,
                error,
                &[(Concern::Entity("domain"), "win_domain"), (Concern::Entity("win"), "win")],
            )?,
        }
    }
    refused(&me, &web, id, &Forms { win: Sent { form, errors }, ..Forms::default() }).await
}

//! The frame every page shares (the pages', the error pages' and the guard's refusals):
//! landmarks, a skip link, the navigation with help-now one click away, and the small form
//! helpers that put a validation message next to its field.

use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use mastery_app::views::DomainView;
use maud::{DOCTYPE, Markup, html};

use crate::headers::STYLESHEET;

/// The form field that carries the request's token, which the guard checks on every form.
pub const TOKEN_FIELD: &str = "csrf";

/// The stylesheet, compiled into the binary.
pub const CSS: &str = include_str!("style.css");

/// What the frame shows of who is there: nothing on the local app; on a server, the way in, or
/// the account and sign-out for the signed-in person (whose token the sign-out form carries).
#[derive(Debug, Clone)]
pub enum Chrome {
    Local,
    SignedOut,
    /// Signed in, with the token the sign-out form carries and how many notifications wait.
    SignedIn {
        token: String,
        unread: usize,
    },
}

tokio::task_local! {
    /// The chrome of the request being rendered, set by the guard on a server.
    pub static CHROME: Chrome;
}

fn chrome() -> Chrome {
    CHROME.try_with(Chrome::clone).unwrap_or(Chrome::Local)
}

/// Whether the page is rendered for the local app, where the person also has the command line.
pub fn is_local() -> bool {
    matches!(chrome(), Chrome::Local)
}

pub fn page(title: &str, body: Markup) -> Markup {
    let chrome = chrome();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Mastery" }
                link rel="stylesheet" href=(STYLESHEET);
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "Mastery" }
                    nav aria-label="Main" {
                        ul {
                            // Signed out, the app's pages would only lead back to signing in.
                            @if !matches!(chrome, Chrome::SignedOut) {
                                li { a href="/" { "Today" } }
                                li { a href="/domains" { "Domains" } }
                                li { a href="/attempts" { "Attempts" } }
                                li { a href="/review" { "Reviews" } }
                                li { a href="/celebrations" { "Celebrations" } }
                                li { a href="/practice" { "Practice" } }
                                li { a href="/people" { "People" } }
                                li { a href="/programs" { "Programs" } }
                                li { a href="/data" { "Your data" } }
                            }
                            li { a.help-now href="/help-now" { "Need help now?" } }
                            @match &chrome {
                                Chrome::Local => {}
                                Chrome::SignedOut => li { a href="/signin" { "Sign in" } }
                                Chrome::SignedIn { token: value, unread } => {
                                    li { a href="/sharing" { "Sharing" } }
                                    li { a href="/notifications" {
                                        "Notifications"
                                        @if *unread > 0 { " " span.count { (unread) span.visually-hidden { " unread" } } }
                                    } }
                                    li { a href="/account" { "Account" } }
                                    li { form.inline method="post" action="/signout" { (token(value)) button.link type="submit" { "Sign out" } } }
                                }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
                footer.site {
                    p {
                        @if matches!(chrome, Chrome::Local) {
                            "Mastery runs on your machine; your records stay in its local store. "
                        } @else {
                            "Your records are yours: nobody else on this server sees them unless you share them. "
                        }
                        a href="/help-now" { "Crisis lines" } " are always one click away." }
                    @if !matches!(chrome, Chrome::SignedOut) {
                        p { "Made a mistake? " a href="/changes" { "Undo your latest change" } "." }
                    }
                }
            }
        }
    }
}

pub fn error_page(status: StatusCode, text: &str) -> Markup {
    page(
        status.canonical_reason().unwrap_or("Error"),
        html! {
            p.error role="alert" { (text) }
            p { a href="/" { "Back to Today" } }
        },
    )
}

/// A titled section of a page, labelled by its heading for screen readers.
pub fn card(id: &str, title: &str, body: Markup) -> Markup {
    html! {
        section.card aria-labelledby=(format!("{id}-heading")) {
            h2 id=(format!("{id}-heading")) { (title) }
            (body)
        }
    }
}

/// Validation messages of one form, each keyed by the name of the field it belongs to
/// (`form` for the form as a whole).
#[derive(Debug, Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn of(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.of(field).is_some()
    }

    /// The id of `field`'s message, when it has one: for the `aria-describedby` of a fieldset.
    pub fn id(&self, field: &str) -> Option<String> {
        self.has(field).then(|| format!("{field}-error"))
    }

    /// The message for `field`, if any, with the id its control's `aria-describedby` names.
    pub fn message(&self, field: &str) -> Markup {
        html! { @if let Some(message) = self.of(field) { p.error id=(format!("{field}-error")) { (message) } } }
    }

    /// The whole-form message, above the fields.
    pub fn summary(&self) -> Markup {
        html! {
            @if !self.is_empty() {
                div.error role="alert" {
                    p { "Nothing was saved. Please correct the fields marked below." }
                    @if let Some(message) = self.of("form") { p { (message) } }
                }
            }
        }
    }
}

/// What a field is: its name, its label and an optional hint.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
}

impl Field<'_> {
    /// The label, hint and error around `control`, which gets its id and ARIA attributes from
    /// [`Field::attrs`].
    fn wrap(&self, errors: &Errors, control: Markup) -> Markup {
        html! {
            div.field {
                label for=(self.name) { (self.label) }
                @if let Some(hint) = self.hint { p.hint id=(format!("{}-hint", self.name)) { (hint) } }
                (errors.message(self.name))
                (control)
            }
        }
    }

    fn described_by(&self, errors: &Errors) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if errors.has(self.name) {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }

    pub fn text(&self, errors: &Errors, value: &str) -> Markup {
        self.wrap(
            errors,
            html! {
                input type="text" id=(self.name) name=(self.name) value=(value)
                    aria-describedby=(self.described_by(errors)) aria-invalid=(errors.has(self.name));
            },
        )
    }

    /// A password box: never pre-filled, and the browser may offer a saved or new password.
    pub fn password(&self, errors: &Errors, autocomplete: &str) -> Markup {
        self.wrap(
            errors,
            html! {
                input type="password" id=(self.name) name=(self.name) autocomplete=(autocomplete)
                    aria-describedby=(self.described_by(errors)) aria-invalid=(errors.has(self.name));
            },
        )
    }

    /// A text area, for text longer than a line.
    pub fn textarea(&self, errors: &Errors, value: &str) -> Markup {
        self.wrap(
            errors,
            html! {
                textarea id=(self.name) name=(self.name) rows="3"
                    aria-describedby=(self.described_by(errors)) aria-invalid=(errors.has(self.name)) { (value) }
            },
        )
    }

    /// A drop-down of `(value, label)` choices; `selected` is the current value.
    pub fn select(&self, errors: &Errors, choices: &[(String, String)], selected: &str) -> Markup {
        self.wrap(
            errors,
            html! {
                select id=(self.name) name=(self.name)
                    aria-describedby=(self.described_by(errors)) aria-invalid=(errors.has(self.name)) {
                    @for (value, label) in choices {
                        option value=(value) selected[value == selected] { (label) }
                    }
                }
            },
        )
    }
}

/// The hidden token every form carries back.
pub fn token(value: &str) -> Markup {
    html! { input type="hidden" name=(TOKEN_FIELD) value=(value); }
}

/// The local calendar day of an instant, as the command line shows it.
pub fn local_day(at: Timestamp) -> String {
    at.to_zoned(TimeZone::system()).strftime("%Y-%m-%d").to_string()
}

/// Links that narrow a page at `base` to one domain (`?domain=slug`) or show them all; the one
/// shown is marked current.
pub fn domain_filter(base: &str, domains: &[DomainView], shown: Option<&str>) -> Markup {
    html! {
        nav.filter aria-label="Domains" {
            ul {
                li { a href=(base) aria-current=[shown.is_none().then_some("page")] { "All domains" } }
                @for d in domains {
                    li { a href=(format!("{base}?domain={}", d.slug)) aria-current=[(shown == Some(d.slug.as_str())).then_some("page")] { (d.name) } }
                }
            }
        }
    }
}

/// A share (0–1) as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

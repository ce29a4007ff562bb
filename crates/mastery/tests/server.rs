//! `mastery server` over real HTTP: accounts, bearer tokens and sessions, the core loop through
//! the API, two people who never see each other's records (an authorization matrix over every
//! route of the API document), sign-in throttling, logs free of secrets, and two server processes
//! on one database agreeing. Each test runs on a fresh SQLite file and on a fresh PostgreSQL
//! database; without `MASTERY_TEST_POSTGRES_URL` the PostgreSQL half skips with a notice (and
//! fails under `CI`).

mod common;

use std::time::{Duration, Instant};

use common::http::{PASSWORD, Who, call, login, page, person};
use common::server::{Server, databases};
use serde_json::{Value, json};

/// What the owner has after the core loop, by the names the routes use.
struct Owned {
    slug: String,
    goal: String,
    rung: String,
    attempt: String,
    program: String,
    celebration: String,
    /// A share of the goal with a partner who never accepted, and a group of the owner's.
    share: String,
    group: String,
    /// The owner's records that hang off the domain or a day, by the first part of their path.
    leaves: Vec<(&'static str, String)>,
}

/// The core loop through the API: a domain, a goal, a rung, a forecast, its outcome, the evidence
/// file; then a program and the goal reached.
fn core_loop(base: &str, owner: &Who) -> Owned {
    let post = |path: &str, body: Value| {
        let (status, body) = call(base, owner, "POST", path, Some(body));
        assert!(status == 200 || status == 201, "POST {path}: {status} {body}");
        body
    };
    let domain = post("/domains", json!({"name": "Zanzibar oratory", "area": "career"}));
    let slug = domain["slug"].as_str().unwrap().to_owned();
    let goal = post("/goals", json!({"domain": slug, "statement": "Give the zanzibar toast"}));
    let goal = goal["id"].as_str().unwrap().to_owned();
    let rung = post(&format!("/goals/{goal}/challenges"), json!({"title": "Toast a friend", "difficulty": 2}));
    let rung = rung["id"].as_str().unwrap().to_owned();
    let planned = post("/attempts", json!({"challenge": rung, "confidence": 70}));
    let attempt = planned["id"].as_str().unwrap().to_owned();
    let recorded = post(
        &format!("/attempts/{attempt}/outcome"),
        json!({"outcome": "success", "did": "zanzibar-marker rehearsed twice"}),
    );
    assert_eq!(recorded["outcome"], json!("success"));
    let (_, evidence) = call(base, owner, "GET", &format!("/domains/{slug}/evidence"), None);
    assert_eq!(evidence[0]["did"], json!("zanzibar-marker rehearsed twice"), "{evidence}");
    let program = post("/programs", json!({"template": "30-day-experiment", "domain": slug}));
    let program = program["id"].as_str().unwrap().to_owned();
    let reached = post(&format!("/goals/{goal}/done"), json!(null));
    let celebration = reached["celebration"]["id"].as_str().unwrap().to_owned();
    let id = |path: &str, body: Value| post(path, body)["id"].as_str().unwrap().to_owned();
    let leaves = vec![
        ("/checkins", id("/checkins", json!({"mood": 3}))),
        ("/models", id("/models", json!({"domain": slug, "name": "Zanzibar model"}))),
        ("/feedback", id("/feedback", json!({"domain": slug, "from": "Zanzibar friend", "text": "Well done"}))),
        ("/practice/sessions", id("/practice/sessions", json!({"domain": slug, "minutes": 20}))),
        ("/audits", id(&format!("/domains/{slug}/audits"), json!({"answers": vec![50; 10]}))),
    ];
    post("/reviews/week/2026-W01", json!({"answers": ["well=Kept going"]}));
    let share = post("/shares", json!({"goal": goal, "role": "partner"}))["id"].as_str().unwrap().to_owned();
    let group = post("/groups", json!({"name": "Zanzibar circle"}))["id"].as_str().unwrap().to_owned();
    Owned { slug, goal, rung, attempt, program, celebration, share, group, leaves }
}

#[test]
fn two_people_never_see_each_others_records_on_any_route() {
    for db in databases() {
        two_people_never_see_each_others_records_on_any_route_on(&db.url());
    }
}

fn two_people_never_see_each_others_records_on_any_route_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let owner = person(base, "owner");
    let other = person(base, "other");
    let owned = core_loop(base, &owner);

    let (_, document) = call(base, &Who::Nobody, "GET", "/openapi.json", None);
    let routes: Vec<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .filter(|(_, path)| path != "/openapi.json")
        .collect();
    assert_eq!(routes.len(), 87, "every /api/v1 route but the document itself: {routes:?}");
    // What only the owner wrote; an answer may echo what the caller sent, never more.
    let secrets = ["zanzibar", "toast a friend", "rehearsed twice"];
    for (method, template) in &routes {
        let path = template
            .replace("{slug}", &owned.slug)
            .replace(
                "{id}",
                match template.as_str() {
                    p if p.starts_with("/goals") => &owned.goal,
                    p if p.starts_with("/share") => &owned.share,
                    p if p.starts_with("/groups") => &owned.group,
                    p if p.starts_with("/celebrations") => &owned.celebration,
                    p if p.starts_with("/challenges") => &owned.rung,
                    p => owned
                        .leaves
                        .iter()
                        .find(|(prefix, _)| p.starts_with(&format!("{prefix}/")))
                        .map_or(&owned.attempt, |(_, id)| id),
                },
            )
            .replace("{program}", &owned.program)
            .replace("{celebration}", &owned.celebration)
            .replace("{attempt}", &owned.attempt)
            .replace("{token}", "an-invitation-never-made")
            .replace("{week}", "this")
            .replace("{period}", "2026-W01");
        let body = body_for(method, template, &owned);
        let (status, answer) = call(base, &Who::Nobody, method, &path, body.clone());
        assert_eq!(status, 401, "{method} {path} without credentials: {answer}");
        assert!(answer["error"].is_string(), "{method} {path}: {answer}");

        let (status, answer) = call(base, &other, method, &path, body.clone());
        let sent = [path.as_str(), &body.map(|b| b.to_string()).unwrap_or_default()].concat().to_lowercase();
        let mut text = answer.to_string().to_lowercase();
        for echoed in sent.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| w.len() > 3) {
            text = text.replace(echoed, "");
        }
        let leaked: Vec<&&str> = secrets.iter().filter(|s| text.contains(&s.to_lowercase())).collect();
        assert!(leaked.is_empty(), "{method} {path} as another person leaked {leaked:?}: {answer}");
        if names_owners_record(template, method) {
            assert_eq!(status, 404, "{method} {path} as another person: {answer}");
        } else {
            assert!(status < 500, "{method} {path} as another person: {status} {answer}");
        }
    }
    // The owner still has everything, untouched by the other person's calls.
    let (status, ladder) = call(base, &owner, "GET", &format!("/goals/{}/ladder", owned.goal), None);
    assert_eq!((status, ladder["rungs"][0]["successes"].clone()), (200, json!(1)), "{ladder}");
}

#[test]
fn another_persons_corrections_on_the_pages_answer_404_and_change_nothing() {
    for db in databases() {
        another_persons_corrections_on_the_pages_answer_404_and_change_nothing_on(&db.url());
    }
}

fn another_persons_corrections_on_the_pages_answer_404_and_change_nothing_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let owner = person(base, "owner");
    let other = person(base, "other");
    let Owned { slug, goal, rung, attempt, leaves, .. } = core_loop(base, &owner);
    let leaf = |kind: &str| leaves.iter().find(|(prefix, _)| *prefix == kind).unwrap().1.clone();
    let owners = || {
        let reads = [format!("/domains/{slug}"), format!("/goals/{goal}"), format!("/goals/{goal}/ladder")];
        reads.map(|path| call(base, &owner, "GET", &path, None))
    };
    let before = owners();
    let routes = [
        (format!("/domains/{slug}/edit"), "name=Taken&area=career"),
        (format!("/goals/{goal}/edit"), "statement=Taken"),
        (format!("/goals/{goal}/reopen"), "confirm=yes"),
        (format!("/goals/{goal}/rungs/{rung}/edit"), "title=Taken"),
        (format!("/attempts/{attempt}/edit"), "confidence=10"),
        (format!("/models/{}/edit", leaf("/models")), "model_name=Taken"),
        (format!("/feedback/{}/edit", leaf("/feedback")), "feedback_text=Taken"),
        (format!("/practice/sessions/{}/edit", leaf("/practice/sessions")), "log_minutes=5"),
        (format!("/checkins/{}/edit", leaf("/checkins")), "mood=1"),
        (format!("/domains/{slug}/audits/{}/edit", leaf("/audits")), "every=2w"),
        (format!("/delete/checkin/{}", leaf("/checkins")), "confirm=yes"),
        (format!("/delete/attempt/{attempt}"), "confirm=yes"),
        (format!("/delete/rung/{rung}"), "confirm=yes"),
        (format!("/delete/goal/{goal}"), "confirm=yes"),
        (format!("/delete/domain/{slug}"), "confirm=yes"),
    ];
    for (path, form) in &routes {
        assert_eq!(page(base, &other, "POST", path, form).status, 404, "POST {path} as another person");
        if path.ends_with("/edit") {
            assert_eq!(page(base, &other, "GET", path, "").status, 404, "GET {path} as another person");
        }
    }
    // Another person's undo undoes their own changes (none), never the owner's.
    assert!(page(base, &other, "POST", "/undo", "confirm=yes").status < 400);
    assert_eq!(owners(), before, "the owner's records are untouched");
    // The same posts by the owner go through: the matrix above was refused for the person.
    assert_eq!(page(base, &owner, "POST", &format!("/goals/{goal}/reopen"), "confirm=yes").status, 303);
}

/// Whether the route names one of the owner's records in its path or its body.
fn names_owners_record(template: &str, method: &str) -> bool {
    let in_path = ["{slug}", "{id}", "{program}", "{period}", "{token}"].iter().any(|p| template.contains(p));
    let in_body = method == "POST"
        && ["/goals", "/attempts", "/models", "/feedback", "/programs", "/practice/sessions", "/shares"]
            .contains(&template);
    in_path || in_body
}

/// A body the owner could send to the route, naming the owner's records; `None` for reads.
fn body_for(method: &str, template: &str, owned: &Owned) -> Option<Value> {
    if method == "GET" || method == "DELETE" {
        return None;
    }
    Some(match template {
        "/domains" => json!({"name": "Another domain", "area": "health"}),
        "/domains/{slug}/audits" => json!({"answers": [50, 50, 50, 50, 50, 50, 50, 50, 50, 50]}),
        "/goals" => json!({"domain": owned.slug, "statement": "Someone else's goal"}),
        "/goals/{id}/challenges" => json!({"title": "A rung", "difficulty": 3}),
        "/goals/{id}/done"
        | "/programs/{program}/celebrate"
        | "/goals/{id}/reopen"
        | "/undo"
        | "/invitations/{token}/accept"
        | "/shared/{id}/celebrations/{celebration}/cheer"
        | "/suggestions/{id}/accept"
        | "/suggestions/{id}/decline"
        | "/groups/{id}/invitations"
        | "/notifications/read" => json!(null),
        "/shares" => json!({"goal": owned.goal, "role": "partner"}),
        "/shares/{id}/request" => json!({"last": 2}),
        "/shared/{id}/feedback" => json!({"text": "Well done", "specific": true}),
        "/shared/{id}/suggestions" => json!({"title": "A rung"}),
        "/shared/{id}/wins/{attempt}/role-model" => json!({"domain": owned.slug}),
        "/groups" => json!({"name": "Another group"}),
        "/notifications/email" => json!({"email": null}),
        "/domains/{slug}" => json!({"description": "Rewritten"}),
        "/goals/{id}" => json!({"why": "Rewritten"}),
        "/challenges/{id}" => json!({"title": "Rewritten"}),
        "/attempts/{id}" => json!({"confidence": 50}),
        "/evidence/{id}" => json!({"title": "Rewritten"}),
        "/checkins/{id}" => json!({"mood": 1}),
        "/models/{id}" => json!({"name": "Rewritten"}),
        "/feedback/{id}" => json!({"text": "Rewritten"}),
        "/audits/{id}" => json!({"every": "2w"}),
        "/practice/sessions/{id}" => json!({"minutes": 5}),
        "/reviews/{period}" => json!({"answers": ["well=Rewritten"]}),
        "/attempts" => json!({"challenge": owned.rung, "confidence": 50}),
        "/attempts/{id}/outcome" => json!({"outcome": "failure"}),
        "/attempts/{id}/next-time" => {
            json!({"next_time": "Rehearse", "if_then": "If I freeze, then I breathe out slowly"})
        }
        "/checkins" => json!({"stress": 2}),
        "/models" => json!({"domain": owned.slug, "name": "A model"}),
        "/feedback" => json!({"domain": owned.slug, "from": "A friend", "text": "Well done"}),
        "/practice/sessions" => json!({"domain": owned.slug, "minutes": 20}),
        "/reviews/week/{week}" => json!({"answers": ["well=Kept going"]}),
        "/programs" => json!({"template": "30-day-experiment", "domain": owned.slug}),
        "/celebrations/{id}/reflection" => json!({"effort": "Practised daily"}),
        // Another person's device deletes the owner's attempt and pulls everything: both stay in
        // that person's own space.
        "/sync" => json!({
            "device": "0193a5c0-0000-7000-8000-00000000d3v1",
            "push": [{"kind": "attempts", "key": owned.attempt, "updated_at": "2030-01-01T00:00:00Z",
                      "device": "0193a5c0-0000-7000-8000-00000000d3v1", "deleted": true}],
            "pull": {"since": 0, "limit": 1000}
        }),
        other => panic!("no body written for {method} {other}: add one so the matrix covers it"),
    })
}

#[test]
fn a_session_a_bearer_token_and_their_ends() {
    for db in databases() {
        a_session_a_bearer_token_and_their_ends_on(&db.url());
    }
}

fn a_session_a_bearer_token_and_their_ends_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let (status, _) =
        call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "Dana", "password": "short"})));
    assert_eq!(status, 422, "a short password is refused");
    let password = "a long enough passphrase";
    let (status, _) =
        call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "Dana", "password": password})));
    assert_eq!(status, 201);
    let (status, _) =
        call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "dana", "password": password})));
    assert_eq!(status, 409, "usernames are unique ignoring case");

    let session = login(base, "DANA", password).expect("signs in ignoring case");
    let (status, me) = call(base, &session, "GET", "/auth/me", None);
    assert_eq!((status, &me["user"]["username"]), (200, &json!("Dana")));
    // A session's change needs its CSRF token.
    let Who::Session { cookie, .. } = &session else { unreachable!() };
    let forged = Who::Session { cookie: cookie.clone(), csrf: "not-the-token".to_owned() };
    let (status, _) = call(base, &forged, "POST", "/domains", Some(json!({"name": "Chess", "area": "learning"})));
    assert_eq!(status, 403);
    let (status, _) = call(base, &session, "POST", "/domains", Some(json!({"name": "Chess", "area": "learning"})));
    assert_eq!(status, 201);

    let (status, token) = call(base, &session, "POST", "/auth/tokens", Some(json!({"name": "laptop"})));
    assert_eq!(status, 201);
    let bearer = Who::Bearer(token["token"].as_str().unwrap().to_owned());
    let (status, domains) = call(base, &bearer, "GET", "/domains", None);
    assert_eq!((status, domains[0]["slug"].clone()), (200, json!("chess")));
    let (_, listed) = call(base, &session, "GET", "/auth/tokens", None);
    assert_eq!(listed[0]["name"], json!("laptop"));
    assert!(!listed.to_string().contains(token["token"].as_str().unwrap()), "a listed token never shows its secret");
    let (status, _) = call(base, &session, "DELETE", &format!("/auth/tokens/{}", token["id"].as_str().unwrap()), None);
    assert_eq!(status, 204);
    let (status, _) = call(base, &bearer, "GET", "/domains", None);
    assert_eq!(status, 401, "a revoked token opens nothing");

    let (status, _) = call(base, &session, "POST", "/auth/logout", None);
    assert_eq!(status, 204);
    let (status, _) = call(base, &session, "GET", "/domains", None);
    assert_eq!(status, 401, "a session signed out opens nothing");

    // Deleting the account removes it: its name is free again and its password opens nothing.
    let session = login(base, "dana", password).unwrap();
    let (status, _) = call(base, &session, "DELETE", "/auth/account", Some(json!({"password": password})));
    assert_eq!(status, 204);
    assert_eq!(login(base, "dana", password).unwrap_err().0, 401);
    let (status, _) =
        call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "dana", "password": password})));
    assert_eq!(status, 201);
}

#[test]
fn wrong_passwords_are_throttled_with_one_message_and_no_secret_reaches_the_log() {
    for db in databases() {
        wrong_passwords_are_throttled_with_one_message_and_no_secret_reaches_the_log_on(&db.url());
    }
}

fn wrong_passwords_are_throttled_with_one_message_and_no_secret_reaches_the_log_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let password = "the right horse battery";
    call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "erin", "password": password})));
    let (status, wrong_password) = login(base, "erin", "a wrong horse battery").unwrap_err();
    let (status_user, wrong_user) = login(base, "nobody-here", password).unwrap_err();
    assert_eq!((status, status_user), (401, 401));
    assert_eq!(wrong_password, wrong_user, "one message for a wrong user and a wrong password");
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(login(base, "erin", "still the wrong one!").unwrap_err().0);
    }
    assert!(statuses.contains(&429), "throttled after a handful: {statuses:?}");
    assert_eq!(login(base, "erin", password).unwrap_err().0, 429, "even the right password waits");

    call(base, &Who::Nobody, "POST", "/auth/signup", Some(json!({"username": "finn", "password": password})));
    let finn = login(base, "finn", password).unwrap();
    let (_, token) = call(base, &finn, "POST", "/auth/tokens", Some(json!({"name": "ci"})));
    let secret = token["token"].as_str().unwrap().to_owned();
    let Who::Session { cookie, csrf } = &finn else { unreachable!() };
    let cookie_value = cookie.split('=').nth(1).unwrap().to_owned();
    call(base, &Who::Bearer(secret.clone()), "GET", "/domains", None);
    std::thread::sleep(Duration::from_millis(200));
    let log = server.log();
    assert!(log.contains("answered"), "the server logs each request:\n{log}");
    for (what, value) in [
        ("password", password),
        ("wrong password", "still the wrong one!"),
        ("token", secret.as_str()),
        ("cookie", cookie_value.as_str()),
        ("csrf", csrf.as_str()),
    ] {
        assert!(!log.contains(value), "the {what} reached the log:\n{log}");
    }
}

#[test]
fn two_servers_on_one_database_answer_one_person_alike() {
    for db in databases() {
        two_servers_on_one_database_answer_one_person_alike_on(&db.url());
    }
}

fn two_servers_on_one_database_answer_one_person_alike_on(url: &str) {
    let first = Server::start(url, 0);
    let second = Server::start(url, 0);
    let owner = person(&first.base, "gale");
    let servers = [&first.base, &second.base];
    let started = Instant::now();
    for i in 0..10 {
        let writer = servers[i % 2];
        let reader = servers[(i + 1) % 2];
        let (status, domain) =
            call(writer, &owner, "POST", "/domains", Some(json!({"name": format!("Domain {i}"), "area": "learning"})));
        assert_eq!(status, 201, "{domain}");
        let (status, domains) = call(reader, &owner, "GET", "/domains", None);
        assert_eq!(status, 200);
        assert_eq!(domains.as_array().unwrap().len(), i + 1, "a write through one is read through the other at once");
    }
    // A session made through one server is good on the other.
    let session = login(&second.base, "gale", PASSWORD).unwrap();
    let (status, _) = call(&first.base, &session, "GET", "/domains", None);
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// The WebDriver client of the local app's browser test; this file drives only part of it.
#[path = "../../mastery-web/tests/webdriver/mod.rs"]
#[allow(dead_code)]
mod webdriver;

#[test]
fn in_a_browser_one_signs_up_signs_in_and_completes_an_attempt() {
    if !webdriver::available() {
        return;
    }
    for db in databases() {
        in_a_browser_one_signs_up_signs_in_and_completes_an_attempt_on(&db.url());
    }
}

fn in_a_browser_one_signs_up_signs_in_and_completes_an_attempt_on(url: &str) {
    let server = Server::start(url, 0);
    let site = &server.base;
    let browser = webdriver::Browser::start();

    // Signed out, every page leads to the sign-in form, which offers to sign up.
    browser.open(&format!("{site}/practice"));
    assert!(browser.url().ends_with("/signin?then=/practice"), "{}", browser.url());
    assert!(!browser.source().contains(">Reviews<"), "signed out, the menu offers only the way in");
    browser.open(&format!("{site}/signup"));
    browser.type_into("#username", "Noor");
    browser.type_into("#password", "a violin every evening");
    browser.submit();
    assert_eq!(browser.url(), format!("{site}/"));
    let page = browser.source();
    assert!(page.contains("Welcome to Mastery"), "a new account starts empty");
    assert!(!page.contains("mastery serve --demo"), "no advice for a command line the person does not have");

    // Out, and back in: the session is the cookie's, and signing out ends it.
    browser.submit_with("header form[action=\"/signout\"] button");
    browser.open(&format!("{site}/"));
    assert!(browser.url().contains("/signin"), "signed out: {}", browser.url());
    browser.type_into("#username", "noor");
    browser.type_into("#password", "a violin every evening");
    browser.submit();
    assert_eq!(browser.url(), format!("{site}/"));

    // A domain, a goal and a rung, from the first page on.
    browser.type_into("#name", "Violin");
    browser.click(r#"select#area option[value="learning"]"#);
    browser.submit();
    assert!(browser.url().ends_with("/domains/violin"), "{}", browser.url());
    browser.open(&format!("{site}/domains/violin/goals"));
    browser.type_into("#statement", "Play a full piece for my family");
    browser.submit();
    assert!(browser.url().ends_with("/rungs"), "{}", browser.url());
    browser.type_into("#title", "Play the first page for one friend");
    browser.type_into("#difficulty", "2");
    browser.submit();

    // The attempt cycle: a forecast, then the outcome and what was done.
    browser.open(&format!("{site}/"));
    browser.click("a.button[href^=\"/attempts/new\"]");
    browser.click(r#"select#confidence option[value="70"]"#);
    browser.submit();
    assert!(browser.url().ends_with("/record"), "{}", browser.url());
    browser.click(r#"input[name="outcome"][value="success"]"#);
    browser.type_into("#did", "Warmed up with scales, then played it through slowly");
    browser.submit();

    // It is in the evidence file, and through the API the same person reads the same attempt.
    browser.open(&format!("{site}/domains/violin"));
    let page = browser.source();
    assert!(page.contains("Warmed up with scales, then played it through slowly"), "the evidence file: {page}");
    browser.open(&format!("{site}/account"));
    assert!(browser.source().contains("Sign out everywhere"), "the account page");
    if std::env::var_os("MASTERY_SCREENSHOTS").is_some() {
        browser.screenshot(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshot-account.png"));
    }
    // Revoking a token and signing out everywhere ask first: the first click changes nothing.
    browser.type_into("#name", "laptop");
    browser.submit_with(r#"form[action="/account/tokens"] button"#);
    let token_form = r#"form[action^="/account/tokens/"][action$="/revoke"] button"#;
    browser.submit_with(token_form);
    let page = browser.source();
    assert!(page.contains("Revoke this token?") && page.contains("“laptop”"), "asked first: {page}");
    browser.open(&format!("{site}/account"));
    assert!(browser.source().contains("<td>laptop</td>"), "not revoked before the confirmation");
    browser.submit_with(token_form);
    browser.submit_with(r#"input[name="confirm"][value="yes"] ~ button"#);
    assert_eq!(browser.url(), format!("{site}/account"));
    assert!(!browser.source().contains("<td>laptop</td>"), "revoked once confirmed");
    browser.submit_with(r#"form[action="/account/signout-everywhere"] button"#);
    assert!(browser.source().contains("Sign out everywhere?"), "asked first");
    browser.open(&format!("{site}/account"));
    assert!(browser.url().ends_with("/account"), "still signed in before the confirmation: {}", browser.url());
    browser.submit_with(r#"form[action="/account/signout-everywhere"] button"#);
    browser.submit_with(r#"input[name="confirm"][value="yes"] ~ button"#);
    browser.open(&format!("{site}/account"));
    assert!(browser.url().contains("/signin"), "signed out once confirmed: {}", browser.url());

    let me = login(site, "noor", "a violin every evening").unwrap();
    let (status, attempts) = call(site, &me, "GET", "/attempts", None);
    assert_eq!(status, 200);
    assert_eq!(attempts.as_array().map(Vec::len), Some(1), "{attempts}");
    assert_eq!(attempts[0]["outcome"], json!("success"), "{attempts}");
    assert_eq!(attempts[0]["confidence"], json!(70), "{attempts}");
}

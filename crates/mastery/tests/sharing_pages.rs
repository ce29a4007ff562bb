//! The sharing pages of `mastery server` over real HTTP (issue 12): every page route against
//! every role (owner, partner, coach, group member, stranger, revoked partner) answers 404 for
//! what was not shared, exactly like the API, and no page shows anyone the owner's private words;
//! the invitation page brings a newcomer back through sign-up, and never sends anyone to another
//! site; and, in headless Chromium, a partner joins through an invitation link and gives feedback
//! that the owner then finds (with the screenshots of the partner's view and of a group's round).
//! Each test runs on a fresh SQLite file and a fresh PostgreSQL database; without
//! `MASTERY_TEST_POSTGRES_URL` the PostgreSQL half skips with a notice (and fails under `CI`).

mod common;

use common::http::{PASSWORD, Who, call, login, page, person};
use common::server::{Server, databases};
use common::sharing::{Cast, PRIVATE, cast, id, member_with_week, ok};
use serde_json::json;

#[path = "../../mastery-web/tests/webdriver/mod.rs"]
#[allow(dead_code)]
mod webdriver;

/// Fails when a page `who` was shown names anything the owner did not share.
fn assert_private(name: &str, path: &str, body: &str) {
    let text = body.to_lowercase();
    assert!(PRIVATE.iter().all(|w| !text.contains(w)), "{name} {path} leaks the owner's private words: {body}");
}

#[test]
fn every_sharing_page_answers_each_role_only_what_was_shared() {
    for db in databases() {
        every_sharing_page_answers_each_role_only_what_was_shared_on(&db.url());
    }
}

fn every_sharing_page_answers_each_role_only_what_was_shared_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let cast = cast(base);
    let Cast { owner, partner_share, group_share, group_id, .. } = &cast;
    // The owner asks their audiences for feedback: what the request names is the shared goal's.
    for share in [partner_share, group_share] {
        let sent = page(base, &owner.who, "POST", &format!("/sharing/{share}/request"), "");
        assert_eq!(sent.status, 200, "{}", sent.body);
        assert!(sent.body.contains("Your request was sent"), "{}", sent.body);
    }
    let audience_pages = |share: &str| {
        [
            ("GET", format!("/shared/{share}"), String::new()),
            (
                "POST",
                format!("/shared/{share}/feedback"),
                "feedback_text=Specific+words&feedback_specific=yes".to_owned(),
            ),
            ("POST", format!("/shared/{share}/celebrations/{}/cheer", owner.celebration), String::new()),
            (
                "POST",
                format!("/shared/{share}/suggestions"),
                "suggest_title=Four-ball+columns&suggest_difficulty=3".to_owned(),
            ),
            ("POST", format!("/shared/{share}/role-model"), format!("win={}&win_domain=mine", owner.attempt)),
        ]
    };
    for caller in &cast.callers() {
        let is_owner = caller.name == "owner";
        let check = |path: &str, body: &str| {
            if !is_owner {
                assert_private(caller.name, path, body);
            }
        };
        for share in cast.shares() {
            let given = caller.share.filter(|(id, _)| *id == share);
            for (method, path, form) in audience_pages(share) {
                let answer = page(base, caller.who, method, &path, &form);
                let expected = match (given, path.ends_with("/suggestions")) {
                    (None, _) => 404,
                    (Some((_, "coach")), true) => 303,
                    (Some(_), true) => 422,
                    (Some(_), false) if method == "GET" => 200,
                    (Some(_), false) => 303,
                };
                assert_eq!(answer.status, expected, "{} {method} {path}: {}", caller.name, answer.body);
                assert_private(caller.name, &path, &answer.body);
                if expected == 404 {
                    let text = answer.body.to_lowercase();
                    assert!(
                        !text.contains("quetzal") && !text.contains("cascade"),
                        "{} {path}: {}",
                        caller.name,
                        answer.body
                    );
                }
                if method == "GET" && answer.status == 200 {
                    let is_coach = given.is_some_and(|(_, role)| role == "coach");
                    let shows_coach = answer.body.contains("For you as their coach");
                    assert_eq!(shows_coach, is_coach, "{}: analyses only for a coach", caller.name);
                    assert!(answer.body.contains("Juggle five quetzal balls") && answer.body.contains("counted aloud"));
                }
            }
            // What only an owner does with a share: for anyone else, not found, asked or not.
            if !is_owner {
                for (path, form) in [
                    (format!("/sharing/{share}/revoke"), ""),
                    (format!("/sharing/{share}/revoke"), "confirm=yes"),
                    (format!("/sharing/{share}/request"), ""),
                ] {
                    let answer = page(base, caller.who, "POST", &path, form);
                    assert_eq!(answer.status, 404, "{} POST {path} {form}: {}", caller.name, answer.body);
                    assert!(!answer.body.to_lowercase().contains("quetzal"), "{}", answer.body);
                }
            }
        }
        let in_group = ["owner", "member"].contains(&caller.name);
        for (method, path) in [
            ("GET", format!("/groups/{group_id}")),
            ("POST", format!("/groups/{group_id}/invitations")),
            ("POST", format!("/groups/{group_id}/leave")),
        ] {
            let answer = page(base, caller.who, method, &path, "");
            assert_eq!(
                answer.status,
                if in_group { 200 } else { 404 },
                "{} {method} {path}: {}",
                caller.name,
                answer.body
            );
            check(&path, &answer.body);
        }
        for path in ["/sharing", "/shared", "/groups", "/cohort", "/notifications", "/api/v1/cohort.csv"] {
            let answer = page(base, caller.who, "GET", path, "");
            assert_eq!(answer.status, 200, "{} GET {path}: {}", caller.name, answer.body);
            check(path, &answer.body);
            if path == "/shared" {
                for share in cast.shares() {
                    let listed = answer.body.contains(&format!("href=\"/shared/{share}\""));
                    assert_eq!(
                        listed,
                        caller.share.is_some_and(|(id, _)| id == share),
                        "{}: {}",
                        caller.name,
                        answer.body
                    );
                }
            }
        }
    }
    // The owner's side: the coach's rung waits on the Sharing page, the notifications tell what
    // happened, and revoking asks first, naming what stops being shared.
    let sharing = page(base, &owner.who, "GET", "/sharing", "");
    assert!(sharing.body.contains("Four-ball columns") && sharing.body.contains("from coach"), "{}", sharing.body);
    let notes = page(base, &owner.who, "GET", "/notifications", "");
    assert!(notes.body.contains("partner left feedback on what you share"), "{}", notes.body);
    let asked = page(base, &owner.who, "POST", &format!("/sharing/{partner_share}/revoke"), "");
    assert!(
        asked.body.contains("Revoke this share?") && asked.body.contains("partner no longer sees"),
        "{}",
        asked.body
    );
    assert_eq!(
        page(base, &cast.partner, "GET", &format!("/shared/{partner_share}"), "").status,
        200,
        "asked, not revoked"
    );
    let revoked = page(base, &owner.who, "POST", &format!("/sharing/{partner_share}/revoke"), "confirm=yes");
    assert_eq!((revoked.status, revoked.location.as_deref()), (303, Some("/sharing")));
    assert_eq!(
        page(base, &cast.partner, "GET", &format!("/shared/{partner_share}"), "").status,
        404,
        "revoked at once"
    );
    // The pages are a server's: the local app has no accounts to share between.
    assert_eq!(call(base, &owner.who, "GET", "/shared", None).0, 200);
}

#[test]
fn an_invitation_link_brings_a_newcomer_back_and_never_sends_anyone_elsewhere() {
    for db in databases() {
        an_invitation_link_brings_a_newcomer_back_and_never_sends_anyone_elsewhere_on(&db.url());
    }
}

fn an_invitation_link_brings_a_newcomer_back_and_never_sends_anyone_elsewhere_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let owner = login_as(base, "owner");
    ok(base, &owner, "POST", "/domains", Some(json!({"name": "Violin", "area": "learning"})));
    let goal =
        id(&ok(base, &owner, "POST", "/goals", Some(json!({"domain": "violin", "statement": "Play for my family"}))));
    // Shared on the page: the link is shown once, in a box to copy it from.
    let shared = page(base, &owner, "POST", "/sharing", &format!("what=goal:{goal}&role=partner&review_answers=yes"));
    assert_eq!(shared.status, 200, "{}", shared.body);
    let link = shared.body.split("id=\"invitation-link\" readonly value=\"").nth(1).and_then(|r| r.split('"').next());
    let link = link.unwrap_or_else(|| panic!("the invitation link is shown: {}", shared.body)).to_owned();
    let path = link.strip_prefix(base.as_str()).expect("a link to this server").to_owned();
    assert!(path.starts_with("/invitations/"), "{link}");
    assert!(!page(base, &owner, "GET", "/sharing", "").body.contains(&link), "shown only once");

    // Signed out, the link's page offers both ways in, each coming back here.
    let invited = page(base, &Who::Nobody, "GET", &path, "");
    assert_eq!(invited.status, 200, "{}", invited.body);
    assert!(invited.body.contains(&format!("href=\"/signup?then={path}\"")), "{}", invited.body);
    assert!(invited.body.contains(&format!("href=\"/signin?then={path}\"")), "{}", invited.body);
    let signup = page(base, &Who::Nobody, "GET", &format!("/signup?then={path}"), "");
    assert!(signup.body.contains(&format!("name=\"then\" value=\"{path}\"")), "{}", signup.body);
    assert!(signup.body.contains(&format!("href=\"/signin?then={path}\"")), "{}", signup.body);
    // Accepting needs an account; a path under the link is not public either.
    assert_eq!(page(base, &Who::Nobody, "POST", &format!("{path}/accept"), "").status, 401);
    assert_eq!(page(base, &Who::Nobody, "GET", &format!("{path}/accept"), "").status, 303);

    let form = |name: &str, then: &str| format!("username={name}&password={}&then={then}", PASSWORD.replace(' ', "+"));
    let joined = page(base, &Who::Nobody, "POST", "/signup", &form("sam", &path));
    assert_eq!((joined.status, joined.location.as_deref()), (303, Some(path.as_str())), "{}", joined.body);
    // Anywhere else is refused: the person lands on Today instead.
    for (i, elsewhere) in [
        "https://evil.example/x",
        "//evil.example",
        "/\\evil.example",
        "https:%2F%2Fevil.example",
        "%2F%2Fevil.example",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("newcomer{i}");
        let answer = page(base, &Who::Nobody, "POST", "/signup", &form(&name, elsewhere));
        assert_eq!((answer.status, answer.location.as_deref()), (303, Some("/")), "sign-up then={elsewhere}");
        let answer = page(base, &Who::Nobody, "POST", "/signin", &form(&name, elsewhere));
        assert_eq!((answer.status, answer.location.as_deref()), (303, Some("/")), "sign-in then={elsewhere}");
        let shown = page(base, &Who::Nobody, "GET", &format!("/signin?then={}", elsewhere.replace('\\', "%5C")), "");
        assert!(!shown.body.contains("evil.example"), "not carried on: {}", shown.body);
    }

    let sam = login(base, "sam", PASSWORD).unwrap();
    let offer = page(base, &sam, "GET", &path, "");
    assert!(offer.body.contains("Accept the invitation") && offer.body.contains(&format!("action=\"{path}/accept\"")));
    let accepted = page(base, &sam, "POST", &format!("{path}/accept"), "");
    let share = call(base, &sam, "GET", "/shared", None).1[0]["id"].as_str().unwrap().to_owned();
    assert_eq!((accepted.status, accepted.location), (303, Some(format!("/shared/{share}"))));
    let again = page(base, &login_as(base, "late"), "POST", &format!("{path}/accept"), "");
    assert_eq!(again.status, 404, "single-use: {}", again.body);
    // The owner's menu counts the unread notification; reading them all clears it.
    let today = page(base, &owner, "GET", "/", "");
    assert!(today.body.contains("Notifications <span class=\"count\">1"), "{}", today.body);
    let read = page(base, &owner, "POST", "/notifications/read", "");
    assert_eq!(read.location.as_deref(), Some("/notifications"));
    assert!(!page(base, &owner, "GET", "/", "").body.contains("class=\"count\""));
}

/// A new account `name`, signed in with a session as a browser would be.
fn login_as(base: &str, name: &str) -> Who {
    person(base, name);
    login(base, name, PASSWORD).expect("signs in")
}

#[test]
fn in_a_browser_a_partner_joins_through_an_invitation_and_gives_feedback() {
    if !webdriver::available() {
        return;
    }
    for db in databases() {
        in_a_browser_a_partner_joins_through_an_invitation_and_gives_feedback_on(&db.url());
    }
}

/// Where a screenshot goes when `MASTERY_SCREENSHOTS` is set, as in the other browser tests.
fn screenshot(browser: &webdriver::Browser, name: &str) {
    if std::env::var_os("MASTERY_SCREENSHOTS").is_some() {
        browser.screenshot(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name));
    }
}

/// Noor's violin practice, through the API: a ladder, this week's attempts with what she did, a
/// mastered rung (a celebration), a practice plan kept, a weekly review; and a goal she shares
/// with nobody.
fn violin(base: &str, noor: &Who) -> String {
    ok(base, noor, "POST", "/domains", Some(json!({"name": "Violin", "area": "learning"})));
    let goal = id(&ok(
        base,
        noor,
        "POST",
        "/goals",
        Some(json!({"domain": "violin", "statement": "Play a full piece for my family"})),
    ));
    let mut rungs = Vec::new();
    for (title, difficulty) in [
        ("Play the first page for one friend", 2),
        ("Play the whole piece for my sister", 4),
        ("Play it after the family dinner", 7),
    ] {
        let rung = ok(
            base,
            noor,
            "POST",
            &format!("/goals/{goal}/challenges"),
            Some(json!({"title": title, "difficulty": difficulty})),
        );
        rungs.push(id(&rung));
    }
    for (rung, outcome, did) in [
        (0, "success", "Warmed up with scales, then played it through slowly"),
        (0, "partial", "Lost my place on the second line; started the line again"),
        (0, "success", "Counted the rests aloud in my head"),
        (0, "success", "Played it for Lea after lunch, no stops"),
        (1, "failure", "Rushed the fast passage and stopped"),
        (1, "success", "Practised the fast passage at half speed first"),
    ] {
        let attempt =
            id(&ok(base, noor, "POST", "/attempts", Some(json!({"challenge": rungs[rung], "confidence": 60}))));
        let body = json!({"outcome": outcome, "did": did, "because": "my private xylophone thoughts"});
        ok(base, noor, "POST", &format!("/attempts/{attempt}/outcome"), Some(body));
    }
    let plan =
        "plan_domain=violin&plan_days=mon&plan_days=tue&plan_days=wed&plan_days=thu&plan_days=fri&plan_minutes=20";
    assert!(page(base, noor, "POST", "/practice/plan", plan).status < 400);
    for at in ["yesterday 19:00", "now"] {
        ok(base, noor, "POST", "/practice/sessions", Some(json!({"domain": "violin", "minutes": 25, "at": at})));
    }
    let answers = [
        "well=Played for Lea without stopping",
        "plan=If it is Tuesday 7 pm, then I will play the fast passage at half speed three times",
    ];
    ok(base, noor, "POST", "/reviews/week/this", Some(json!({"answers": answers})));
    let hidden = id(&ok(
        base,
        noor,
        "POST",
        "/goals",
        Some(json!({"domain": "violin", "statement": "Hidden-goal solo recital"})),
    ));
    ok(base, noor, "POST", &format!("/goals/{hidden}/challenges"), Some(json!({"title": "Xylophone duet"})));
    goal
}

fn in_a_browser_a_partner_joins_through_an_invitation_and_gives_feedback_on(url: &str) {
    let server = Server::start(url, 0);
    let site = &server.base;
    let browser = webdriver::Browser::start();

    // Noor signs up in the browser; her records come through the API.
    browser.open(&format!("{site}/signup"));
    browser.type_into("#username", "Noor");
    browser.type_into("#password", PASSWORD);
    browser.submit();
    assert_eq!(browser.url(), format!("{site}/"));
    let noor = login(site, "noor", PASSWORD).unwrap();
    let goal = violin(site, &noor);

    // She shares the goal with a partner on the Sharing page, and copies the link shown once.
    browser.open(&format!("{site}/sharing"));
    browser.click(&format!(r#"select#what option[value="goal:{goal}"]"#));
    browser.click(r#"select#role option[value="partner"]"#);
    browser.click(r#"input[name="review_answers"]"#);
    browser.submit_with(r#"form[action="/sharing"] button"#);
    let link = browser.script("return document.getElementById('invitation-link').value");
    let link = link.as_str().expect("the invitation link is shown").to_owned();
    assert!(link.starts_with(&format!("{site}/invitations/")), "{link}");
    browser.submit_with(r#"header form[action="/signout"] button"#);

    // Sam opens it signed out, makes an account through it, and comes back to accept.
    browser.open(&link);
    assert!(browser.source().contains("You are invited"), "{}", browser.source());
    browser.click(r#"main a[href^="/signup?then="]"#);
    browser.type_into("#username", "Sam");
    browser.type_into("#password", PASSWORD);
    browser.submit();
    assert_eq!(browser.url(), link, "back on the invitation after signing up");
    browser.submit();
    assert!(browser.url().contains("/shared/"), "{}", browser.url());
    let view = browser.source();
    for shown in
        ["Play a full piece for my family", "Counted the rests aloud in my head", "Noor", "half speed three times"]
    {
        assert!(view.contains(shown), "the partner sees {shown}: {view}");
    }
    assert!(!view.contains("xylophone") && !view.contains("Hidden-goal"), "nothing unshared: {view}");
    browser.submit_with(r#"form[action*="/celebrations/"] button"#);
    assert!(browser.source().contains("1 cheer"), "cheered: {}", browser.source());
    browser.script("window.scrollTo(0, 0)");
    screenshot(&browser, "screenshot-shared.png");

    // Feedback on one attempt, naming what she did.
    // Newest first, after "the goal as a whole": the fourth attempt is the one with the counting.
    browser.click(r#"select#feedback_attempt option:nth-child(5)"#);
    browser
        .type_into("#feedback_text", "Counting the rests kept your tempo even; keep counting when you play at dinner.");
    browser.click(r#"input[name="feedback_specific"]"#);
    browser.submit_with(r#"form[action$="/feedback"] button"#);
    assert!(browser.source().contains("Your feedback is in their feedback log"), "{}", browser.source());
    browser.submit_with(r#"header form[action="/signout"] button"#);

    // Noor finds it in her feedback log, and a notification tells her.
    browser.open(&format!("{site}/signin"));
    browser.type_into("#username", "noor");
    browser.type_into("#password", PASSWORD);
    browser.submit();
    assert!(browser.source().contains("class=\"count\""), "the menu counts what is new");
    browser.open(&format!("{site}/people"));
    let people = browser.source();
    assert!(people.contains("Counting the rests kept your tempo even") && people.contains("Sam"), "{people}");
    browser.open(&format!("{site}/notifications"));
    let notes = browser.source();
    assert!(notes.contains("Sam left feedback on your attempt at Play the first page for one friend"), "{notes}");
    assert!(notes.contains("Sam accepted your invitation as your partner"), "{notes}");

    // A group of three runs its weekly round: Noor, Sam and Ravi, each sharing a goal.
    let sam = login(site, "sam", PASSWORD).unwrap();
    let ravi = person(site, "Ravi");
    let group = ok(site, &noor, "POST", "/groups", Some(json!({"name": "Tuesday circle"})));
    let group_id = id(&group);
    ok(site, &sam, "POST", &format!("/invitations/{}/accept", group["invitation"]["token"].as_str().unwrap()), None);
    let next = ok(site, &noor, "POST", &format!("/groups/{group_id}/invitations"), None);
    ok(site, &ravi, "POST", &format!("/invitations/{}/accept", next["token"].as_str().unwrap()), None);
    ok(
        site,
        &noor,
        "POST",
        "/shares",
        Some(json!({"goal": goal, "role": "group", "group": group_id, "review_answers": true})),
    );
    member_with_week(
        site,
        &sam,
        "Spanish",
        &["Ordered lunch in Spanish without notes", "Ten minutes of shadowing a podcast"],
        &group_id,
    );
    member_with_week(site, &ravi, "Chess", &["Reviewed my lost game move by move"], &group_id);
    browser.open(&format!("{site}/groups/{group_id}"));
    let round = browser.source();
    for shown in ["Tuesday circle", "Ordered lunch in Spanish without notes", "Reviewed my lost game", "Next week:"] {
        assert!(round.contains(shown), "the round shows {shown}: {round}");
    }
    assert!(!round.contains("xylophone"), "{round}");
    assert_eq!(round.matches("no plan").count(), 2, "Noor's practice plan counts, the others have none: {round}");
    screenshot(&browser, "screenshot-round.png");
    // A member's win saved as a role model from the round.
    let save = browser.script("return document.querySelector('a[href*=\"?win=\"]').href");
    browser.open(save.as_str().expect("a win links to saving it"));
    browser.click(r#"select#win_domain option:nth-child(2)"#);
    browser.submit_with(r#"form[action$="/role-model"] button"#);
    assert!(browser.source().contains("Saved among your role models"), "{}", browser.source());
}

#[test]
fn a_coach_reads_the_cohort_in_numbers_and_words_and_downloads_it_without_names() {
    for db in databases() {
        a_coach_reads_the_cohort_in_numbers_and_words_and_downloads_it_without_names_on(&db.url());
    }
}

fn a_coach_reads_the_cohort_in_numbers_and_words_and_downloads_it_without_names_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let coach = person(base, "coach");
    let audits = [
        ("ada", [30, 40, 30, 50, 40, 30, 40, 50, 30, 40], [60, 70, 50, 70, 60, 60, 70, 80, 50, 60]),
        ("ben", [50, 50, 40, 60, 50, 40, 50, 60, 40, 50], [60, 50, 50, 60, 60, 50, 60, 70, 50, 50]),
    ];
    for (name, first, latest) in audits {
        let who = person(base, name);
        ok(base, &who, "POST", "/domains", Some(json!({"name": "Public speaking", "area": "career"})));
        for answers in [first, latest] {
            ok(base, &who, "POST", "/domains/public-speaking/audits", Some(json!({"answers": answers})));
        }
        let share = ok(base, &who, "POST", "/shares", Some(json!({"domain": "public-speaking", "role": "coach"})));
        ok(
            base,
            &coach,
            "POST",
            &format!("/invitations/{}/accept", share["invitation"]["token"].as_str().unwrap()),
            None,
        );
    }
    let cohort = page(base, &coach, "GET", "/cohort", "");
    assert_eq!(cohort.status, 200, "{}", cohort.body);
    let (_, numbers) = call(base, &coach, "GET", "/cohort", None);
    let summary = &numbers[0]["summary"];
    let g = summary["effect"]["g"].as_f64().expect("g with two people");
    let alpha = summary["alpha"].as_f64().expect("α from four audits");
    for shown in [
        "ada".to_owned(),
        "ben".to_owned(),
        "2 of 2".to_owned(),
        format!("{g:.2} ("),
        format!("{alpha:.2}"),
        "href=\"/api/v1/cohort.csv\"".to_owned(),
    ] {
        assert!(cohort.body.contains(&shown), "the cohort page shows {shown}: {}", cohort.body);
    }
    // Every line of the app's explanation, as HTML writes it.
    for line in numbers[0]["explanation"].as_array().unwrap() {
        let line = line
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(cohort.body.contains(&line), "the cohort page says {line}: {}", cohort.body);
    }
    let csv = page(base, &coach, "GET", "/api/v1/cohort.csv", "");
    assert!(csv.body.contains("P1") && csv.body.contains("P2") && !csv.body.contains("ada"), "{}", csv.body);
}

//! Sharing on `mastery server` over real HTTP (issue 12): the contract from share to revocation,
//! an authorization matrix of every sharing route against every role (owner, partner, coach,
//! group member, stranger, revoked partner), and a group of three running a weekly round. Each
//! test runs on a fresh SQLite file and a fresh PostgreSQL database; without
//! `MASTERY_TEST_POSTGRES_URL` the PostgreSQL half skips with a notice (and fails under `CI`).

mod common;

use std::time::Duration;

use common::http::{call, page, person};
use common::server::{Server, databases};
use common::sharing::{Cast, PRIVATE, cast, id, member_with_week, ok, owner};
use common::smtp::SmtpSink;
use serde_json::{Value, json};

#[test]
fn share_accept_read_feedback_and_revoke() {
    for db in databases() {
        share_accept_read_feedback_and_revoke_on(&db.url());
    }
}

fn share_accept_read_feedback_and_revoke_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let owner = owner(base);

    let share = ok(base, &owner.who, "POST", "/shares", Some(json!({"goal": owner.goal, "role": "partner"})));
    let invitation = &share["invitation"];
    let token = invitation["token"].as_str().unwrap();
    assert_eq!(invitation["url"], json!(format!("{base}/invitations/{token}")), "{share}");
    assert!(invitation["expires_at"].as_str().unwrap() > "2026", "{share}");
    let share_id = id(&share);

    let partner = person(base, "partner");
    let accepted = ok(base, &partner, "POST", &format!("/invitations/{token}/accept"), None);
    assert_eq!(accepted, json!({"share_id": share_id}));
    let (status, again) = call(base, &person(base, "latecomer"), "POST", &format!("/invitations/{token}/accept"), None);
    assert_eq!(status, 404, "an invitation is single-use: {again}");

    let listed = ok(base, &partner, "GET", "/shared", None);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(
        (&listed[0]["id"], &listed[0]["owner"], &listed[0]["goal"], &listed[0]["role"]),
        (&json!(share_id), &json!("owner"), &json!("Juggle five quetzal balls"), &json!("partner"))
    );

    let view = ok(base, &partner, "GET", &format!("/shared/{share_id}"), None);
    assert_eq!(view["goal"]["statement"], json!("Juggle five quetzal balls"), "{view}");
    assert_eq!(view["ladder"][0]["title"], json!("Three-ball cascade"));
    assert_eq!((view["ladder"][0]["attempts"].clone(), view["ladder"][0]["successes"].clone()), (json!(4), json!(3)));
    let attempts = view["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 4, "{view}");
    assert_eq!(
        (attempts[0]["outcome"].clone(), attempts[0]["did"].clone()),
        (json!("success"), json!("counted aloud"))
    );
    assert!(
        attempts
            .iter()
            .all(|a| a["recorded_at"].is_string() && a.get("because").is_none() && a.get("confidence").is_none())
    );
    let evidence: Vec<&str> = view["evidence"].as_array().unwrap().iter().map(|e| e["did"].as_str().unwrap()).collect();
    assert_eq!(evidence, ["counted aloud", "slow count", "quetzal cascade drill"]);
    assert_eq!(view["coach"], Value::Null, "a partner sees no analyses");
    assert_eq!(view["week"]["attempts"], json!(4), "{view}");
    let text = view.to_string().to_lowercase();
    assert!(PRIVATE.iter().all(|w| !text.contains(w)), "the partner's view leaks: {view}");

    let feedback = ok(
        base,
        &partner,
        "POST",
        &format!("/shared/{share_id}/feedback"),
        Some(
            json!({"text": "Counting aloud kept your rhythm; keep it at five balls", "specific": true, "attempt": owner.attempt}),
        ),
    );
    assert_eq!((feedback["from"].clone(), feedback["specificity"].clone()), (json!("partner"), json!("specific")));
    let log = ok(base, &owner.who, "GET", "/feedback", None);
    let entry = log.as_array().unwrap().iter().find(|f| f["from"] == json!("partner")).expect("in the owner's log");
    assert_eq!(entry["text"], json!("Counting aloud kept your rhythm; keep it at five balls"));
    assert_eq!(entry["credibility"], Value::Null, "the owner rates it");
    let notes = ok(base, &owner.who, "GET", "/notifications", None);
    assert!(
        notes[0]["text"].as_str().unwrap().contains("partner left feedback on your attempt at Three-ball cascade"),
        "{notes}"
    );

    let (status, _) = call(base, &partner, "DELETE", &format!("/shares/{share_id}"), None);
    assert_eq!(status, 404, "only the owner revokes");
    let (status, _) = call(base, &owner.who, "DELETE", &format!("/shares/{share_id}"), None);
    assert_eq!(status, 204);
    for (method, path, body) in [
        ("GET", format!("/shared/{share_id}"), None),
        ("POST", format!("/shared/{share_id}/feedback"), Some(json!({"text": "Still here?", "specific": false}))),
        ("POST", format!("/shared/{share_id}/celebrations/{}/cheer", owner.celebration), None),
        ("POST", format!("/shared/{share_id}/wins/{}/role-model", owner.attempt), Some(json!({"domain": "anything"}))),
    ] {
        let (status, answer) = call(base, &partner, method, &path, body);
        assert_eq!(status, 404, "{method} {path} after revocation: {answer}");
        assert!(!answer.to_string().contains("quetzal"), "{answer}");
    }
    assert_eq!(ok(base, &partner, "GET", "/shared", None), json!([]));
}

#[test]
fn every_sharing_route_answers_each_role_only_what_was_shared() {
    for db in databases() {
        every_sharing_route_answers_each_role_only_what_was_shared_on(&db.url());
    }
}

fn every_sharing_route_answers_each_role_only_what_was_shared_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let cast = cast(base);
    let Cast { owner, partner, partner_share, group_id, .. } = &cast;
    let callers = cast.callers();
    let shares = cast.shares();
    let audience_routes = |share: &str| {
        [
            ("GET", format!("/shared/{share}"), None),
            ("POST", format!("/shared/{share}/feedback"), Some(json!({"text": "Specific words", "specific": true}))),
            ("POST", format!("/shared/{share}/celebrations/{}/cheer", owner.celebration), None),
            (
                "POST",
                format!("/shared/{share}/suggestions"),
                Some(json!({"title": "Four-ball columns", "difficulty": 3})),
            ),
            ("POST", format!("/shared/{share}/wins/{}/role-model", owner.attempt), Some(json!({"domain": "mine"}))),
        ]
    };
    for caller in &callers {
        for share in shares {
            let given = caller.share.filter(|(id, _)| *id == share);
            for (method, path, body) in audience_routes(share) {
                let (status, answer) = call(base, caller.who, method, &path, body);
                let expected = match (given, path.ends_with("/suggestions")) {
                    (None, _) => 404,
                    (Some((_, "coach")), true) => 201,
                    (Some(_), true) => 422,
                    (Some(_), false) if method == "GET" || path.ends_with("/cheer") => 200,
                    (Some(_), false) => 201,
                };
                assert_eq!(status, expected, "{} {method} {path}: {answer}", caller.name);
                let text = answer.to_string().to_lowercase();
                assert!(PRIVATE.iter().all(|w| !text.contains(w)), "{} {method} {path} leaks: {answer}", caller.name);
                if expected == 404 {
                    assert!(!text.contains("quetzal") && !text.contains("cascade"), "{} {path}: {answer}", caller.name);
                }
                if method == "GET" && status == 200 {
                    let is_coach = given.is_some_and(|(_, role)| role == "coach");
                    assert_eq!(answer["coach"].is_object(), is_coach, "{}: analyses only for a coach", caller.name);
                }
            }
        }
        // What an owner does with a share, and a group's round, by everyone.
        for share in shares {
            for (method, path, body) in [
                ("POST", format!("/shares/{share}/request"), Some(json!({"last": 2}))),
                ("DELETE", format!("/shares/{share}"), None),
            ] {
                if caller.name == "owner" {
                    continue;
                }
                let (status, answer) = call(base, caller.who, method, &path, body);
                assert_eq!(status, 404, "{} {method} {path}: {answer}", caller.name);
            }
        }
        let in_group = ["owner", "member"].contains(&caller.name);
        for (method, path) in
            [("GET", format!("/groups/{group_id}/round")), ("POST", format!("/groups/{group_id}/invitations"))]
        {
            let (status, answer) = call(base, caller.who, method, &path, None);
            let expected = match (in_group, method) {
                (false, _) => 404,
                (true, "GET") => 200,
                (true, _) => 201,
            };
            assert_eq!(status, expected, "{} {method} {path}: {answer}", caller.name);
            assert!(PRIVATE.iter().all(|w| !answer.to_string().to_lowercase().contains(w)), "{answer}");
        }
        let listed = ok(base, caller.who, "GET", "/shared", None);
        let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids, caller.share.map(|(id, _)| vec![id]).unwrap_or_default(), "{}: {listed}", caller.name);
    }
    // The coach's rung waits for the owner, who accepts it into the ladder.
    let waiting = ok(base, &owner.who, "GET", "/suggestions", None);
    assert_eq!((waiting[0]["from"].clone(), waiting[0]["title"].clone()), (json!("coach"), json!("Four-ball columns")));
    ok(base, &owner.who, "POST", &format!("/suggestions/{}/accept", id(&waiting[0])), None);
    let ladder = ok(base, &owner.who, "GET", &format!("/goals/{}/ladder", owner.goal), None);
    assert!(ladder["rungs"].as_array().unwrap().iter().any(|r| r["title"] == json!("Four-ball columns")), "{ladder}");
    // Three audiences cheered once each.
    let view = ok(base, partner, "GET", &format!("/shared/{partner_share}"), None);
    assert_eq!(view["celebrations"][0]["cheers"], json!(3), "{view}");
}

#[test]
fn a_group_of_three_runs_a_weekly_round() {
    for db in databases() {
        a_group_of_three_runs_a_weekly_round_on(&db.url());
    }
}

fn a_group_of_three_runs_a_weekly_round_on(url: &str) {
    let server = Server::start(url, 0);
    let base = &server.base;
    let (ana, ben, cai) = (person(base, "ana"), person(base, "ben"), person(base, "cai"));
    let group = ok(base, &ana, "POST", "/groups", Some(json!({"name": "Tuesday circle"})));
    let group_id = id(&group);
    ok(base, &ben, "POST", &format!("/invitations/{}/accept", group["invitation"]["token"].as_str().unwrap()), None);
    let second = ok(base, &ana, "POST", &format!("/groups/{group_id}/invitations"), None);
    ok(base, &cai, "POST", &format!("/invitations/{}/accept", second["token"].as_str().unwrap()), None);

    member_with_week(base, &ana, "Piano", &["slow hands first", "metronome at 60"], &group_id);
    let bens_domain = member_with_week(base, &ben, "Spanish", &["ten minutes of shadowing"], &group_id);
    member_with_week(base, &cai, "Chess", &[], &group_id);

    let round = ok(base, &cai, "GET", &format!("/groups/{group_id}/round"), None);
    assert_eq!(round["name"], json!("Tuesday circle"));
    let members = round["members"].as_array().unwrap();
    let names: Vec<&str> = members.iter().map(|m| m["member"].as_str().unwrap()).collect();
    assert_eq!(names, ["ana", "ben", "cai"], "{round}");
    let numbers: Vec<(u64, u64)> =
        members.iter().map(|m| (m["attempts"].as_u64().unwrap(), m["successes"].as_u64().unwrap())).collect();
    assert_eq!(numbers, [(3, 2), (2, 1), (1, 0)], "{round}");
    let anas_wins: Vec<&str> =
        members[0]["wins"].as_array().unwrap().iter().map(|w| w["did"].as_str().unwrap()).collect();
    assert_eq!(anas_wins, ["metronome at 60", "slow hands first"]);
    assert_eq!(members[1]["plan"], json!("If it is Monday 7 pm, then I will practise Spanish"));

    // Ben saves Ana's win as a role model: it becomes a vicarious source in his source mix.
    let win = &members[0]["wins"][0];
    let saved = ok(
        base,
        &ben,
        "POST",
        &format!("/shared/{}/wins/{}/role-model", win["share"].as_str().unwrap(), win["attempt"].as_str().unwrap()),
        Some(json!({"domain": bens_domain})),
    );
    assert_eq!(saved["name"], json!("ana"));
    assert_eq!(saved["process"], json!("Piano basics: metronome at 60"));
    let models = ok(base, &ben, "GET", "/models", None);
    assert!(models.as_array().unwrap().iter().any(|m| m["name"] == json!("ana")), "{models}");
    let mix = ok(base, &ben, "GET", &format!("/domains/{bens_domain}/sources"), None);
    let sources = mix["domains"][0]["sources"].as_array().unwrap();
    let vicarious = sources.iter().find(|s| s["source"] == json!("vicarious")).expect("a vicarious count");
    let counted: u64 = ["building", "neutral", "eroding"].iter().map(|k| vicarious[k].as_u64().unwrap()).sum();
    assert_eq!(counted, 1, "the saved win counts as one vicarious experience: {mix}");

    // Leaving ends what one shared with the group.
    ok(base, &cai, "DELETE", &format!("/groups/{group_id}/membership"), None);
    let round = ok(base, &ana, "GET", &format!("/groups/{group_id}/round"), None);
    assert_eq!(round["members"].as_array().unwrap().len(), 2, "{round}");
    let (status, _) = call(base, &cai, "GET", &format!("/groups/{group_id}/round"), None);
    assert_eq!(status, 404);
}

#[test]
fn an_invitation_and_the_weekly_digest_go_by_email() {
    for db in databases() {
        an_invitation_and_the_weekly_digest_go_by_email_on(&db.url());
    }
}

fn an_invitation_and_the_weekly_digest_go_by_email_on(url: &str) {
    let sink = SmtpSink::start();
    let relay = sink.url();
    let flags =
        ["--smtp-url", relay.as_str(), "--mail-from", "Mastery <mastery@example.org>", "--digest-check-secs", "1"];
    let server = Server::start_with(url, 0, &flags);
    let base = &server.base;
    let owner = owner(base);
    // The address is set on the Notifications page (its form) and read back through the API.
    assert!(page(base, &owner.who, "GET", "/notifications", "").body.contains("Weekly digest"));
    assert_eq!(page(base, &owner.who, "POST", "/notifications/email", "email=+owner%40example.org+").status, 303);
    let settings = ok(base, &owner.who, "GET", "/notifications/email", None);
    assert_eq!(settings, json!({"email": "owner@example.org", "server_sends_mail": true}));
    let (status, refused) =
        call(base, &owner.who, "PUT", "/notifications/email", Some(json!({"email": "owner@localhost"})));
    assert_eq!(status, 422, "{refused}");

    let share = ok(
        base,
        &owner.who,
        "POST",
        "/shares",
        Some(json!({"goal": owner.goal, "role": "coach", "email": "coach@example.org"})),
    );
    assert_eq!(share["emailed_to"], json!("coach@example.org"), "{share}");
    let invitation = sink.wait_for(1, Duration::from_secs(20)).remove(0);
    assert_eq!(invitation.to, ["coach@example.org"]);
    assert_eq!(invitation.subject(), "owner invites you to follow their progress on Mastery");
    let url = share["invitation"]["url"].as_str().unwrap();
    assert!(invitation.text().contains(url), "the link is in the mail: {}", invitation.text());
    assert!(invitation.text().contains("their goal \"Juggle five quetzal balls\" with you as their coach"));

    // The coach accepts with the token from the mail; the owner hears of it in the digest.
    let token = url.rsplit('/').next().unwrap();
    let coach = person(base, "coach");
    ok(base, &coach, "POST", &format!("/invitations/{token}/accept"), None);
    let digest = sink.wait_for(2, Duration::from_secs(20)).remove(1);
    assert_eq!(digest.to, ["owner@example.org"]);
    assert_eq!(digest.subject(), "Mastery: 1 thing happened this week");
    assert!(digest.text().contains("coach accepted your invitation as your coach"), "{}", digest.text());
    assert!(digest.text().contains(&format!("{base}/notifications")), "{}", digest.text());

    // A week has not passed: more news waits for next week's digest.
    ok(
        base,
        &coach,
        "POST",
        &format!("/shared/{}/feedback", id(&share)),
        Some(json!({"text": "Good", "specific": false})),
    );
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(sink.received().len(), 2, "one digest a week at most");
    // A share without an address sends nothing.
    let plain = ok(base, &owner.who, "POST", "/shares", Some(json!({"goal": owner.goal, "role": "partner"})));
    assert_eq!(plain["emailed_to"], Value::Null);
    assert!(!server.log().contains("owner@example.org"), "addresses stay out of the log");
}

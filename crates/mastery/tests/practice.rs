//! Practice and reviews end to end on SQLite: a scripted week of practice, attempts, check-ins
//! and evidence (with records just outside it), whose weekly review counts equal the records and
//! whose Markdown export carries the answers; rest days; and refusals that write nothing.

mod common;

use common::{assert_has_keys, json, ladder_fixture, run};
use jiff::ToSpan;
use jiff::civil::Date;

/// Last week's Monday in the local time zone (the binary reads the same zone).
fn last_monday() -> Date {
    let today = jiff::Zoned::now().date();
    let monday = today.checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days()).unwrap();
    monday.checked_sub(7.days()).unwrap()
}

fn noon(day: Date) -> String {
    format!("{day}T12:00")
}

#[test]
fn a_scripted_week_gives_a_review_whose_counts_equal_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    json(path, &["practice", "plan", "public-speaking", "--minutes", "20", "--days", "mon,wed,fri"]);
    let monday = last_monday();
    let day = |n: i64| noon(monday.checked_add(n.days()).unwrap());

    // Practice on Monday, Wednesday (twice) and Saturday; Friday is missed. One session the week before.
    for (n, minutes) in [(0, "20"), (2, "15"), (2, "10"), (5, "30"), (-3, "20")] {
        json(path, &["practice", "log", "public-speaking", "--minutes", minutes, "--at", &day(n)]);
    }
    // Attempts: forecasts of 80, 60, 40 with two successes and a failure, and one the week before.
    let outcomes = [("80", "success", 1), ("60", "failure", 3), ("40", "success", 4), ("50", "success", -2)];
    for (confidence, outcome, n) in outcomes {
        let at = day(n);
        json(path, &["attempt", "log", &rungs[0], "--confidence", confidence, "--outcome", outcome, "--at", &at]);
    }
    json(path, &["evidence", "add", "public-speaking", "Gave the toast", "--at", &day(6)]);
    for (n, sleep, stress) in [(0, "7", "2"), (3, "6", "4"), (-1, "8", "1")] {
        json(path, &["checkin", "--sleep", sleep, "--stress", stress, "--at", &day(n)]);
    }

    let week = monday.iso_week_date();
    let period = format!("{}-W{:02}", week.year(), week.week());
    let review = json(
        path,
        &[
            "review",
            "week",
            "--week",
            &period,
            "--answer",
            "well=Rehearsed before every talk",
            "--answer",
            "plan=If it is Tuesday 7 pm, then I will rehearse the opening twice",
        ],
    );
    assert_has_keys(
        &review,
        &[
            "period",
            "attempts",
            "successes",
            "new_evidence",
            "calibration_bias",
            "practice_kept",
            "checkins",
            "celebrations",
            "prompts",
            "answers",
        ],
    );
    assert_eq!(review["period"], period.as_str());
    assert_eq!(review["attempts"], 3);
    assert_eq!(review["successes"], 2);
    let evidence: Vec<&str> =
        review["new_evidence"].as_array().unwrap().iter().map(|e| e["source"].as_str().unwrap()).collect();
    assert_eq!(evidence, ["backfill", "attempt", "attempt"], "{review}");
    // Mean forecast 0.6, success rate 2/3.
    let bias = review["calibration_bias"].as_f64().unwrap();
    assert!((bias - (0.6 - 2.0 / 3.0)).abs() < 1e-9, "{bias}");
    let kept = &review["practice_kept"];
    assert_eq!((kept["planned_days"].as_u64(), kept["kept_days"].as_u64()), (Some(3), Some(2)), "{kept}");
    assert_eq!((kept["sessions"].as_u64(), kept["minutes"].as_u64()), (Some(4), Some(75)), "{kept}");
    assert_eq!(review["checkins"]["n"], 2);
    assert_eq!(review["checkins"]["sleep_hours"], 6.5);
    assert_eq!(review["checkins"]["stress"], 3.0);
    assert_eq!(review["prompts"].as_array().unwrap().len(), 4);

    // Re-opened later, with one more answer, it keeps the earlier ones.
    let reopened = json(path, &["review", "week", "--week", &period, "--answer", "learned=I can recover from a blank"]);
    assert_eq!(reopened["answers"].as_object().unwrap().len(), 3, "{reopened}");
    assert_eq!(reopened["attempts"], 3);

    let markdown = run(path, &["review", "week", "--week", &period, "--markdown"]);
    assert!(markdown.status.success());
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    for text in [
        "# Review",
        "Rehearsed before every talk",
        "If it is Tuesday 7 pm, then I will rehearse the opening twice",
        "I can recover from a blank",
        "- 3 attempts: 2 successes, 0 partials; success rate (partials count half) 67%",
    ] {
        assert!(markdown.contains(text), "missing {text:?} in\n{markdown}");
    }
}

#[test]
fn practice_status_explains_its_score_and_rest_days_are_declared_in_advance() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    json(path, &["practice", "plan", "running", "--minutes", "30"]);
    let today = jiff::Zoned::now().date();
    for n in 1..=5 {
        let at = noon(today.checked_sub((n as i64).days()).unwrap());
        json(path, &["practice", "log", "running", "--minutes", "30", "--at", &at]);
    }
    let rest = json(path, &["practice", "rest", "tomorrow", "--domain", "running"]);
    assert_eq!(rest["domain"], "running");

    let status = json(path, &["practice", "status", "running"]);
    assert_has_keys(&status, &["domain", "score", "streak", "planned_days", "kept_days", "rest_days", "formula"]);
    let m = 0.5_f64.powf(1.0 / 13.0);
    assert!((status["score"].as_f64().unwrap() - (1.0 - m.powi(5))).abs() < 1e-9, "{status}");
    assert_eq!(status["streak"], 5);
    assert_eq!((status["planned_days"].as_u64(), status["kept_days"].as_u64()), (Some(5), Some(5)));
    assert!(status["formula"].as_str().unwrap().contains("0.5^(√f/13)"));
    assert_eq!(json(path, &["practice", "status"]).as_array().unwrap().len(), 1);

    let before = json(path, &["practice", "status", "running"]);
    for bad in [
        vec!["practice", "rest", "yesterday"],
        vec!["practice", "rest", "tomorrow", "--domain", "running"],
        vec!["practice", "plan", "running", "--minutes", "30", "--days", "mon,funday"],
        vec!["practice", "log", "running", "--minutes", "0"],
        vec!["practice", "log", "nowhere", "--minutes", "10"],
        vec!["review", "week", "--week", "2026-W99"],
        vec!["review", "week", "--answer", "wel=typo"],
    ] {
        let output = run(path, &bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(!output.stderr.is_empty(), "{bad:?} says why");
    }
    assert_eq!(json(path, &["practice", "status", "running"]), before, "refusals wrote nothing");
}

#[test]
fn mastering_a_rung_and_finishing_a_goal_are_celebrated_once_and_reflected_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let rungs = ladder_fixture(path);
    let log = |outcome: &str| json(path, &["attempt", "log", &rungs[0], "--confidence", "70", "--outcome", outcome]);
    for outcome in ["success", "failure", "success"] {
        assert!(log(outcome).get("celebration").is_none());
    }
    let third = log("success");
    assert_eq!(third["celebration"]["kind"], "rung", "{third}");
    assert!(third["celebration"]["question"].as_str().unwrap().contains("effort"));
    assert!(log("success").get("celebration").is_none(), "a rung is celebrated once");

    let done = json(path, &["goal", "done", "give-a-10-minute-talk"]);
    assert_eq!(done["celebration"]["kind"], "goal", "{done}");
    let reflected = json(
        path,
        &["celebrations", "reflect", "last", "--effort", "Ten rehearsals", "--strategy", "One fix per rehearsal"],
    );
    assert_eq!(reflected["kind"], "goal");
    assert!(reflected["question"].is_null());

    let all = json(path, &["celebrations", "public-speaking"]);
    let kinds: Vec<&str> = all.as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["goal", "rung"]);
    let review = json(path, &["review", "week"]);
    assert_eq!(review["celebrations"].as_array().unwrap().len(), 2, "{review}");
    let evidence = run(path, &["evidence"]);
    assert!(String::from_utf8_lossy(&evidence.stdout).contains("Highlights"));

    let nothing = run(path, &["celebrations", "reflect", "last"]);
    assert_eq!(nothing.status.code(), Some(2));
}

#[test]
fn status_lists_next_challenges_practice_due_the_check_in_and_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    ladder_fixture(path);
    json(path, &["practice", "plan", "public-speaking", "--minutes", "15"]);
    let status = json(path, &["status"]);
    assert_has_keys(&status, &["next", "practice_due", "checked_in", "review_due", "audits_due", "audited"]);
    assert_eq!(status["next"][0]["title"], "Speak for 2 minutes to a friend", "{status}");
    assert_eq!(status["practice_due"][0]["domain"], "public-speaking");
    assert_eq!(status["checked_in"], false);
    let week = status["review_due"].as_str().expect("a review is due").to_owned();

    json(path, &["practice", "log", "public-speaking", "--minutes", "15"]);
    json(path, &["checkin", "--mood", "4"]);
    json(path, &["review", "week", "--week", &week, "--answer", "well=Showed up"]);
    let status = json(path, &["status"]);
    assert_eq!(status["practice_due"].as_array().unwrap().len(), 0, "{status}");
    assert_eq!(status["checked_in"], true);
    assert!(status["review_due"].is_null(), "{status}");
}

#[test]
fn a_monthly_review_shows_the_trajectory_and_asks_to_re_audit_only_when_due() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    json(path, &["domain", "add", "Running", "--area", "health"]);
    json(path, &["audit", "running", "--answers", "50,50,50,50,50,50,50,50,50,50", "--at", "40 days ago"]);
    // Audited 40 days ago on a monthly interval: the month asks for the re-audit.
    let due = json(path, &["review", "month"]);
    assert_eq!(due["trajectory"]["reaudit"], "Re-audit running to see whether your efficacy moved.");
    assert_eq!(due["trajectory"]["reaudit_domains"], serde_json::json!(["running"]));
    let text = String::from_utf8_lossy(&run(path, &["review", "month"]).stdout).into_owned();
    assert!(text.contains("mastery audit running"), "the command after the words: {text}");
    json(path, &["audit", "running", "--answers", "70,70,70,70,70,60,60,60,60,60"]);
    json(path, &["practice", "plan", "running", "--minutes", "30"]);
    json(path, &["practice", "log", "running", "--minutes", "30"]);
    let month = json(path, &["review", "month", "--answer", "next=If it rains, then I will run on the treadmill"]);
    let trajectory = &month["trajectory"];
    let audit = &trajectory["audits"][0];
    assert_eq!(audit["domain"], "running");
    assert_eq!(
        (audit["before"].as_f64(), audit["after"].as_f64(), audit["delta"].as_f64()),
        (Some(50.0), Some(65.0), Some(15.0))
    );
    // Re-audited today: not asked again (issue 14), and no command to do it.
    let reaudit = trajectory["reaudit"].as_str().unwrap();
    assert!(reaudit.starts_with("Every audited domain was audited recently"), "{trajectory}");
    assert_eq!(trajectory["reaudit_domains"], serde_json::json!([]));
    let text = String::from_utf8_lossy(&run(path, &["review", "month"]).stdout).into_owned();
    assert!(!text.contains("mastery audit running"), "{text}");
    assert_eq!(trajectory["consistency"][0]["domain"], "running");
    assert!(trajectory["success_rate"].is_null());
    assert_eq!(month["prompts"].as_array().unwrap().len(), 3);
    assert_eq!(month["answers"]["next"], "If it rains, then I will run on the treadmill");
    assert!(json(path, &["review", "week"])["trajectory"].is_null());
}

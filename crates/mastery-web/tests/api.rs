//! The JSON API: its document matches the routes and names a schema for every body, a whole
//! journey works through it, and refused calls store nothing.

mod support;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use mastery_app::{AttemptFilter, NewAudit, NewEvidence, ProgramSource, StartProgram};
use serde_json::{Value, json};
use support::{HOST, Site, site, site_with_one_domain};

/// Every route the router serves under `/api/v1`, as (method, path) in OpenAPI's spelling.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/csrf"),
    ("get", "/openapi.json"),
    ("get", "/today"),
    ("get", "/next"),
    ("get", "/domains"),
    ("post", "/domains"),
    ("get", "/domains/{slug}"),
    ("get", "/domains/{slug}/calibration"),
    ("get", "/domains/{slug}/evidence"),
    ("get", "/domains/{slug}/insights"),
    ("get", "/domains/{slug}/sources"),
    ("get", "/domains/{slug}/attribution"),
    ("get", "/domains/{slug}/audits"),
    ("post", "/domains/{slug}/audits"),
    ("post", "/goals"),
    ("post", "/goals/{id}/challenges"),
    ("get", "/goals/{id}/ladder"),
    ("get", "/attempts"),
    ("post", "/attempts"),
    ("post", "/attempts/{id}/outcome"),
    ("post", "/attempts/{id}/next-time"),
    ("post", "/checkins"),
    ("get", "/models"),
    ("post", "/models"),
    ("get", "/feedback"),
    ("post", "/feedback"),
    ("get", "/practice"),
    ("get", "/practice/history"),
    ("post", "/practice/sessions"),
    ("get", "/reviews/week/{week}"),
    ("post", "/reviews/week/{week}"),
    ("post", "/goals/{id}/done"),
    ("get", "/programs"),
    ("post", "/programs"),
    ("get", "/programs/{program}"),
    ("post", "/programs/{program}/celebrate"),
    ("get", "/celebrations"),
    ("post", "/celebrations/{id}/reflection"),
];

/// The routes that correct the record, served beside [`ROUTES`] and tried in a journey of their
/// own ([`corrections_go_through_the_api_and_undo_reverts_them`]).
/// Sync between devices (issue 13).
const SYNC: &[(&str, &str)] = &[("post", "/sync")];

/// Sharing (issue 12): served by `mastery server` only, tried over HTTP in `mastery`'s tests.
const SHARING: &[(&str, &str)] = &[
    ("get", "/shares"),
    ("post", "/shares"),
    ("delete", "/shares/{id}"),
    ("post", "/shares/{id}/request"),
    ("post", "/invitations/{token}/accept"),
    ("get", "/shared"),
    ("get", "/shared/{id}"),
    ("post", "/shared/{id}/feedback"),
    ("post", "/shared/{id}/celebrations/{celebration}/cheer"),
    ("post", "/shared/{id}/suggestions"),
    ("post", "/shared/{id}/wins/{attempt}/role-model"),
    ("get", "/suggestions"),
    ("post", "/suggestions/{id}/accept"),
    ("post", "/suggestions/{id}/decline"),
    ("get", "/groups"),
    ("post", "/groups"),
    ("post", "/groups/{id}/invitations"),
    ("delete", "/groups/{id}/membership"),
    ("get", "/groups/{id}/round"),
    ("get", "/cohort"),
    ("get", "/cohort.csv"),
    ("get", "/notifications"),
    ("post", "/notifications/read"),
    ("get", "/notifications/email"),
    ("put", "/notifications/email"),
];

const CORRECTIONS: &[(&str, &str)] = &[
    ("patch", "/domains/{slug}"),
    ("delete", "/domains/{slug}"),
    ("patch", "/goals/{id}"),
    ("delete", "/goals/{id}"),
    ("post", "/goals/{id}/reopen"),
    ("patch", "/challenges/{id}"),
    ("delete", "/challenges/{id}"),
    ("patch", "/attempts/{id}"),
    ("delete", "/attempts/{id}"),
    ("patch", "/evidence/{id}"),
    ("delete", "/evidence/{id}"),
    ("patch", "/checkins/{id}"),
    ("delete", "/checkins/{id}"),
    ("patch", "/models/{id}"),
    ("delete", "/models/{id}"),
    ("patch", "/feedback/{id}"),
    ("delete", "/feedback/{id}"),
    ("patch", "/audits/{id}"),
    ("delete", "/audits/{id}"),
    ("patch", "/practice/sessions/{id}"),
    ("delete", "/practice/sessions/{id}"),
    ("patch", "/reviews/{period}"),
    ("delete", "/reviews/{period}"),
    ("post", "/undo"),
];

/// State-changing calls that take no body: a milestone marked, not a record written.
const NO_BODY: [&str; 4] = ["/goals/{id}/done", "/programs/{program}/celebrate", "/goals/{id}/reopen", "/undo"];

/// A call to the API as a script sends it: JSON, with the token header or without.
async fn call(site: &Site, method: &str, path: &str, body: Option<Value>, token: bool) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json");
    if token {
        request = request.header("x-csrf-token", &site.token);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let reply = site.send(request.body(body).unwrap()).await;
    let json = serde_json::from_str(&reply.body).unwrap_or(Value::String(reply.body));
    (reply.status, json)
}

async fn get(site: &Site, path: &str) -> Value {
    let (status, json) = call(site, "get", path, None, false).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {json}");
    json
}

async fn post(site: &Site, path: &str, body: Value) -> (StatusCode, Value) {
    call(site, "post", path, Some(body), true).await
}

/// Every `$ref` anywhere in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

/// The document declares `ApiError` for every 404, the server's sharing calls among them: on the
/// local app, which has no such routes, they (and any unknown call) still answer one, as JSON.
#[tokio::test]
async fn a_call_the_local_app_does_not_have_is_a_json_404() {
    let site = site(false).await;
    for (method, path) in [("get", "/shares"), ("post", "/shares/x/request"), ("get", "/no-such-call")] {
        let (status, json) = call(&site, method, path, Some(json!({})), true).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {json}");
        assert!(json["error"].as_str().is_some_and(|e| e.contains("mastery server")), "{method} {path}: {json}");
    }
    // A page that does not exist stays a bare 404.
    assert_eq!(site.get("/no-such-page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_document_lists_every_route_and_types_every_body() {
    let site = site(true).await;
    let document = get(&site, "/openapi.json").await;
    let mut listed = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            listed.insert((method.clone(), path.clone()));
        }
    }
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .chain(CORRECTIONS)
        .chain(SYNC)
        .chain(SHARING)
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(listed, expected);

    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut referenced = Vec::new();
    refs(&document, &mut referenced);
    assert!(referenced.len() > 50, "{referenced:?}");
    for target in &referenced {
        let name = target.strip_prefix("#/components/schemas/").unwrap_or(target);
        assert!(schemas.contains_key(name), "{target} is referenced but not in components");
    }
    for (method, path) in ROUTES.iter().chain(CORRECTIONS).filter(|(_, p)| *p != "/openapi.json") {
        let responses = document["paths"][path][method]["responses"].as_object().unwrap();
        let (status, ok) = responses.iter().find(|(s, _)| s.starts_with('2')).expect("a success response");
        let schema = &ok["content"]["application/json"]["schema"];
        let named = schema.get("$ref").or_else(|| schema["items"].get("$ref"));
        assert!(named.is_some(), "{method} {path} {status} is untyped: {schema}");
    }
    let scheme = &document["components"]["securitySchemes"]["csrf_token"];
    assert_eq!(
        (&scheme["type"], &scheme["in"], &scheme["name"]),
        (&json!("apiKey"), &json!("header"), &json!("x-csrf-token"))
    );
    for (method, path) in ROUTES.iter().chain(CORRECTIONS).chain(SHARING) {
        let security = &document["paths"][path][method]["security"];
        assert_eq!(*method != "get", security == &json!([{"csrf_token": []}]), "{method} {path}: {security}");
    }
    for (name, schema) in schemas {
        let untyped = schema.get("type") == Some(&json!("object")) && schema.get("properties").is_none();
        assert!(!untyped || schema.get("additionalProperties").is_some(), "{name} is an untyped object: {schema}");
    }
    assert_eq!(schemas["ApiError"]["required"], json!(["error"]));
    let api_error = json!("#/components/schemas/ApiError");
    let body_of = |method: &str, path: &str, status: &str| {
        document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    for (method, path) in ROUTES.iter().chain(CORRECTIONS).filter(|(m, _)| *m != "get") {
        assert_eq!(body_of(method, path, "403"), api_error, "the guard's refusal of {method} {path}");
    }
    for (method, path) in ROUTES.iter().chain(CORRECTIONS) {
        let query = document["paths"][path][method]["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
        let declared = body_of(method, path, "400");
        assert_eq!(query, declared == api_error, "{method} {path}: a query string's refusal is declared: {declared}");
    }
    assert_eq!(schemas["Outcome"]["enum"], json!(["success", "partial", "failure"]));
    assert_eq!(schemas["AttemptView"]["properties"]["planned_at"]["format"], json!("date-time"));
}

#[tokio::test]
async fn every_route_in_the_document_is_served() {
    let site = site(true).await;
    let goal = site.check.goals(Some("public-speaking"), false).await.unwrap()[0].id.to_string();
    let attempt =
        site.check.attempts(AttemptFilter { last: Some(1), ..Default::default() }).await.unwrap()[0].id.to_string();
    let program = site
        .check
        .start_program(StartProgram {
            template: ProgramSource::Builtin("30-day-experiment".into()),
            domain: "running".into(),
            at: None,
            replace_plan: false,
        })
        .await
        .unwrap()
        .id
        .to_string();
    // Goals last: one of them marks the goal reached.
    for (method, path) in ROUTES
        .iter()
        .filter(|(_, p)| !p.starts_with("/goals"))
        .chain(ROUTES.iter().filter(|(_, p)| p.starts_with("/goals")))
    {
        let id = match path {
            p if p.starts_with("/goals") => &goal,
            p if p.starts_with("/celebrations") => "last",
            _ => &attempt,
        };
        let concrete = path
            .replace("{slug}", "public-speaking")
            .replace("{week}", "last")
            .replace("{program}", &program)
            .replace("{id}", id);
        // An empty body is refused by every state-changing call that writes a record: each needs
        // a field, or (a check-in) at least one measure.
        let (status, json) = call(&site, method, &concrete, (*method == "post").then(|| json!({})), true).await;
        let expected =
            if *method == "get" || NO_BODY.contains(path) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        assert_eq!(status, expected, "{method} {concrete}: {json}");
    }
}

/// Adds a domain, a goal and one rung through the API; returns the goal's and the rung's ids.
async fn ladder_of_one(site: &Site) -> (String, String) {
    let (status, domain) = post(site, "/domains", json!({"name": "Public speaking", "area": "career"})).await;
    assert_eq!(status, StatusCode::CREATED, "{domain}");
    assert_eq!((&domain["slug"], &domain["area"]), (&json!("public-speaking"), &json!("career")));
    let statement = "Give a ten-minute talk at the meetup";
    let (status, goal) = post(site, "/goals", json!({"domain": "public-speaking", "statement": statement})).await;
    assert_eq!(status, StatusCode::CREATED, "{goal}");
    assert_eq!((&goal["domain"], &goal["statement"]), (&json!("public-speaking"), &json!(statement)));
    let goal_id = goal["id"].as_str().unwrap().to_owned();
    let rung = json!({"title": "Ask one question in a meeting", "difficulty": 2, "criterion": "Out loud"});
    let (status, rung) = post(site, &format!("/goals/{goal_id}/challenges"), rung).await;
    assert_eq!(status, StatusCode::CREATED, "{rung}");
    assert_eq!((&rung["goal_id"], &rung["difficulty"]), (&json!(goal_id), &json!(2.0)));
    (goal_id, rung["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_whole_attempt_goes_through_the_api_into_the_evidence_and_calibration() {
    let site = site(false).await;
    let (goal, rung) = ladder_of_one(&site).await;
    let forecast = json!({"challenge": rung, "confidence": 70, "sleep_hours": 6.5, "stress": 2});
    let (status, planned) = post(&site, "/attempts", forecast).await;
    assert_eq!(status, StatusCode::CREATED, "{planned}");
    assert_eq!((&planned["confidence"], &planned["outcome"]), (&json!(70), &Value::Null));
    assert_eq!(planned["state"], json!({"sleep_hours": 6.5, "energy": null, "stress": 2}));
    // The API returns the very view `mastery attempt list --json` prints.
    let pending = site.check.attempts(AttemptFilter { pending: true, ..Default::default() }).await.unwrap();
    assert_eq!(planned, serde_json::to_value(&pending[0]).unwrap());
    assert_eq!(get(&site, "/attempts?pending=true").await, json!([planned]));

    let id = planned["id"].as_str().unwrap();
    let outcome =
        json!({"outcome": "success", "effort": 3, "did": "Asked about the roadmap", "because": "I prepared it"});
    let (status, recorded) = post(&site, &format!("/attempts/{id}/outcome"), outcome).await;
    assert_eq!(status, StatusCode::OK, "{recorded}");
    assert_eq!(
        (&recorded["id"], &recorded["outcome"], &recorded["effort"]),
        (&json!(id), &json!("success"), &json!(3))
    );
    assert_eq!(get(&site, "/attempts?pending=true").await, json!([]));
    assert_eq!(get(&site, "/attempts?domain=public-speaking").await, json!([recorded]));

    let evidence = get(&site, "/domains/public-speaking/evidence").await;
    assert_eq!(evidence.as_array().map(Vec::len), Some(1), "{evidence}");
    assert_eq!((&evidence[0]["source"], &evidence[0]["did"]), (&json!("attempt"), &json!("Asked about the roadmap")));
    let calibration = get(&site, "/domains/public-speaking/calibration").await;
    assert_eq!((&calibration["n"], &calibration["success_rate"]), (&json!(1), &json!(1.0)));
    assert_eq!(calibration["mean_forecast"], json!(0.7));
    let brier = calibration["brier"].as_f64().unwrap();
    assert!((brier - 0.09).abs() < 1e-9, "(0.7 − 1)² = 0.09, got {brier}");
    let ladder = get(&site, &format!("/goals/{goal}/ladder")).await;
    assert_eq!((&ladder["rungs"][0]["attempts"], &ladder["rungs"][0]["successes"]), (&json!(1), &json!(1)));
}

#[tokio::test]
async fn a_setback_takes_a_plan_for_next_time() {
    let site = site(false).await;
    let (_, rung) = ladder_of_one(&site).await;
    let (_, planned) = post(&site, "/attempts", json!({"challenge": rung, "confidence": 80})).await;
    let id = planned["id"].as_str().unwrap();
    let failure = json!({"outcome": "failure", "because": "I froze when everyone looked at me"});
    let (status, recorded) = post(&site, &format!("/attempts/{id}/outcome"), failure).await;
    assert_eq!((status, &recorded["reattribution"]), (StatusCode::OK, &Value::Null));
    let plan = json!({
        "next_time": "Rehearse the question aloud twice",
        "if_then": "If the meeting starts, then I will ask the question in the first five minutes",
    });
    let (status, replanned) = post(&site, "/attempts/last/next-time", plan).await;
    assert_eq!(status, StatusCode::OK, "{replanned}");
    assert_eq!(replanned["id"], json!(id));
    assert_eq!(replanned["reattribution"]["next_time"], json!("Rehearse the question aloud twice"));
    assert_eq!(replanned["reattribution_prompt"], Value::Null, "answered, the question is not asked again");
}

#[tokio::test]
async fn invalid_numbers_and_choices_are_refused_with_json_and_store_nothing() {
    let site = site(false).await;
    let (_, rung) = ladder_of_one(&site).await;
    let (status, refused) = post(&site, "/attempts", json!({"challenge": rung, "confidence": 75})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"].as_str().is_some_and(|e| e.contains("confidence")), "{refused}");
    assert_eq!(site.attempts().await, 0);
    let (status, refused) = post(&site, "/attempts", json!({"challenge": rung, "confidence": 70, "sleep": 6})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a misspelt field is not ignored");
    assert!(refused["error"].as_str().is_some_and(|e| e.contains("sleep")), "{refused}");
    assert_eq!(site.attempts().await, 0);

    for rate in [5.0, 0.5, 0.95] {
        let goal = json!({"domain": "public-speaking", "statement": "Chair a meeting", "target_success": rate});
        let (status, refused) = post(&site, "/goals", goal).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "target success {rate}");
        assert!(refused["error"].as_str().is_some_and(|e| e.contains("70%")), "{refused}");
    }
    assert_eq!(site.check.goals(None, true).await.unwrap().len(), 1, "no goal stored");

    let (_, planned) = post(&site, "/attempts", json!({"challenge": rung, "confidence": 70})).await;
    let id = planned["id"].as_str().unwrap();
    let (status, refused) = post(&site, &format!("/attempts/{id}/outcome"), json!({"outcome": "great"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"].as_str().is_some_and(|e| e.contains("outcome")), "{refused}");
    let attempts = site.check.attempts(AttemptFilter::default()).await.unwrap();
    assert_eq!((attempts.len(), attempts[0].outcome), (1, None), "the attempt is still pending");

    for checkin in [json!({}), json!({"stress": 9}), json!({"sleep_hours": 30}), json!({"exercise_minutes": 2000})] {
        let (status, refused) = post(&site, "/checkins", checkin.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{checkin}");
        assert!(refused["error"].is_string(), "{checkin}: {refused}");
    }
    assert_eq!(site.check.checkins().await.unwrap(), vec![]);
    let (status, stored) = post(&site, "/checkins", json!({"stress": 2, "exercise_minutes": 30})).await;
    assert_eq!((status, &stored["stress"], &stored["exercise_minutes"]), (StatusCode::CREATED, &json!(2), &json!(30)));
}

#[tokio::test]
async fn a_call_without_the_token_header_is_forbidden_and_stores_nothing() {
    let site = site(true).await;
    let domains = site.check.domains(false).await.unwrap().len();
    let checkins = site.check.checkins().await.unwrap().len();
    let attempts = site.attempts().await;
    let rung = site.check.ladder("public-speaking").await.unwrap().rungs[0].challenge_id.to_string();
    let calls = [
        ("/domains", json!({"name": "Chess", "area": "learning"})),
        ("/checkins", json!({"stress": 2})),
        ("/attempts", json!({"challenge": rung, "confidence": 70})),
    ];
    for (path, body) in calls {
        let (status, _) = call(&site, "post", path, Some(body), false).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(site.check.domains(false).await.unwrap().len(), domains);
    assert_eq!(site.check.checkins().await.unwrap().len(), checkins);
    assert_eq!(site.attempts().await, attempts);
}

#[tokio::test]
async fn the_other_records_go_in_through_the_api_and_come_back_out() {
    let site = site(true).await;
    let model = json!({"domain": "public-speaking", "name": "Ana", "similarity": 4, "process": "Practised weekly"});
    let (status, model) = post(&site, "/models", model).await;
    assert_eq!((status, &model["similarity"]), (StatusCode::CREATED, &json!(4)));
    assert!(get(&site, "/models?domain=public-speaking").await.as_array().unwrap().contains(&model));

    let given = json!({"domain": "public-speaking", "from": "Sam", "valence": "positive", "text": "Clear opening"});
    let (status, given) = post(&site, "/feedback", given).await;
    assert_eq!((status, &given["valence"]), (StatusCode::CREATED, &json!("positive")));
    assert!(get(&site, "/feedback").await.as_array().unwrap().contains(&given));

    let (status, session) =
        post(&site, "/practice/sessions", json!({"domain": "public-speaking", "minutes": 25})).await;
    assert_eq!((status, &session["minutes"]), (StatusCode::CREATED, &json!(25)));
    let (status, _) = post(&site, "/practice/sessions", json!({"domain": "public-speaking", "minutes": 0})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let history = get(&site, "/practice/history?days=14").await;
    // Through text, as the API sends it, so the scores are read back the same way.
    let expected = serde_json::to_string(&site.check.consistency_history(14).await.unwrap()).unwrap();
    assert_eq!(history, serde_json::from_str::<Value>(&expected).unwrap(), "the app's history, as it is");
    assert_eq!(history.as_array().map(Vec::len), Some(2), "the demo's two plans");
    assert!(history.as_array().unwrap().iter().all(|h| h["days"].as_array().map(Vec::len) == Some(14)));
    let (status, _) = call(&site, "get", "/practice/history?days=0", None, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let items = site.check.audit_form("public-speaking", None).await.unwrap().scale.items.len();
    let before = site.check.audit_history("public-speaking").await.unwrap().audits.len();
    let (status, audit) = post(&site, "/domains/public-speaking/audits", json!({"answers": vec![60; items]})).await;
    assert_eq!((status, &audit["answers"]), (StatusCode::CREATED, &json!(vec![60; items])));
    let history = get(&site, "/domains/public-speaking/audits").await;
    assert_eq!(history["audits"].as_array().map(Vec::len), Some(before + 1));
    let (status, _) = post(&site, "/domains/public-speaking/audits", json!({"answers": vec![65; items]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(site.check.audit_history("public-speaking").await.unwrap().audits.len(), before + 1);

    let (status, review) = post(&site, "/reviews/week/this", json!({"answers": ["well=Spoke up twice"]})).await;
    assert_eq!((status, &review["answers"]["well"]), (StatusCode::OK, &json!("Spoke up twice")));
    assert_eq!(get(&site, "/reviews/week/this").await["answers"], json!({"well": "Spoke up twice"}));
    let (status, _) = post(&site, "/reviews/week/this", json!({"answers": ["wel=typo"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn programs_goals_reached_and_celebrations_go_through_the_api() {
    let site = site(false).await;
    let (goal, _) = ladder_of_one(&site).await;
    let start = json!({"template": "30-day-experiment", "domain": "public-speaking", "starts_on": "2026-10-01"});
    let (status, mut program) = post(&site, "/programs", start).await;
    assert_eq!((status, &program["duration_days"]), (StatusCode::CREATED, &json!(30)), "{program}");
    // Starting says what it did to the practice plan; the list shows the programs themselves.
    let plan = program.as_object_mut().unwrap().remove("plan").expect("the plan started with");
    assert_eq!(plan["action"], "set", "no plan of one's own: the program's is set");
    let id = program["id"].as_str().unwrap();
    assert_eq!(get(&site, "/programs").await, json!([program]));

    let report = get(&site, &format!("/programs/{id}")).await;
    assert_eq!((&report["finished"], &report["celebration"]), (&json!(true), &Value::Null));
    assert_eq!(get(&site, "/celebrations").await, json!([]), "reading the report celebrated nothing");
    let (status, celebrated) = post(&site, &format!("/programs/{id}/celebrate"), json!(null)).await;
    assert_eq!((status, &celebrated["celebration"]["kind"]), (StatusCode::OK, &json!("program")));

    let (status, reached) = post(&site, &format!("/goals/{goal}/done"), json!(null)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(reached["done_at"].is_string() && reached["celebration"]["kind"] == "goal", "{reached}");
    let listed = get(&site, "/celebrations?domain=public-speaking").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");

    let path = format!("/celebrations/{}/reflection", reached["celebration"]["id"].as_str().unwrap());
    let (status, _) = post(&site, &path, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "neither effort nor strategy");
    let (_, half) = post(&site, &path, json!({"effort": "Rehearsed every evening"})).await;
    assert!(half["question"].is_string(), "the strategy is still to be said: {half}");
    let (status, said) = post(&site, &path, json!({"strategy": "Opened with a story"})).await;
    assert_eq!(
        (status, &said["effort"], &said["question"]),
        (StatusCode::OK, &json!("Rehearsed every evening"), &json!(null))
    );

    let (status, _) = post(
        &site,
        "/programs",
        json!({"template": "30-day-experiment", "domain": "public-speaking", "starts_on": "2026-12-24"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a first day in the future");
    assert_eq!(get(&site, "/programs").await.as_array().map(Vec::len), Some(1), "nothing stored");
}

/// The store's records, as the export writes them, without the moment of the export.
async fn contents(site: &Site) -> Value {
    let mut out = Vec::new();
    site.check.export_json(&mut out).await.unwrap();
    let mut document: Value = serde_json::from_slice(&out).unwrap();
    document.as_object_mut().unwrap().remove("exported_at");
    document
}

#[tokio::test]
async fn corrections_go_through_the_api_and_undo_reverts_them() {
    let site = site(true).await;
    let goal = site.check.goals(Some("public-speaking"), false).await.unwrap()[0].clone();
    let rung = site.check.ladder(&goal.id.to_string()).await.unwrap().rungs[0].challenge_id.to_string();
    let before = contents(&site).await;

    let (status, json) = call(&site, "delete", "/checkins/last", None, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no token: {json}");
    let (status, json) = call(&site, "delete", "/domains/public-speaking", None, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(json["error"].as_str().unwrap().contains("?confirm=true"), "{json}");
    assert_eq!(contents(&site).await, before, "nothing deleted without confirm");

    let goal_path = format!("/goals/{}", goal.id);
    let changes = [
        ("patch", "/domains/public-speaking".to_owned(), Some(json!({"description": "Talks and toasts"}))),
        ("patch", goal_path.clone(), Some(json!({"why": "", "target_success": 0.85}))),
        ("patch", format!("/challenges/{rung}"), Some(json!({"criterion": "Two minutes, no notes"}))),
        ("patch", "/attempts/last".to_owned(), Some(json!({"confidence": 70}))),
        ("delete", "/checkins/last".to_owned(), None),
        ("delete", "/models/last".to_owned(), None),
        ("delete", "/feedback/last".to_owned(), None),
        ("delete", "/audits/last".to_owned(), None),
        ("delete", "/practice/sessions/last".to_owned(), None),
        ("delete", "/attempts/last".to_owned(), None),
        ("delete", format!("{goal_path}?confirm=true"), None),
    ];
    for (method, path, body) in &changes {
        let (status, json) = call(&site, method, path, body.clone(), true).await;
        assert_eq!(status, StatusCode::OK, "{method} {path}: {json}");
    }
    let (status, json) = call(&site, "get", &format!("{goal_path}/ladder"), None, false).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the deleted goal: {json}");
    let (status, json) = call(&site, "post", &format!("{goal_path}/reopen"), None, true).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");

    for _ in &changes {
        let (status, json) = call(&site, "post", "/undo", None, true).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert!(json["undid"].is_string(), "{json}");
    }
    assert_eq!(contents(&site).await, before, "every change undone");

    let (status, json) = call(&site, "patch", "/challenges/no-such-rung", Some(json!({"title": "x"})), true).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
    let (status, json) = call(&site, "patch", &goal_path, Some(json!({"colour": "red"})), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown field: {json}");
    let (status, json) = call(&site, "delete", "/reviews/2026-W99", None, true).await;
    assert!(status.is_client_error(), "{status} {json}");
    assert_eq!(contents(&site).await, before, "refused calls store nothing");

    let fresh = site_with_one_domain().await;
    call(&fresh, "post", "/undo", None, true).await;
    let (status, json) = call(&fresh, "post", "/undo", None, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nothing left to undo: {json}");
}

/// One record of each kind that hangs off a domain or a day, written through `site.check` and
/// the API; answers the path of each (its `DELETE` and `PATCH` path).
async fn leaf_records(site: &Site) -> Vec<(&'static str, String)> {
    let check = &site.check;
    let success = NewEvidence { domain: "running".into(), title: "Ran 10 km".into(), did: None, at: None };
    let evidence = check.add_evidence(success).await.unwrap().id;
    let items = check.audit_form("running", None).await.unwrap().scale.items.len();
    let answers = vec![mastery_domain::measure::Confidence::parse("50").unwrap(); items];
    let audit = NewAudit { domain: "running".into(), scale: None, answers, at: None, every: None };
    let audit = check.take_audit(audit).await.unwrap().id;
    let id = |(status, json): (StatusCode, Value)| {
        assert!(status.is_success(), "{json}");
        json["id"].as_str().map(str::to_owned).unwrap_or_else(|| json["period"].as_str().unwrap().to_owned())
    };
    let checkin = id(post(site, "/checkins", json!({"mood": 2, "sleep_hours": 6})).await);
    let model = id(post(site, "/models", json!({"domain": "running", "name": "Dana", "similarity": 3})).await);
    let feedback = json!({"domain": "running", "from": "Sam", "text": "Good pace"});
    let feedback = id(post(site, "/feedback", feedback).await);
    let session = id(post(site, "/practice/sessions", json!({"domain": "running", "minutes": 20})).await);
    let review = id(post(site, "/reviews/week/this", json!({"answers": ["well=Kept the slot"]})).await);
    vec![
        ("evidence", format!("/evidence/{evidence}")),
        ("checkin", format!("/checkins/{checkin}")),
        ("model", format!("/models/{model}")),
        ("feedback", format!("/feedback/{feedback}")),
        ("audit", format!("/audits/{audit}")),
        ("session", format!("/practice/sessions/{session}")),
        ("review", format!("/reviews/{review}")),
    ]
}

#[tokio::test]
async fn every_leaf_record_is_patched_with_its_rules_and_undone() {
    let site = site_with_one_domain().await;
    let records = leaf_records(&site).await;
    let before = contents(&site).await;
    let items = site.check.audit_form("running", None).await.unwrap().scale.items.len();
    let path = |kind: &str| records.iter().find(|(k, _)| *k == kind).unwrap().1.clone();

    // Refused as when the record is added: 422, nothing stored.
    let refused = [
        ("evidence", json!({"title": " "})),
        ("evidence", json!({"at": "next year"})),
        ("checkin", json!({"mood": 6})),
        ("checkin", json!({"exercise_minutes": 5000})),
        ("model", json!({"similarity": 0})),
        ("feedback", json!({"valence": "glowing"})),
        ("audit", json!({"answers": [50, 50]})),
        ("session", json!({"minutes": 0})),
        ("review", json!({"answers": ["mood=fine"]})),
        ("model", json!({"colour": "red"})),
    ];
    for (kind, body) in refused {
        let (status, json) = call(&site, "patch", &path(kind), Some(body.clone()), true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "PATCH {kind} {body}: {json}");
        assert!(json["error"].is_string(), "{json}");
    }
    assert_eq!(contents(&site).await, before, "refused patches store nothing");

    let high = vec![json!(100); items];
    let patches = [
        ("evidence", json!({"title": "Ran 12 km", "did": "Slow first half"}), "title", json!("Ran 12 km")),
        ("checkin", json!({"mood": 4}), "mood", json!(4)),
        ("model", json!({"similarity": 5, "process": "Runs at dawn"}), "process", json!("Runs at dawn")),
        ("feedback", json!({"specificity": "specific", "text": "Even splits"}), "text", json!("Even splits")),
        ("audit", json!({"answers": high, "every": "2w"}), "strength", json!(100.0)),
        ("session", json!({"minutes": 45, "note": "Hills"}), "minutes", json!(45)),
        ("review", json!({"answers": ["well=Kept the slot twice"]}), "answers", json!({"well": "Kept the slot twice"})),
    ];
    for (kind, body, field, expected) in &patches {
        let (status, json) = call(&site, "patch", &path(kind), Some(body.clone()), true).await;
        assert_eq!(status, StatusCode::OK, "PATCH {kind}: {json}");
        assert_eq!(&json[field], expected, "PATCH {kind}: {json}");
    }
    // Read back through the lists.
    assert_eq!(get(&site, "/domains/running/evidence").await[0]["did"], json!("Slow first half"));
    assert_eq!(get(&site, "/models").await[0]["similarity"], json!(5));
    assert_eq!(get(&site, "/feedback").await[0]["specificity"], json!("specific"));
    assert_eq!(get(&site, "/domains/running/audits").await["audits"][0]["strength"], json!(100.0));
    assert_eq!(site.check.checkins().await.unwrap()[0].mood, Some(4));
    assert_eq!(site.check.practice_sessions(None, 1).await.unwrap()[0].minutes, 45);

    // Without the token: refused before any handler runs.
    let (status, _) = call(&site, "patch", &path("model"), Some(json!({"name": "Kim"})), false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Another person's record (here: one in another store) is not found.
    let other = site_with_one_domain().await;
    for (kind, record) in &records {
        let body = if *kind == "review" { json!({"answers": []}) } else { json!({}) };
        let (status, json) = call(&other, "patch", record, Some(body), true).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "PATCH {kind} of another store: {json}");
    }

    for _ in &patches {
        let (status, json) = call(&site, "post", "/undo", None, true).await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    assert_eq!(contents(&site).await, before, "every patch undone");
}

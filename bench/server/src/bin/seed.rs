//! Fills a running `mastery server` with PEOPLE people, each through the real API: sign-up, a
//! token, a domain ("Public speaking"), a goal with a ladder of four rungs and one recorded
//! attempt per rung. Prints each person's token, one per line, for the load generator; the
//! attempts are then multiplied in SQL by `seed.sql` (a million through HTTP would take an hour).
//!
//! Usage: seed BASE_URL PEOPLE > tokens.txt

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

/// Sign-up hashes a password with argon2id: a few people at once keep both cores busy.
const WORKERS: usize = 4;

fn post(agent: &ureq::Agent, url: &str, auth: Option<&str>, body: Value) -> Value {
    let mut request = agent.post(url);
    if let Some(token) = auth {
        request = request.header("authorization", &format!("Bearer {token}"));
    }
    let mut response = request.send_json(&body).unwrap_or_else(|e| panic!("POST {url}: {e}"));
    response.body_mut().read_json().unwrap_or_else(|e| panic!("POST {url}: {e}"))
}

/// One person through the API; answers their token.
fn person(agent: &ureq::Agent, base: &str, n: usize) -> String {
    let api = format!("{base}/api/v1");
    let username = format!("person{n:04}");
    let password = "benchmark passphrase, long enough";
    post(agent, &format!("{api}/auth/signup"), None, json!({"username": username, "password": password}));
    let login = agent
        .post(&format!("{api}/auth/login"))
        .send_json(json!({"username": username, "password": password}))
        .expect("login");
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let csrf = login.into_body().read_json::<Value>().expect("login body")["csrf"].as_str().unwrap().to_owned();
    let mut token = agent
        .post(&format!("{api}/auth/tokens"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send_json(json!({"name": "bench"}))
        .expect("a token");
    let token = token.body_mut().read_json::<Value>().expect("token body")["token"].as_str().unwrap().to_owned();
    let auth = Some(token.as_str());
    post(agent, &format!("{api}/domains"), auth, json!({"name": "Public speaking", "area": "career"}));
    let goal = post(agent, &format!("{api}/goals"), auth, json!({"domain": "public-speaking", "statement": "Give a talk at work"}));
    let goal = goal["id"].as_str().unwrap().to_owned();
    for (title, difficulty) in [("Speak up in a meeting", 2), ("Toast a friend", 3), ("Present to my team", 5), ("Give the talk", 7)] {
        let rung = post(agent, &format!("{api}/goals/{goal}/challenges"), auth, json!({"title": title, "difficulty": difficulty}));
        let attempt = post(agent, &format!("{api}/attempts"), auth, json!({"challenge": rung["id"], "confidence": 60}));
        let id = attempt["id"].as_str().unwrap();
        post(agent, &format!("{api}/attempts/{id}/outcome"), auth, json!({"outcome": "success", "did": "Rehearsed twice out loud"}));
    }
    token
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, people] = args.as_slice() else {
        eprintln!("usage: seed BASE_URL PEOPLE > tokens.txt");
        std::process::exit(2);
    };
    let people: usize = people.parse().expect("PEOPLE is a number");
    let next = AtomicUsize::new(0);
    let tokens = std::sync::Mutex::new(Vec::with_capacity(people));
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).build().into();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= people {
                        break;
                    }
                    let token = person(&agent, base, n);
                    tokens.lock().unwrap().push(token);
                    if (n + 1) % 100 == 0 {
                        eprintln!("seeded {} people", n + 1);
                    }
                }
            });
        }
    });
    for token in tokens.into_inner().unwrap() {
        println!("{token}");
    }
}

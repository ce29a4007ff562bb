//! The people and records the sharing tests start from, made through the API: an owner with a
//! shared goal and a goal never shared (whose words must never reach anyone else), audiences who
//! accepted an invitation, and a group member's week.

use serde_json::{Value, json};

use super::http::{Who, call, person};

/// Sends a call that must succeed; answers its body.
pub fn ok(base: &str, who: &Who, method: &str, path: &str, body: Option<Value>) -> Value {
    let (status, answer) = call(base, who, method, path, body);
    assert!((200..300).contains(&status), "{method} {path}: {status} {answer}");
    answer
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

/// The owner's records: one goal to share, with three successes (a celebrated rung) and a
/// failure; and a second goal, never shared, whose words must never reach anyone else.
pub struct Owner {
    pub who: Who,
    pub goal: String,
    pub attempt: String,
    pub celebration: String,
}

/// Words only the owner wrote where no audience may read them: the unshared goal, and the
/// explanations of attempts, which no role sees.
pub const PRIVATE: [&str; 3] = ["xylophone", "gecko", "hidden-goal"];

pub fn owner(base: &str) -> Owner {
    let who = person(base, "owner");
    let domain = ok(base, &who, "POST", "/domains", Some(json!({"name": "Quetzal juggling", "area": "health"})));
    let slug = domain["slug"].as_str().unwrap().to_owned();
    let goal =
        id(&ok(base, &who, "POST", "/goals", Some(json!({"domain": slug, "statement": "Juggle five quetzal balls"}))));
    let rung = id(&ok(
        base,
        &who,
        "POST",
        &format!("/goals/{goal}/challenges"),
        Some(json!({"title": "Three-ball cascade", "difficulty": 2})),
    ));
    let mut attempt = String::new();
    let mut celebration = String::new();
    for (outcome, did) in [
        ("success", "quetzal cascade drill"),
        ("failure", "rushed the throws"),
        ("success", "slow count"),
        ("success", "counted aloud"),
    ] {
        let planned = ok(base, &who, "POST", "/attempts", Some(json!({"challenge": rung, "confidence": 70})));
        attempt = id(&planned);
        let recorded = ok(
            base,
            &who,
            "POST",
            &format!("/attempts/{attempt}/outcome"),
            Some(json!({"outcome": outcome, "did": did, "because": "the gecko wind"})),
        );
        if let Some(c) = recorded["celebration"]["id"].as_str() {
            celebration = c.to_owned();
        }
    }
    assert!(!celebration.is_empty(), "the third success celebrates the rung");
    let hidden =
        id(&ok(base, &who, "POST", "/goals", Some(json!({"domain": slug, "statement": "Hidden-goal xylophone solo"}))));
    let hidden_rung =
        id(&ok(base, &who, "POST", &format!("/goals/{hidden}/challenges"), Some(json!({"title": "Xylophone scales"}))));
    let planned = ok(base, &who, "POST", "/attempts", Some(json!({"challenge": hidden_rung, "confidence": 40})));
    ok(
        base,
        &who,
        "POST",
        &format!("/attempts/{}/outcome", id(&planned)),
        Some(json!({"outcome": "success", "did": "xylophone practice"})),
    );
    Owner { who, goal, attempt, celebration }
}

/// Shares the owner's goal as `role` with a new account `name`, who accepts; answers the share
/// id and the person.
pub fn shared_with(base: &str, owner: &Owner, name: &str, role: &str) -> (String, Who) {
    let share = ok(base, &owner.who, "POST", "/shares", Some(json!({"goal": owner.goal, "role": role})));
    let token = share["invitation"]["token"].as_str().unwrap();
    let audience = person(base, name);
    let accepted = ok(base, &audience, "POST", &format!("/invitations/{token}/accept"), None);
    assert_eq!(accepted["share_id"], share["id"], "{accepted}");
    (id(&share), audience)
}

/// A member with a goal of their own, this week's attempts on it, and a weekly review whose plan
/// they share with the group.
pub fn member_with_week(base: &str, who: &Who, topic: &str, wins: &[&str], group: &str) -> String {
    let domain = ok(base, who, "POST", "/domains", Some(json!({"name": topic, "area": "learning"})));
    let slug = domain["slug"].as_str().unwrap().to_owned();
    let goal =
        id(&ok(base, who, "POST", "/goals", Some(json!({"domain": slug, "statement": format!("Master {topic}")}))));
    let rung = id(&ok(
        base,
        who,
        "POST",
        &format!("/goals/{goal}/challenges"),
        Some(json!({"title": format!("{topic} basics")})),
    ));
    for did in wins {
        let attempt = id(&ok(base, who, "POST", "/attempts", Some(json!({"challenge": rung, "confidence": 60}))));
        ok(base, who, "POST", &format!("/attempts/{attempt}/outcome"), Some(json!({"outcome": "success", "did": did})));
    }
    let attempt = id(&ok(base, who, "POST", "/attempts", Some(json!({"challenge": rung, "confidence": 60}))));
    ok(
        base,
        who,
        "POST",
        &format!("/attempts/{attempt}/outcome"),
        Some(json!({"outcome": "failure", "did": "skipped warm-up"})),
    );
    let plan = format!("plan=If it is Monday 7 pm, then I will practise {topic}");
    ok(base, who, "POST", "/reviews/week/this", Some(json!({"answers": [plan]})));
    ok(
        base,
        who,
        "POST",
        "/shares",
        Some(json!({"goal": goal, "role": "group", "group": group, "review_answers": true})),
    );
    slug
}

/// Everyone the authorization matrices call as: the owner; a partner, a coach and a group member
/// who accepted; a partner whose share was revoked; and a stranger. Each audience has a domain of
/// their own ("Mine"), to save a win into.
pub struct Cast {
    pub owner: Owner,
    pub partner: Who,
    pub partner_share: String,
    pub coach: Who,
    pub coach_share: String,
    pub member: Who,
    pub group_id: String,
    pub group_share: String,
    pub revoked: Who,
    pub revoked_share: String,
    pub stranger: Who,
}

/// Who calls in a matrix, and the share (if any) they were given.
pub struct Caller<'a> {
    pub name: &'a str,
    pub who: &'a Who,
    /// The share this caller may read, and their role in it.
    pub share: Option<(&'a str, &'a str)>,
}

pub fn cast(base: &str) -> Cast {
    let owner = owner(base);
    let (partner_share, partner) = shared_with(base, &owner, "partner", "partner");
    let (coach_share, coach) = shared_with(base, &owner, "coach", "coach");
    let (revoked_share, revoked) = shared_with(base, &owner, "revoked", "partner");
    let group = ok(base, &owner.who, "POST", "/groups", Some(json!({"name": "Jugglers"})));
    let group_id = id(&group);
    let member = person(base, "member");
    ok(base, &member, "POST", &format!("/invitations/{}/accept", group["invitation"]["token"].as_str().unwrap()), None);
    let group_share = id(&ok(
        base,
        &owner.who,
        "POST",
        "/shares",
        Some(json!({"goal": owner.goal, "role": "group", "group": group_id})),
    ));
    let stranger = person(base, "stranger");
    ok(base, &owner.who, "DELETE", &format!("/shares/{revoked_share}"), None);
    for audience in [&partner, &coach, &member, &stranger, &revoked] {
        ok(base, audience, "POST", "/domains", Some(json!({"name": "Mine", "area": "health"})));
    }
    Cast {
        owner,
        partner,
        partner_share,
        coach,
        coach_share,
        member,
        group_id,
        group_share,
        revoked,
        revoked_share,
        stranger,
    }
}

impl Cast {
    pub fn callers(&self) -> [Caller<'_>; 6] {
        [
            Caller { name: "owner", who: &self.owner.who, share: None },
            Caller { name: "partner", who: &self.partner, share: Some((&self.partner_share, "partner")) },
            Caller { name: "coach", who: &self.coach, share: Some((&self.coach_share, "coach")) },
            Caller { name: "member", who: &self.member, share: Some((&self.group_share, "group")) },
            Caller { name: "stranger", who: &self.stranger, share: None },
            Caller { name: "revoked", who: &self.revoked, share: None },
        ]
    }

    /// Every share the owner made, the revoked one too.
    pub fn shares(&self) -> [&str; 4] {
        [&self.partner_share, &self.coach_share, &self.group_share, &self.revoked_share]
    }
}

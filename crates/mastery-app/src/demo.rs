//! `mastery demo`: three months of someone using Mastery, written into an empty store so that a
//! newcomer (or a developer) can explore ladders, the evidence file, calibration and state insights
//! with data that behaves like real data before they have any of their own.
//!
//! The history comes from a small simulated learner per domain rather than from fixed fixtures,
//! because the analyses look for patterns across many attempts: ability that grows with practice,
//! forecasts that start too low and become calibrated (most people under-predict themselves),
//! confidence that dips after short nights while results barely move, and the low-efficacy
//! explanations (success → luck, failure → "no ability") fading with experience.
//!
//! The simulation is a pure function of the seed and "now", so a seed always tells the same story;
//! only the ids, minted by the app, differ between runs. Everything is then written through the
//! app's public methods, so the demo obeys exactly the rules a person's own input does.

use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan, Zoned};
use mastery_domain::ValidationError;
use mastery_domain::attempt::{Cause, Outcome, State};
use mastery_domain::checkin::Measures;
use mastery_domain::domain::LifeArea;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::ladder::MASTERED_AFTER;
use mastery_domain::measure::{Confidence, Difficulty, Rating, SleepHours};
use mastery_store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

mod practice;

use crate::views::DemoSummary;
use crate::{
    App, AppError, NewAudit, NewChallenge, NewCheckin, NewDomain, NewEvidence, NewFeedback, NewGoal, NewRoleModel,
    PlanAttempt, RecordAttempt,
};

/// Ratings for an audit of `items` items, easy → hard: `easiest` for the first item, `step` less
/// for each harder one, rounded down to the scale's steps of 10.
fn audit_answers(items: usize, easiest: i64, step: i64) -> Result<Vec<Confidence>, ValidationError> {
    (0..items)
        .map(|item| {
            let rating = easiest - step * item as i64;
            let stepped = (rating.clamp(0, 100) / 10 * 10) as u8;
            Confidence::new(stepped)
        })
        .collect()
}

/// How far back the history reaches.
const HISTORY_DAYS: i64 = 90;
/// Share of days with an evening check-in: people skip some.
const CHECKIN_RATE: f64 = 0.88;
/// Share of nights that are short.
const SHORT_NIGHT_RATE: f64 = 0.16;
/// Below this many hours a night counts as short, for outcomes and explanations.
const SHORT_NIGHT_HOURS: f64 = 6.5;
/// A night after which energy is average and confidence is not dented.
const RESTED_HOURS: f64 = 7.0;

/// Success is logistic in (ability − difficulty): σ(SLOPE·gap + OFFSET). With ability equal to a
/// rung's difficulty the chance is 75%, inside the zone of effortful success.
const SLOPE: f64 = 1.2;
const OFFSET: f64 = 1.1;
/// Log-odds lost after a short night. Deliberately small: the point of the demo's state data is
/// that confidence reacts far more than results do.
const SHORT_NIGHT_COST: f64 = 0.15;

/// The chance of success at which the learner, like the app's recommendations, takes on a new
/// rung; below it they consolidate the rung beneath, so the ladder never outruns ability.
const READY_CHANCE: f64 = 0.6;

/// Attempts in a domain after which a newcomer's under-confidence and low-efficacy explanations
/// have faded to about a third.
const EXPERIENCE_SCALE: f64 = 20.0;
/// Forecast points below the real chance on a first attempt. It fades with experience; what
/// remains later comes from misreading state and mood (below).
const EARLY_UNDERCONFIDENCE: f64 = 32.0;
/// Forecast points lost per hour of sleep under [`RESTED_HOURS`], per stress point above 3, and after a
/// failure: the misreadings of state and mood as incapacity.
const TIREDNESS_POINTS: f64 = 10.0;
const STRESS_POINTS: f64 = 4.0;
const FAILURE_STING: f64 = 6.0;

// ---------------------------------------------------------------------------------------------
// The script: what the demo person works on, in their own words.
// ---------------------------------------------------------------------------------------------

const SPEAKING: usize = 0;
const RUNNING: usize = 1;
const SPANISH: usize = 2;
const FINANCES: usize = 3;

/// Minutes after midnight, for practice windows.
const fn hm(hour: i64, minute: i64) -> i64 {
    hour * 60 + minute
}

struct DomainScript {
    name: &'static str,
    area: LifeArea,
    description: &'static str,
    goal: GoalScript,
    /// Easy → hard.
    rungs: &'static [RungScript],
    /// Attempts over the history, starting this many days ago.
    sessions: usize,
    started_days_ago: i64,
    weekdays_only: bool,
    /// When the person usually practises, in minutes after midnight.
    windows: &'static [(i64, i64)],
    session_minutes: (i64, i64),
    /// Ability at the start, on the rungs' difficulty scale.
    start_ability: f64,
    /// Ability gained by one attempt at average effort.
    learning_rate: f64,
    /// Extra stress felt just before an attempt (speaking in public makes people nervous).
    nerves: u8,
    /// Whether a session counts as the day's exercise.
    exercise: bool,
    audits: Audits,
    texts: Texts,
}

/// The person's audits of a domain, on the same evenings across domains (a baseline, then
/// monthly), each as sure of the scale's easiest item as the story has them then and less sure
/// of each harder one.
struct Audits {
    /// Days ago and the easiest item's rating, oldest first.
    taken: &'static [(i64, i64)],
    /// Points less for each harder item: how steeply confidence falls with difficulty.
    step: i64,
}

struct GoalScript {
    statement: &'static str,
    target: f64,
    unit: &'static str,
    deadline_in_days: i64,
    why: &'static str,
}

struct RungScript {
    title: &'static str,
    difficulty: f64,
    criterion: &'static str,
}

const fn rung(title: &'static str, difficulty: f64, criterion: &'static str) -> RungScript {
    RungScript { title, difficulty, criterion }
}

/// What the person writes about attempts in one domain.
struct Texts {
    /// What I did: strategies.
    did: &'static [&'static str],
    /// Successes explained by something the person did or had.
    credit: &'static [(Cause, &'static str)],
    /// Successes put down to luck, the newcomer's habit.
    luck: &'static [&'static str],
    /// Partials and failures explained by something that can change.
    setback: &'static [(Cause, &'static str)],
    /// Failures put down to fixed ability, the low-efficacy pattern.
    no_ability: &'static [&'static str],
    lessons: &'static [&'static str],
}

/// Setbacks explained by the day's state, in any domain.
const STATE_BECAUSE: &[&str] = &[
    "Slept badly and felt flat from the first minute",
    "Running on five hours of sleep; everything took more effort than it should",
    "Work had me wound up and I couldn't settle into it",
];

static DOMAINS: [DomainScript; 4] = [
    DomainScript {
        name: "Public speaking",
        area: LifeArea::Career,
        description: "Speaking up in meetings and presenting at work without a week of dread beforehand.",
        goal: GoalScript {
            statement: "Give a 10-minute talk at the quarterly all-hands",
            target: 10.0,
            unit: "minutes",
            deadline_in_days: 45,
            why: "I keep letting others present my team's work; I want to be the one who explains it.",
        },
        rungs: &[
            rung(
                "Ask one question in the weekly team meeting",
                1.0,
                "Spoke up out loud at least once before the meeting ended",
            ),
            rung(
                "Give my stand-up update without notes",
                2.0,
                "Covered yesterday, today and blockers in under a minute",
            ),
            rung(
                "Present three slides to my own team",
                3.5,
                "Got through all three slides looking at people, not the screen",
            ),
            rung("Give a 5-minute icebreaker at Toastmasters", 5.0, "Finished inside the timer's green-to-red window"),
            rung(
                "Take two unplanned questions after a presentation",
                6.0,
                "Answered both without freezing; \"I'll find out and come back to you\" counts",
            ),
            rung(
                "Present our roadmap to the sales team",
                7.5,
                "Kept to 15 minutes and got at least one follow-up question",
            ),
            rung("Give the 10-minute talk at the all-hands", 9.0, "Delivered the whole talk and stayed for questions"),
        ],
        sessions: 40,
        started_days_ago: HISTORY_DAYS,
        weekdays_only: true,
        windows: &[(hm(9, 0), hm(11, 30)), (hm(14, 0), hm(17, 0)), (hm(18, 30), hm(19, 30))],
        session_minutes: (10, 45),
        start_ability: 1.3,
        learning_rate: 0.13,
        nerves: 1,
        exercise: false,
        // A week of dread before any presentation: the hard items start near zero, and confidence
        // climbs as rung after rung is mastered.
        audits: Audits { taken: &[(88, 62), (58, 76), (28, 93)], step: 11 },
        texts: Texts {
            did: &[
                "Rehearsed the opening three times out loud and timed it",
                "Put my three points on an index card and left the slides alone",
                "Walked around the block beforehand to burn off the nerves",
                "Recorded a run-through on my phone and watched it back once",
                "Asked a colleague to sit in the second row and nod",
                "Practised answers to the two questions I dreaded most",
            ],
            credit: &[
                (Cause::Preparation, "I knew the first minute cold from the rehearsals, and after that it flowed"),
                (
                    Cause::Strategy,
                    "Pausing instead of saying 'um' gave me time to think, and nobody noticed the silence",
                ),
                (Cause::Effort, "I put real time into it this week and it showed"),
                (Cause::Others, "The room was friendly and a couple of people asked good follow-ups"),
            ],
            luck: &[
                "Easy crowd today; nobody pushed back",
                "A fluke, really: the questions happened to be ones I knew",
            ],
            setback: &[
                (Cause::Preparation, "Skipped the run-through and lost my place on the second slide"),
                (Cause::Strategy, "Tried to memorise it word for word and blanked when I dropped a line"),
                (
                    Cause::Difficulty,
                    "The director joined unannounced and the questions were much sharper than expected",
                ),
                (Cause::Others, "The video call kept dropping and I never found a rhythm"),
                (Cause::Effort, "Left the preparation to the last half hour"),
            ],
            no_ability: &[
                "I'm just not a natural speaker, and it shows",
                "Some people can think on their feet. I can't",
            ],
            lessons: &[
                "Know the first and last sentence by heart; the middle can be looser",
                "A pause feels far longer to me than it does to the room",
                "Ask for a question to be repeated; it buys ten seconds",
                "Rehearse standing up, not sitting at the desk",
            ],
        },
    },
    DomainScript {
        name: "Running",
        area: LifeArea::Health,
        description: "From the sofa to a steady 10 km, without getting injured on the way.",
        goal: GoalScript {
            statement: "Run 10 km without stopping",
            target: 10.0,
            unit: "km",
            deadline_in_days: 60,
            why: "I want my energy back, and to prove I can keep a promise to myself.",
        },
        rungs: &[
            rung(
                "Walk-run for 20 minutes",
                1.0,
                "Alternated one minute running and two walking for the full 20 minutes",
            ),
            rung("Run 5 minutes without stopping", 2.0, "Ran the whole 5 minutes, however slowly"),
            rung("Run 2 km without stopping", 3.0, "2 km on the watch with no walking breaks"),
            rung("Run 3 km at conversation pace", 4.0, "Could still speak in full sentences at the end"),
            rung("Run 5 km without stopping", 5.5, "5 km, no walking, any pace"),
            rung("Run 6.5 km including the park hill", 6.5, "Ran up the hill without walking and finished the loop"),
            rung("Run 8 km", 8.0, "8 km continuous, finishing with something left"),
            rung("Run 10 km without stopping", 9.5, "10 km continuous, any pace"),
        ],
        sessions: 55,
        started_days_ago: HISTORY_DAYS,
        weekdays_only: false,
        windows: &[(hm(6, 30), hm(7, 45)), (hm(18, 0), hm(19, 30))],
        session_minutes: (20, 70),
        start_ability: 1.3,
        learning_rate: 0.12,
        nerves: 0,
        exercise: true,
        // From the sofa: little belief at first, the most visible progress of the four (each run
        // is measured), and the largest rise.
        audits: Audits { taken: &[(88, 68), (58, 84), (28, 99)], step: 9 },
        texts: Texts {
            did: &[
                "Started slower than felt necessary for the first kilometre",
                "Took the canal route: flat, and no traffic lights",
                "Laid my kit out the night before so there was nothing to decide",
                "Breathed in for three steps and out for three on the hard stretch",
                "Left the watch at home and just ran the route",
                "Ate a banana an hour before and sipped water on the way",
            ],
            credit: &[
                (Cause::Strategy, "Going out slow meant I had something left for the last kilometre"),
                (Cause::Preparation, "A proper dinner and an early night made a real difference"),
                (Cause::Effort, "Three runs a week for a month is adding up"),
                (Cause::Others, "Running with Sam kept me honest on the pace"),
            ],
            luck: &[
                "Perfect weather; I doubt I'd manage it on a normal day",
                "Must have been a good day. Can't see it happening again soon",
            ],
            setback: &[
                (Cause::Strategy, "Went out far too fast and was done by the second kilometre"),
                (Cause::Preparation, "Ate a big lunch too late and got a stitch"),
                (Cause::Difficulty, "Jumped two steps up the plan at once; too big a leap"),
                (Cause::Effort, "Stopped at the first hill instead of slowing to a shuffle"),
                (Cause::Other, "Strong headwind the whole way back along the river"),
            ],
            no_ability: &["I'm just not built for running", "My body doesn't do distance, never has"],
            lessons: &[
                "If I can't talk, I'm going too fast",
                "Shorten the stride on hills instead of stopping",
                "Never two hard runs back to back",
                "Eat at least two hours before a run",
            ],
        },
    },
    DomainScript {
        name: "Spanish",
        area: LifeArea::Learning,
        description: "Speaking, not just reading: real conversations with my partner's family in Valencia.",
        goal: GoalScript {
            statement: "Hold a 20-minute conversation in Spanish",
            target: 20.0,
            unit: "minutes",
            deadline_in_days: 150,
            why: "Next summer I want to talk with my partner's family, not through my partner.",
        },
        rungs: &[
            rung(
                "Order food in a role-play with my tutor",
                1.5,
                "Ordered, asked one question about the menu and paid, all in Spanish",
            ),
            rung(
                "Introduce myself for two minutes without notes",
                2.5,
                "Two minutes on name, work, family and why I'm learning",
            ),
            rung("Send a voice message to my exchange partner", 3.5, "A one-minute message, recorded in one take"),
            rung("Talk for 5 minutes about my week", 5.0, "Five minutes with my tutor without switching to English"),
            rung(
                "Order and chat with the staff at the Spanish café",
                6.0,
                "Kept the exchange going past the order itself",
            ),
            rung(
                "Hold a 10-minute video call with my exchange partner",
                7.5,
                "Ten minutes, English only for single missing words",
            ),
            rung(
                "Hold a 20-minute conversation with my partner's mother",
                9.0,
                "Twenty minutes in Spanish, on whatever she wanted to talk about",
            ),
        ],
        sessions: 65,
        started_days_ago: HISTORY_DAYS,
        weekdays_only: false,
        windows: &[(hm(12, 15), hm(13, 15)), (hm(19, 30), hm(21, 45))],
        session_minutes: (15, 45),
        start_ability: 1.8,
        learning_rate: 0.08,
        nerves: 0,
        exercise: false,
        // Reading already works, speaking does not: a middling start, and slow, steady gains, as
        // a language comes.
        audits: Audits { taken: &[(88, 84), (58, 89), (28, 95)], step: 9 },
        texts: Texts {
            did: &[
                "Wrote down five phrases I expected to need and said them aloud first",
                "Shadowed a two-minute podcast clip before starting",
                "Used 'cómo se dice…' instead of switching to English",
                "Went through yesterday's flashcards first",
                "Kept to topics from my own daily routine",
                "Asked them to slow down instead of nodding along",
            ],
            credit: &[
                (Cause::Preparation, "The phrases I prepared came up almost word for word"),
                (Cause::Strategy, "Asking for a repeat instead of pretending kept the conversation going"),
                (Cause::Effort, "The daily flashcards are paying off; the words were there when I needed them"),
                (Cause::Others, "My exchange partner was patient and helped me find words"),
            ],
            luck: &[
                "She spoke slowly for my sake; with anyone else I'd have been lost",
                "Lucky topic, I happened to know all the words",
            ],
            setback: &[
                (Cause::Preparation, "Hadn't looked at the past tenses all week and had to talk around them"),
                (Cause::Difficulty, "They spoke fast with a strong accent, much harder than my tutor"),
                (Cause::Strategy, "Kept translating in my head first and the pauses got awkward"),
                (Cause::Effort, "Skipped the flashcards for four days before this"),
                (Cause::Others, "The café was noisy and I couldn't hear half of it"),
            ],
            no_ability: &["I don't have an ear for languages", "Too old to learn this properly, I think"],
            lessons: &[
                "Short sentences I can finish beat clever ones I can't",
                "Say 'otra vez, por favor' early, not once I'm lost",
                "Ten minutes a day beats an hour on Sunday",
                "Prepare questions to ask, not only answers",
            ],
        },
    },
    DomainScript {
        name: "Personal finances",
        area: LifeArea::Finances,
        description: "Looking at money directly instead of avoiding the banking app.",
        goal: GoalScript {
            statement: "Save a three-month emergency fund",
            target: 6000.0,
            unit: "EUR",
            deadline_in_days: 300,
            why: "So that a broken boiler is an annoyance rather than a crisis.",
        },
        rungs: &[
            rung(
                "Open the banking app and read the balance",
                1.5,
                "Read the balance and the last ten transactions without closing the app",
            ),
            rung("Log every expense for one day", 2.5, "Every purchase in the spreadsheet before bed"),
            rung(
                "Do a 20-minute weekly money review",
                3.5,
                "Sorted the week's spending into categories and compared it with the budget",
            ),
            rung("Stay within the weekly grocery budget", 4.5, "Receipts added up to no more than 90 EUR"),
            rung(
                "Phone a provider to ask for a better price",
                6.0,
                "Made the call and asked plainly for a lower rate, whatever the answer",
            ),
            rung(
                "Turn down a spending invitation and suggest a cheaper plan",
                7.0,
                "Said no kindly and proposed an alternative in the same message",
            ),
        ],
        sessions: 35,
        started_days_ago: 60,
        weekdays_only: false,
        windows: &[(hm(19, 0), hm(21, 30)), (hm(9, 30), hm(11, 0))],
        session_minutes: (10, 40),
        start_ability: 1.8,
        learning_rate: 0.13,
        nerves: 0,
        exercise: false,
        // Taken up two months ago, after years of avoiding the banking app: a baseline when it
        // began, then one month of small wins.
        audits: Audits { taken: &[(58, 62), (28, 77)], step: 9 },
        texts: Texts {
            did: &[
                "Made a cup of tea first and sat down with the spreadsheet open",
                "Set a 20-minute timer so it had an end",
                "Wrote the script for the call on a sticky note",
                "Left the card at home and took the week's cash",
                "Looked at last month's numbers first so the surprise was smaller",
            ],
            credit: &[
                (Cause::Strategy, "The timer made it feel small enough to start"),
                (Cause::Preparation, "Having the contract number and a rival's price ready made the call easy"),
                (Cause::Effort, "Kept at it every evening this week, and the habit is sticking"),
                (Cause::Others, "My partner did the review with me, which made it less grim"),
            ],
            luck: &[
                "The person on the phone happened to be nice; that was luck",
                "Quiet week, nothing came up to spend on",
            ],
            setback: &[
                (Cause::Preparation, "Forgot the meal plan, so I bought lunch out three days running"),
                (Cause::Strategy, "Tried to review three weeks at once and gave up halfway"),
                (Cause::Difficulty, "Birthday week: a dinner and two presents blew the budget"),
                (Cause::Effort, "Kept putting the call off until the office had closed"),
            ],
            no_ability: &["I'm just hopeless with money", "Some people are good with numbers. I'm not one of them"],
            lessons: &[
                "Decide the amount before I walk into the shop",
                "Money admin goes better at the start of the evening than at the end",
                "Asking for a discount costs five awkward minutes and nothing else",
            ],
        },
    },
];

/// Attempts planned but not yet recorded when the demo ends: (domain, minutes before now).
const PENDING: &[(usize, i64)] = &[(RUNNING, 150), (SPANISH, 25)];

struct RoleModelScript {
    domain: usize,
    name: &'static str,
    similarity: u8,
    process: &'static str,
}

const ROLE_MODELS: &[RoleModelScript] = &[
    RoleModelScript {
        domain: SPEAKING,
        name: "Priya from the product team",
        similarity: 4,
        process: "Dreaded presenting too. Gave a two-minute update every week for a year and now runs the quarterly review; rehearses out loud on her commute.",
    },
    RoleModelScript {
        domain: RUNNING,
        name: "Tom, my neighbour",
        similarity: 3,
        process: "Started at 52 with run-walk intervals three mornings a week and ran his first 10 km eight months later.",
    },
    RoleModelScript {
        domain: SPANISH,
        name: "Lena, my exchange partner",
        similarity: 4,
        process: "Learned English in her thirties with one short conversation a day and a notebook of phrases she actually used.",
    },
];

struct FeedbackScript {
    domain: usize,
    from: &'static str,
    credibility: u8,
    specificity: Specificity,
    valence: Valence,
    text: &'static str,
    days_ago: i64,
}

const FEEDBACK: &[FeedbackScript] = &[
    FeedbackScript {
        domain: SPEAKING,
        from: "Marta, my manager",
        credibility: 4,
        specificity: Specificity::Specific,
        valence: Valence::Positive,
        text: "You slowed down in the middle section and the demo landed. Keep that pace for the whole thing.",
        days_ago: 62,
    },
    FeedbackScript {
        domain: SPEAKING,
        from: "Toastmasters evaluator",
        credibility: 5,
        specificity: Specificity::Specific,
        valence: Valence::Mixed,
        text: "Strong opening story and good eye contact. You rushed the conclusion; pause before your last line.",
        days_ago: 34,
    },
    FeedbackScript {
        domain: RUNNING,
        from: "Sam",
        credibility: 3,
        specificity: Specificity::General,
        valence: Valence::Positive,
        text: "You look much stronger on the hills than a month ago.",
        days_ago: 20,
    },
    FeedbackScript {
        domain: SPANISH,
        from: "Carmen, my tutor",
        credibility: 5,
        specificity: Specificity::Specific,
        valence: Valence::Mixed,
        text: "Your past tense is much better. You still switch to English when a word is missing; describe it instead.",
        days_ago: 41,
    },
    FeedbackScript {
        domain: FINANCES,
        from: "Alex, my partner",
        credibility: 3,
        specificity: Specificity::General,
        valence: Valence::Positive,
        text: "It's really nice not to dread talking about money any more.",
        days_ago: 9,
    },
];

/// Successes from before Mastery, for the evidence file.
struct BackfillScript {
    domain: usize,
    title: &'static str,
    did: &'static str,
    days_ago: i64,
}

const BACKFILL: &[BackfillScript] = &[
    BackfillScript {
        domain: SPEAKING,
        title: "Gave the best-man speech at my brother's wedding",
        did: "Wrote it a month early and read it to my sister twice",
        days_ago: 540,
    },
    BackfillScript {
        domain: RUNNING,
        title: "Walked the 12 km coastal path with the kids",
        did: "Took it in three stretches with a picnic in between",
        days_ago: 320,
    },
    BackfillScript {
        domain: SPANISH,
        title: "Passed the A2 evening-class exam",
        did: "Went to class every Tuesday for a year and did the homework on the bus",
        days_ago: 900,
    },
];

// ---------------------------------------------------------------------------------------------
// The simulation: a pure function of the seed and "now".
// ---------------------------------------------------------------------------------------------

/// Everything the demo writes about attempts and check-ins, before it is written.
#[derive(Debug, Clone, PartialEq)]
struct History {
    /// Oldest first; the last few are only planned.
    attempts: Vec<SimAttempt>,
    checkins: Vec<SimCheckin>,
}

/// How the person was on one day. Check-ins and the state before attempts both come from it, so
/// the two agree.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Day {
    sleep_hours: f64,
    energy: u8,
    stress: u8,
    mood: u8,
}

impl Day {
    fn short_night(&self) -> bool {
        self.sleep_hours < SHORT_NIGHT_HOURS
    }
}

/// The days of the history, indexed by how many days ago they were (today is 0).
struct Days(Vec<Day>);

impl Days {
    fn ago(&self, days_ago: i64) -> Day {
        self.0[days_ago as usize]
    }
}

#[derive(Debug, Clone, PartialEq)]
struct SimAttempt {
    domain: usize,
    rung: usize,
    days_ago: i64,
    confidence: u8,
    state: ReportedState,
    planned_at: Timestamp,
    outcome: Option<SimOutcome>,
}

/// The state as entered before an attempt: all of it on most attempts, only sleep on some,
/// nothing on a few (people skip questions).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct ReportedState {
    sleep_hours: Option<f64>,
    energy: Option<u8>,
    stress: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
struct SimOutcome {
    outcome: Outcome,
    effort: u8,
    did: Option<&'static str>,
    because: Option<&'static str>,
    cause: Option<Cause>,
    lesson: Option<&'static str>,
    minutes: i64,
    recorded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
struct SimCheckin {
    at: Timestamp,
    day: Day,
    exercise_minutes: Option<u32>,
}

fn simulate(seed: u64, now: &Zoned) -> Result<History, AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let days = simulate_days(&mut rng, now.date());
    let mut attempts = Vec::new();
    let mut learners = Vec::new();
    for (index, script) in DOMAINS.iter().enumerate() {
        let mut learner = Learner::new(index, script);
        for days_ago in practice_days(&mut rng, script, now.date()) {
            attempts.push(learner.session(&mut rng, days.ago(days_ago), days_ago, now)?);
        }
        learners.push(learner);
    }
    for &(domain, minutes_ago) in PENDING {
        let planned_at = now.timestamp().checked_sub(minutes_ago.minutes()).map_err(placement_error)?;
        let learner = &learners[domain];
        attempts.push(learner.plan(&mut rng, learner.next_rung(), days.ago(0), 0, planned_at));
    }
    attempts.sort_by_key(|a| a.planned_at);
    let checkins = simulate_checkins(&mut rng, &days, &attempts, now)?;
    Ok(History { attempts, checkins })
}

fn simulate_days(rng: &mut StdRng, today: Date) -> Days {
    Days((0..=HISTORY_DAYS).map(|ago| simulate_day(rng, today.saturating_sub(ago.days()).weekday())).collect())
}

fn simulate_day(rng: &mut StdRng, weekday: Weekday) -> Day {
    let sleep = if rng.random_bool(SHORT_NIGHT_RATE) { rng.random_range(4.5..6.2) } else { rng.random_range(6.6..8.6) };
    let sleep_hours = (sleep * 10.0_f64).round() / 10.0;
    // Work days are more stressful than Fridays and weekends.
    let usual_stress = if is_weekday(weekday) && weekday != Weekday::Friday { 3.0 } else { 2.0 };
    let stress = rating(usual_stress + rng.random_range(-1.4..1.4));
    let energy = rating(3.0 + (sleep_hours - RESTED_HOURS) * 0.9 + rng.random_range(-0.8..0.8));
    let mood = rating((f64::from(energy) + 6.0 - f64::from(stress)) / 2.0 + rng.random_range(-0.7..0.7));
    Day { sleep_hours, energy, stress, mood }
}

fn is_weekday(day: Weekday) -> bool {
    !matches!(day, Weekday::Saturday | Weekday::Sunday)
}

/// A value rounded onto the 1–5 rating scale.
fn rating(value: f64) -> u8 {
    value.round().clamp(1.0, 5.0) as u8
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// One of a table's entries; the tables are constants and never empty.
fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The days (as days ago, oldest first) on which the person practised a domain.
fn practice_days(rng: &mut StdRng, script: &DomainScript, today: Date) -> Vec<i64> {
    let mut days: Vec<i64> = (1..=script.started_days_ago)
        .filter(|&ago| !script.weekdays_only || is_weekday(today.saturating_sub(ago.days()).weekday()))
        .collect();
    days.shuffle(rng);
    days.truncate(script.sessions);
    days.sort_unstable_by(|a, b| b.cmp(a));
    days
}

/// The instant at `minute` after midnight, `days_ago` days before `now`, in `now`'s time zone.
fn local_instant(now: &Zoned, days_ago: i64, minute: i64) -> Result<Timestamp, AppError> {
    let midnight = now.date().saturating_sub(days_ago.days()).to_datetime(Time::midnight());
    let local = midnight.checked_add(minute.minutes()).map_err(placement_error)?;
    Ok(local.to_zoned(now.time_zone().clone()).map_err(placement_error)?.timestamp())
}

/// Only reachable with a "now" at the very edge of the calendar.
fn placement_error(error: jiff::Error) -> AppError {
    AppError::Invalid(ValidationError::Date { input: "the demo's history".to_owned(), why: error.to_string() })
}

/// One person learning one domain.
struct Learner {
    domain: usize,
    script: &'static DomainScript,
    ability: f64,
    successes: Vec<u32>,
    attempts: u32,
    last_failed: bool,
}

impl Learner {
    fn new(domain: usize, script: &'static DomainScript) -> Self {
        Self {
            domain,
            script,
            ability: script.start_ability,
            successes: vec![0; script.rungs.len()],
            attempts: 0,
            last_failed: false,
        }
    }

    /// How new the person still is to the domain: 1 before the first attempt, fading towards 0.
    fn inexperience(&self) -> f64 {
        (-f64::from(self.attempts) / EXPERIENCE_SCALE).exp()
    }

    /// The lowest rung not yet mastered; or the one below it straight after a failure, or while
    /// the new rung is still too big a step, so that failures do not pile up.
    fn next_rung(&self) -> usize {
        let top = self.successes.len().saturating_sub(1);
        let frontier = self.successes.iter().position(|&s| s < MASTERED_AFTER).unwrap_or(top);
        let too_big_a_step = logistic(self.log_odds(frontier)) < READY_CHANCE;
        if self.last_failed || too_big_a_step { frontier.saturating_sub(1) } else { frontier }
    }

    fn log_odds(&self, rung: usize) -> f64 {
        SLOPE * (self.ability - self.script.rungs[rung].difficulty) + OFFSET
    }

    /// A whole session on a practice day: forecast, attempt, outcome.
    fn session(&mut self, rng: &mut StdRng, day: Day, days_ago: i64, now: &Zoned) -> Result<SimAttempt, AppError> {
        let (from, to) = pick(rng, self.script.windows);
        let planned_at = local_instant(now, days_ago, rng.random_range(from..=to))?;
        let mut attempt = self.plan(rng, self.next_rung(), day, days_ago, planned_at);
        attempt.outcome = Some(self.attempt(rng, attempt.rung, day, planned_at)?);
        Ok(attempt)
    }

    fn plan(&self, rng: &mut StdRng, rung: usize, day: Day, days_ago: i64, planned_at: Timestamp) -> SimAttempt {
        let felt_stress = (day.stress + self.script.nerves).min(5);
        SimAttempt {
            domain: self.domain,
            rung,
            days_ago,
            confidence: self.forecast(rng, rung, day, felt_stress),
            state: report_state(rng, day, felt_stress),
            planned_at,
            outcome: None,
        }
    }

    /// The real chance of success, lowered by the newcomer's under-confidence, by reading a short
    /// night or a stressful day as incapacity and by the sting of the last failure, plus noise;
    /// in steps of ten, as the scale asks.
    fn forecast(&self, rng: &mut StdRng, rung: usize, day: Day, felt_stress: u8) -> u8 {
        let underconfidence = EARLY_UNDERCONFIDENCE * self.inexperience();
        let tiredness = (RESTED_HOURS - day.sleep_hours).max(0.0) * TIREDNESS_POINTS;
        let stress = f64::from(felt_stress.saturating_sub(3)) * STRESS_POINTS;
        let sting = if self.last_failed { FAILURE_STING } else { 0.0 };
        let points = 100.0 * logistic(self.log_odds(rung)) - underconfidence - tiredness - stress - sting
            + rng.random_range(-8.0..8.0);
        ((points / 10.0).round().clamp(0.0, 10.0) * 10.0) as u8
    }

    /// Makes the attempt, learns from it and writes down what happened.
    fn attempt(
        &mut self,
        rng: &mut StdRng,
        rung: usize,
        day: Day,
        planned_at: Timestamp,
    ) -> Result<SimOutcome, AppError> {
        // Harder rungs, relative to ability, take more effort.
        let gap = self.script.rungs[rung].difficulty - self.ability;
        let effort = rating(3.0 + 0.6 * gap + rng.random_range(-0.9..0.9));
        let night = if day.short_night() { SHORT_NIGHT_COST } else { 0.0 };
        let chance = logistic(self.log_odds(rung) - night);
        let outcome = draw_outcome(rng, chance);
        let (cause, because) = explain(rng, &self.script.texts, outcome, self.inexperience(), day.short_night());
        let lesson_rate = if outcome == Outcome::Success { 0.1 } else { 0.35 };
        let (shortest, longest) = self.script.session_minutes;
        let minutes = rng.random_range(shortest..=longest);
        let simulated = SimOutcome {
            outcome,
            effort,
            did: rng.random_bool(0.85).then(|| pick(rng, self.script.texts.did)),
            because,
            cause,
            lesson: rng.random_bool(lesson_rate).then(|| pick(rng, self.script.texts.lessons)),
            minutes,
            recorded_at: planned_at.checked_add(minutes.minutes()).map_err(placement_error)?,
        };
        self.learn(rung, outcome, effort);
        Ok(simulated)
    }

    /// Practice builds ability whatever the outcome; more effort builds more.
    fn learn(&mut self, rung: usize, outcome: Outcome, effort: u8) {
        self.ability += self.script.learning_rate * (0.7 + 0.1 * f64::from(effort));
        self.attempts += 1;
        if outcome == Outcome::Success {
            self.successes[rung] += 1;
        }
        self.last_failed = outcome == Outcome::Failure;
    }
}

fn report_state(rng: &mut StdRng, day: Day, felt_stress: u8) -> ReportedState {
    match rng.random_range(0..20) {
        0 => ReportedState::default(),
        1 | 2 => ReportedState { sleep_hours: Some(day.sleep_hours), ..ReportedState::default() },
        _ => ReportedState { sleep_hours: Some(day.sleep_hours), energy: Some(day.energy), stress: Some(felt_stress) },
    }
}

/// Success with `chance`; otherwise a near miss (partial) a little under half the time.
fn draw_outcome(rng: &mut StdRng, chance: f64) -> Outcome {
    if rng.random_bool(chance.clamp(0.0, 1.0)) {
        Outcome::Success
    } else if rng.random_bool(0.45) {
        Outcome::Partial
    } else {
        Outcome::Failure
    }
}

/// Why the person thinks it went that way, if they say. Newcomers credit successes to luck and
/// blame failures on fixed ability; both habits fade with experience. A short night is the easy
/// explanation for a setback. Some people explain without classifying the cause.
fn explain(
    rng: &mut StdRng,
    texts: &Texts,
    outcome: Outcome,
    inexperience: f64,
    short_night: bool,
) -> (Option<Cause>, Option<&'static str>) {
    if !rng.random_bool(0.8) {
        return (None, None);
    }
    let (cause, because) = match outcome {
        Outcome::Success if rng.random_bool(0.04 + 0.4 * inexperience) => (Cause::Luck, pick(rng, texts.luck)),
        Outcome::Success => pick(rng, texts.credit),
        Outcome::Failure if rng.random_bool(0.03 + 0.5 * inexperience) => (Cause::Ability, pick(rng, texts.no_ability)),
        _ if short_night && rng.random_bool(0.5) => (Cause::State, pick(rng, STATE_BECAUSE)),
        _ => pick(rng, texts.setback),
    };
    (rng.random_bool(0.9).then_some(cause), Some(because))
}

/// Evening check-ins on most days, with the day's sleep, stress, energy and mood, and exercise:
/// the day's runs, a walk or nothing.
fn simulate_checkins(
    rng: &mut StdRng,
    days: &Days,
    attempts: &[SimAttempt],
    now: &Zoned,
) -> Result<Vec<SimCheckin>, AppError> {
    let mut checkins = Vec::new();
    for days_ago in (1..=HISTORY_DAYS).rev() {
        if !rng.random_bool(CHECKIN_RATE) {
            continue;
        }
        let exercised: i64 = attempts
            .iter()
            .filter(|a| a.days_ago == days_ago && DOMAINS[a.domain].exercise)
            .filter_map(|a| a.outcome.as_ref().map(|o| o.minutes))
            .sum();
        let exercise_minutes = if exercised > 0 {
            u32::try_from(exercised).ok()
        } else if rng.random_bool(0.4) {
            Some(rng.random_range(20..=60))
        } else {
            rng.random_bool(0.7).then_some(0)
        };
        let at = local_instant(now, days_ago, rng.random_range(hm(21, 0)..=hm(22, 45)))?;
        checkins.push(SimCheckin { at, day: days.ago(days_ago), exercise_minutes });
    }
    Ok(checkins)
}

// ---------------------------------------------------------------------------------------------
// Writing: through the app's own use cases, so every rule applies.
// ---------------------------------------------------------------------------------------------

/// A domain the demo wrote, as references for the records that point at it.
struct WrittenDomain {
    id: String,
    rungs: Vec<String>,
}

impl<S: Store> App<S> {
    /// Fills an empty store with three months of a simulated person's use of Mastery, ending now.
    /// The same seed writes the same history (with fresh ids).
    pub async fn demo(&self, seed: u64) -> Result<DemoSummary, AppError> {
        if !self.domains(true).await?.is_empty() {
            return Err(AppError::Refused("the store already has data; demo fills only an empty store".to_owned()));
        }
        let now = self.clock.now();
        let history = simulate(seed, &now)?;
        let domains = self.write_ladders(now.date()).await?;
        let evidence = self.write_backfill(&domains, &now).await?;
        let role_models = self.write_role_models(&domains).await?;
        let feedback = self.write_feedback(&domains, &now).await?;
        let checkins = self.write_checkins(&history.checkins).await?;
        let attempts = self.write_attempts(&history.attempts, &domains).await?;
        let audits = self.write_audits(&domains, &now).await?;
        let practice_sessions = self.write_practice(seed, &domains, &now).await?;
        let reviews = self.write_reviews(&now).await?;
        Ok(DemoSummary {
            domains: domains.len(),
            goals: domains.len(),
            challenges: domains.iter().map(|d| d.rungs.len()).sum(),
            attempts,
            checkins,
            evidence,
            role_models,
            feedback,
            audits,
            practice_sessions,
            reviews,
        })
    }

    /// Each domain's audits as its script tells them (a baseline, then monthly, ratings rising
    /// as the record grows), on the scale the app picks for the domain.
    async fn write_audits(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        let mut written = 0;
        for (domain, script) in domains.iter().zip(&DOMAINS) {
            let items = self.audit_form(&domain.id, None).await?.scale.items.len();
            for (days_ago, easiest) in script.audits.taken {
                let answers = audit_answers(items, *easiest, script.audits.step).map_err(AppError::Invalid)?;
                let at = local_instant(now, *days_ago, hm(20, 30))?.to_string();
                let audit = NewAudit { domain: domain.id.clone(), scale: None, answers, at: Some(at), every: None };
                self.take_audit(audit).await?;
                written += 1;
            }
        }
        Ok(written)
    }

    /// Each domain with its goal and ladder.
    async fn write_ladders(&self, today: Date) -> Result<Vec<WrittenDomain>, AppError> {
        let mut written = Vec::with_capacity(DOMAINS.len());
        for script in &DOMAINS {
            let domain = NewDomain {
                name: script.name.to_owned(),
                area: script.area,
                description: Some(script.description.to_owned()),
            };
            let id = self.add_domain(domain).await?.id.to_string();
            let goal = self.add_goal(script.goal.input(&id, today)).await?.id.to_string();
            let mut rungs = Vec::with_capacity(script.rungs.len());
            for rung in script.rungs {
                rungs.push(self.add_challenge(rung.input(&goal)?).await?.id.to_string());
            }
            written.push(WrittenDomain { id, rungs });
        }
        Ok(written)
    }

    async fn write_backfill(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        for item in BACKFILL {
            self.add_evidence(NewEvidence {
                domain: domains[item.domain].id.clone(),
                title: item.title.to_owned(),
                did: Some(item.did.to_owned()),
                at: Some(local_instant(now, item.days_ago, hm(15, 0))?.to_string()),
            })
            .await?;
        }
        Ok(BACKFILL.len())
    }

    async fn write_role_models(&self, domains: &[WrittenDomain]) -> Result<usize, AppError> {
        for model in ROLE_MODELS {
            self.add_role_model(NewRoleModel {
                domain: domains[model.domain].id.clone(),
                name: model.name.to_owned(),
                similarity: Some(Rating::new("similarity", model.similarity)?),
                process: Some(model.process.to_owned()),
            })
            .await?;
        }
        Ok(ROLE_MODELS.len())
    }

    async fn write_feedback(&self, domains: &[WrittenDomain], now: &Zoned) -> Result<usize, AppError> {
        for item in FEEDBACK {
            self.add_feedback(NewFeedback {
                domain: domains[item.domain].id.clone(),
                from: item.from.to_owned(),
                credibility: Some(Rating::new("credibility", item.credibility)?),
                specificity: Some(item.specificity),
                valence: Some(item.valence),
                text: item.text.to_owned(),
                at: Some(local_instant(now, item.days_ago, hm(16, 20))?.to_string()),
            })
            .await?;
        }
        Ok(FEEDBACK.len())
    }

    async fn write_checkins(&self, checkins: &[SimCheckin]) -> Result<usize, AppError> {
        for checkin in checkins {
            self.checkin(checkin.input()?).await?;
        }
        Ok(checkins.len())
    }

    /// Oldest first, so the app mints ids in the order things happened.
    async fn write_attempts(&self, attempts: &[SimAttempt], domains: &[WrittenDomain]) -> Result<usize, AppError> {
        for attempt in attempts {
            let plan = attempt.plan_input(domains)?;
            match &attempt.outcome {
                Some(outcome) => self.log_attempt(plan, outcome.input()?).await?,
                None => self.plan_attempt(plan).await?,
            };
        }
        Ok(attempts.len())
    }
}

impl GoalScript {
    fn input(&self, domain: &str, today: Date) -> NewGoal {
        NewGoal {
            domain: domain.to_owned(),
            statement: self.statement.to_owned(),
            target: Some(self.target),
            unit: Some(self.unit.to_owned()),
            deadline: Some(today.saturating_add(self.deadline_in_days.days()).to_string()),
            why: Some(self.why.to_owned()),
            target_success: None,
        }
    }
}

impl RungScript {
    fn input(&self, goal: &str) -> Result<NewChallenge, ValidationError> {
        Ok(NewChallenge {
            goal: goal.to_owned(),
            title: self.title.to_owned(),
            difficulty: Some(Difficulty::new(self.difficulty)?),
            criterion: Some(self.criterion.to_owned()),
        })
    }
}

fn optional_rating(field: &'static str, value: Option<u8>) -> Result<Option<Rating>, ValidationError> {
    value.map(|v| Rating::new(field, v)).transpose()
}

fn optional_sleep(hours: Option<f64>) -> Result<Option<SleepHours>, ValidationError> {
    hours.map(SleepHours::new).transpose()
}

impl SimAttempt {
    fn plan_input(&self, domains: &[WrittenDomain]) -> Result<PlanAttempt, ValidationError> {
        Ok(PlanAttempt {
            challenge: domains[self.domain].rungs[self.rung].clone(),
            confidence: Confidence::new(self.confidence)?,
            state: State {
                sleep_hours: optional_sleep(self.state.sleep_hours)?,
                energy: optional_rating("energy", self.state.energy)?,
                stress: optional_rating("stress", self.state.stress)?,
            },
            at: Some(self.planned_at.to_string()),
        })
    }
}

impl SimOutcome {
    fn input(&self) -> Result<RecordAttempt, ValidationError> {
        Ok(RecordAttempt {
            outcome: self.outcome,
            effort: Some(Rating::new("effort", self.effort)?),
            did: self.did.map(str::to_owned),
            because: self.because.map(str::to_owned),
            cause: self.cause,
            // Left to the cause's typical placement, as most people would.
            locus: None,
            stability: None,
            control: None,
            lesson: self.lesson.map(str::to_owned),
            at: Some(self.recorded_at.to_string()),
            next_time: None,
        })
    }
}

impl SimCheckin {
    fn input(&self) -> Result<NewCheckin, ValidationError> {
        Ok(NewCheckin {
            measures: Measures {
                sleep_hours: optional_sleep(Some(self.day.sleep_hours))?,
                exercise_minutes: self.exercise_minutes,
                stress: optional_rating("stress", Some(self.day.stress))?,
                energy: optional_rating("energy", Some(self.day.energy))?,
                mood: optional_rating("mood", Some(self.day.mood))?,
            },
            at: Some(self.at.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttemptFilter;
    use crate::views::AttemptView;
    use mastery_domain::evidence::EvidenceSource;
    use mastery_domain::review::Period;
    use mastery_store::MemoryStore;

    const SEEDS: std::ops::Range<u64> = 0..20;

    fn now() -> Zoned {
        "2026-11-21T09:30:00+01:00[Europe/Paris]".parse().unwrap()
    }

    async fn app() -> App<MemoryStore> {
        App::local(MemoryStore::new(), Box::new(crate::FixedClock(now()))).await.unwrap()
    }

    fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
        let (sum, n) = values.into_iter().fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
        sum / n
    }

    fn recorded(history: &History) -> impl Iterator<Item = (&SimAttempt, &SimOutcome)> {
        history.attempts.iter().filter_map(|a| a.outcome.as_ref().map(|o| (a, o)))
    }

    /// An outcome on the forecast's 0–100 scale: only a full success counts.
    fn success_points(outcome: Outcome) -> f64 {
        if outcome == Outcome::Success { 100.0 } else { 0.0 }
    }

    /// Mean forecast minus success rate, in points; negative is under-prediction.
    fn forecast_bias(attempts: impl IntoIterator<Item = (u8, Outcome)>) -> f64 {
        let attempts: Vec<_> = attempts.into_iter().collect();
        let forecast = mean(attempts.iter().map(|(c, _)| f64::from(*c)));
        let success = mean(attempts.iter().map(|(_, o)| success_points(*o)));
        forecast - success
    }

    fn first_month(attempt: &SimAttempt) -> bool {
        attempt.days_ago > HISTORY_DAYS - 30
    }

    #[test]
    fn the_same_seed_tells_the_same_story() {
        assert_eq!(simulate(7, &now()).unwrap(), simulate(7, &now()).unwrap());
        assert_ne!(simulate(7, &now()).unwrap(), simulate(8, &now()).unwrap());
    }

    #[test]
    fn forecasts_start_low_and_calibrate_with_experience() {
        let (mut early, mut late) = (Vec::new(), Vec::new());
        for seed in SEEDS {
            let history = simulate(seed, &now()).unwrap();
            let first: Vec<_> =
                recorded(&history).filter(|(a, _)| first_month(a)).map(|(a, o)| (a.confidence, o.outcome)).collect();
            let bias = forecast_bias(first.iter().copied());
            assert!(bias <= -10.0, "seed {seed}: first-month bias {bias:.1}");
            early.extend(first);
            late.extend(recorded(&history).filter(|(a, _)| a.days_ago <= 30).map(|(a, o)| (a.confidence, o.outcome)));
        }
        let (early, late) = (forecast_bias(early), forecast_bias(late));
        assert!(late > early / 2.0, "early bias {early:.1}, late bias {late:.1}");
        assert!(late < 0.0, "still slightly under-confident, never over: {late:.1}");
    }

    #[test]
    fn short_nights_lower_confidence_far_more_than_results() {
        let (mut short, mut rested) = (Vec::new(), Vec::new());
        for seed in SEEDS {
            let history = simulate(seed, &now()).unwrap();
            for (attempt, outcome) in recorded(&history) {
                let Some(sleep) = attempt.state.sleep_hours else {
                    continue;
                };
                let sample = (f64::from(attempt.confidence), success_points(outcome.outcome));
                if sleep < SHORT_NIGHT_HOURS { short.push(sample) } else { rested.push(sample) }
            }
        }
        let confidence_drop = mean(rested.iter().map(|s| s.0)) - mean(short.iter().map(|s| s.0));
        let success_drop = mean(rested.iter().map(|s| s.1)) - mean(short.iter().map(|s| s.1));
        assert!(confidence_drop >= 10.0, "confidence drop {confidence_drop:.1}");
        assert!(success_drop < confidence_drop / 2.0, "success drop {success_drop:.1} vs {confidence_drop:.1}");
    }

    /// Across seeds, the share of `outcome`s explained by `cause` among attempts whose number
    /// within their domain (1 for the first) falls in `nth`.
    fn explained_share(outcome: Outcome, cause: Cause, nth: impl std::ops::RangeBounds<usize>) -> f64 {
        let mut causes = Vec::new();
        for seed in SEEDS {
            let history = simulate(seed, &now()).unwrap();
            let mut seen = [0usize; DOMAINS.len()];
            for (attempt, record) in recorded(&history) {
                seen[attempt.domain] += 1;
                if nth.contains(&seen[attempt.domain]) && record.outcome == outcome {
                    causes.push(if record.cause == Some(cause) { 1.0 } else { 0.0 });
                }
            }
        }
        mean(causes)
    }

    #[test]
    fn low_efficacy_explanations_fade_with_experience() {
        let (early_luck, late_luck) = (
            explained_share(Outcome::Success, Cause::Luck, ..=15),
            explained_share(Outcome::Success, Cause::Luck, 31..),
        );
        assert!(early_luck > 2.0 * late_luck, "successes put down to luck: {early_luck:.2} → {late_luck:.2}");
        let (early_ability, late_ability) = (
            explained_share(Outcome::Failure, Cause::Ability, ..=15),
            explained_share(Outcome::Failure, Cause::Ability, 31..),
        );
        assert!(
            early_ability > 2.0 * late_ability,
            "failures put down to ability: {early_ability:.2} → {late_ability:.2}"
        );
        assert!(late_ability > 0.0, "the pattern fades but does not vanish");
    }

    #[test]
    fn practice_happens_at_plausible_times() {
        let history = simulate(3, &now()).unwrap();
        for attempt in &history.attempts {
            let local = attempt.planned_at.to_zoned(now().time_zone().clone());
            if attempt.outcome.is_some() {
                assert!((6..=22).contains(&local.hour()), "{local}");
            }
            if attempt.domain == SPEAKING && attempt.outcome.is_some() {
                assert!(is_weekday(local.weekday()), "{local}");
            }
        }
        assert!(history.attempts.is_sorted_by_key(|a| a.planned_at));
    }

    #[tokio::test]
    async fn demo_writes_three_months_that_the_app_reads_back() {
        let app = app().await;
        let summary = app.demo(42).await.unwrap();

        let attempts = app.attempts(AttemptFilter::default()).await.unwrap();
        let recorded: Vec<&AttemptView> = attempts.iter().filter(|a| a.outcome.is_some()).collect();
        assert!((180..=230).contains(&recorded.len()), "{} recorded attempts", recorded.len());
        assert!((1..=2).contains(&(attempts.len() - recorded.len())), "one or two attempts left to record");
        let now = now().timestamp();
        let start = now - jiff::SignedDuration::from_hours(24 * (HISTORY_DAYS + 1));
        for attempt in &attempts {
            assert!(Confidence::new(attempt.confidence).is_ok(), "{}", attempt.confidence);
            assert!(attempt.planned_at > start && attempt.planned_at <= now, "{}", attempt.planned_at);
            assert!(attempt.recorded_at.is_none_or(|r| r >= attempt.planned_at && r <= now));
        }
        let pending = attempts.iter().rfind(|a| a.outcome.is_none()).unwrap();
        assert!(pending.planned_at > now - jiff::SignedDuration::from_hours(6), "the planned attempt is recent");
        let with_state = recorded.iter().filter(|a| a.state.sleep_hours.is_some()).count();
        assert!(with_state * 10 >= recorded.len() * 8, "state on most attempts");
        assert!(recorded.iter().filter(|a| a.did.is_some()).count() * 10 >= recorded.len() * 7, "strategy on most");

        let domains = app.domains(true).await.unwrap();
        let goals = app.goals(None, true).await.unwrap();
        let mut challenges = 0;
        for goal in &goals {
            let ladder = app.ladder(&goal.id.to_string()).await.unwrap();
            assert!((5..=8).contains(&ladder.rungs.len()), "{}: {} rungs", goal.statement, ladder.rungs.len());
            assert!(ladder.rungs.windows(2).all(|w| w[0].difficulty < w[1].difficulty), "{}", goal.statement);
            assert!(ladder.rungs.iter().all(|r| r.criterion.is_some()));
            challenges += ladder.rungs.len();
        }
        let mut role_models = 0;
        let mut feedback = 0;
        for domain in &domains {
            let detail = app.show_domain(&domain.slug).await.unwrap();
            role_models += detail.role_models;
            feedback += detail.feedback;
        }
        let evidence = app.evidence(None, usize::MAX).await.unwrap();
        let backfilled = evidence.iter().filter(|e| e.source == EvidenceSource::Backfill).count();
        let checkins = app.checkins().await.unwrap();
        let mut audits = 0;
        let mut trajectories = Vec::new();
        for domain in &domains {
            let history = app.audit_history(&domain.slug).await.unwrap();
            audits += history.audits.len();
            let strengths: Vec<f64> = history.audits.iter().map(|a| a.strength).collect();
            assert!(
                strengths.windows(2).all(|w| w[0] < w[1]),
                "{}: efficacy rises with the record: {strengths:?}",
                domain.slug
            );
            trajectories.push((domain.slug.as_str(), strengths));
        }
        // Each domain's own story: speaking starts in dread and climbs with its mastered rungs;
        // running rises most, its progress measured on every run; Spanish starts in the middle and
        // comes slowly; finances, taken up two months ago, has a baseline from then.
        assert_eq!(
            trajectories,
            [
                ("personal-finances", vec![21.0, 33.0]),
                ("public-speaking", vec![18.0, 28.0, 40.0]),
                ("running", vec![26.0, 39.0, 54.0]),
                ("spanish", vec![39.0, 44.0, 50.0]),
            ]
        );
        assert!((3..=4).contains(&domains.len()));
        assert!((60..=90).contains(&checkins.len()), "{} check-ins", checkins.len());
        assert_eq!(
            summary,
            DemoSummary {
                domains: domains.len(),
                goals: goals.len(),
                challenges,
                attempts: attempts.len(),
                checkins: checkins.len(),
                evidence: backfilled,
                role_models,
                feedback,
                audits,
                practice_sessions: app.practice_sessions(None, usize::MAX).await.unwrap().len(),
                reviews: 2,
            }
        );
        let practice = app.practice_status(None).await.unwrap();
        let kept: Vec<(&str, u32, u32)> =
            practice.iter().map(|p| (p.domain.as_str(), p.kept_days, p.planned_days)).collect();
        assert_eq!(kept.len(), 2, "two practice plans: {kept:?}");
        for (domain, kept, planned) in kept {
            let share = f64::from(kept) / f64::from(planned);
            assert!((0.55..=0.85).contains(&share), "{domain}: kept {kept} of {planned} planned days");
        }
        assert_eq!(app.rest_days_ahead().await.unwrap().len(), 1, "a rest day declared ahead");
        let week = |days_ago: i64| Period::week_of(self::now().date().saturating_sub(days_ago.days())).to_string();
        for (days_ago, answers) in [(21, 4), (14, 4), (7, 0)] {
            let review = app.review_week(&week(days_ago), &[]).await.unwrap();
            assert_eq!(review.answers.len(), answers, "{}: {:?}", week(days_ago), review.answers);
        }
        assert!((2..=4).contains(&summary.role_models) && (3..=6).contains(&summary.feedback));
        assert!((2..=3).contains(&summary.evidence));
    }

    #[test]
    fn each_domain_is_audited_from_when_it_was_taken_up() {
        for script in &DOMAINS {
            let taken = script.audits.taken;
            assert!(taken[0].0 <= script.started_days_ago, "{}: no audit before it began", script.name);
            assert!(taken.windows(2).all(|w| w[0].0 > w[1].0 && w[0].1 < w[1].1), "{}: monthly, rising", script.name);
        }
        let baselines: Vec<i64> = DOMAINS.iter().map(|d| d.audits.taken[0].1).collect();
        assert!(baselines.windows(2).all(|w| w[0] != w[1]), "differing baselines: {baselines:?}");
    }

    #[tokio::test]
    async fn demo_under_predicts_in_the_first_month() {
        let app = app().await;
        app.demo(1).await.unwrap();
        let first_month_ends = now().timestamp() - jiff::SignedDuration::from_hours(24 * (HISTORY_DAYS - 30));
        let first: Vec<(u8, Outcome)> = app
            .attempts(AttemptFilter::default())
            .await
            .unwrap()
            .iter()
            .filter(|a| a.planned_at < first_month_ends)
            .filter_map(|a| a.outcome.map(|o| (a.confidence, o)))
            .collect();
        assert!(first.len() >= 30, "{} attempts in the first month", first.len());
        let bias = forecast_bias(first);
        assert!(bias <= -10.0, "mean forecast minus success rate: {bias:.1}");
    }

    #[tokio::test]
    async fn demo_refuses_a_store_that_already_has_data() {
        let app = app().await;
        app.demo(5).await.unwrap();
        let attempts = app.attempts(AttemptFilter::default()).await.unwrap().len();
        let refusal = app.demo(5).await.unwrap_err();
        assert!(matches!(refusal, AppError::Refused(_)), "{refusal}");
        assert!(refusal.to_string().contains("only an empty store"), "{refusal}");
        assert_eq!(app.attempts(AttemptFilter::default()).await.unwrap().len(), attempts, "nothing more written");
    }
}

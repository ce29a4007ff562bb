//! The demo's script: the person's domains, goals, ladders, role models, feedback and earlier
//! successes, in their own words, and the numbers that shape each domain's simulated learner.

use mastery_domain::ValidationError;
use mastery_domain::attempt::Cause;
use mastery_domain::domain::LifeArea;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::Confidence;

/// How far back the history reaches.
pub(super) const HISTORY_DAYS: i64 = 90;

/// Ratings for an audit of `items` items, easy → hard: `easiest` for the first item, `step` less
/// for each harder one, rounded down to the scale's steps of 10.
pub(super) fn audit_answers(items: usize, easiest: i64, step: i64) -> Result<Vec<Confidence>, ValidationError> {
    (0..items)
        .map(|item| {
            let rating = easiest - step * item as i64;
            let stepped = (rating.clamp(0, 100) / 10 * 10) as u8;
            Confidence::new(stepped)
        })
        .collect()
}

pub(super) const SPEAKING: usize = 0;
const RUNNING: usize = 1;
pub(super) const SPANISH: usize = 2;
const FINANCES: usize = 3;

/// Minutes after midnight, for practice windows.
pub(super) const fn hm(hour: i64, minute: i64) -> i64 {
    hour * 60 + minute
}

pub(super) struct DomainScript {
    pub(super) name: &'static str,
    pub(super) area: LifeArea,
    pub(super) description: &'static str,
    pub(super) goal: GoalScript,
    /// Easy → hard.
    pub(super) rungs: &'static [RungScript],
    /// Attempts over the history, starting this many days ago.
    pub(super) sessions: usize,
    pub(super) started_days_ago: i64,
    pub(super) weekdays_only: bool,
    /// When the person usually practises, in minutes after midnight.
    pub(super) windows: &'static [(i64, i64)],
    pub(super) session_minutes: (i64, i64),
    /// Ability at the start, on the rungs' difficulty scale.
    pub(super) start_ability: f64,
    /// Ability gained by one attempt at average effort.
    pub(super) learning_rate: f64,
    /// Extra stress felt just before an attempt (speaking in public makes people nervous).
    pub(super) nerves: u8,
    /// Whether a session counts as the day's exercise.
    pub(super) exercise: bool,
    pub(super) audits: Audits,
    pub(super) texts: Texts,
}

/// The person's audits of a domain, on the same evenings across domains (a baseline, then
/// monthly), each as sure of the scale's easiest item as the story has them then and less sure
/// of each harder one.
pub(super) struct Audits {
    /// Days ago and the easiest item's rating, oldest first.
    pub(super) taken: &'static [(i64, i64)],
    /// Points less for each harder item: how steeply confidence falls with difficulty.
    pub(super) step: i64,
}

pub(super) struct GoalScript {
    pub(super) statement: &'static str,
    pub(super) target: f64,
    pub(super) unit: &'static str,
    pub(super) deadline_in_days: i64,
    pub(super) why: &'static str,
}

pub(super) struct RungScript {
    pub(super) title: &'static str,
    pub(super) difficulty: f64,
    pub(super) criterion: &'static str,
}

pub(super) const fn rung(title: &'static str, difficulty: f64, criterion: &'static str) -> RungScript {
    RungScript { title, difficulty, criterion }
}

/// What the person writes about attempts in one domain.
pub(super) struct Texts {
    /// What I did: strategies.
    pub(super) did: &'static [&'static str],
    /// Successes explained by something the person did or had.
    pub(super) credit: &'static [(Cause, &'static str)],
    /// Successes put down to luck, the newcomer's habit.
    pub(super) luck: &'static [&'static str],
    /// Partials and failures explained by something that can change.
    pub(super) setback: &'static [(Cause, &'static str)],
    /// Failures put down to fixed ability, the low-efficacy pattern.
    pub(super) no_ability: &'static [&'static str],
    pub(super) lessons: &'static [&'static str],
}

/// Setbacks explained by the day's state, in any domain.
pub(super) const STATE_BECAUSE: &[&str] = &[
    "Slept badly and felt flat from the first minute",
    "Running on five hours of sleep; everything took more effort than it should",
    "Work had me wound up and I couldn't settle into it",
];

pub(super) static DOMAINS: [DomainScript; 4] = [
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
pub(super) const PENDING: &[(usize, i64)] = &[(RUNNING, 150), (SPANISH, 25)];

pub(super) struct RoleModelScript {
    pub(super) domain: usize,
    pub(super) name: &'static str,
    pub(super) similarity: u8,
    pub(super) process: &'static str,
}

pub(super) const ROLE_MODELS: &[RoleModelScript] = &[
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

pub(super) struct FeedbackScript {
    pub(super) domain: usize,
    pub(super) from: &'static str,
    pub(super) credibility: u8,
    pub(super) specificity: Specificity,
    pub(super) valence: Valence,
    pub(super) text: &'static str,
    pub(super) days_ago: i64,
}

pub(super) const FEEDBACK: &[FeedbackScript] = &[
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
pub(super) struct BackfillScript {
    pub(super) domain: usize,
    pub(super) title: &'static str,
    pub(super) did: &'static str,
    pub(super) days_ago: i64,
}

pub(super) const BACKFILL: &[BackfillScript] = &[
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

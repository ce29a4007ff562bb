//! The reader's word lists, kept apart from its logic so that correcting a miss or a false alarm
//! is a one-line change here. Patterns use the notation of [`super::pattern`] and match text
//! normalised by [`super::normalise`] ("I'm" is "i am", "can't" is "can not").
//!
//! The lists were written from how people describe fixed ability (identity labels, permanence,
//! innate gifts, "always" plus an involuntary failure) and controllable causes, not fitted to the
//! labelled set in `data/explanations.csv`, which measures them.

use crate::attempt::Cause;

/// Phrases that explain an outcome by a fixed lack of ability: a trait that cannot change.
pub const FIXED_ABILITY: &[&str] = &[
    // Identity labels: "not a numbers person", "not a natural".
    "not ~ a _ person",
    "not ~ a _ _ person",
    "not ~ a natural",
    "not ~ cut out",
    "not ~ built|made|wired for",
    "not ~ wired",
    "not in me",
    "not have it in me",
    "not ~ smart|clever|bright|talented|gifted|creative|sporty|musical|athletic|logical|academic|coordinated",
    "not ~ good|smart|clever ~ enough",
    "not ~ good at|with",
    "not|never ~ my thing|forte|strength",
    // Permanence: "never been any good", "I'll never be fluent".
    "never been ~ good|able|any",
    "never going to",
    "will never be|get|learn|understand|manage|make|work|improve|master|speak",
    "never will be",
    "never could",
    "can never",
    "never seem to",
    "no matter ~ what|how",
    "will not|never change",
    "not think|believe|see ~ ever ~ be|being|get|getting|become|good",
    "always ~ be|been ~ the ~ worst|slowest|weakest",
    // Missing gifts: "no talent", "I don't have a head for figures".
    "not have ~ talent|gift|knack|head|brain|mind|ear|eye|aptitude|ability|flair|coordination|rhythm|build|physique",
    "no ~ talent|aptitude|ability|gift|knack|flair|ear",
    "lack|lacking ~ ability|talent|aptitude|gift|knack|brain",
    // Faculties described as broken: "my brain doesn't work that way", "my memory is awful".
    "brain ~ not work",
    "my brain|memory|body|mind|voice|coordination ~ is|are ~ awful|terrible|bad|useless|hopeless|weak|poor|rubbish|not",
    // Trait words said of oneself in the present: "I'm hopeless with money", "I'm a terrible runner".
    "am|being|be|been ~ bad|terrible|awful|hopeless|useless|rubbish|lousy|pathetic|incompetent at|with",
    "suck at",
    "am ~ stupid|dumb|thick|clumsy|idiot|incompetent|hopeless|useless",
    "am ~ a|an ~ bad|terrible|awful|hopeless|lousy|poor|useless|slow|weak _",
    "too ~ stupid|dumb|thick|untalented",
    "am ~ too ~ shy|introverted|old|slow to",
    "lost cause",
    // Innate, unchangeable make-up.
    "by nature",
    "my genes|genetics",
    "born with|without",
    "are born",
    "just who|how i am",
    "kind|sort|type of person who",
    "one of those people who",
    "people|someone like me",
    "some people ~ have|are|just",
    // Present inability, stated flatly: "I can't sing".
    "i can not ~ do|handle|cope|learn|sing|draw|cook|dance|speak|write|understand|spell|swim|present|sell|talk|count",
];

/// Words that say "every time", for [`FAILURE_REACTIONS`].
pub const ALWAYS: &[&str] = &["always", "whenever", "every ~ time", "each time", "constantly", "invariably"];

/// Involuntary failures which, said to happen every time ("I always freeze"), describe a fixed
/// trait rather than one event ("I froze when the projector died").
pub const FAILURE_REACTIONS: &[&str] = &[
    "freeze|froze|frozen|freezing",
    "choke|choked|choking",
    "panic|panicked|panicking",
    "blank",
    "mess|messed|screw|screwed up",
    "fall|fell apart",
    "lose|lost my thread|nerve|words|way",
    "crumble|crumbled|stutter|stuttered|stammer|mumble|mumbled",
    "clam up",
    "shake|shook|shaking|tremble|trembling",
];

/// Frames, before a phrase in the same clause, that deny or distance it: "it's not because I'm
/// bad at it", "I used to think I had no talent", "people say I'm not a natural".
pub const DENIALS_BEFORE: &[&str] = &[
    "not because",
    "not that",
    "not about",
    "not just",
    "not simply",
    "not a sign|question|matter",
    "not mean",
    "nothing to do with",
    "used to think|believe|say|feel",
    "not think|believe",
    "no longer",
    "rather than",
    "instead of",
    "people|they|everyone|others ~ say|said|says",
    "told me",
    "stop|stopped ~ telling|saying",
];

/// Frames after a phrase in the same clause that deny it: "being bad at maths had nothing to do
/// with it", "I thought I wasn't a maths person until I found a good tutor".
pub const DENIALS_AFTER: &[&str] = &["nothing to do with", "not the reason|problem|issue|cause", "not why", "until"];

/// Qualifiers after a phrase that make it temporary, so not fixed: "I'm not good at this yet".
pub const TEMPORARY: &[&str] =
    &["yet", "right now", "at the moment", "for now", "so far", "at first", "today", "this time"];

/// Words that directly negate a positive-form phrase just before it: "I'm not hopeless".
pub const DIRECT_NEGATORS: &[&str] = &["not", "never", "no", "hardly"];

/// Opening words of a clause that correct the clause before ("…, but really I never practised").
pub const CORRECTIONS: &[&str] = &["really", "actually", "fact", "real", "truth"];

/// Phrases that point to each cause. Earlier causes claim words first, so "tried hard" is effort,
/// not difficulty.
pub const CAUSE_HINTS: &[(Cause, &[&str])] = &[
    (
        Cause::Effort,
        &[
            "effort",
            "tried|try|trying|work|worked|working|push|pushed|pushing ~ hard|harder",
            "hard work",
            "gave|give|giving up",
            "lazy",
            "half hearted",
            "concentrat*",
            "distract*",
            "consisten*",
            "more ~ practice|reps|hours|time",
            "lack of practice",
            "kept at it",
            "persever*",
            "persist*",
            "getting better",
        ],
    ),
    (
        Cause::Strategy,
        &[
            "strateg*",
            "approach",
            "technique*",
            "method*",
            "instead of",
            "too fast|quickly|slow",
            "pacing|pace",
            "steps",
            "structure",
            "listen*",
            "ask|asked ~ questions",
            "focus*",
            "break|broke|breaking ~ into",
            "rush|rushed|rushing",
            "misread*",
            "wrong way",
            "pause|pausing|paused",
            "adjust*",
            "track*",
            "plan|planned",
            "started|start ~ too",
        ],
    ),
    (
        Cause::Preparation,
        &[
            "prepar*",
            "rehears*",
            "practis*",
            "practic*",
            "revis*",
            "study|studied|studying",
            "review*",
            "warm up",
            "warmup",
            "notes",
            "brief",
            "memoris*",
            "memoriz*",
            "homework",
            "beforehand",
            "last minute",
            "night before",
            "learn|learned|learnt",
            "flashcards",
            "material",
        ],
    ),
    (
        Cause::Difficulty,
        &[
            "hard|harder|difficult|tough|tricky|steep|steeper|complex|complicated|confusing|unclear|easy|easier|challenging",
            "wrong about",
            "rated",
        ],
    ),
    (
        Cause::Luck,
        &[
            "luck|lucky|unlucky|fluke|chance",
            "happened to",
            "by accident",
            "random*",
            "broke down",
            "died",
            "rain*|weather|storm|traffic|flood*",
        ],
    ),
    (
        Cause::Others,
        &[
            "audience|crowd|client*|customer*|manager|boss|opponent|examiner|teacher|coach|colleague*|supplier",
            "interrupt*",
            "native speaker",
            "other people",
        ],
    ),
    (
        Cause::State,
        &[
            "tired|exhausted|drained|sleep*|slept|ill|sick|cold|flu|anxious|anxiety|nervous|nerves|stress*|headache|hungover|hungry",
            "felt like lead",
        ],
    ),
    (Cause::Ability, &["natural|naturally|talent|talented|gifted|ability|skill|skills", "good at"]),
];

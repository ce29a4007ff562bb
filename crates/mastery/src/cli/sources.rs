//! Arguments of the commands for the other sources of efficacy: the evidence file, daily
//! check-ins, role models and feedback.

use clap::{Args, Subcommand};
use mastery_domain::Field;
use mastery_domain::checkin::Measures;
use mastery_domain::feedback::{Specificity, Valence};
use mastery_domain::measure::{Rating, SleepHours};

use super::{
    CheckinEditArgs, EvidenceEditArgs, FeedbackEditArgs, FeedbackRequestArgs, ListArgs, ModelEditArgs, choice, rating,
};

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    pub add: Option<EvidenceCommand>,
    /// Only this domain.
    pub domain: Option<String>,
    /// How many, newest first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub last: usize,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum EvidenceCommand {
    /// Add a past success, from before you used Mastery.
    #[command(
        after_help = "Example:\n  mastery evidence add public-speaking \"Gave the toast at my sister's wedding\" --did \"Wrote it on cards\" --at 2025-06-14"
    )]
    Add {
        /// Domain id, name or slug.
        domain: String,
        /// What you achieved.
        text: String,
        /// What you did to achieve it.
        #[arg(long)]
        did: Option<String>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Correct a success you added: what, how or when.
    #[command(
        after_help = "Examples:\n  mastery evidence edit last --did \"Wrote it on three cards\" --at 2025-06-15\n  mastery evidence --json              # the ids"
    )]
    Edit(EvidenceEditArgs),
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    #[command(subcommand)]
    pub command: Option<CheckinCommand>,
    #[command(flatten)]
    pub measures: MeasureArgs,
    /// When (default: now).
    #[arg(long)]
    pub at: Option<String>,
}

// A check-in's measures, each optional.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Hours slept last night (0–24).
    #[arg(long, value_parser = SleepHours::parse, value_name = "HOURS")]
    pub sleep: Option<SleepHours>,
    /// Minutes of exercise today.
    #[arg(long, value_parser = mastery_domain::checkin::exercise_minutes, value_name = "MIN")]
    pub exercise: Option<u32>,
    /// Stress, 1 (calm) to 5 (very tense).
    #[arg(long, value_parser = rating(Field::Stress), value_name = "1-5")]
    pub stress: Option<Rating>,
    /// Energy, 1 (drained) to 5 (full).
    #[arg(long, value_parser = rating(Field::Energy), value_name = "1-5")]
    pub energy: Option<Rating>,
    /// Mood, 1 (low) to 5 (great).
    #[arg(long, value_parser = rating(Field::Mood), value_name = "1-5")]
    pub mood: Option<Rating>,
}

impl MeasureArgs {
    pub fn measures(&self) -> Measures {
        Measures {
            sleep_hours: self.sleep,
            exercise_minutes: self.exercise,
            stress: self.stress,
            energy: self.energy,
            mood: self.mood,
        }
    }
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CheckinCommand {
    /// Past check-ins, newest first (one a day).
    #[command(after_help = "Examples:\n  mastery checkin list\n  mastery checkin list --since 2026-11-01 --json")]
    List {
        /// Only check-ins since this date, e.g. 2026-11-01 or "mon".
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// At most the newest N.
        #[arg(long, value_name = "N", default_value_t = 14)]
        last: usize,
    },
    /// Correct a check-in's measures; those not given stay as they are.
    #[command(
        after_help = "Examples:\n  mastery checkin edit last --mood 3 --sleep 7\n  mastery checkin list --json          # the ids"
    )]
    Edit(CheckinEditArgs),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ModelCommand {
    /// Add a role model for a domain.
    #[command(
        after_help = "Example:\n  mastery model add \"Dana (team lead)\" --domain public-speaking --similarity 4 --process \"Records every rehearsal and watches it back\""
    )]
    Add {
        name: String,
        #[arg(long)]
        domain: String,
        /// How similar they are to you, 1–5.
        #[arg(long, value_parser = rating(Field::Similarity), value_name = "1-5")]
        similarity: Option<Rating>,
        /// How they did it.
        #[arg(long)]
        process: Option<String>,
    },
    /// List role models, oldest first.
    #[command(after_help = "Example:\n  mastery model list --domain public-speaking")]
    List(ListArgs),
    /// Correct a role model: name, similarity or how they did it.
    #[command(
        after_help = "Examples:\n  mastery model edit last --similarity 5 --process \"Rehearses on video\"\n  mastery model list --json            # the ids"
    )]
    Edit(ModelEditArgs),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum FeedbackCommand {
    /// Record feedback you received.
    #[command(
        after_help = "Example:\n  mastery feedback add --domain public-speaking --from \"Sam (mentor)\" --credibility 5 --specific --valence positive --text \"Your pause before the key number landed well\""
    )]
    Add {
        #[arg(long)]
        domain: String,
        /// Who gave it.
        #[arg(long)]
        from: String,
        #[command(flatten)]
        traits: FeedbackTraits,
        /// What they said.
        #[arg(long)]
        text: String,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// List feedback received, oldest first.
    #[command(after_help = "Example:\n  mastery feedback list --domain public-speaking")]
    List(ListArgs),
    /// Correct feedback you recorded: who, what, how credible, specific or general, the tone, when.
    #[command(
        after_help = "Examples:\n  mastery feedback edit last --specific --valence mixed\n  mastery feedback list --json         # the ids"
    )]
    Edit(FeedbackEditArgs),
    /// Draft a request for specific feedback on your recent attempts (nothing is sent).
    #[command(
        after_help = "Example:\n  mastery feedback request --domain public-speaking --to \"Sam (mentor)\" --last 3"
    )]
    Request(FeedbackRequestArgs),
}

// How a piece of feedback is weighed: the giver's credibility, specific or general, the tone.
#[derive(Debug, Args)]
pub struct FeedbackTraits {
    /// How credible they are in this domain, 1–5.
    #[arg(long, value_parser = rating(Field::Credibility), value_name = "1-5")]
    pub credibility: Option<Rating>,
    /// It named specific behaviour.
    #[arg(long, conflicts_with = "general")]
    pub specific: bool,
    /// It was general.
    #[arg(long)]
    pub general: bool,
    /// positive, negative or mixed.
    #[arg(long, value_parser = choice::<Valence>)]
    pub valence: Option<Valence>,
}

impl FeedbackTraits {
    pub fn specificity(&self) -> Option<Specificity> {
        match (self.specific, self.general) {
            (true, _) => Some(Specificity::Specific),
            (_, true) => Some(Specificity::General),
            _ => None,
        }
    }
}

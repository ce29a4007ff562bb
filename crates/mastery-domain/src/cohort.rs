//! A coach's view of a cohort: how the people they coach have changed between their first audit
//! and their latest later one, on one scale (SCIENCE.md §1 and §5).
//!
//! From it a coach learns, for each person, the strength of the first and latest audits and the
//! change between them, and, when the scale has norms from a reference group, whether that
//! change is larger than day-to-day noise (the Reliable Change Index). For the group: the mean
//! change, its size in units of the scores' spread (Hedges' g with a 95% interval), and how
//! consistently the scale's items hang together in this cohort (Cronbach's α).
//!
//! Every group figure needs at least two people with two audits: with fewer, nothing is claimed
//! about the group, and [`CohortSummary::explain`] says so instead of showing a number. Each
//! person's own change is always shown: it is a fact about them, not a claim about the group.
//!
//! Scores are audit strengths exactly as the product computes them for a person
//! ([`audit::strength`]: the mean rating, 0–100), so a coach and the person they coach see the
//! same numbers.

use serde::Serialize;

use crate::audit;
use crate::change::{EffectSize, ReliableChange, cronbach_alpha};
use crate::measure::Confidence;
use crate::scale::Norms;
use crate::text::count;

/// One person of a cohort, with their answers to one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// How the coach knows them (a name or a pseudonym).
    pub label: String,
    /// The answers of their first audit, in the scale's order.
    pub pre: Vec<Confidence>,
    /// The answers of their latest audit after the first, if they have taken one.
    pub post: Option<Vec<Confidence>>,
}

/// One person's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberChange {
    pub label: String,
    /// Strength of the first audit.
    pub pre: f64,
    /// Strength of the latest later audit.
    pub post: Option<f64>,
    /// post − pre.
    pub change: Option<f64>,
    /// The Reliable Change Index, when the scale has norms and the person a later audit.
    pub reliable_change: Option<ReliableChange>,
}

/// The norms a summary's Reliable Change Indices were computed with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormsUsed {
    /// Standard deviation of strength in the reference group.
    pub sd: f64,
    /// The scale's reliability in the reference group.
    pub reliability: f64,
}

/// What a coach's cohort page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortSummary {
    /// Each person, in the order given.
    pub members: Vec<MemberChange>,
    /// How many people have both a first and a later audit.
    pub n_both: usize,
    /// The mean of their changes; `None` with fewer than two of them.
    pub mean_change: Option<f64>,
    /// Later strengths against first strengths of the people with both audits, as two groups
    /// (SCIENCE.md §5's definition; the pairing is not used). `None` with fewer than two such
    /// people, or when the strengths do not vary.
    pub effect: Option<EffectSize>,
    /// The norms the Reliable Change Indices used; `None` when the scale has none (or they are
    /// out of range).
    pub norms: Option<NormsUsed>,
    /// People whose change is reliable and upward.
    pub reliably_up: usize,
    /// People whose change is reliable and downward.
    pub reliably_down: usize,
    /// How many audits (first and later) the cohort's α was computed from.
    pub n_audits: usize,
    /// The number of items every audit answered; `None` when audits differ in it.
    pub n_items: Option<usize>,
    /// Cronbach's α over every audit's answers in the cohort, each audit one respondent.
    /// `None` with fewer than two audits or items, when audits differ in their number of items,
    /// or when the total scores do not vary.
    pub alpha: Option<f64>,
}

/// The sentences a cohort page prints, one per figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortExplanation {
    /// One line per person: their change and, with norms, whether it is reliable.
    pub members: Vec<String>,
    /// The mean change, or why there is none.
    pub change: String,
    /// Hedges' g with its working, or why there is none.
    pub effect: String,
    /// How many people changed reliably, or why nobody can say.
    pub reliable_change: String,
    /// Cronbach's α, or why there is none.
    pub alpha: String,
}

/// The cohort summary of `members` on one scale, with the scale's `norms` (if any) for the
/// Reliable Change Index. Norms outside their valid range (SD above 0, reliability strictly
/// between 0 and 1) are treated as absent rather than producing an infinite index.
pub fn summarize(members: &[Member], norms: Option<&Norms>) -> CohortSummary {
    let norms = norms
        .filter(|n| n.sd.is_finite() && n.sd > 0.0 && n.reliability > 0.0 && n.reliability < 1.0)
        .map(|n| NormsUsed { sd: n.sd, reliability: n.reliability });
    let changes: Vec<MemberChange> = members
        .iter()
        .map(|m| {
            let pre = audit::strength(&m.pre);
            let post = m.post.as_deref().map(audit::strength);
            MemberChange {
                label: m.label.clone(),
                pre,
                post,
                change: post.map(|p| p - pre),
                reliable_change: post.zip(norms).map(|(p, n)| ReliableChange::new(pre, p, n.sd, n.reliability)),
            }
        })
        .collect();

    let (firsts, laters): (Vec<f64>, Vec<f64>) = changes.iter().filter_map(|c| Some((c.pre, c.post?))).unzip();
    let n_both = laters.len();
    let mean_change = (n_both >= 2).then(|| changes.iter().filter_map(|c| c.change).sum::<f64>() / n_both as f64);
    let effect = EffectSize::of(&laters, &firsts);
    let reliable = |up: bool| {
        changes.iter().filter_map(|c| c.reliable_change).filter(|r| r.reliable && (r.rc > 0.0) == up).count()
    };
    let (reliably_up, reliably_down) = (reliable(true), reliable(false));

    let audits: Vec<&[Confidence]> =
        members.iter().flat_map(|m| std::iter::once(&m.pre[..]).chain(m.post.as_deref())).collect();
    let n_items = audits.first().map(|a| a.len()).filter(|&k| audits.iter().all(|a| a.len() == k));
    let alpha = n_items.and_then(|k| {
        let items: Vec<Vec<f64>> = (0..k).map(|i| audits.iter().map(|a| f64::from(a[i].value())).collect()).collect();
        cronbach_alpha(&items)
    });

    CohortSummary {
        members: changes,
        n_both,
        mean_change,
        effect,
        norms,
        reliably_up,
        reliably_down,
        n_audits: audits.len(),
        n_items,
        alpha,
    }
}

impl CohortSummary {
    /// Every figure in words, with its working; where a figure is missing, why.
    pub fn explain(&self) -> CohortExplanation {
        let too_few = format!(
            "too few people with two audits to say: {} so far, at least 2 needed",
            count(self.n_both, "person has them", "people have them")
        );
        let members = self
            .members
            .iter()
            .map(|m| match (m.post, m.change) {
                (Some(post), Some(change)) => {
                    let mut line = format!("{}: {:.1} → {post:.1} ({change:+.1})", m.label, m.pre);
                    if let (Some(rc), Some(n)) = (m.reliable_change, self.norms) {
                        line.push_str("; ");
                        line.push_str(&rc.explain(m.pre, post, n.sd, n.reliability));
                    }
                    line
                }
                _ => format!("{}: {:.1}, no later audit yet", m.label, m.pre),
            })
            .collect();
        let change = match self.mean_change {
            Some(mean) => format!("mean change over the {} people with two audits = {mean:+.1}", self.n_both),
            None => too_few.clone(),
        };
        let effect = match (&self.effect, self.n_both) {
            (Some(e), _) => format!(
                "later audits against first audits of the {} people with both, as two groups: {}",
                self.n_both,
                e.explain()
            ),
            (None, n) if n < 2 => too_few.clone(),
            (None, _) => {
                "the strengths do not vary, so their difference has no size in units of their spread".to_owned()
            }
        };
        let reliable_change = match self.norms {
            None => "the scale has no norms (the spread and reliability of its scores in a reference group), so whether anyone's change is larger than day-to-day noise cannot be judged".to_owned(),
            Some(_) if self.n_both == 0 => "nobody has a later audit yet, so there is no change to judge".to_owned(),
            Some(n) => format!(
                "{} of {} with two audits changed reliably ({} up, {} down), given SD {} and reliability {}",
                self.reliably_up + self.reliably_down,
                count(self.n_both, "person", "people"),
                self.reliably_up,
                self.reliably_down,
                n.sd,
                n.reliability
            ),
        };
        let alpha = match (self.alpha, self.n_items) {
            (Some(alpha), Some(k)) => format!(
                "Cronbach's α = {alpha:.4} over {} of {}: how consistently the items hang together in this cohort",
                count(self.n_audits, "audit", "audits"),
                count(k, "item", "items")
            ),
            (_, None) if self.n_audits > 0 => {
                "the audits answered different numbers of items, so their items cannot be compared".to_owned()
            }
            (_, k) if self.n_audits < 2 || k.unwrap_or(0) < 2 => format!(
                "too few audits to say how consistently the items hang together: {} of {}, at least 2 of 2 needed",
                count(self.n_audits, "audit", "audits"),
                count(k.unwrap_or(0), "item", "items")
            ),
            _ => "the audits' total scores do not vary, so α is undefined".to_owned(),
        };
        CohortExplanation { members, change, effect, reliable_change, alpha }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(values: &[u8]) -> Vec<Confidence> {
        values.iter().map(|&v| Confidence::new(v).unwrap()).collect()
    }

    fn member(label: &str, pre: &[u8], post: Option<&[u8]>) -> Member {
        Member { label: label.to_owned(), pre: answers(pre), post: post.map(answers) }
    }

    fn norms(sd: f64, reliability: f64) -> Norms {
        Norms { sd, reliability, source: None }
    }

    fn near(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() < tolerance, "{actual} vs {expected}");
    }

    /// SCIENCE.md's RCI vector through a person whose strengths are 20 (20 × 5 / 5) and 28
    /// (140 / 5): SD 7.5, r = .85 → S_E 2.9047, S_diff 4.1079, RC 1.9475, not reliable.
    #[test]
    fn a_members_rci_matches_the_science_vector() {
        let cohort = [
            member("Ana", &[20, 20, 20, 20, 20], Some(&[20, 30, 30, 30, 30])),
            member("Ben", &[50, 50, 50, 50, 50], Some(&[90, 70, 70, 70, 70])),
            member("Cas", &[60, 60, 60, 60, 60], None),
        ];
        let summary = summarize(&cohort, Some(&norms(7.5, 0.85)));
        let ana = &summary.members[0];
        assert_eq!((ana.pre, ana.post, ana.change), (20.0, Some(28.0), Some(8.0)));
        let rc = ana.reliable_change.unwrap();
        near(rc.s_e, 2.9047, 5e-5);
        near(rc.s_diff, 4.1079, 5e-5);
        near(rc.rc, 1.9475, 5e-5);
        assert!(!rc.reliable);
        // Ben: 50 → 74, RC = 24 / 4.1079 = 5.84, reliable.
        assert!(summary.members[1].reliable_change.unwrap().reliable);
        assert_eq!(summary.members[2].reliable_change, None);
        assert_eq!((summary.n_both, summary.reliably_up, summary.reliably_down), (2, 1, 0));
        assert_eq!(summary.mean_change, Some(16.0));

        let explained = summary.explain();
        assert_eq!(
            explained.members[0],
            "Ana: 20.0 → 28.0 (+8.0); S_E = 7.5 × √(1 − 0.85) = 2.9047; S_diff = √(2 × S_E²) = 4.1079; RC = (28.0 − 20.0) / 4.1079 = 1.9475; |RC| ≤ 1.96: not reliable change"
        );
        assert_eq!(explained.members[2], "Cas: 60.0, no later audit yet");
        assert_eq!(explained.change, "mean change over the 2 people with two audits = +16.0");
        assert_eq!(
            explained.reliable_change,
            "1 of 2 people with two audits changed reliably (1 up, 0 down), given SD 7.5 and reliability 0.85"
        );

        let without = summarize(&cohort, None);
        assert!(without.members.iter().all(|m| m.reliable_change.is_none()));
        assert_eq!(without.norms, None);
        assert!(without.explain().reliable_change.starts_with("the scale has no norms"));
        assert_eq!(without.explain().members[0], "Ana: 20.0 → 28.0 (+8.0)");
        // Norms out of range are not used: r = 1 would divide by zero.
        assert_eq!(summarize(&cohort, Some(&norms(7.5, 1.0))).norms, None);
    }

    /// SCIENCE.md's α vector (items [3,4,3,2,4,1], [3,4,4,2,3,2], [2,4,3,2,4,1],
    /// [3,3,4,1,4,2], 4 items × 6 respondents) as the six audits of three people, ratings ×10:
    /// α does not change when every rating is multiplied by the same number.
    #[test]
    fn alpha_over_every_audit_matches_the_science_vector() {
        let cohort = [
            member("Ana", &[30, 30, 20, 30], Some(&[40, 40, 40, 30])),
            member("Ben", &[30, 40, 30, 40], Some(&[20, 20, 20, 10])),
            member("Cas", &[40, 30, 40, 40], Some(&[10, 20, 10, 20])),
        ];
        let summary = summarize(&cohort, None);
        assert_eq!((summary.n_audits, summary.n_items), (6, Some(4)));
        near(summary.alpha.unwrap(), 0.923_497, 5e-7);
        assert_eq!(
            summary.explain().alpha,
            "Cronbach's α = 0.9235 over 6 audits of 4 items: how consistently the items hang together in this cohort"
        );
    }

    /// SCIENCE.md's d/g vector with x as the later strengths and y as the first ones, ×10 (d and
    /// g do not change with the unit): x = [5,6,7,8,9,7,6], y = [4,5,5,6,7,5,4] → d = 1.410951,
    /// g = 1.320891. Each audit rates three items around the strength, so the strength is a
    /// real mean.
    #[test]
    fn hedges_g_of_later_against_first_matches_the_science_vector() {
        let x = [50u8, 60, 70, 80, 90, 70, 60];
        let y = [40u8, 50, 50, 60, 70, 50, 40];
        let around = |s: u8| [s - 10, s, s + 10];
        let mut cohort: Vec<Member> = x
            .iter()
            .zip(y)
            .enumerate()
            .map(|(i, (&post, pre))| member(&format!("P{i}"), &around(pre), Some(&around(post))))
            .collect();
        cohort.push(member("New", &[100, 100, 100], None));
        let summary = summarize(&cohort, None);
        assert_eq!(summary.n_both, 7);
        near(summary.mean_change.unwrap(), 17.142_857, 5e-7);
        let e = summary.effect.unwrap();
        assert_eq!((e.n1, e.n2), (7, 7));
        near(e.d, 1.410_951, 5e-7);
        near(e.g, 1.320_891, 5e-7);
        near(e.low, 0.164_612, 5e-7);
        near(e.high, 2.477_169, 5e-7);
        assert!(summary.explain().effect.starts_with(
            "later audits against first audits of the 7 people with both, as two groups: Cohen's d = difference in means / pooled SD = 17.1429 / 12.1499 = 1.4110; J = 1 − 3 / (4 × 14 − 9) = 0.9362; Hedges' g = J × d = 1.3209"
        ));
    }

    #[test]
    fn with_fewer_than_two_people_with_two_audits_nothing_is_claimed() {
        let one = [member("Ana", &[20, 40, 60], Some(&[40, 60, 80])), member("Ben", &[10, 20, 30], None)];
        let summary = summarize(&one, Some(&norms(7.5, 0.85)));
        assert_eq!(summary.members[0].change, Some(20.0));
        assert_eq!((summary.n_both, summary.mean_change, summary.effect), (1, None, None));
        let explained = summary.explain();
        let too_few = "too few people with two audits to say: 1 person has them so far, at least 2 needed";
        assert_eq!((explained.change.as_str(), explained.effect.as_str()), (too_few, too_few));
        // Three audits of three items are enough for α, which is about the items, not change.
        assert!(summary.alpha.is_some());

        let nobody = summarize(&[], Some(&norms(7.5, 0.85)));
        assert_eq!((nobody.n_both, nobody.n_audits, nobody.n_items, nobody.alpha), (0, 0, None, None));
        let explained = nobody.explain();
        assert!(explained.members.is_empty());
        assert_eq!(
            explained.change,
            "too few people with two audits to say: 0 people have them so far, at least 2 needed"
        );
        assert_eq!(explained.reliable_change, "nobody has a later audit yet, so there is no change to judge");
        assert_eq!(
            explained.alpha,
            "too few audits to say how consistently the items hang together: 0 audits of 0 items, at least 2 of 2 needed"
        );
    }

    #[test]
    fn undefined_figures_say_why() {
        // Everyone moved by the same amount from the same place: no spread, no effect size.
        let flat = [member("Ana", &[20, 20], Some(&[40, 40])), member("Ben", &[20, 20], Some(&[40, 40]))];
        let summary = summarize(&flat, None);
        assert_eq!((summary.mean_change, summary.effect), (Some(20.0), None));
        let explained = summary.explain();
        assert!(explained.effect.starts_with("the strengths do not vary"), "{}", explained.effect);
        // Totals 40, 80, 40, 80 vary and the two items move together: α = 2 × (1 − 2 × 133.3 / 533.3) = 1.
        near(summary.alpha.unwrap(), 1.0, 1e-12);

        let same = [member("Ana", &[30, 30], Some(&[30, 30])), member("Ben", &[30, 30], None)];
        assert_eq!(summarize(&same, None).explain().alpha, "the audits' total scores do not vary, so α is undefined");

        let mixed = [member("Ana", &[20, 20, 20], Some(&[40, 40])), member("Ben", &[20, 30], None)];
        let summary = summarize(&mixed, None);
        assert_eq!((summary.n_items, summary.alpha), (None, None));
        assert_eq!(
            summary.explain().alpha,
            "the audits answered different numbers of items, so their items cannot be compared"
        );
    }

    #[test]
    fn a_summary_serializes_for_a_page() {
        let cohort = [member("Ana", &[20, 20], Some(&[40, 30])), member("Ben", &[50, 60], Some(&[60, 60]))];
        let json = serde_json::to_value(summarize(&cohort, Some(&norms(7.5, 0.85)))).unwrap();
        assert_eq!(json["n_both"], 2);
        assert_eq!(json["members"][0]["label"], "Ana");
        assert_eq!(json["members"][0]["change"], 15.0);
        assert_eq!(json["norms"]["sd"], 7.5);
        assert!(json["effect"]["g"].is_number());
    }
}

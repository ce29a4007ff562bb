-- Two pairs of indexes on attempts held the same leading columns, one for every attempt and one
-- for recorded attempts only; at a million attempts each pair cost ~300 MB. One index of each
-- pair, for every attempt, serves both: the readers of recorded attempts skip the few still
-- planned as they go.

-- A domain's attempts in order (lists, deletions) and the numbers of its recorded ones (the
-- analyses, read from the index alone).
DROP INDEX attempts_facts;
DROP INDEX attempts_by_domain;
CREATE INDEX attempts_by_domain ON attempts (user_id, domain_id, planned_at, id, planned_on, confidence,
                                             engine_forecast, sleep_hours, energy, stress, outcome, locus,
                                             stability, control);

-- A goal's attempts in order (lists, deletions) and its latest outcomes (the next-challenge
-- engine, read from the index alone).
DROP INDEX attempts_results_by_goal;
DROP INDEX attempts_by_goal;
CREATE INDEX attempts_by_goal ON attempts (user_id, goal_id, planned_at, id, challenge_id, outcome);

-- The insights, the source mix and the counts read a few numbers of every recorded attempt of a
-- domain (`recorded_facts`). With those numbers in the index the read never visits the table.
CREATE INDEX attempts_facts ON attempts (user_id, domain_id, planned_at, id, confidence, sleep_hours, energy, stress,
                                         outcome, control)
    WHERE outcome IS NOT NULL;

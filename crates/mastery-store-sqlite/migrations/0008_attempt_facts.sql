-- The insights, the source mix, calibration and the counts read a few numbers of every recorded attempt of a
-- domain (`recorded_facts`). With those numbers in the index the read never visits the table.
CREATE INDEX attempts_facts ON attempts (user_id, domain_id, planned_at, id, planned_on, confidence, engine_forecast,
                                         sleep_hours, energy, stress, outcome, control)
    WHERE outcome IS NOT NULL;

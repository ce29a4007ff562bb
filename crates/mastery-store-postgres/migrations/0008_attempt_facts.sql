-- The insights, the source mix, calibration and the counts read a few numbers of every recorded attempt of a
-- domain (`recorded_facts`). With those numbers in the index the read is index-only: it never
-- visits the table, where one person's attempts lie scattered among everyone else's.
CREATE INDEX attempts_facts ON attempts (user_id, domain_id, planned_at, id)
    INCLUDE (planned_on, confidence, engine_forecast, sleep_hours, energy, stress, outcome, control)
    WHERE outcome IS NOT NULL;

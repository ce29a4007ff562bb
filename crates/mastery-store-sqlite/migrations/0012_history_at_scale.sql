-- A review counts the attempts whose outcome was recorded in its week or month. This index holds
-- the recorded attempts in the order of recording, with what the count reads, so a review reads
-- its period and nothing else, however long the history.
CREATE INDEX attempts_by_record ON attempts (user_id, recorded_at, domain_id, confidence, outcome, engine_forecast)
    WHERE outcome IS NOT NULL;

-- The attribution analysis folds each recorded attempt's locus and stability as it streams the
-- facts: with them in `attempts_facts` the whole history is read from the index alone.
DROP INDEX attempts_facts;
CREATE INDEX attempts_facts ON attempts (user_id, domain_id, planned_at, id, planned_on, confidence, engine_forecast,
                                         sleep_hours, energy, stress, outcome, locus, stability, control)
    WHERE outcome IS NOT NULL;

-- The next-challenge engine and calibration: the engine's forecast for each attempt, a goal's
-- own target success rate, and an index that lets calibration read only the columns it needs.

ALTER TABLE attempts ADD COLUMN engine_forecast double precision CHECK (engine_forecast BETWEEN 0 AND 1);
ALTER TABLE goals ADD COLUMN target_success double precision CHECK (target_success BETWEEN 0.7 AND 0.9);

-- The forecast's nearest tenth, rounding halves up like the domain's `calibration::bin_of`
-- (PostgreSQL's round() of a double rounds halves to even). The fraction y - floor(y) is exact
-- for 0 <= y <= 10, so the bin is too.
ALTER TABLE attempts ADD COLUMN engine_bin integer GENERATED ALWAYS AS (
    floor(engine_forecast * 10)::integer
    + (engine_forecast * 10 - floor(engine_forecast * 10) >= 0.5)::integer
) STORED;

-- Calibration groups attempts by domain, confidence, outcome and the engine's forecast bin:
-- this index holds them in that order, with what the sums need, so one pass reads only it.
CREATE INDEX attempts_forecasts ON attempts (user_id, domain_id, confidence, outcome, engine_bin)
    INCLUDE (engine_forecast, planned_on)
    WHERE outcome IS NOT NULL;
-- The engine reads a goal's latest outcomes.
CREATE INDEX attempts_results_by_goal ON attempts (user_id, goal_id, planned_at, id)
    INCLUDE (challenge_id, outcome)
    WHERE outcome IS NOT NULL;

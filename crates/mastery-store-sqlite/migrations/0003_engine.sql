-- The next-challenge engine and calibration: the engine's forecast for each attempt, a goal's
-- own target success rate, and an index that lets calibration read only the columns it needs.

ALTER TABLE attempts ADD COLUMN engine_forecast REAL CHECK (engine_forecast BETWEEN 0 AND 1);
ALTER TABLE goals ADD COLUMN target_success REAL CHECK (target_success BETWEEN 0.7 AND 0.9);

-- Calibration groups attempts by domain, confidence, outcome and the engine's forecast bin:
-- this index holds them in that order, so one pass streams through it without sorting.
CREATE INDEX attempts_forecasts
    ON attempts (user_id, domain_id, confidence, outcome, CAST(round(engine_forecast * 10) AS INTEGER),
                 engine_forecast, planned_on)
    WHERE outcome IS NOT NULL;
-- The engine reads a goal's latest outcomes.
CREATE INDEX attempts_results_by_goal ON attempts (user_id, goal_id, planned_at, id, challenge_id, outcome)
    WHERE outcome IS NOT NULL;

-- The next-challenge engine and calibration: the engine's forecast for each attempt, a goal's
-- own target success rate, and an index that lets calibration read only the columns it needs.

ALTER TABLE attempts ADD COLUMN engine_forecast REAL CHECK (engine_forecast BETWEEN 0 AND 1);
ALTER TABLE goals ADD COLUMN target_success REAL CHECK (target_success BETWEEN 0.7 AND 0.9);

CREATE INDEX attempts_forecasts ON attempts (user_id, domain_id, planned_on, confidence, outcome, engine_forecast)
    WHERE outcome IS NOT NULL;

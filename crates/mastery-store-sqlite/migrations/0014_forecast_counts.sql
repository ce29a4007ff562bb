-- Calibration's groups per domain and month, kept by triggers in the same transaction as the
-- attempt (as the rung counts are), so calibration reads a few small rows per month instead of
-- grouping every recorded attempt: at a million attempts that read took ~0.1 s a domain page,
-- and 0.8 s by month. The index that grouping streamed through goes: nothing else reads it.

CREATE TABLE forecast_counts (
    user_id     TEXT NOT NULL,
    domain_id   TEXT NOT NULL,
    -- The forecast's month, `YYYY-MM`.
    month       TEXT NOT NULL,
    confidence  INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    -- The engine's forecast to the nearest tenth, times ten; -1 for an attempt without one.
    engine_bin  INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    engine_sum  REAL NOT NULL,
    engine_sum2 REAL NOT NULL,
    PRIMARY KEY (user_id, domain_id, month, confidence, outcome, engine_bin)
) STRICT, WITHOUT ROWID;

INSERT INTO forecast_counts (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
SELECT user_id, domain_id, substr(planned_on, 1, 7), confidence, outcome,
       coalesce(CAST(round(engine_forecast * 10) AS INTEGER), -1),
       count(*), total(engine_forecast), total(engine_forecast * engine_forecast)
FROM attempts WHERE outcome IS NOT NULL
GROUP BY user_id, domain_id, substr(planned_on, 1, 7), confidence, outcome,
         coalesce(CAST(round(engine_forecast * 10) AS INTEGER), -1);

CREATE TRIGGER forecast_counts_after_insert AFTER INSERT ON attempts WHEN NEW.outcome IS NOT NULL
BEGIN
    INSERT INTO forecast_counts (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
    VALUES (NEW.user_id, NEW.domain_id, substr(NEW.planned_on, 1, 7), NEW.confidence, NEW.outcome,
            coalesce(CAST(round(NEW.engine_forecast * 10) AS INTEGER), -1), 1,
            coalesce(NEW.engine_forecast, 0), coalesce(NEW.engine_forecast * NEW.engine_forecast, 0))
    ON CONFLICT (user_id, domain_id, month, confidence, outcome, engine_bin) DO UPDATE SET
        n = n + 1,
        engine_sum = engine_sum + excluded.engine_sum,
        engine_sum2 = engine_sum2 + excluded.engine_sum2;
END;

CREATE TRIGGER forecast_counts_after_update
AFTER UPDATE OF outcome, confidence, engine_forecast, domain_id, planned_on ON attempts
BEGIN
    UPDATE forecast_counts SET
        n = n - 1,
        engine_sum = engine_sum - coalesce(OLD.engine_forecast, 0),
        engine_sum2 = engine_sum2 - coalesce(OLD.engine_forecast * OLD.engine_forecast, 0)
    WHERE OLD.outcome IS NOT NULL AND user_id = OLD.user_id AND domain_id = OLD.domain_id
      AND month = substr(OLD.planned_on, 1, 7) AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1);
    DELETE FROM forecast_counts
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1) AND n = 0;
    INSERT INTO forecast_counts (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
    SELECT NEW.user_id, NEW.domain_id, substr(NEW.planned_on, 1, 7), NEW.confidence, NEW.outcome,
           coalesce(CAST(round(NEW.engine_forecast * 10) AS INTEGER), -1), 1,
           coalesce(NEW.engine_forecast, 0), coalesce(NEW.engine_forecast * NEW.engine_forecast, 0)
    WHERE NEW.outcome IS NOT NULL
    ON CONFLICT (user_id, domain_id, month, confidence, outcome, engine_bin) DO UPDATE SET
        n = n + 1,
        engine_sum = engine_sum + excluded.engine_sum,
        engine_sum2 = engine_sum2 + excluded.engine_sum2;
END;

CREATE TRIGGER forecast_counts_after_delete AFTER DELETE ON attempts WHEN OLD.outcome IS NOT NULL
BEGIN
    UPDATE forecast_counts SET
        n = n - 1,
        engine_sum = engine_sum - coalesce(OLD.engine_forecast, 0),
        engine_sum2 = engine_sum2 - coalesce(OLD.engine_forecast * OLD.engine_forecast, 0)
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1);
    DELETE FROM forecast_counts
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1) AND n = 0;
END;

DROP INDEX attempts_forecasts;

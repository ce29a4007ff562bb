-- Calibration's groups, kept by triggers in the same transaction as the attempt (as the rung
-- counts are), so calibration reads a few small rows instead of grouping every recorded attempt:
-- at a million attempts that grouping took ~0.1 s a domain page and 0.8 s by month. The
-- attempts keep `forecast_months` (per domain and month); it keeps `forecast_counts` (per domain,
-- every month together), the few hundred rows a domain page reads. The index the grouping
-- streamed through goes: nothing else reads it.

CREATE TABLE forecast_months (
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

INSERT INTO forecast_months (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
SELECT user_id, domain_id, substr(planned_on, 1, 7), confidence, outcome,
       coalesce(CAST(round(engine_forecast * 10) AS INTEGER), -1),
       count(*), total(engine_forecast), total(engine_forecast * engine_forecast)
FROM attempts WHERE outcome IS NOT NULL
GROUP BY user_id, domain_id, substr(planned_on, 1, 7), confidence, outcome,
         coalesce(CAST(round(engine_forecast * 10) AS INTEGER), -1);

CREATE TRIGGER forecast_months_after_insert AFTER INSERT ON attempts WHEN NEW.outcome IS NOT NULL
BEGIN
    INSERT INTO forecast_months (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
    VALUES (NEW.user_id, NEW.domain_id, substr(NEW.planned_on, 1, 7), NEW.confidence, NEW.outcome,
            coalesce(CAST(round(NEW.engine_forecast * 10) AS INTEGER), -1), 1,
            coalesce(NEW.engine_forecast, 0), coalesce(NEW.engine_forecast * NEW.engine_forecast, 0))
    ON CONFLICT (user_id, domain_id, month, confidence, outcome, engine_bin) DO UPDATE SET
        n = n + 1,
        engine_sum = engine_sum + excluded.engine_sum,
        engine_sum2 = engine_sum2 + excluded.engine_sum2;
END;

CREATE TRIGGER forecast_months_after_update
AFTER UPDATE OF outcome, confidence, engine_forecast, domain_id, planned_on ON attempts
BEGIN
    UPDATE forecast_months SET
        n = n - 1,
        engine_sum = engine_sum - coalesce(OLD.engine_forecast, 0),
        engine_sum2 = engine_sum2 - coalesce(OLD.engine_forecast * OLD.engine_forecast, 0)
    WHERE OLD.outcome IS NOT NULL AND user_id = OLD.user_id AND domain_id = OLD.domain_id
      AND month = substr(OLD.planned_on, 1, 7) AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1);
    DELETE FROM forecast_months
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1) AND n = 0;
    INSERT INTO forecast_months (user_id, domain_id, month, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
    SELECT NEW.user_id, NEW.domain_id, substr(NEW.planned_on, 1, 7), NEW.confidence, NEW.outcome,
           coalesce(CAST(round(NEW.engine_forecast * 10) AS INTEGER), -1), 1,
           coalesce(NEW.engine_forecast, 0), coalesce(NEW.engine_forecast * NEW.engine_forecast, 0)
    WHERE NEW.outcome IS NOT NULL
    ON CONFLICT (user_id, domain_id, month, confidence, outcome, engine_bin) DO UPDATE SET
        n = n + 1,
        engine_sum = engine_sum + excluded.engine_sum,
        engine_sum2 = engine_sum2 + excluded.engine_sum2;
END;

CREATE TRIGGER forecast_months_after_delete AFTER DELETE ON attempts WHEN OLD.outcome IS NOT NULL
BEGIN
    UPDATE forecast_months SET
        n = n - 1,
        engine_sum = engine_sum - coalesce(OLD.engine_forecast, 0),
        engine_sum2 = engine_sum2 - coalesce(OLD.engine_forecast * OLD.engine_forecast, 0)
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1);
    DELETE FROM forecast_months
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND month = substr(OLD.planned_on, 1, 7)
      AND confidence = OLD.confidence AND outcome = OLD.outcome
      AND engine_bin = coalesce(CAST(round(OLD.engine_forecast * 10) AS INTEGER), -1) AND n = 0;
END;

-- Every month together, following `forecast_months` row by row (a row's key never changes).
CREATE TABLE forecast_counts (
    user_id     TEXT NOT NULL,
    domain_id   TEXT NOT NULL,
    confidence  INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    engine_bin  INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    engine_sum  REAL NOT NULL,
    engine_sum2 REAL NOT NULL,
    PRIMARY KEY (user_id, domain_id, confidence, outcome, engine_bin)
) STRICT, WITHOUT ROWID;

INSERT INTO forecast_counts (user_id, domain_id, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
SELECT user_id, domain_id, confidence, outcome, engine_bin, sum(n), total(engine_sum), total(engine_sum2)
FROM forecast_months GROUP BY user_id, domain_id, confidence, outcome, engine_bin;

CREATE TRIGGER forecast_counts_after_month_insert AFTER INSERT ON forecast_months
BEGIN
    INSERT INTO forecast_counts (user_id, domain_id, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
    VALUES (NEW.user_id, NEW.domain_id, NEW.confidence, NEW.outcome, NEW.engine_bin, NEW.n, NEW.engine_sum,
            NEW.engine_sum2)
    ON CONFLICT (user_id, domain_id, confidence, outcome, engine_bin) DO UPDATE SET
        n = n + excluded.n,
        engine_sum = engine_sum + excluded.engine_sum,
        engine_sum2 = engine_sum2 + excluded.engine_sum2;
END;

CREATE TRIGGER forecast_counts_after_month_update AFTER UPDATE ON forecast_months
BEGIN
    UPDATE forecast_counts SET
        n = n + NEW.n - OLD.n,
        engine_sum = engine_sum + NEW.engine_sum - OLD.engine_sum,
        engine_sum2 = engine_sum2 + NEW.engine_sum2 - OLD.engine_sum2
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND confidence = OLD.confidence
      AND outcome = OLD.outcome AND engine_bin = OLD.engine_bin;
END;

CREATE TRIGGER forecast_counts_after_month_delete AFTER DELETE ON forecast_months
BEGIN
    UPDATE forecast_counts SET
        n = n - OLD.n,
        engine_sum = engine_sum - OLD.engine_sum,
        engine_sum2 = engine_sum2 - OLD.engine_sum2
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND confidence = OLD.confidence
      AND outcome = OLD.outcome AND engine_bin = OLD.engine_bin;
    DELETE FROM forecast_counts
    WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND confidence = OLD.confidence
      AND outcome = OLD.outcome AND engine_bin = OLD.engine_bin AND n = 0;
END;

DROP INDEX attempts_forecasts;

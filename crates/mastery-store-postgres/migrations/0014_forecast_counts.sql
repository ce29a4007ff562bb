-- Calibration's groups per domain, kept by a trigger in the same transaction as the attempt (as
-- the rung counts are), so a domain's calibration reads a few hundred small rows instead of
-- grouping every recorded attempt. Grouping by month still reads the attempts (it is asked for
-- rarely, and a month's groups would multiply these rows). Unlike SQLite's, the index that
-- grouping reads, `attempts_forecasts`, stays: it is the only index holding the stored
-- `engine_bin`, so without it grouping by month would read the attempts' rows themselves.
--
-- The bin is the attempt's own `engine_bin` (the forecast's nearest tenth, halves rounded up),
-- so the groups are the ones grouping the attempts gave; -1 stands for an attempt without a
-- forecast, as a key column cannot be NULL.

CREATE TABLE forecast_counts (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain_id   uuid NOT NULL,
    confidence  integer NOT NULL,
    outcome     text NOT NULL,
    engine_bin  integer NOT NULL,
    n           bigint NOT NULL,
    engine_sum  double precision NOT NULL,
    engine_sum2 double precision NOT NULL,
    PRIMARY KEY (user_id, domain_id, confidence, outcome, engine_bin)
);

INSERT INTO forecast_counts (user_id, domain_id, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
SELECT user_id, domain_id, confidence, outcome, coalesce(engine_bin, -1), count(*),
       coalesce(sum(engine_forecast), 0), coalesce(sum(engine_forecast * engine_forecast), 0)
FROM attempts WHERE outcome IS NOT NULL
GROUP BY user_id, domain_id, confidence, outcome, coalesce(engine_bin, -1);

-- Takes the old attempt off its group (the last one takes the group with it) and adds the new
-- one. Only an added or changed attempt writes a row: the attempts a deleted account takes with
-- it by cascade only take theirs away (and find them gone, as the account's own rows go before
-- the triggers of its cascaded attempts run), so none is written for a user who is gone. An
-- update that leaves the grouped columns as they were (a lesson edited) leaves the counts alone.
CREATE FUNCTION forecast_counts_follow_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.domain_id, NEW.confidence, NEW.outcome, NEW.engine_forecast)
        IS NOT DISTINCT FROM (OLD.domain_id, OLD.confidence, OLD.outcome, OLD.engine_forecast) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.outcome IS NOT NULL THEN
        DELETE FROM forecast_counts
        WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND confidence = OLD.confidence
          AND outcome = OLD.outcome AND engine_bin = coalesce(OLD.engine_bin, -1) AND n = 1;
        IF NOT FOUND THEN
            UPDATE forecast_counts SET
                n = n - 1,
                engine_sum = engine_sum - coalesce(OLD.engine_forecast, 0),
                engine_sum2 = engine_sum2 - coalesce(OLD.engine_forecast * OLD.engine_forecast, 0)
            WHERE user_id = OLD.user_id AND domain_id = OLD.domain_id AND confidence = OLD.confidence
              AND outcome = OLD.outcome AND engine_bin = coalesce(OLD.engine_bin, -1);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.outcome IS NOT NULL THEN
        INSERT INTO forecast_counts AS f (user_id, domain_id, confidence, outcome, engine_bin, n, engine_sum, engine_sum2)
        VALUES (NEW.user_id, NEW.domain_id, NEW.confidence, NEW.outcome, coalesce(NEW.engine_bin, -1), 1,
                coalesce(NEW.engine_forecast, 0), coalesce(NEW.engine_forecast * NEW.engine_forecast, 0))
        ON CONFLICT (user_id, domain_id, confidence, outcome, engine_bin) DO UPDATE SET
            n = f.n + 1,
            engine_sum = f.engine_sum + excluded.engine_sum,
            engine_sum2 = f.engine_sum2 + excluded.engine_sum2;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER forecast_counts_follow_attempts
    AFTER INSERT OR DELETE OR UPDATE OF outcome, confidence, engine_forecast, domain_id ON attempts
    FOR EACH ROW EXECUTE FUNCTION forecast_counts_follow_attempts();

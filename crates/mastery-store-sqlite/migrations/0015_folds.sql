-- What the analyses folded of each domain's recorded attempts, kept by the app (`FoldTx`), with
-- the last attempt folded in (`through_at`, `through_id`: its planned_at and id). The triggers
-- move the domain's generation on with every change to its attempts or their plans, in the same
-- transaction, and take the fold away (`state` NULL) when the change touches an attempt at or
-- before `through`: a later attempt leaves it, to be read after it.

CREATE TABLE analysis_folds (
    user_id    TEXT NOT NULL,
    domain_id  TEXT NOT NULL,
    generation INTEGER NOT NULL,
    through_at INTEGER,
    through_id TEXT,
    state      TEXT,
    PRIMARY KEY (user_id, domain_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER analysis_folds_after_attempt_insert AFTER INSERT ON attempts
BEGIN
    INSERT INTO analysis_folds (user_id, domain_id, generation) VALUES (NEW.user_id, NEW.domain_id, 1)
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN (NEW.planned_at, NEW.id) > (through_at, through_id) THEN state END;
END;

CREATE TRIGGER analysis_folds_after_attempt_update AFTER UPDATE ON attempts
BEGIN
    INSERT INTO analysis_folds (user_id, domain_id, generation) VALUES (OLD.user_id, OLD.domain_id, 1)
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN (OLD.planned_at, OLD.id) > (through_at, through_id)
                      AND (NEW.domain_id <> OLD.domain_id OR (NEW.planned_at, NEW.id) > (through_at, through_id))
                     THEN state END;
    INSERT INTO analysis_folds (user_id, domain_id, generation)
    SELECT NEW.user_id, NEW.domain_id, 1 WHERE NEW.domain_id <> OLD.domain_id
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN (NEW.planned_at, NEW.id) > (through_at, through_id) THEN state END;
END;

CREATE TRIGGER analysis_folds_after_attempt_delete AFTER DELETE ON attempts
BEGIN
    INSERT INTO analysis_folds (user_id, domain_id, generation) VALUES (OLD.user_id, OLD.domain_id, 1)
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN (OLD.planned_at, OLD.id) > (through_at, through_id) THEN state END;
END;

CREATE TRIGGER analysis_folds_after_plan_insert AFTER INSERT ON reattributions
BEGIN
    INSERT INTO analysis_folds (user_id, domain_id, generation)
    SELECT a.user_id, a.domain_id, 1 FROM attempts a WHERE a.id = NEW.attempt_id AND a.user_id = NEW.user_id
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN EXISTS (SELECT 1 FROM attempts a WHERE a.id = NEW.attempt_id
                                   AND (a.planned_at, a.id) > (through_at, through_id))
                     THEN state END;
END;

CREATE TRIGGER analysis_folds_after_plan_delete AFTER DELETE ON reattributions
BEGIN
    INSERT INTO analysis_folds (user_id, domain_id, generation)
    SELECT a.user_id, a.domain_id, 1 FROM attempts a WHERE a.id = OLD.attempt_id AND a.user_id = OLD.user_id
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = generation + 1,
        state = CASE WHEN EXISTS (SELECT 1 FROM attempts a WHERE a.id = OLD.attempt_id
                                   AND (a.planned_at, a.id) > (through_at, through_id))
                     THEN state END;
END;

-- What the analyses folded of each domain's recorded attempts, kept by the app (`FoldTx`), with
-- the last attempt folded in (`through_at`, `through_id`: its planned_at and id). The triggers
-- move the domain's generation on with every change to its attempts or their plans, in the same
-- transaction, and take the fold away (`state` NULL) when the change touches an attempt at or
-- before `through`: a later attempt leaves it, to be read after it. As in SQLite, nothing is
-- filled in here: a domain no change has reached has no row, which reads as generation 0.
--
-- The row goes with its user, not with its domain: a domain deleted and restored (an undo, a
-- sync) must not start its generation again from where a fold read before could find it.

CREATE TABLE analysis_folds (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain_id  uuid NOT NULL,
    generation bigint NOT NULL,
    through_at timestamptz,
    through_id uuid,
    state      text,
    PRIMARY KEY (user_id, domain_id)
);

-- Moves the domain's generation on (a fresh row starts at 1, with no fold) and keeps its fold
-- only if the earliest attempt the change touched, (`changed_at`, `changed_id`), comes after the
-- fold's `through`. With no fold `through` is NULL, the comparison NULL, and `state` stays NULL.
-- A deleted account's attempts go by cascade after its user: the user is gone by then, and a row
-- written for them would break the foreign key, so none is.
CREATE FUNCTION analysis_folds_move_on(owner uuid, domain uuid, changed_at timestamptz, changed_id uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analysis_folds AS f (user_id, domain_id, generation)
    SELECT owner, domain, 1 WHERE EXISTS (SELECT 1 FROM users WHERE id = owner)
    ON CONFLICT (user_id, domain_id) DO UPDATE SET
        generation = f.generation + 1,
        state = CASE WHEN (changed_at, changed_id) > (f.through_at, f.through_id) THEN f.state END;
END
$$;

-- An attempt added, changed or deleted moves its domain on. A change within a domain keeps the
-- fold only if the attempt came after it both before and after the change, so the earlier of its
-- two places is the one compared; an attempt moved to another domain changes both domains.
CREATE FUNCTION analysis_folds_follow_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM analysis_folds_move_on(NEW.user_id, NEW.domain_id, NEW.planned_at, NEW.id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM analysis_folds_move_on(OLD.user_id, OLD.domain_id, OLD.planned_at, OLD.id);
    ELSIF NEW.domain_id <> OLD.domain_id THEN
        PERFORM analysis_folds_move_on(OLD.user_id, OLD.domain_id, OLD.planned_at, OLD.id);
        PERFORM analysis_folds_move_on(NEW.user_id, NEW.domain_id, NEW.planned_at, NEW.id);
    ELSIF (NEW.planned_at, NEW.id) < (OLD.planned_at, OLD.id) THEN
        PERFORM analysis_folds_move_on(NEW.user_id, NEW.domain_id, NEW.planned_at, NEW.id);
    ELSE
        PERFORM analysis_folds_move_on(OLD.user_id, OLD.domain_id, OLD.planned_at, OLD.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER analysis_folds_follow_attempts
    AFTER INSERT OR UPDATE OR DELETE ON attempts
    FOR EACH ROW EXECUTE FUNCTION analysis_folds_follow_attempts();

-- A plan for next time added or deleted moves its attempt's domain on. A plan deleted with its
-- attempt finds no attempt: the attempt's own deletion moved the domain on.
CREATE FUNCTION analysis_folds_follow_plans() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    plan reattributions;
    attempt record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        plan := NEW;
    ELSE
        plan := OLD;
    END IF;
    SELECT a.domain_id, a.planned_at INTO attempt
    FROM attempts a WHERE a.user_id = plan.user_id AND a.id = plan.attempt_id;
    IF FOUND THEN
        PERFORM analysis_folds_move_on(plan.user_id, attempt.domain_id, attempt.planned_at, plan.attempt_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER analysis_folds_follow_plans
    AFTER INSERT OR DELETE ON reattributions
    FOR EACH ROW EXECUTE FUNCTION analysis_folds_follow_plans();

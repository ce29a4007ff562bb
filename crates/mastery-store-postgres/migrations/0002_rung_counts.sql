-- Outcome counts per rung, kept by a trigger in the same transaction as the attempt, so a ladder
-- reads one small row per rung instead of counting every attempt of the goal.

CREATE TABLE rung_counts (
    user_id      uuid NOT NULL,
    challenge_id uuid NOT NULL,
    goal_id      uuid NOT NULL,
    attempts     bigint NOT NULL,
    successes    bigint NOT NULL,
    partials     bigint NOT NULL,
    PRIMARY KEY (user_id, challenge_id),
    FOREIGN KEY (user_id, challenge_id) REFERENCES challenges (user_id, id) ON DELETE CASCADE
);
CREATE INDEX rung_counts_by_goal ON rung_counts (user_id, goal_id);

INSERT INTO rung_counts (user_id, challenge_id, goal_id, attempts, successes, partials)
SELECT user_id, challenge_id, goal_id, count(*),
       count(*) FILTER (WHERE outcome = 'success'), count(*) FILTER (WHERE outcome = 'partial')
FROM attempts WHERE outcome IS NOT NULL GROUP BY user_id, challenge_id, goal_id;

-- Takes the old outcome off its rung's counts and adds the new one.
CREATE FUNCTION rung_counts_follow_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.outcome IS NOT NULL THEN
            UPDATE rung_counts SET
                attempts = attempts - 1,
                successes = successes - (OLD.outcome = 'success')::integer,
                partials = partials - (OLD.outcome = 'partial')::integer
            WHERE user_id = OLD.user_id AND challenge_id = OLD.challenge_id;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.outcome IS NOT NULL THEN
            INSERT INTO rung_counts (user_id, challenge_id, goal_id, attempts, successes, partials)
            VALUES (NEW.user_id, NEW.challenge_id, NEW.goal_id, 1,
                    (NEW.outcome = 'success')::integer, (NEW.outcome = 'partial')::integer)
            ON CONFLICT (user_id, challenge_id) DO UPDATE SET
                attempts = rung_counts.attempts + 1,
                successes = rung_counts.successes + excluded.successes,
                partials = rung_counts.partials + excluded.partials;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER rung_counts_follow_attempts
    AFTER INSERT OR DELETE OR UPDATE OF outcome, challenge_id ON attempts
    FOR EACH ROW EXECUTE FUNCTION rung_counts_follow_attempts();

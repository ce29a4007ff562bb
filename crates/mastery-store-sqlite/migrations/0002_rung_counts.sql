-- Outcome counts per rung, kept by triggers in the same transaction as the attempt, so a
-- ladder reads one small row per rung instead of counting every attempt of the goal.

CREATE TABLE rung_counts (
    challenge_id TEXT PRIMARY KEY REFERENCES challenges (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    goal_id      TEXT NOT NULL REFERENCES goals (id),
    attempts     INTEGER NOT NULL,
    successes    INTEGER NOT NULL,
    partials     INTEGER NOT NULL
) STRICT;
CREATE INDEX rung_counts_by_goal ON rung_counts (user_id, goal_id);

INSERT INTO rung_counts (challenge_id, user_id, goal_id, attempts, successes, partials)
SELECT challenge_id, user_id, goal_id, count(*), sum(outcome = 'success'), sum(outcome = 'partial')
FROM attempts WHERE outcome IS NOT NULL GROUP BY challenge_id;

CREATE TRIGGER rung_counts_after_insert AFTER INSERT ON attempts WHEN NEW.outcome IS NOT NULL
BEGIN
    INSERT INTO rung_counts (challenge_id, user_id, goal_id, attempts, successes, partials)
    VALUES (NEW.challenge_id, NEW.user_id, NEW.goal_id, 1, NEW.outcome = 'success', NEW.outcome = 'partial')
    ON CONFLICT (challenge_id) DO UPDATE SET
        attempts = attempts + 1,
        successes = successes + excluded.successes,
        partials = partials + excluded.partials;
END;

CREATE TRIGGER rung_counts_after_update AFTER UPDATE OF outcome, challenge_id ON attempts
BEGIN
    UPDATE rung_counts SET
        attempts = attempts - 1,
        successes = successes - (OLD.outcome = 'success'),
        partials = partials - (OLD.outcome = 'partial')
    WHERE challenge_id = OLD.challenge_id AND OLD.outcome IS NOT NULL;
    INSERT INTO rung_counts (challenge_id, user_id, goal_id, attempts, successes, partials)
    SELECT NEW.challenge_id, NEW.user_id, NEW.goal_id, 1, NEW.outcome = 'success', NEW.outcome = 'partial'
    WHERE NEW.outcome IS NOT NULL
    ON CONFLICT (challenge_id) DO UPDATE SET
        attempts = attempts + 1,
        successes = successes + excluded.successes,
        partials = partials + excluded.partials;
END;

CREATE TRIGGER rung_counts_after_delete AFTER DELETE ON attempts WHEN OLD.outcome IS NOT NULL
BEGIN
    UPDATE rung_counts SET
        attempts = attempts - 1,
        successes = successes - (OLD.outcome = 'success'),
        partials = partials - (OLD.outcome = 'partial')
    WHERE challenge_id = OLD.challenge_id;
END;

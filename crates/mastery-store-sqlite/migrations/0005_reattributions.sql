-- Plans for next time: after a failure explained by fixed ability, the controllable cause and
-- the if-then plan the person records. One per attempt, owned by the attempt's user.

CREATE TABLE reattributions (
    attempt_id  TEXT PRIMARY KEY REFERENCES attempts (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    cause       TEXT NOT NULL CHECK (cause IN ('effort', 'strategy', 'preparation')),
    next_time   TEXT NOT NULL,
    if_then     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX reattributions_by_time ON reattributions (user_id, created_at, attempt_id);

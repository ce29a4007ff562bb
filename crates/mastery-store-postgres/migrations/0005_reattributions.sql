-- Plans for next time: after a failure explained by fixed ability, the controllable cause and
-- the if-then plan the person records. One per attempt, owned by the attempt's user.

CREATE TABLE reattributions (
    user_id     uuid NOT NULL,
    attempt_id  uuid NOT NULL,
    cause       text NOT NULL CHECK (cause IN ('effort', 'strategy', 'preparation')),
    next_time   text NOT NULL,
    if_then     text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, attempt_id),
    FOREIGN KEY (user_id, attempt_id) REFERENCES attempts (user_id, id) ON DELETE CASCADE
);
CREATE INDEX reattributions_by_time ON reattributions (user_id, created_at, attempt_id);

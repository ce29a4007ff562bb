-- Sync. Each record's version (when it last changed, on which device — empty for this replica —
-- and whether that change deleted it) with its number in the change log; the number moves
-- forward each time the record changes, so "what changed since N" is one range. The counter row
-- exists once the user is enrolled: until then nothing is kept.

CREATE TABLE sync_counters (
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seq         bigint NOT NULL
);

CREATE TABLE sync_versions (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    key         text NOT NULL,
    seq         bigint NOT NULL,
    -- The sync order: parents first, then deletions children first.
    ord         bigint NOT NULL,
    updated_at  timestamptz NOT NULL,
    device      text NOT NULL,
    deleted     boolean NOT NULL,
    pending     boolean NOT NULL,
    PRIMARY KEY (user_id, kind, key)
);

CREATE INDEX sync_versions_in_order ON sync_versions (user_id, ord, seq);
CREATE UNIQUE INDEX sync_versions_by_seq ON sync_versions (user_id, seq);
CREATE INDEX sync_versions_pending ON sync_versions (user_id, ord, seq) WHERE pending;

CREATE TABLE sync_values (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key         text NOT NULL,
    value       text NOT NULL,
    PRIMARY KEY (user_id, key)
);

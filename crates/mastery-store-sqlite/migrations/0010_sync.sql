-- Sync. Each record's version (when it last changed, on which device — empty for this replica —
-- and whether that change deleted it) with its number in the change log; the number moves
-- forward each time the record changes, so "what changed since N" is one range. The counter row
-- exists once the user is enrolled: until then nothing is kept.

CREATE TABLE sync_counters (
    user_id     TEXT PRIMARY KEY REFERENCES users (id),
    seq         INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_versions (
    user_id     TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    -- The sync order: parents first, then deletions children first.
    ord         INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    device      TEXT NOT NULL,
    deleted     INTEGER NOT NULL,
    pending     INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, key)
) STRICT;

CREATE INDEX sync_versions_in_order ON sync_versions (user_id, ord, seq);
CREATE UNIQUE INDEX sync_versions_by_seq ON sync_versions (user_id, seq);
CREATE INDEX sync_versions_pending ON sync_versions (user_id, ord, seq) WHERE pending = 1;

CREATE TABLE sync_values (
    user_id     TEXT NOT NULL REFERENCES users (id),
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT;

-- Correcting the record. A deletion leaves a tombstone (kind and key of the record, and when),
-- which sync will hand to the person's other devices; the journal keeps the latest changes, each
-- with what the records were before and after, so `undo` can walk them back one by one.

CREATE TABLE tombstones (
    user_id     TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    deleted_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, key)
) STRICT;

CREATE TABLE journal (
    user_id     TEXT NOT NULL REFERENCES users (id),
    seq         INTEGER NOT NULL,
    made_at     INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (user_id, seq)
) STRICT;

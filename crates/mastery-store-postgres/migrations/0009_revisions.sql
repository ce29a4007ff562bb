-- Correcting the record. A deletion leaves a tombstone (kind and key of the record, and when),
-- which sync will hand to the person's other devices; the journal keeps the latest changes, each
-- with what the records were before and after, so `undo` can walk them back one by one.

CREATE TABLE tombstones (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    key         text NOT NULL,
    deleted_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind, key)
);

CREATE TABLE journal (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    made_at     timestamptz NOT NULL,
    summary     text NOT NULL,
    body        text NOT NULL,
    PRIMARY KEY (user_id, seq)
);

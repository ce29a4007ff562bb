-- Efficacy audits: the scales a person imported and the audits taken on any scale.
-- Built-in scales live in the binary; only imported ones are stored, as the TOML text they were
-- parsed from, which is re-validated on every read.

CREATE TABLE scales (
    user_id TEXT NOT NULL REFERENCES users (id),
    id      TEXT NOT NULL,
    source  TEXT NOT NULL,
    PRIMARY KEY (user_id, id)
) STRICT;

CREATE TABLE audits (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    domain_id  TEXT NOT NULL REFERENCES domains (id),
    -- A built-in scale's id or one of the user's imported scales.
    scale_id   TEXT NOT NULL,
    taken_at   INTEGER NOT NULL,
    taken_on   TEXT NOT NULL,
    threshold  INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100 AND threshold % 10 = 0),
    -- One rating per item in the scale's order, comma-separated: '10,40,100'.
    answers    TEXT NOT NULL,
    -- The re-audit interval chosen at this audit: '1 month', '2 weeks', '30 days'.
    every      TEXT NOT NULL
) STRICT;
CREATE INDEX audits_by_time ON audits (user_id, taken_at, id);
CREATE INDEX audits_by_domain ON audits (user_id, domain_id, taken_at, id);

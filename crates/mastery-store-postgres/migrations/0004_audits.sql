-- Efficacy audits: the scales a person imported and the audits taken on any scale.
-- Built-in scales live in the binary; only imported ones are stored, as the TOML text they were
-- parsed from, which is re-validated on every read.

CREATE TABLE scales (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id      text NOT NULL,
    source  text NOT NULL,
    PRIMARY KEY (user_id, id)
);

CREATE TABLE audits (
    user_id    uuid NOT NULL,
    id         uuid NOT NULL,
    domain_id  uuid NOT NULL,
    -- A built-in scale's id or one of the user's imported scales.
    scale_id   text NOT NULL,
    taken_at   timestamptz NOT NULL,
    taken_on   date NOT NULL,
    threshold  integer NOT NULL CHECK (threshold BETWEEN 0 AND 100 AND threshold % 10 = 0),
    -- One rating per item, in the scale's order.
    answers    integer[] NOT NULL,
    -- The re-audit interval chosen at this audit: '1 month', '2 weeks', '30 days'.
    every      text NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX audits_by_time ON audits (user_id, taken_at, id);
CREATE INDEX audits_by_domain ON audits (user_id, domain_id, taken_at, id);

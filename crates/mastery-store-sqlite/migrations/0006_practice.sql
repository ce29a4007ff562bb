-- Deliberate practice, reviews, celebrations and programs: one plan per domain, the sessions kept, rest days declared in
-- advance (for one domain, or for all practice when domain_id is NULL) and review answers per
-- period ('2026-W47', '2026-11') as a JSON object.

CREATE TABLE practice_plans (
    domain_id   TEXT PRIMARY KEY REFERENCES domains (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    days        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX practice_plans_by_start ON practice_plans (user_id, starts_on, domain_id);

CREATE TABLE practice_sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    note        TEXT,
    at          INTEGER NOT NULL,
    on_date     TEXT NOT NULL
) STRICT;
CREATE INDEX practice_sessions_by_time ON practice_sessions (user_id, at, id);
CREATE INDEX practice_sessions_by_domain ON practice_sessions (user_id, domain_id, at, id);

CREATE TABLE rest_days (
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT REFERENCES domains (id),
    on_date     TEXT NOT NULL,
    declared_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX rest_days_once ON rest_days (user_id, on_date, ifnull(domain_id, ''));

CREATE TABLE reviews (
    user_id     TEXT NOT NULL REFERENCES users (id),
    period      TEXT NOT NULL,
    answers     TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, period)
) STRICT;

-- Celebrations: one per rung, goal or program reached (subject is its id), with the effort and
-- strategy the person names afterwards.
CREATE TABLE celebrations (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    kind        TEXT NOT NULL CHECK (kind IN ('rung', 'goal', 'program')),
    subject     TEXT NOT NULL,
    title       TEXT NOT NULL,
    at          INTEGER NOT NULL,
    effort      TEXT,
    strategy    TEXT,
    UNIQUE (user_id, kind, subject)
) STRICT;
CREATE INDEX celebrations_by_time ON celebrations (user_id, at DESC, id DESC);

-- Program runs: a template (as JSON, the version it started with) started in a domain.
CREATE TABLE programs (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    template    TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX programs_by_start ON programs (user_id, starts_on, id);

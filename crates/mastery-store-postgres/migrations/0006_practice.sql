-- Deliberate practice, reviews, celebrations and programs: one plan per domain, the sessions
-- kept, rest days declared in advance (for one domain, or for all practice when domain_id is
-- NULL) and review answers per period ('2026-W47', '2026-11') as a JSON object.

CREATE TABLE practice_plans (
    user_id     uuid NOT NULL,
    domain_id   uuid NOT NULL,
    minutes     bigint NOT NULL CHECK (minutes > 0),
    days        text NOT NULL,
    starts_on   date NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, domain_id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX practice_plans_by_start ON practice_plans (user_id, starts_on, domain_id);

CREATE TABLE practice_sessions (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    minutes     bigint NOT NULL CHECK (minutes > 0),
    note        text,
    at          timestamptz NOT NULL,
    on_date     date NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX practice_sessions_by_time ON practice_sessions (user_id, at, id);
CREATE INDEX practice_sessions_by_domain ON practice_sessions (user_id, domain_id, at, id);

CREATE TABLE rest_days (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain_id   uuid,
    on_date     date NOT NULL,
    declared_at timestamptz NOT NULL,
    -- One all-practice rest day (domain_id NULL) per date, and one per domain.
    UNIQUE NULLS NOT DISTINCT (user_id, on_date, domain_id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);

CREATE TABLE reviews (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period      text NOT NULL,
    answers     jsonb NOT NULL,
    saved_at    timestamptz NOT NULL,
    PRIMARY KEY (user_id, period)
);

-- Celebrations: one per rung, goal or program reached (subject is its id), with the effort and
-- strategy the person names afterwards.
CREATE TABLE celebrations (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('rung', 'goal', 'program')),
    subject     text NOT NULL,
    title       text NOT NULL,
    at          timestamptz NOT NULL,
    effort      text,
    strategy    text,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, kind, subject),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX celebrations_by_time ON celebrations (user_id, at DESC, id DESC);

-- Program runs: a template (as JSON, the version it started with) started in a domain.
CREATE TABLE programs (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    template    jsonb NOT NULL,
    starts_on   date NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX programs_by_start ON programs (user_id, starts_on, id);

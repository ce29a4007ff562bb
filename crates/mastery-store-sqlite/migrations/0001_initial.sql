-- Mastery's first schema. Migrations are append-only: never edit a released file; add the next.
-- Instants are microseconds since the Unix epoch (UTC); local calendar days are 'YYYY-MM-DD'.
-- Every row carries its owner's user_id and every statement filters on it.

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE domains (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL,
    area        TEXT NOT NULL,
    description TEXT,
    created_at  INTEGER NOT NULL,
    archived_at INTEGER,
    UNIQUE (user_id, slug)
) STRICT;

CREATE TABLE goals (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    domain_id     TEXT NOT NULL REFERENCES domains (id),
    statement     TEXT NOT NULL,
    slug          TEXT NOT NULL,
    target_amount REAL,
    target_unit   TEXT,
    deadline      TEXT,
    why           TEXT,
    created_at    INTEGER NOT NULL,
    done_at       INTEGER,
    UNIQUE (user_id, slug)
) STRICT;
CREATE INDEX goals_by_domain ON goals (user_id, domain_id, created_at);

CREATE TABLE challenges (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    goal_id     TEXT NOT NULL REFERENCES goals (id),
    title       TEXT NOT NULL,
    slug        TEXT NOT NULL,
    difficulty  REAL NOT NULL,
    criterion   TEXT,
    position    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (goal_id, slug)
) STRICT;
CREATE INDEX challenges_by_slug ON challenges (user_id, slug);

CREATE TABLE attempts (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    goal_id      TEXT NOT NULL REFERENCES goals (id),
    domain_id    TEXT NOT NULL REFERENCES domains (id),
    confidence   INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100 AND confidence % 10 = 0),
    sleep_hours  REAL,
    energy       INTEGER,
    stress       INTEGER,
    planned_at   INTEGER NOT NULL,
    planned_on   TEXT NOT NULL,
    outcome      TEXT CHECK (outcome IN ('success', 'partial', 'failure')),
    effort       INTEGER,
    did          TEXT,
    because      TEXT,
    cause        TEXT,
    locus        TEXT,
    stability    TEXT,
    control      TEXT,
    lesson       TEXT,
    recorded_at  INTEGER,
    CHECK ((outcome IS NULL) = (recorded_at IS NULL))
) STRICT;
CREATE INDEX attempts_by_time ON attempts (user_id, planned_at, id);
CREATE INDEX attempts_by_domain ON attempts (user_id, domain_id, planned_at, id);
CREATE INDEX attempts_by_goal ON attempts (user_id, goal_id, planned_at, id);
CREATE INDEX attempts_by_challenge ON attempts (user_id, challenge_id, planned_at, id);
CREATE INDEX attempts_pending ON attempts (user_id, planned_at, id) WHERE outcome IS NULL;
-- The evidence file reads successes newest first without touching failures.
CREATE INDEX attempts_successes ON attempts (user_id, recorded_at, id) WHERE outcome = 'success';
CREATE INDEX attempts_successes_by_domain ON attempts (user_id, domain_id, recorded_at, id) WHERE outcome = 'success';

CREATE TABLE evidence (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    title       TEXT NOT NULL,
    did         TEXT,
    at          INTEGER NOT NULL,
    on_date     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX evidence_by_time ON evidence (user_id, at, id);
CREATE INDEX evidence_by_domain ON evidence (user_id, domain_id, at, id);

CREATE TABLE checkins (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users (id),
    at               INTEGER NOT NULL,
    on_date          TEXT NOT NULL,
    sleep_hours      REAL,
    exercise_minutes INTEGER,
    stress           INTEGER,
    energy           INTEGER,
    mood             INTEGER
) STRICT;
CREATE INDEX checkins_by_time ON checkins (user_id, at, id);

CREATE TABLE role_models (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    name        TEXT NOT NULL,
    similarity  INTEGER,
    process     TEXT,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX role_models_by_domain ON role_models (user_id, domain_id, created_at);

CREATE TABLE feedback (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    domain_id   TEXT NOT NULL REFERENCES domains (id),
    giver       TEXT NOT NULL,
    credibility INTEGER,
    specificity TEXT,
    valence     TEXT,
    body        TEXT NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX feedback_by_domain ON feedback (user_id, domain_id, received_at);

-- Mastery's first schema on PostgreSQL: the same logical change as SQLite's 0001_initial.sql.
-- Migrations are append-only: never edit a released file; add the next, with the version number
-- the SQLite backend gives the same change.
--
-- Every record table keys on (user_id, id) and every index leads with user_id, so the schema can
-- be distributed by user. A record refers to its parent through (user_id, parent_id), so it can
-- only hang off a parent of the same user, and deleting a user cascades to every row of theirs.
-- Ids are uuid, instants timestamptz (microseconds, UTC), local calendar days date.

CREATE TABLE users (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

CREATE TABLE domains (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    name        text NOT NULL,
    slug        text NOT NULL,
    area        text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL,
    archived_at timestamptz,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, slug)
);

CREATE TABLE goals (
    user_id       uuid NOT NULL,
    id            uuid NOT NULL,
    domain_id     uuid NOT NULL,
    statement     text NOT NULL,
    slug          text NOT NULL,
    target_amount double precision,
    target_unit   text,
    deadline      date,
    why           text,
    created_at    timestamptz NOT NULL,
    done_at       timestamptz,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, slug),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX goals_by_domain ON goals (user_id, domain_id, created_at);

CREATE TABLE challenges (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    goal_id     uuid NOT NULL,
    title       text NOT NULL,
    slug        text NOT NULL,
    difficulty  double precision NOT NULL,
    criterion   text,
    position    bigint NOT NULL CHECK (position >= 0),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, goal_id, slug),
    FOREIGN KEY (user_id, goal_id) REFERENCES goals (user_id, id) ON DELETE CASCADE
);
CREATE INDEX challenges_by_slug ON challenges (user_id, slug);

CREATE TABLE attempts (
    user_id      uuid NOT NULL,
    id           uuid NOT NULL,
    challenge_id uuid NOT NULL,
    goal_id      uuid NOT NULL,
    domain_id    uuid NOT NULL,
    confidence   integer NOT NULL CHECK (confidence BETWEEN 0 AND 100 AND confidence % 10 = 0),
    sleep_hours  double precision,
    energy       integer,
    stress       integer,
    planned_at   timestamptz NOT NULL,
    planned_on   date NOT NULL,
    outcome      text CHECK (outcome IN ('success', 'partial', 'failure')),
    effort       integer,
    did          text,
    because      text,
    cause        text,
    locus        text,
    stability    text,
    control      text,
    lesson       text,
    recorded_at  timestamptz,
    CHECK ((outcome IS NULL) = (recorded_at IS NULL)),
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, challenge_id) REFERENCES challenges (user_id, id) ON DELETE CASCADE,
    FOREIGN KEY (user_id, goal_id) REFERENCES goals (user_id, id) ON DELETE CASCADE,
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX attempts_by_time ON attempts (user_id, planned_at, id);
CREATE INDEX attempts_by_domain ON attempts (user_id, domain_id, planned_at, id);
CREATE INDEX attempts_by_goal ON attempts (user_id, goal_id, planned_at, id);
CREATE INDEX attempts_by_challenge ON attempts (user_id, challenge_id, planned_at, id);
CREATE INDEX attempts_pending ON attempts (user_id, planned_at, id) WHERE outcome IS NULL;
-- The evidence file reads successes newest first without touching failures.
CREATE INDEX attempts_successes ON attempts (user_id, recorded_at, id) WHERE outcome = 'success';
CREATE INDEX attempts_successes_by_domain ON attempts (user_id, domain_id, recorded_at, id) WHERE outcome = 'success';

CREATE TABLE evidence (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    title       text NOT NULL,
    did         text,
    at          timestamptz NOT NULL,
    on_date     date NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX evidence_by_time ON evidence (user_id, at, id);
CREATE INDEX evidence_by_domain ON evidence (user_id, domain_id, at, id);

CREATE TABLE checkins (
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id               uuid NOT NULL,
    at               timestamptz NOT NULL,
    on_date          date NOT NULL,
    sleep_hours      double precision,
    exercise_minutes bigint,
    stress           integer,
    energy           integer,
    mood             integer,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX checkins_by_time ON checkins (user_id, at, id);

CREATE TABLE role_models (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    name        text NOT NULL,
    similarity  integer,
    process     text,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX role_models_by_domain ON role_models (user_id, domain_id, created_at);

CREATE TABLE feedback (
    user_id     uuid NOT NULL,
    id          uuid NOT NULL,
    domain_id   uuid NOT NULL,
    giver       text NOT NULL,
    credibility integer,
    specificity text,
    valence     text,
    body        text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, domain_id) REFERENCES domains (user_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_by_domain ON feedback (user_id, domain_id, received_at);

-- Accounts for server mode: who may sign in, and with what. Secrets are never stored, only the
-- SHA-256 of sessions, tokens and invitation codes, and an argon2id hash of each password.

CREATE TABLE accounts (
    user_id       TEXT PRIMARY KEY REFERENCES users (id),
    username      TEXT NOT NULL,
    -- The username in lower case: unique, so 'Ada' and 'ada' cannot both exist.
    username_key  TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    hash         TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);

CREATE TABLE invites (
    hash       TEXT PRIMARY KEY,
    -- Who invited; NULL for the server's operator.
    user_id    TEXT REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- Failed sign-ins by key ('account:<name>' or 'address:<ip>'), for throttling.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures (key, at);

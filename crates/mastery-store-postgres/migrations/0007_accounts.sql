-- Accounts for server mode: who may sign in, and with what. Secrets are never stored, only the
-- SHA-256 of sessions, tokens and invitation codes, and an argon2id hash of each password.
--
-- Signing in is how a request finds its user, so these tables are looked up by username or by a
-- secret's hash, not by user: their keys cannot lead with user_id. Each row still belongs to its
-- user and goes with them.

CREATE TABLE accounts (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    username      text NOT NULL,
    -- The username in lower case (Unicode, as Rust folds it): unique, so 'Ada' and 'ada'
    -- cannot both exist whatever the database's collation.
    username_key  text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    hash         text PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    hash         text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at, id);

CREATE TABLE invites (
    hash       text PRIMARY KEY,
    -- Who invited; NULL for the server's operator.
    user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX invites_by_user ON invites (user_id);

-- Failed sign-ins by key ('account:<name>' or 'address:<ip>'), for throttling.
CREATE TABLE login_failures (
    key text NOT NULL,
    at  timestamptz NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
-- Forgetting old failures reads them by time.
CREATE INDEX login_failures_by_time ON login_failures (at);

-- Sharing for server mode: a goal or domain shared with a partner, a coach or a mastermind group,
-- the invitations that name the audience, and what happens on shares (notifications, cheers,
-- suggested rungs). No record is copied here: a share names what the audience may read, and
-- the app computes it from the owner's records each time. Revoking deletes the row.

CREATE TABLE mastermind_groups (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    -- Informational (the first member); no reference, so the group outlives its founder.
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
) STRICT;
CREATE INDEX group_members_by_user ON group_members (user_id);

CREATE TABLE shares (
    id          TEXT PRIMARY KEY,
    -- The owner.
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain_id   TEXT NOT NULL,
    -- NULL shares the whole domain.
    goal_id     TEXT,
    role        TEXT NOT NULL,
    group_id    TEXT REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    -- The partner or coach, once the invitation is accepted.
    audience_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    -- 1 when the owner marked their weekly reviews' answers shareable with this audience.
    review_answers INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX shares_by_user ON shares (user_id, created_at);
CREATE INDEX shares_by_audience ON shares (audience_id) WHERE audience_id IS NOT NULL;
CREATE INDEX shares_by_group ON shares (group_id, created_at) WHERE group_id IS NOT NULL;

CREATE TABLE share_invitations (
    -- SHA-256 of the link's token.
    hash       TEXT PRIMARY KEY,
    -- Who invited.
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    share_id   TEXT REFERENCES shares (id) ON DELETE CASCADE,
    group_id   TEXT REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    CHECK ((share_id IS NULL) <> (group_id IS NULL))
) STRICT;
CREATE INDEX share_invitations_by_share ON share_invitations (share_id) WHERE share_id IS NOT NULL;

CREATE TABLE notifications (
    id         TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, id)
) STRICT;
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);

CREATE TABLE cheers (
    -- The celebration's owner.
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    celebration_id TEXT NOT NULL,
    author_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, celebration_id, author_id)
) STRICT;

CREATE TABLE rung_suggestions (
    id         TEXT NOT NULL,
    -- The goal's owner, who accepts or declines.
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    share_id   TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    goal_id    TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    difficulty REAL,
    note       TEXT,
    state      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, id)
) STRICT;
CREATE INDEX rung_suggestions_by_user ON rung_suggestions (user_id, state, created_at);

-- Where a person's notifications are e-mailed (a weekly digest), when the server sends e-mail.
CREATE TABLE mail_settings (
    user_id        TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    address        TEXT NOT NULL,
    digest_sent_at INTEGER
) STRICT;

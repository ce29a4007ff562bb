-- Sharing for server mode: a goal or domain shared with a partner, a coach or a mastermind
-- group, the invitations that name the audience, and what happens on shares (notifications, cheers,
-- suggested rungs). No record is copied here: a share names what the audience may read, and
-- the app computes it from the owner's records each time. Revoking deletes the row.
--
-- A share joins two people, so some lookups lead with the audience or the group, not the owner:
-- "what is shared with me" is the one cross-user read, and it goes through these indexes.

CREATE TABLE mastermind_groups (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    -- Informational (the first member); no reference, so the group outlives its founder.
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE group_members (
    group_id  uuid NOT NULL REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members (user_id);

CREATE TABLE shares (
    id          uuid PRIMARY KEY,
    -- The owner.
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain_id   uuid NOT NULL,
    -- NULL shares the whole domain.
    goal_id     uuid,
    role        text NOT NULL,
    group_id    uuid REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    -- The partner or coach, once the invitation is accepted.
    audience_id uuid REFERENCES users (id) ON DELETE CASCADE,
    -- The owner marked their weekly reviews' answers shareable with this audience.
    review_answers boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL
);
CREATE INDEX shares_by_user ON shares (user_id, created_at);
CREATE INDEX shares_by_audience ON shares (audience_id) WHERE audience_id IS NOT NULL;
CREATE INDEX shares_by_group ON shares (group_id, created_at) WHERE group_id IS NOT NULL;

CREATE TABLE share_invitations (
    -- SHA-256 of the link's token.
    hash       text PRIMARY KEY,
    -- Who invited.
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    share_id   uuid REFERENCES shares (id) ON DELETE CASCADE,
    group_id   uuid REFERENCES mastermind_groups (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK ((share_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX share_invitations_by_share ON share_invitations (share_id) WHERE share_id IS NOT NULL;

CREATE TABLE notifications (
    id         uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text       text NOT NULL,
    link       text NOT NULL,
    created_at timestamptz NOT NULL,
    read       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);

CREATE TABLE cheers (
    -- The celebration's owner.
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    celebration_id uuid NOT NULL,
    author_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (user_id, celebration_id, author_id)
);

CREATE TABLE rung_suggestions (
    id         uuid NOT NULL,
    -- The goal's owner, who accepts or declines.
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    share_id   uuid NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    goal_id    uuid NOT NULL,
    author_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text NOT NULL,
    difficulty double precision,
    note       text,
    state      text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX rung_suggestions_by_user ON rung_suggestions (user_id, state, created_at);

-- Where a person's notifications are e-mailed (a weekly digest), when the server sends e-mail.
CREATE TABLE mail_settings (
    user_id        uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    address        text NOT NULL,
    digest_sent_at timestamptz
);

//! [`SharingStore`] on PostgreSQL: shares, invitations, groups, notifications, cheers and suggested
//! rungs (migration 0011). Each call is one statement, or one transaction where a read decides
//! a write (accepting an invitation).

use jiff::Timestamp;
use mastery_domain::ids::{CelebrationId, DomainId, GoalId, GroupId, NotificationId, ShareId, SuggestionId, UserId};
use mastery_store::{
    DigestRecipient, GroupRecord, InvitationRecord, InvitationTarget, MemberRecord, NotificationRecord, ShareRecord,
    SharingStore, StoreError, SuggestionRecord, SuggestionState,
};
use sqlx::Postgres;
use sqlx::postgres::{PgArguments, PgRow};

use crate::PgStore;
use crate::codec::{Columns, instant, store_error};

type Query<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

macro_rules! share_select {
    () => {
        "SELECT id, user_id, domain_id, goal_id, role, group_id, audience_id, review_answers, created_at FROM shares"
    };
}
macro_rules! group_select {
    () => {
        "SELECT id, name, created_by, created_at FROM mastermind_groups"
    };
}
macro_rules! suggestion_columns {
    () => {
        "id, user_id, share_id, goal_id, author_id, title, difficulty, note, state, created_at"
    };
}

fn share(row: &PgRow) -> Result<ShareRecord, StoreError> {
    let c = Columns(row);
    Ok(ShareRecord {
        id: c.id("id", ShareId::from_uuid)?,
        owner: c.id("user_id", UserId::from_uuid)?,
        domain: c.id("domain_id", DomainId::from_uuid)?,
        goal: c.opt_id("goal_id", GoalId::from_uuid)?,
        role: c.parsed("role")?,
        group: c.opt_id("group_id", GroupId::from_uuid)?,
        audience: c.opt_id("audience_id", UserId::from_uuid)?,
        review_answers: c.get("review_answers")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn group(row: &PgRow) -> Result<GroupRecord, StoreError> {
    let c = Columns(row);
    Ok(GroupRecord {
        id: c.id("id", GroupId::from_uuid)?,
        name: c.get("name")?,
        created_by: c.id("created_by", UserId::from_uuid)?,
        created_at: c.timestamp("created_at")?,
    })
}

fn suggestion(row: &PgRow) -> Result<SuggestionRecord, StoreError> {
    let c = Columns(row);
    let state: String = c.get("state")?;
    Ok(SuggestionRecord {
        id: c.id("id", SuggestionId::from_uuid)?,
        owner: c.id("user_id", UserId::from_uuid)?,
        share: c.id("share_id", ShareId::from_uuid)?,
        goal: c.id("goal_id", GoalId::from_uuid)?,
        author: c.id("author_id", UserId::from_uuid)?,
        title: c.get("title")?,
        difficulty: c.get("difficulty")?,
        note: c.get("note")?,
        state: SuggestionState::from_word(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("rung_suggestions.state: '{state}'")))?,
        created_at: c.timestamp("created_at")?,
    })
}

fn notification(row: &PgRow) -> Result<NotificationRecord, StoreError> {
    let c = Columns(row);
    Ok(NotificationRecord {
        id: c.id("id", NotificationId::from_uuid)?,
        user: c.id("user_id", UserId::from_uuid)?,
        text: c.get("text")?,
        link: c.get("link")?,
        created_at: c.timestamp("created_at")?,
        read: c.get("read")?,
    })
}

fn not_found(entity: &'static str, key: impl ToString) -> StoreError {
    StoreError::NotFound { entity, key: key.to_string() }
}

fn insert_invitation_query(invitation: &InvitationRecord) -> Query<'_> {
    let (share, group) = match invitation.target {
        InvitationTarget::Share(id) => (Some(id.as_uuid()), None),
        InvitationTarget::Group(id) => (None, Some(id.as_uuid())),
    };
    sqlx::query(
        "INSERT INTO share_invitations (hash, user_id, share_id, group_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&invitation.hash)
    .bind(invitation.created_by.as_uuid())
    .bind(share)
    .bind(group)
    .bind(instant(invitation.created_at))
    .bind(instant(invitation.expires_at))
}

impl PgStore {
    async fn rows<T>(&self, query: Query<'_>, map: fn(&PgRow) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
        query.fetch_all(&self.pool).await.map_err(store_error)?.iter().map(map).collect()
    }

    async fn one<T>(
        &self,
        query: Query<'_>,
        map: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        query.fetch_optional(&self.pool).await.map_err(store_error)?.as_ref().map(map).transpose()
    }
}

impl SharingStore for PgStore {
    async fn insert_share(
        &self,
        record: &ShareRecord,
        invitation: Option<&InvitationRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query(
            "INSERT INTO shares (id, user_id, domain_id, goal_id, role, group_id, audience_id, review_answers, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(record.id.as_uuid())
        .bind(record.owner.as_uuid())
        .bind(record.domain.as_uuid())
        .bind(record.goal.map(|g| g.as_uuid()))
        .bind(record.role.as_str())
        .bind(record.group.map(|g| g.as_uuid()))
        .bind(record.audience.map(|u| u.as_uuid()))
        .bind(record.review_answers)
        .bind(instant(record.created_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some(invitation) = invitation {
            insert_invitation_query(invitation).execute(&mut *tx).await.map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }

    async fn share(&self, id: ShareId) -> Result<Option<ShareRecord>, StoreError> {
        let sql = concat!(share_select!(), " WHERE id = $1");
        self.one(sqlx::query(sql).bind(id.as_uuid()), share).await
    }

    async fn shares_by(&self, owner: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = concat!(share_select!(), " WHERE user_id = $1 ORDER BY created_at, id");
        self.rows(sqlx::query(sql).bind(owner.as_uuid()), share).await
    }

    async fn shares_with(&self, user: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = concat!(
            share_select!(),
            " WHERE user_id <> $1 AND (audience_id = $1 OR group_id IN \
             (SELECT group_id FROM group_members WHERE user_id = $1)) ORDER BY created_at, id"
        );
        self.rows(sqlx::query(sql).bind(user.as_uuid()), share).await
    }

    async fn shares_in_group(&self, group: GroupId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = concat!(share_select!(), " WHERE group_id = $1 ORDER BY created_at, id");
        self.rows(sqlx::query(sql).bind(group.as_uuid()), share).await
    }

    async fn delete_share(&self, owner: UserId, id: ShareId) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM shares WHERE id = $1 AND user_id = $2")
            .bind(id.as_uuid())
            .bind(owner.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        if done.rows_affected() == 0 {
            return Err(not_found("share", id));
        }
        Ok(())
    }

    async fn insert_invitation(&self, invitation: &InvitationRecord) -> Result<(), StoreError> {
        insert_invitation_query(invitation).execute(&self.pool).await.map_err(store_error)?;
        Ok(())
    }

    async fn accept_invitation(
        &self,
        hash: &str,
        user: UserId,
        now: Timestamp,
    ) -> Result<InvitationTarget, StoreError> {
        let refused = || not_found("invitation", "the link given");
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let row: Option<(Option<uuid::Uuid>, Option<uuid::Uuid>)> = sqlx::query_as(
            "UPDATE share_invitations SET used_at = $2 WHERE hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING share_id, group_id",
        )
        .bind(hash)
        .bind(instant(now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let target = match row.ok_or_else(refused)? {
            (Some(share), None) => {
                let share = ShareId::from_uuid(share);
                let done = sqlx::query(
                    "UPDATE shares SET audience_id = $2 WHERE id = $1 AND audience_id IS NULL AND user_id <> $2",
                )
                .bind(share.as_uuid())
                .bind(user.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                if done.rows_affected() == 0 {
                    return Err(refused());
                }
                InvitationTarget::Share(share)
            }
            (None, Some(group)) => {
                let group = GroupId::from_uuid(group);
                sqlx::query("INSERT INTO group_members (group_id, user_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(group.as_uuid())
                    .bind(user.as_uuid())
                    .bind(instant(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                InvitationTarget::Group(group)
            }
            _ => return Err(StoreError::Corrupt("share_invitations: neither a share nor a group".to_owned())),
        };
        tx.commit().await.map_err(store_error)?;
        Ok(target)
    }

    async fn insert_group(&self, record: &GroupRecord) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query("INSERT INTO mastermind_groups (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)")
            .bind(record.id.as_uuid())
            .bind(&record.name)
            .bind(record.created_by.as_uuid())
            .bind(instant(record.created_at))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("INSERT INTO group_members (group_id, user_id, joined_at) VALUES ($1, $2, $3)")
            .bind(record.id.as_uuid())
            .bind(record.created_by.as_uuid())
            .bind(instant(record.created_at))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn group(&self, id: GroupId) -> Result<Option<GroupRecord>, StoreError> {
        let sql = concat!(group_select!(), " WHERE id = $1");
        self.one(sqlx::query(sql).bind(id.as_uuid()), group).await
    }

    async fn groups_of(&self, user: UserId) -> Result<Vec<GroupRecord>, StoreError> {
        let sql = concat!(
            group_select!(),
            " WHERE id IN (SELECT group_id FROM group_members WHERE user_id = $1) ORDER BY name, id"
        );
        self.rows(sqlx::query(sql).bind(user.as_uuid()), group).await
    }

    async fn members(&self, id: GroupId) -> Result<Vec<MemberRecord>, StoreError> {
        let query =
            sqlx::query("SELECT user_id, joined_at FROM group_members WHERE group_id = $1 ORDER BY joined_at, user_id")
                .bind(id.as_uuid());
        self.rows(query, |row| {
            let c = Columns(row);
            Ok(MemberRecord { user: c.id("user_id", UserId::from_uuid)?, joined_at: c.timestamp("joined_at")? })
        })
        .await
    }

    async fn leave_group(&self, group: GroupId, user: UserId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let left = sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
            .bind(group.as_uuid())
            .bind(user.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        if left.rows_affected() == 0 {
            return Err(not_found("group", group));
        }
        sqlx::query("DELETE FROM shares WHERE group_id = $1 AND user_id = $2")
            .bind(group.as_uuid())
            .bind(user.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn insert_notification(&self, record: &NotificationRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO notifications (id, user_id, text, link, created_at, read) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(record.id.as_uuid())
        .bind(record.user.as_uuid())
        .bind(&record.text)
        .bind(&record.link)
        .bind(instant(record.created_at))
        .bind(record.read)
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(())
    }

    async fn notifications(&self, user: UserId, limit: u32) -> Result<Vec<NotificationRecord>, StoreError> {
        let query = sqlx::query(
            "SELECT id, user_id, text, link, created_at, read FROM notifications WHERE user_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(user.as_uuid())
        .bind(i64::from(limit));
        self.rows(query, notification).await
    }

    async fn mark_notifications_read(&self, user: UserId) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE notifications SET read = true WHERE user_id = $1 AND NOT read")
            .bind(user.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(done.rows_affected())
    }

    async fn insert_cheer(
        &self,
        owner: UserId,
        celebration: CelebrationId,
        author: UserId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO cheers (user_id, celebration_id, author_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(owner.as_uuid())
        .bind(celebration.as_uuid())
        .bind(author.as_uuid())
        .bind(instant(at))
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn cheers(&self, owner: UserId) -> Result<Vec<(CelebrationId, u32)>, StoreError> {
        let query = sqlx::query(
            "SELECT celebration_id, count(*) AS n FROM cheers WHERE user_id = $1 GROUP BY celebration_id \
             ORDER BY celebration_id",
        )
        .bind(owner.as_uuid());
        self.rows(query, |row| {
            let c = Columns(row);
            Ok((c.id("celebration_id", CelebrationId::from_uuid)?, c.count("n")?))
        })
        .await
    }

    async fn insert_suggestion(&self, record: &SuggestionRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO rung_suggestions (id, user_id, share_id, goal_id, author_id, title, difficulty, note, state, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(record.id.as_uuid())
        .bind(record.owner.as_uuid())
        .bind(record.share.as_uuid())
        .bind(record.goal.as_uuid())
        .bind(record.author.as_uuid())
        .bind(&record.title)
        .bind(record.difficulty)
        .bind(&record.note)
        .bind(record.state.as_str())
        .bind(instant(record.created_at))
        .execute(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(())
    }

    async fn pending_suggestions(&self, owner: UserId) -> Result<Vec<SuggestionRecord>, StoreError> {
        let sql = concat!(
            "SELECT ",
            suggestion_columns!(),
            " FROM rung_suggestions WHERE user_id = $1 AND state = 'pending' ORDER BY created_at, id"
        );
        self.rows(sqlx::query(sql).bind(owner.as_uuid()), suggestion).await
    }

    async fn settle_suggestion(
        &self,
        owner: UserId,
        id: SuggestionId,
        state: SuggestionState,
    ) -> Result<SuggestionRecord, StoreError> {
        let sql = concat!(
            "UPDATE rung_suggestions SET state = $3 WHERE id = $1 AND user_id = $2 AND state = 'pending' RETURNING ",
            suggestion_columns!()
        );
        let query = sqlx::query(sql).bind(id.as_uuid()).bind(owner.as_uuid()).bind(state.as_str());
        self.one(query, suggestion).await?.ok_or_else(|| not_found("suggestion", id))
    }

    async fn set_mail_address(&self, user: UserId, address: Option<&str>) -> Result<(), StoreError> {
        let query = match address {
            Some(address) => sqlx::query(
                "INSERT INTO mail_settings (user_id, address) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET address = excluded.address",
            )
            .bind(user.as_uuid())
            .bind(address),
            None => sqlx::query("DELETE FROM mail_settings WHERE user_id = $1").bind(user.as_uuid()),
        };
        query.execute(&self.pool).await.map_err(store_error)?;
        Ok(())
    }

    async fn mail_address(&self, user: UserId) -> Result<Option<String>, StoreError> {
        let query = sqlx::query("SELECT address FROM mail_settings WHERE user_id = $1").bind(user.as_uuid());
        self.one(query, |row| Columns(row).get("address")).await
    }

    async fn digests_due(&self, sent_before: Timestamp) -> Result<Vec<DigestRecipient>, StoreError> {
        let query = sqlx::query(
            "SELECT user_id, address, digest_sent_at FROM mail_settings \
             WHERE digest_sent_at IS NULL OR digest_sent_at < $1 ORDER BY user_id",
        )
        .bind(instant(sent_before));
        self.rows(query, |row| {
            let c = Columns(row);
            Ok(DigestRecipient {
                user: c.id("user_id", UserId::from_uuid)?,
                address: c.get("address")?,
                last_sent: c.opt_timestamp("digest_sent_at")?,
            })
        })
        .await
    }

    async fn mark_digest_sent(&self, user: UserId, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE mail_settings SET digest_sent_at = $2 WHERE user_id = $1")
            .bind(user.as_uuid())
            .bind(instant(at))
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(())
    }
}

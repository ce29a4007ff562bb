//! [`SharingStore`] on SQLite: shares, invitations, groups, notifications, cheers and suggested
//! rungs (migration 0011). Each call is one statement, or one `BEGIN IMMEDIATE` transaction where
//! a read decides a write (accepting an invitation).

use jiff::Timestamp;
use mastery_domain::ids::{CelebrationId, GroupId, ShareId, SuggestionId, UserId};
use mastery_store::{
    Access, DigestRecipient, GroupRecord, InvitationRecord, InvitationTarget, MemberRecord, NotificationRecord,
    ShareRecord, SharingStore, StoreError, SuggestionRecord, SuggestionState,
};

use crate::SqliteStore;
use crate::codec::{Columns, micros, store_error};
use crate::db::{Query, query};

const SHARE: &str =
    "SELECT id, user_id, domain_id, goal_id, role, group_id, audience_id, review_answers, created_at FROM shares";
const GROUP: &str = "SELECT id, name, created_by, created_at FROM mastermind_groups";
const SUGGESTION: &str = "SELECT id, user_id, share_id, goal_id, author_id, title, difficulty, note, state, created_at \
                          FROM rung_suggestions";

fn share(c: &Columns) -> Result<ShareRecord, StoreError> {
    Ok(ShareRecord {
        id: c.parsed("id")?,
        owner: c.parsed("user_id")?,
        domain: c.parsed("domain_id")?,
        goal: c.opt_parsed("goal_id")?,
        role: c.parsed("role")?,
        group: c.opt_parsed("group_id")?,
        audience: c.opt_parsed("audience_id")?,
        review_answers: c.int("review_answers")? != 0,
        created_at: c.timestamp("created_at")?,
    })
}

fn group(c: &Columns) -> Result<GroupRecord, StoreError> {
    Ok(GroupRecord {
        id: c.parsed("id")?,
        name: c.text("name")?,
        created_by: c.parsed("created_by")?,
        created_at: c.timestamp("created_at")?,
    })
}

fn suggestion(c: &Columns) -> Result<SuggestionRecord, StoreError> {
    let state = c.text("state")?;
    Ok(SuggestionRecord {
        id: c.parsed("id")?,
        owner: c.parsed("user_id")?,
        share: c.parsed("share_id")?,
        goal: c.parsed("goal_id")?,
        author: c.parsed("author_id")?,
        title: c.text("title")?,
        difficulty: c.opt_real("difficulty")?,
        note: c.opt_text("note")?,
        state: SuggestionState::from_word(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("rung_suggestions.state: '{state}'")))?,
        created_at: c.timestamp("created_at")?,
    })
}

fn notification(c: &Columns) -> Result<NotificationRecord, StoreError> {
    Ok(NotificationRecord {
        id: c.parsed("id")?,
        user: c.parsed("user_id")?,
        text: c.text("text")?,
        link: c.text("link")?,
        created_at: c.timestamp("created_at")?,
        read: c.int("read")? != 0,
    })
}

fn not_found(entity: &'static str, key: impl ToString) -> StoreError {
    StoreError::NotFound { entity, key: key.to_string() }
}

fn parse_id<T: std::str::FromStr<Err = uuid::Error>>(id: &str) -> Result<T, StoreError> {
    id.parse().map_err(|e| StoreError::Corrupt(format!("share_invitations: {e}")))
}

fn insert_invitation_query(invitation: &InvitationRecord) -> Query {
    let (share, group) = match invitation.target {
        InvitationTarget::Share(id) => (Some(id.to_string()), None),
        InvitationTarget::Group(id) => (None, Some(id.to_string())),
    };
    query(
        "INSERT INTO share_invitations (hash, user_id, share_id, group_id, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(&invitation.hash)
    .bind(invitation.created_by.to_string())
    .bind(share)
    .bind(group)
    .bind(micros(invitation.created_at))
    .bind(micros(invitation.expires_at))
}

impl SqliteStore {
    async fn rows<T>(&self, query: Query, map: fn(&Columns) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
        query.fetch_all(&*self.pool.acquire().await?, map)
    }

    async fn one<T>(&self, query: Query, map: fn(&Columns) -> Result<T, StoreError>) -> Result<Option<T>, StoreError> {
        query.fetch_optional(&*self.pool.acquire().await?, map)
    }
}

impl SharingStore for SqliteStore {
    async fn insert_share(
        &self,
        record: &ShareRecord,
        invitation: Option<&InvitationRecord>,
    ) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        query(
            "INSERT INTO shares (id, user_id, domain_id, goal_id, role, group_id, audience_id, review_answers, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(record.id.to_string())
        .bind(record.owner.to_string())
        .bind(record.domain.to_string())
        .bind(record.goal.map(|g| g.to_string()))
        .bind(record.role.as_str())
        .bind(record.group.map(|g| g.to_string()))
        .bind(record.audience.map(|u| u.to_string()))
        .bind(i64::from(record.review_answers))
        .bind(micros(record.created_at))
        .execute(&tx)
        .map_err(store_error)?;
        if let Some(invitation) = invitation {
            insert_invitation_query(invitation).execute(&tx).map_err(store_error)?;
        }
        tx.commit()
    }

    async fn share(&self, id: ShareId) -> Result<Option<ShareRecord>, StoreError> {
        let sql = format!("{SHARE} WHERE id = ?1");
        self.one(query(sql).bind(id.to_string()), share).await
    }

    async fn shares_by(&self, owner: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = format!("{SHARE} WHERE user_id = ?1 ORDER BY created_at, id");
        self.rows(query(sql).bind(owner.to_string()), share).await
    }

    async fn shares_with(&self, user: UserId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = format!(
            "{SHARE} WHERE user_id <> ?1 AND (audience_id = ?1 OR group_id IN \
             (SELECT group_id FROM group_members WHERE user_id = ?1)) ORDER BY created_at, id"
        );
        self.rows(query(sql).bind(user.to_string()), share).await
    }

    async fn shares_in_group(&self, group: GroupId) -> Result<Vec<ShareRecord>, StoreError> {
        let sql = format!("{SHARE} WHERE group_id = ?1 ORDER BY created_at, id");
        self.rows(query(sql).bind(group.to_string()), share).await
    }

    async fn delete_share(&self, owner: UserId, id: ShareId) -> Result<(), StoreError> {
        let done = query("DELETE FROM shares WHERE id = ?1 AND user_id = ?2")
            .bind(id.to_string())
            .bind(owner.to_string())
            .execute(&*self.pool.acquire().await?)
            .map_err(store_error)?;
        if done == 0 {
            return Err(not_found("share", id));
        }
        Ok(())
    }

    async fn insert_invitation(&self, invitation: &InvitationRecord) -> Result<(), StoreError> {
        insert_invitation_query(invitation).execute(&*self.pool.acquire().await?).map_err(store_error)?;
        Ok(())
    }

    async fn accept_invitation(
        &self,
        hash: &str,
        user: UserId,
        now: Timestamp,
    ) -> Result<InvitationTarget, StoreError> {
        let refused = || not_found("invitation", "the link given");
        let tx = self.pool.begin(Access::Write).await?;
        let row: Option<(Option<String>, Option<String>)> = query(
            "UPDATE share_invitations SET used_at = ?2 WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?2 \
             RETURNING share_id, group_id",
        )
        .bind(hash)
        .bind(micros(now))
        .fetch_optional(&tx, |row| Ok((row.opt_text("share_id")?, row.opt_text("group_id")?)))?;
        let target = match row.ok_or_else(refused)? {
            (Some(share), None) => {
                let share: ShareId = parse_id(&share)?;
                let done =
                    query("UPDATE shares SET audience_id = ?2 WHERE id = ?1 AND audience_id IS NULL AND user_id <> ?2")
                        .bind(share.to_string())
                        .bind(user.to_string())
                        .execute(&tx)
                        .map_err(store_error)?;
                if done == 0 {
                    return Err(refused());
                }
                InvitationTarget::Share(share)
            }
            (None, Some(group)) => {
                let group: GroupId = parse_id(&group)?;
                query("INSERT OR IGNORE INTO group_members (group_id, user_id, joined_at) VALUES (?1, ?2, ?3)")
                    .bind(group.to_string())
                    .bind(user.to_string())
                    .bind(micros(now))
                    .execute(&tx)
                    .map_err(store_error)?;
                InvitationTarget::Group(group)
            }
            _ => return Err(StoreError::Corrupt("share_invitations: neither a share nor a group".to_owned())),
        };
        tx.commit()?;
        Ok(target)
    }

    async fn insert_group(&self, record: &GroupRecord) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        query("INSERT INTO mastermind_groups (id, name, created_by, created_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(record.id.to_string())
            .bind(&record.name)
            .bind(record.created_by.to_string())
            .bind(micros(record.created_at))
            .execute(&tx)
            .map_err(store_error)?;
        query("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?1, ?2, ?3)")
            .bind(record.id.to_string())
            .bind(record.created_by.to_string())
            .bind(micros(record.created_at))
            .execute(&tx)
            .map_err(store_error)?;
        tx.commit()
    }

    async fn group(&self, id: GroupId) -> Result<Option<GroupRecord>, StoreError> {
        let sql = format!("{GROUP} WHERE id = ?1");
        self.one(query(sql).bind(id.to_string()), group).await
    }

    async fn groups_of(&self, user: UserId) -> Result<Vec<GroupRecord>, StoreError> {
        let sql =
            format!("{GROUP} WHERE id IN (SELECT group_id FROM group_members WHERE user_id = ?1) ORDER BY name, id");
        self.rows(query(sql).bind(user.to_string()), group).await
    }

    async fn members(&self, id: GroupId) -> Result<Vec<MemberRecord>, StoreError> {
        let query =
            query("SELECT user_id, joined_at FROM group_members WHERE group_id = ?1 ORDER BY joined_at, user_id")
                .bind(id.to_string());
        self.rows(query, |c| Ok(MemberRecord { user: c.parsed("user_id")?, joined_at: c.timestamp("joined_at")? }))
            .await
    }

    async fn leave_group(&self, group: GroupId, user: UserId) -> Result<(), StoreError> {
        let tx = self.pool.begin(Access::Write).await?;
        let left = query("DELETE FROM group_members WHERE group_id = ?1 AND user_id = ?2")
            .bind(group.to_string())
            .bind(user.to_string())
            .execute(&tx)
            .map_err(store_error)?;
        if left == 0 {
            return Err(not_found("group", group));
        }
        query("DELETE FROM shares WHERE group_id = ?1 AND user_id = ?2")
            .bind(group.to_string())
            .bind(user.to_string())
            .execute(&tx)
            .map_err(store_error)?;
        tx.commit()
    }

    async fn insert_notification(&self, record: &NotificationRecord) -> Result<(), StoreError> {
        query("INSERT INTO notifications (id, user_id, text, link, created_at, read) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind(record.id.to_string())
            .bind(record.user.to_string())
            .bind(&record.text)
            .bind(&record.link)
            .bind(micros(record.created_at))
            .bind(i64::from(record.read))
            .execute(&*self.pool.acquire().await?)
            .map_err(store_error)?;
        Ok(())
    }

    async fn notifications(&self, user: UserId, limit: u32) -> Result<Vec<NotificationRecord>, StoreError> {
        let query = query(
            "SELECT id, user_id, text, link, created_at, read FROM notifications WHERE user_id = ?1 \
             ORDER BY created_at DESC, id DESC LIMIT ?2",
        )
        .bind(user.to_string())
        .bind(i64::from(limit));
        self.rows(query, notification).await
    }

    async fn mark_notifications_read(&self, user: UserId) -> Result<u64, StoreError> {
        let done = query("UPDATE notifications SET read = 1 WHERE user_id = ?1 AND read = 0")
            .bind(user.to_string())
            .execute(&*self.pool.acquire().await?)
            .map_err(store_error)?;
        Ok(done)
    }

    async fn insert_cheer(
        &self,
        owner: UserId,
        celebration: CelebrationId,
        author: UserId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = query(
            "INSERT OR IGNORE INTO cheers (user_id, celebration_id, author_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(owner.to_string())
        .bind(celebration.to_string())
        .bind(author.to_string())
        .bind(micros(at))
        .execute(&*self.pool.acquire().await?)
        .map_err(store_error)?;
        Ok(done == 1)
    }

    async fn cheers(&self, owner: UserId) -> Result<Vec<(CelebrationId, u32)>, StoreError> {
        let query = query(
            "SELECT celebration_id, count(*) AS n FROM cheers WHERE user_id = ?1 GROUP BY celebration_id \
             ORDER BY celebration_id",
        )
        .bind(owner.to_string());
        self.rows(query, |c| Ok((c.parsed("celebration_id")?, u32::try_from(c.int("n")?).unwrap_or(u32::MAX)))).await
    }

    async fn insert_suggestion(&self, record: &SuggestionRecord) -> Result<(), StoreError> {
        query(
            "INSERT INTO rung_suggestions (id, user_id, share_id, goal_id, author_id, title, difficulty, note, state, \
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .bind(record.id.to_string())
        .bind(record.owner.to_string())
        .bind(record.share.to_string())
        .bind(record.goal.to_string())
        .bind(record.author.to_string())
        .bind(&record.title)
        .bind(record.difficulty)
        .bind(&record.note)
        .bind(record.state.as_str())
        .bind(micros(record.created_at))
        .execute(&*self.pool.acquire().await?)
        .map_err(store_error)?;
        Ok(())
    }

    async fn pending_suggestions(&self, owner: UserId) -> Result<Vec<SuggestionRecord>, StoreError> {
        let sql = format!("{SUGGESTION} WHERE user_id = ?1 AND state = 'pending' ORDER BY created_at, id");
        self.rows(query(sql).bind(owner.to_string()), suggestion).await
    }

    async fn settle_suggestion(
        &self,
        owner: UserId,
        id: SuggestionId,
        state: SuggestionState,
    ) -> Result<SuggestionRecord, StoreError> {
        let sql = "UPDATE rung_suggestions SET state = ?3 WHERE id = ?1 AND user_id = ?2 AND state = 'pending' \
                   RETURNING id, user_id, share_id, goal_id, author_id, title, difficulty, note, state, created_at";
        let query = query(sql).bind(id.to_string()).bind(owner.to_string()).bind(state.as_str());
        self.one(query, suggestion).await?.ok_or_else(|| not_found("suggestion", id))
    }

    async fn set_mail_address(&self, user: UserId, address: Option<&str>) -> Result<(), StoreError> {
        let query = match address {
            Some(address) => query(
                "INSERT INTO mail_settings (user_id, address) VALUES (?1, ?2) \
                 ON CONFLICT (user_id) DO UPDATE SET address = excluded.address",
            )
            .bind(user.to_string())
            .bind(address),
            None => query("DELETE FROM mail_settings WHERE user_id = ?1").bind(user.to_string()),
        };
        query.execute(&*self.pool.acquire().await?).map_err(store_error)?;
        Ok(())
    }

    async fn mail_address(&self, user: UserId) -> Result<Option<String>, StoreError> {
        let query = query("SELECT address FROM mail_settings WHERE user_id = ?1").bind(user.to_string());
        self.one(query, |row| row.text("address")).await
    }

    async fn digests_due(&self, sent_before: Timestamp) -> Result<Vec<DigestRecipient>, StoreError> {
        let query = query(
            "SELECT user_id, address, digest_sent_at FROM mail_settings \
             WHERE digest_sent_at IS NULL OR digest_sent_at < ?1 ORDER BY user_id",
        )
        .bind(micros(sent_before));
        self.rows(query, |c| {
            Ok(DigestRecipient {
                user: c.parsed("user_id")?,
                address: c.text("address")?,
                last_sent: c.opt_timestamp("digest_sent_at")?,
            })
        })
        .await
    }

    async fn mark_digest_sent(&self, user: UserId, at: Timestamp) -> Result<(), StoreError> {
        query("UPDATE mail_settings SET digest_sent_at = ?2 WHERE user_id = ?1")
            .bind(user.to_string())
            .bind(micros(at))
            .execute(&*self.pool.acquire().await?)
            .map_err(store_error)?;
        Ok(())
    }
}

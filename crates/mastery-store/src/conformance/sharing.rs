//! Conformance of [`SharingStore`](crate::SharingStore): a share finds its audience through a
//! single-use invitation and is listed for both people, groups gather members and what they share,
//! revoking and leaving end access at once, notifications, cheers and suggested rungs belong to
//! their people, and deleting an account takes its side of every share with it.

use mastery_domain::ids::{CelebrationId, DomainId, GoalId, GroupId, NotificationId, ShareId, SuggestionId};
use mastery_domain::sharing::Role;

use super::accounts::{account, create};
use super::*;
use crate::{
    Account, AccountStore, DigestRecipient, GroupRecord, InvitationRecord, InvitationTarget, MemberRecord,
    NotificationRecord, ShareRecord, SharingStore, SuggestionRecord, SuggestionState,
};

/// Stamps out one `#[tokio::test]` per behaviour of the sharing port, like
/// [`conformance_suite!`](crate::conformance_suite) does for records (`optional:` included).
#[macro_export]
macro_rules! sharing_conformance_suite {
    (optional: $make:path) => {
        $crate::sharing_conformance_suite!(@suite (optional $make));
    };
    ($make:path) => {
        $crate::sharing_conformance_suite!(@suite (required $make));
    };
    (@suite $how:tt) => {
        $crate::conformance_suite!(@each $how;
            a_share_finds_its_audience_through_one_invitation,
            groups_gather_members_and_what_they_share,
            revoking_a_share_ends_access_and_its_invitations,
            notifications_cheers_and_suggestions_belong_to_their_people,
            deleting_an_account_takes_its_side_of_every_share,
            mail_addresses_and_digests_are_kept_per_person,
        );
    };
}

fn share(n: u32, owner: &Account, role: Role, group: Option<GroupId>) -> ShareRecord {
    ShareRecord {
        id: ShareId::from_uuid(uuid(n)),
        owner: owner.user,
        domain: DomainId::from_uuid(uuid(100 + n)),
        goal: Some(GoalId::from_uuid(uuid(200 + n))),
        role,
        group,
        audience: None,
        review_answers: n.is_multiple_of(2),
        created_at: at(i64::from(n)),
    }
}

fn invitation(hash: &str, target: InvitationTarget, by: &Account, expires_minute: i64) -> InvitationRecord {
    InvitationRecord {
        hash: hash.to_owned(),
        target,
        created_by: by.user,
        created_at: at(0),
        expires_at: at(expires_minute),
    }
}

fn group(n: u32, name: &str, by: &Account) -> GroupRecord {
    GroupRecord {
        id: GroupId::from_uuid(uuid(n)),
        name: name.to_owned(),
        created_by: by.user,
        created_at: at(i64::from(n)),
    }
}

async fn people<S: AccountStore>(store: &S) -> (Account, Account, Account) {
    let people = (account(1, "ada"), account(2, "grace"), account(3, "linus"));
    for person in [&people.0, &people.1, &people.2] {
        create(store, person).await;
    }
    people
}

fn refused_invitation<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    assert!(
        matches!(result, Err(StoreError::NotFound { entity: "invitation", .. })),
        "{what}: expected the invitation to be refused, got {result:?}"
    );
}

/// A partner share is listed for its owner at once and for its audience once they accept; the
/// invitation works once, not for the owner, and not after it expires.
pub async fn a_share_finds_its_audience_through_one_invitation<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    let partner = share(10, &ada, Role::Partner, None);
    let coach = share(11, &ada, Role::Coach, None);
    let to_partner = invitation("inv-partner", InvitationTarget::Share(partner.id), &ada, 60);
    store.insert_share(&partner, Some(&to_partner)).await.expect("insert_share");
    store
        .insert_share(&coach, Some(&invitation("inv-coach", InvitationTarget::Share(coach.id), &ada, 10)))
        .await
        .expect("insert_share");
    assert_reads!(store.shares_by(ada.user), vec![partner.clone(), coach.clone()]);
    assert_reads!(store.shares_with(grace.user), vec![], "before accepting");

    refused_invitation(store.accept_invitation("inv-partner", ada.user, at(5)).await, "the owner accepting");
    refused_invitation(store.accept_invitation("unknown", grace.user, at(5)).await, "an unknown invitation");
    refused_invitation(store.accept_invitation("inv-coach", grace.user, at(20)).await, "an expired invitation");
    assert_reads!(store.accept_invitation("inv-partner", grace.user, at(5)), InvitationTarget::Share(partner.id));
    refused_invitation(store.accept_invitation("inv-partner", linus.user, at(6)).await, "a used invitation");

    let accepted = ShareRecord { audience: Some(grace.user), ..partner.clone() };
    assert_reads!(store.shares_with(grace.user), vec![accepted.clone()]);
    assert_reads!(store.shares_with(linus.user), vec![]);
    assert_reads!(store.shares_with(ada.user), vec![], "the owner's own shares");
    assert_reads!(store.share(partner.id), Some(accepted));
    assert_reads!(store.share(ShareId::from_uuid(uuid(99))), None);
}

/// A group starts with its founder; an invitation adds a member; members see what others share
/// with the group but not their own shares; leaving takes the member's shares out with them.
pub async fn groups_gather_members_and_what_they_share<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    let runners = group(20, "Runners", &ada);
    store.insert_group(&runners).await.expect("insert_group");
    store.insert_group(&group(21, "Authors", &grace)).await.expect("insert_group");
    let join = invitation("join-runners", InvitationTarget::Group(runners.id), &ada, 60);
    store.insert_invitation(&join).await.expect("insert_invitation");
    assert_reads!(store.accept_invitation("join-runners", grace.user, at(30)), InvitationTarget::Group(runners.id));
    refused_invitation(store.accept_invitation("join-runners", linus.user, at(31)).await, "a used group invitation");

    assert_reads!(
        store.members(runners.id),
        vec![MemberRecord { user: ada.user, joined_at: at(20) }, MemberRecord { user: grace.user, joined_at: at(30) }]
    );
    assert_reads!(store.groups_of(grace.user), vec![group(21, "Authors", &grace), runners.clone()], "by name");
    assert_reads!(store.groups_of(linus.user), vec![]);
    assert_reads!(store.group(runners.id), Some(runners.clone()));

    let adas = share(40, &ada, Role::Group, Some(runners.id));
    let graces = share(41, &grace, Role::Group, Some(runners.id));
    store.insert_share(&adas, None).await.expect("insert_share");
    store.insert_share(&graces, None).await.expect("insert_share");
    assert_reads!(store.shares_with(grace.user), vec![adas.clone()]);
    assert_reads!(store.shares_with(ada.user), vec![graces.clone()]);
    assert_reads!(store.shares_with(linus.user), vec![], "not a member");
    assert_reads!(store.shares_in_group(runners.id), vec![adas.clone(), graces.clone()]);

    store.leave_group(runners.id, grace.user).await.expect("leave_group");
    assert_refused!(store.leave_group(runners.id, grace.user), not_found("group", runners.id));
    assert_reads!(store.shares_with(grace.user), vec![], "after leaving");
    assert_reads!(store.shares_in_group(runners.id), vec![adas]);
    assert_reads!(store.members(runners.id), vec![MemberRecord { user: ada.user, joined_at: at(20) }]);
}

/// Only the owner revokes a share; revoking removes it for the audience at once, and its
/// invitations and suggestions go with it.
pub async fn revoking_a_share_ends_access_and_its_invitations<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    let accepted = share(10, &ada, Role::Coach, None);
    let pending = share(11, &ada, Role::Partner, None);
    store
        .insert_share(&accepted, Some(&invitation("a", InvitationTarget::Share(accepted.id), &ada, 60)))
        .await
        .expect("insert_share");
    store
        .insert_share(&pending, Some(&invitation("p", InvitationTarget::Share(pending.id), &ada, 60)))
        .await
        .expect("insert_share");
    store.accept_invitation("a", grace.user, at(1)).await.expect("accept_invitation");
    store.insert_suggestion(&suggestion(50, &accepted, &grace)).await.expect("insert_suggestion");

    assert_refused!(store.delete_share(grace.user, accepted.id), not_found("share", accepted.id));
    store.delete_share(ada.user, accepted.id).await.expect("delete_share");
    store.delete_share(ada.user, pending.id).await.expect("delete_share");
    assert_refused!(store.delete_share(ada.user, pending.id), not_found("share", pending.id));
    assert_reads!(store.shares_with(grace.user), vec![]);
    assert_reads!(store.share(accepted.id), None);
    assert_reads!(store.pending_suggestions(ada.user), vec![]);
    refused_invitation(store.accept_invitation("p", linus.user, at(2)).await, "the invitation of a revoked share");
}

fn suggestion(n: u32, share: &ShareRecord, author: &Account) -> SuggestionRecord {
    SuggestionRecord {
        id: SuggestionId::from_uuid(uuid(n)),
        share: share.id,
        owner: share.owner,
        goal: share.goal.expect("the suite's shares name a goal"),
        author: author.user,
        title: format!("Rung {n}"),
        difficulty: Some(4.5),
        note: Some("one step between".to_owned()),
        state: SuggestionState::Pending,
        created_at: at(i64::from(n)),
    }
}

fn notification(n: u32, to: &Account, minute: i64) -> NotificationRecord {
    NotificationRecord {
        id: NotificationId::from_uuid(uuid(n)),
        user: to.user,
        text: format!("news {n}"),
        link: format!("/shared/{n}"),
        created_at: at(minute),
        read: false,
    }
}

/// Notifications list newest first per person and are marked read together; a cheer counts once
/// per person; a suggestion waits for its owner, who alone settles it, once.
pub async fn notifications_cheers_and_suggestions_belong_to_their_people<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    for n in
        [notification(60, &ada, 1), notification(61, &ada, 3), notification(62, &ada, 2), notification(63, &grace, 4)]
    {
        store.insert_notification(&n).await.expect("insert_notification");
    }
    assert_reads!(store.notifications(ada.user, 2), vec![notification(61, &ada, 3), notification(62, &ada, 2)]);
    assert_reads!(store.mark_notifications_read(ada.user), 3);
    assert_reads!(store.mark_notifications_read(ada.user), 0, "when all are read");
    assert_reads!(
        store.notifications(ada.user, 1),
        vec![NotificationRecord { read: true, ..notification(61, &ada, 3) }]
    );
    assert_reads!(store.notifications(grace.user, 10), vec![notification(63, &grace, 4)], "another person's");

    let (first, second) = (CelebrationId::from_uuid(uuid(70)), CelebrationId::from_uuid(uuid(71)));
    assert_reads!(store.insert_cheer(ada.user, first, grace.user, at(1)), true);
    assert_reads!(store.insert_cheer(ada.user, first, grace.user, at(2)), false, "a second cheer by the same person");
    assert_reads!(store.insert_cheer(ada.user, first, linus.user, at(3)), true);
    assert_reads!(store.insert_cheer(ada.user, second, grace.user, at(4)), true);
    assert_reads!(store.cheers(ada.user), vec![(first, 2), (second, 1)]);
    assert_reads!(store.cheers(grace.user), vec![]);

    let coached = share(10, &ada, Role::Coach, None);
    store.insert_share(&coached, None).await.expect("insert_share");
    let (kept, dropped) = (suggestion(80, &coached, &grace), suggestion(81, &coached, &grace));
    store.insert_suggestion(&kept).await.expect("insert_suggestion");
    store.insert_suggestion(&dropped).await.expect("insert_suggestion");
    assert_reads!(store.pending_suggestions(ada.user), vec![kept.clone(), dropped.clone()]);
    assert_refused!(
        store.settle_suggestion(grace.user, kept.id, SuggestionState::Accepted),
        not_found("suggestion", kept.id)
    );
    assert_reads!(
        store.settle_suggestion(ada.user, kept.id, SuggestionState::Accepted),
        SuggestionRecord { state: SuggestionState::Accepted, ..kept.clone() }
    );
    assert_refused!(
        store.settle_suggestion(ada.user, kept.id, SuggestionState::Declined),
        not_found("suggestion", kept.id)
    );
    assert_reads!(store.pending_suggestions(ada.user), vec![dropped]);
}

/// Deleting an account removes the shares it made and received, its memberships and its
/// notifications; the other people's shares and groups stay.
pub async fn deleting_an_account_takes_its_side_of_every_share<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    let to_grace = share(10, &ada, Role::Partner, None);
    let from_grace = share(11, &grace, Role::Partner, None);
    let to_linus = share(12, &ada, Role::Coach, None);
    for (s, code) in [(&to_grace, "g"), (&from_grace, "f"), (&to_linus, "l")] {
        store
            .insert_share(s, Some(&invitation(code, InvitationTarget::Share(s.id), &ada, 60)))
            .await
            .expect("insert_share");
    }
    store.accept_invitation("g", grace.user, at(1)).await.expect("accept_invitation");
    store.accept_invitation("f", ada.user, at(1)).await.expect("accept_invitation");
    store.accept_invitation("l", linus.user, at(1)).await.expect("accept_invitation");
    let circle = group(20, "Circle", &grace);
    store.insert_group(&circle).await.expect("insert_group");
    store.insert_notification(&notification(60, &grace, 1)).await.expect("insert_notification");

    store.delete_account(grace.user).await.expect("delete_account");
    assert_reads!(store.shares_by(ada.user), vec![ShareRecord { audience: Some(linus.user), ..to_linus.clone() }]);
    assert_reads!(store.shares_with(ada.user), vec![], "the deleted person's share");
    assert_reads!(store.members(circle.id), vec![]);
    assert_reads!(store.notifications(grace.user, 10), vec![]);
    assert_reads!(store.shares_with(linus.user), vec![ShareRecord { audience: Some(linus.user), ..to_linus }]);
}

/// An address is set, replaced and forgotten per person; a digest is due for whoever has an
/// address and no digest since the given time, and deleting the account forgets the address.
pub async fn mail_addresses_and_digests_are_kept_per_person<S: SharingStore + AccountStore>(store: &S) {
    let (ada, grace, linus) = people(store).await;
    store.set_mail_address(ada.user, Some("ada@example.org")).await.expect("set_mail_address");
    store.set_mail_address(grace.user, Some("old@example.org")).await.expect("set_mail_address");
    store.set_mail_address(grace.user, Some("grace@example.org")).await.expect("set_mail_address");
    assert_reads!(store.mail_address(grace.user), Some("grace@example.org".to_owned()));
    assert_reads!(store.mail_address(linus.user), None);
    let due = |user: &Account, address: &str, last_sent| DigestRecipient {
        user: user.user,
        address: address.to_owned(),
        last_sent,
    };
    assert_reads!(
        store.digests_due(at(100)),
        vec![due(&ada, "ada@example.org", None), due(&grace, "grace@example.org", None)]
    );

    store.mark_digest_sent(ada.user, at(50)).await.expect("mark_digest_sent");
    assert_reads!(store.digests_due(at(50)), vec![due(&grace, "grace@example.org", None)], "sent at the bound");
    assert_eq!(store.digests_due(at(51)).await.expect("digests_due").len(), 2, "ada is due again after the bound");
    store.set_mail_address(ada.user, Some("ada@example.com")).await.expect("set_mail_address");
    assert_reads!(
        store.digests_due(at(60)),
        vec![due(&ada, "ada@example.com", Some(at(50))), due(&grace, "grace@example.org", None)]
    );

    store.set_mail_address(grace.user, None).await.expect("set_mail_address");
    assert_reads!(store.mail_address(grace.user), None);
    store.delete_account(ada.user).await.expect("delete_account");
    assert_reads!(store.digests_due(at(1000)), vec![]);
}

"""Working groups of a network and the people in the network and its groups (membership rows:
members and leads).

Rules: a group's name is unique within its network (names compared as in ``naming``); a person
is added by the e-mail of an active account, once to the network and once to each group, and
only to a group of that network that is not archived. Every change of a membership forgets the
membership lookups this request kept (``membership.forget_memberships``).

Every function validates, changes, flushes and writes the audit log; the view commits. A broken
rule raises ``NetworkRuleError``.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case

from ..accounts.models import AccountStatus, User
from ..core import audit
from ..extensions import db
from .membership import forget_memberships
from .models import GroupKind, Membership, MembershipRole, Network, NetworkAction, WorkingGroup
from .naming import NetworkRuleError, clean_name, name_taken


def groups_of(network: Network) -> list[WorkingGroup]:
    return list(
        db.session.scalars(
            db.select(WorkingGroup)
            .where(WorkingGroup.network_id == network.id)
            .order_by(WorkingGroup.archived, WorkingGroup.name)
        )
    )


def memberships_of(network: Network) -> list[Membership]:
    """Leads and explicit members of the network and its groups, leads first, by name."""
    return list(
        db.session.scalars(
            db.select(Membership)
            .join(Membership.user)
            .where(Membership.network_id == network.id)
            .order_by(
                case((Membership.role == MembershipRole.LEAD, 0), else_=1),
                User.full_name,
                Membership.id,
            )
        )
    )


# --- Working groups -------------------------------------------------------------------------


def _group_name_taken(network: Network, name: str, exclude_id: int | None = None) -> bool:
    exclude = WorkingGroup.id != exclude_id if exclude_id is not None else None
    return name_taken(
        WorkingGroup.name, name, WorkingGroup.network_id == network.id, exclude=exclude
    )


def create_group(network: Network, *, name: str, kind: GroupKind) -> WorkingGroup:
    name = clean_name(name)
    if _group_name_taken(network, name):
        raise NetworkRuleError(_("This network has a group with this name already."), "name")
    group = WorkingGroup(network=network, name=name, kind=kind)
    db.session.add(group)
    db.session.flush()
    audit.record(NetworkAction.GROUP_CREATED, group, detail=f"{network.name}: {name}")
    return group


def update_group(group: WorkingGroup, *, name: str, kind: GroupKind) -> None:
    name = clean_name(name)
    if _group_name_taken(group.network, name, exclude_id=group.id):
        raise NetworkRuleError(_("This network has a group with this name already."), "name")
    group.name = name
    group.kind = kind
    db.session.flush()
    audit.record(NetworkAction.GROUP_UPDATED, group, detail=name)


def set_group_archived(group: WorkingGroup, archived: bool) -> None:
    if group.archived == archived:
        return
    group.archived = archived
    db.session.flush()
    audit.record(
        NetworkAction.GROUP_ARCHIVED if archived else NetworkAction.GROUP_UNARCHIVED,
        group,
        detail=group.name,
    )


# --- People ---------------------------------------------------------------------------------


def add_member(
    network: Network,
    email: str,
    role: MembershipRole,
    group: WorkingGroup | None = None,
) -> Membership:
    """Add the person with ``email`` to ``network`` (or one of its groups) as member or lead."""
    # Not accounts.services.find_user_by_email: accounts.services imports this package.
    user = db.session.scalar(db.select(User).where(User.email == (email or "").strip().lower()))
    if user is None or user.status != AccountStatus.ACTIVE:
        raise NetworkRuleError(_("Nobody with an active account has this e-mail."), "email")
    if group is not None:
        if group.network_id != network.id:
            raise NetworkRuleError(_("Choose a group of this network."), "group_id")
        if group.archived:
            raise NetworkRuleError(_("This group is archived."), "group_id")
    existing = db.session.scalar(
        db.select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.network_id == network.id,
            Membership.group_id.is_(None) if group is None else Membership.group_id == group.id,
        )
    )
    if existing is not None:
        raise NetworkRuleError(_("This person is there already."), "email")
    membership = Membership(user=user, network=network, group=group, role=role)
    db.session.add(membership)
    db.session.flush()
    forget_memberships()
    where = f"{network.name} / {group.name}" if group else network.name
    audit.record(
        NetworkAction.MEMBER_ADDED, membership, detail=f"{user.email} → {where}: {role.value}"
    )
    return membership


def remove_member(membership: Membership) -> None:
    where = membership.network.name
    if membership.group is not None:
        where += f" / {membership.group.name}"
    audit.record(
        NetworkAction.MEMBER_REMOVED,
        membership,
        detail=f"{membership.user.email} ← {where}: {membership.role.value}",
    )
    db.session.delete(membership)
    db.session.flush()
    forget_memberships()

"""Who may read and do what in the forum: its permissions, registered into the one ``can()``
(``accounts.permissions``); ``ForumScope``, the one decision behind ``forum.view_category`` and
behind every list query (``allows`` for one category, ``clause`` for a list), so a page and a
list can never disagree; and the ``*_or_404`` loaders: what the signed-in person may not read
answers 404, exactly like what does not exist.

Site-wide categories are open to every active member; a network's categories to the members of
that network (through their school or a membership row) and staff; a working group's to the
people with a membership row for that group and staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, false, literal, or_, union_all
from sqlalchemy.orm import joinedload

from ..accounts.models import AccountStatus, Role, User
from ..accounts.permissions import STAFF_ROLES, is_staff, permission, visible_or_404
from ..core.db import read_rows
from ..core.requestcache import by_user, per_request
from ..extensions import db
from ..network.membership import live_networks_of
from ..network.models import Membership, Network, NetworkSchool
from .models import Category, Post, Thread


@dataclass(frozen=True)
class ForumScope:
    everything: bool
    network_ids: frozenset[int]
    group_ids: frozenset[int]

    def allows(self, category: Category) -> bool:
        if self.everything:
            return True
        if category.group_id is not None:
            return category.group_id in self.group_ids
        if category.network_id is not None:
            return category.network_id in self.network_ids
        return True

    def clause(self):
        """A WHERE clause on ``Category`` that keeps what ``allows`` allows."""
        if self.everything:
            return ~false()
        site_wide = and_(Category.network_id.is_(None), Category.group_id.is_(None))
        in_network = and_(
            Category.group_id.is_(None),
            Category.network_id.in_(self.network_ids) if self.network_ids else false(),
        )
        in_group = Category.group_id.in_(self.group_ids) if self.group_ids else false()
        return or_(site_wide, in_network, in_group)


#: Built once (see ``network.membership._MEMBER_NETWORK_IDS``): every page of a network's or a
#: group's category runs it.
_SCOPE_IDS = union_all(
    db.select(Network.id, literal("network")).where(
        live_networks_of(bindparam("school_id"), bindparam("user_id"))
    ),
    db.select(Membership.group_id, literal("group")).where(
        Membership.user_id == bindparam("user_id"), Membership.group_id.is_not(None)
    ),
)


@per_request(key=by_user)
def scope_for(user) -> ForumScope:
    """``user``'s scope, once per request: one query of the ids of the networks ``user`` belongs
    to (``member_of_network``) and of their working groups; none for staff."""
    if is_staff(user):
        return ForumScope(True, frozenset(), frozenset())
    ids: dict[str, set[int]] = {"network": set(), "group": set()}
    params = {"school_id": user.school_id, "user_id": user.id}
    for ident, kind in read_rows(_SCOPE_IDS, params):
        ids[kind].add(ident)
    return ForumScope(False, frozenset(ids["network"]), frozenset(ids["group"]))


def needs_scope(user, category: Category) -> bool:
    """False when ``category`` is open to ``user`` without looking at memberships."""
    return not (is_staff(user) or (category.network_id is None and category.group_id is None))


def reader_clause(category: Category):
    """A WHERE clause on ``User``: the active people who may read ``category``.

    The same decision as ``scope_for(person).allows(category)``, for every person at once: used to
    pick whom to notify and whom to offer in the @mention list (tests check they agree).
    """
    active = User.status == AccountStatus.ACTIVE
    if category.group_id is not None:
        in_group = db.select(Membership.user_id).where(Membership.group_id == category.group_id)
        members = User.id.in_(in_group)
    elif category.network_id is not None:
        network_id = category.network_id
        live = (
            db.select(Network.id)
            .where(Network.id == network_id, Network.archived.is_(False))
            .exists()
        )
        schools = db.select(NetworkSchool.school_id).where(NetworkSchool.network_id == network_id)
        own = db.select(Membership.user_id).where(Membership.network_id == network_id)
        members = and_(live, or_(User.school_id.in_(schools), User.id.in_(own)))
    else:
        return active
    return and_(active, or_(User.role.in_(STAFF_ROLES), members))


# --- Permissions ------------------------------------------------------------------------------

#: Roles that keep the forum civil: hide posts, lock and pin threads.
FORUM_MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})


@permission("forum.view_category")
def _view_forum_category(user: User, category) -> bool:
    """Site-wide for all; a network's or a working group's for its members and staff."""
    return not needs_scope(user, category) or scope_for(user).allows(category)


@permission("forum.create_thread")
def _create_forum_thread(user: User, category) -> bool:
    return not category.archived and _view_forum_category(user, category)


@permission("forum.post")
def _post_in_forum_thread(user: User, thread) -> bool:
    """Reply to ``thread``; a locked thread refuses with its own message (in the service)."""
    return _create_forum_thread(user, thread.category)


@permission("forum.edit_post")
def _edit_forum_post(user: User, post) -> bool:
    return post.author_id == user.id and post.deleted_at is None and post.hidden_at is None


@permission("forum.delete_post")
def _delete_forum_post(user: User, post) -> bool:
    return post.author_id == user.id and post.deleted_at is None


@permission("forum.moderate")
def _moderate_forum(user: User, _obj) -> bool:
    """Hide and unhide posts, lock and pin threads (in categories the moderator can see)."""
    return user.role in FORUM_MODERATOR_ROLES


@permission("forum.report_post")
def _report_forum_post(user: User, post) -> bool:
    """Report someone else's post that is still shown (the view checks it can be read)."""
    return post.author_id != user.id and post.deleted_at is None and post.hidden_at is None


@permission("forum.review_reports")
def _review_forum_reports(user: User, _obj) -> bool:
    """The queue of reported posts, and hiding or dismissing from it."""
    return user.role in FORUM_MODERATOR_ROLES


@permission("forum.manage_categories")
def _manage_forum_categories(user: User, _obj) -> bool:
    return is_staff(user)


# --- Loaders ----------------------------------------------------------------------------------


def category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    return visible_or_404(category, "forum.view_category")


#: Built once, as the thread page's other statements (``services._PAGE_OF_POSTS``).
_THREAD = db.select(Thread).where(Thread.id == bindparam("thread_id"))


def thread_or_404(thread_id: int) -> Thread:
    thread = db.session.scalar(_THREAD, {"thread_id": thread_id})  # with its category, joined
    return visible_or_404(thread, "forum.view_category", lambda thread: thread.category)


def post_or_404(post_id: int) -> Post:
    post = db.session.scalar(
        db.select(Post)
        .where(Post.id == post_id)
        .options(joinedload(Post.thread), joinedload(Post.author))
    )
    return visible_or_404(post, "forum.view_category", lambda post: post.thread.category)

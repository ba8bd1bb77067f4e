"""Forum moderation rules: edit history, reports and their queue, moving threads.

Plain functions over model objects, like ``services.py``: they validate, change, ``flush()`` and
write the audit log; the view commits once. Notifying authors is not done here: hiding goes
through ``services.hide_post``, where the notifications code hooks in.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..accounts.forms import COMMUNITY_RULES
from ..core import audit
from ..core.db import utcnow
from ..extensions import db
from . import services
from .models import Category, ForumAction, Post, Thread
from .moderation_models import OTHER_REASON, PostReport, PostRevision, ReportStatus
from .services import ForumError, Page, page_count

#: Posts (each with all its open reports) on one page of the moderators' queue.
QUEUE_PER_PAGE = 20

ALREADY_REPORTED = _l("You already reported this post; moderators will look at it.")


class AlreadyReported(ForumError):
    """The person has an open report on this post already."""


def reason_choices() -> list[tuple[str, object]]:
    """The community rules (DESIGN §1), numbered from 1, then "Other"."""
    choices = [(str(number), rule) for number, rule in enumerate(COMMUNITY_RULES, start=1)]
    return [*choices, (OTHER_REASON, _l("Other (say what in the comment)"))]


def reason_label(reason: str):
    """The translated text of a stored reason."""
    if reason.isdigit() and 1 <= int(reason) <= len(COMMUNITY_RULES):
        return COMMUNITY_RULES[int(reason) - 1]
    return _lp("report reason", "Other")


# --- Edit history -----------------------------------------------------------------------------


def revisions_of(post: Post) -> list[PostRevision]:
    """Earlier versions of ``post``, newest first, with their editors (one query)."""
    query = (
        db.select(PostRevision)
        .where(PostRevision.post_id == post.id)
        .options(joinedload(PostRevision.editor))
        .order_by(PostRevision.edited_at.desc(), PostRevision.id.desc())
    )
    return list(db.session.scalars(query))


# --- Reports ----------------------------------------------------------------------------------


def has_open_report(post: Post, user) -> bool:
    return (
        db.session.scalar(
            db.select(PostReport.id).where(
                PostReport.post_id == post.id,
                PostReport.reporter_id == user.id,
                PostReport.status == ReportStatus.OPEN,
            )
        )
        is not None
    )


def report_post(post: Post, reporter, reason: str, comment: str) -> PostReport:
    """File ``reporter``'s report; a second open report on the same post is refused."""
    comment = (comment or "").strip()
    if reason not in dict(reason_choices()):
        raise ForumError(_l("Choose a reason from the list."))
    if reason == OTHER_REASON and not comment:
        raise ForumError(_l("Say what is wrong in the comment."))
    if has_open_report(post, reporter):
        raise AlreadyReported(ALREADY_REPORTED)
    report = PostReport(post_id=post.id, reporter_id=reporter.id, reason=reason, comment=comment)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError as error:  # the same person's other tab, a moment ago
        raise AlreadyReported(ALREADY_REPORTED) from error
    audit.record(ForumAction.REPORT_POST, post, actor=reporter, detail=reason, reason=comment)
    return report


@dataclass
class QueueItem:
    """One reported post with all its open reports (oldest first)."""

    post: Post
    reports: list[PostReport]

    @property
    def count(self) -> int:
        return len(self.reports)


def _open_in_scope(user):
    visible = services.visible_category_ids(user)
    return (
        db.select(PostReport.post_id)
        .join(Post, Post.id == PostReport.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(PostReport.status == ReportStatus.OPEN, Thread.category_id.in_(visible))
    )


def report_queue(user, page: int) -> Page:
    """Posts with open reports that ``user`` may read, the longest-waiting first.

    Four queries whatever the number of reports: the count, one page of post ids, the posts
    with their threads and authors, the reports with their reporters.
    """
    total = db.session.scalar(
        db.select(func.count()).select_from(_open_in_scope(user).distinct().subquery())
    )
    pages = page_count(total or 0, QUEUE_PER_PAGE)
    page = min(max(page, 1), pages)
    first = func.min(PostReport.created_at)
    ids = list(
        db.session.scalars(
            _open_in_scope(user)
            .group_by(PostReport.post_id)
            .order_by(first, PostReport.post_id)
            .limit(QUEUE_PER_PAGE)
            .offset((page - 1) * QUEUE_PER_PAGE)
        )
    )
    return Page(_queue_items(ids), page, pages, total or 0)


def queue_item(post: Post) -> QueueItem | None:
    """``post``'s place in the queue, or None when it has no open report left."""
    items = _queue_items([post.id])
    return items[0] if items else None


def _queue_items(ids: list[int]) -> list[QueueItem]:
    if not ids:
        return []
    posts = {
        post.id: post
        for post in db.session.scalars(
            db.select(Post)
            .where(Post.id.in_(ids))
            .options(joinedload(Post.thread), joinedload(Post.author))
        )
    }
    reports: dict[int, list[PostReport]] = {post_id: [] for post_id in ids}
    for report in db.session.scalars(
        db.select(PostReport)
        .where(PostReport.post_id.in_(ids), PostReport.status == ReportStatus.OPEN)
        .options(joinedload(PostReport.reporter))
        .order_by(PostReport.created_at, PostReport.id)
    ):
        reports[report.post_id].append(report)
    return [QueueItem(posts[i], reports[i]) for i in ids if i in posts and reports[i]]


def _close_reports(post: Post, moderator, status: ReportStatus) -> int:
    reports = db.session.scalars(
        db.select(PostReport).where(
            PostReport.post_id == post.id, PostReport.status == ReportStatus.OPEN
        )
    ).all()
    now = utcnow()
    for report in reports:
        report.status = status
        report.resolved_at = now
        report.resolved_by_id = moderator.id
    return len(reports)


def hide_reported_post(post: Post, moderator, reason: str) -> int:
    """Hide ``post`` (audited by ``services.hide_post``) and close its open reports."""
    if post.hidden_at is None:
        services.hide_post(post, moderator, reason)
    closed = _close_reports(post, moderator, ReportStatus.UPHELD)
    audit.record(
        ForumAction.UPHOLD_REPORTS, post, actor=moderator, detail=str(closed), reason=reason.strip()
    )
    db.session.flush()
    return closed


def dismiss_reports(post: Post, moderator, reason: str) -> int:
    """Close ``post``'s open reports without acting on the post."""
    closed = _close_reports(post, moderator, ReportStatus.DISMISSED)
    audit.record(
        ForumAction.DISMISS_REPORTS,
        post,
        actor=moderator,
        detail=str(closed),
        reason=reason.strip(),
    )
    db.session.flush()
    return closed


# --- Moving threads ---------------------------------------------------------------------------


def move_targets(user, thread: Thread) -> list[Category]:
    """Open categories ``user`` may read, other than the thread's own, in list order."""
    query = (
        db.select(Category)
        .where(
            Category.id.in_(services.visible_category_ids(user)),
            Category.archived.is_(False),
            Category.id != thread.category_id,
        )
        .order_by(Category.position, Category.title, Category.id)
    )
    return list(db.session.scalars(query))


def move_thread(thread: Thread, target: Category, moderator, reason: str) -> None:
    if target.archived:
        raise ForumError(_l("This category is archived: it takes no new threads."))
    if target.id == thread.category_id:
        return
    source = thread.category
    thread.category_id = target.id
    services.shift_thread_count(source.id, -1)
    services.shift_thread_count(target.id, 1)
    audit.record(
        ForumAction.MOVE_THREAD,
        thread,
        actor=moderator,
        detail=f"{source.id} → {target.id}: {source.title} → {target.title}",
        reason=(reason or "").strip(),
    )
    db.session.flush()
    db.session.expire(thread, ["category"])

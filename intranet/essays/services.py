"""The rules of essays: cycles, drafts, submission, withdrawal, feedback and who may do what.

Plain functions over model objects: they validate, change, flush and write the audit log; the
view commits once. A refused change raises ``RuleError`` with a translated message.

**Who writes in a cycle** (its *members*): the active people of the cycle's network who are not
coordination-centre staff, that is the people of the network's schools (``NetworkSchool``, as
the network map defines them: "teachers belong to the networks of their school without a row")
and the people with a membership row of their own in the network (any role but mentor).
**Who reviews** (*reviewers*): coordinators and admins (the trainers of the coordination
centre), and the network's leads and mentors (network-level ``Membership`` rows with the role
``LEAD`` or ``MENTOR``). A lead who teaches in a member school is both.

``members.py`` applies this rule (``member_clause``, ``is_member``, ``is_reviewer``);
``tracking.py`` counts who has sent theirs.

**Dates** are calendar days in Asia/Almaty: a submission on or before ``due_on`` is on time,
one up to ``cutoff_on`` is late, and after that it is refused while the draft is kept.
A submitted essay may be withdrawn (and edited, and submitted again) until ``due_on``; every
submitted version stays in ``EssayVersion``.

The events cyclogram makes the monthly cycles through ``create_monthly_series``
(``cyclogram.py``); the monitoring pages count essays through ``metrics.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..core import audit
from ..core.db import utcnow
from ..core.i18n import local_today
from ..core.localformat import format_date
from ..core.markdown import render_markdown
from ..core.rules import RuleError
from ..extensions import db
from ..network.models import Network, NetworkSchool, School
from ..notifications.models import NotificationKind
from ..notifications.services import notify
from .access import cycle_scope_for
from .counting import count_text
from .language import guess_language
from .members import is_member
from .models import (
    DEFAULT_EXPECTED_SENTENCES,
    MAX_ESSAY_LENGTH,
    CycleVisibility,
    Essay,
    EssayAction,
    EssayCycle,
    EssayLanguage,
    EssayResponse,
    EssayStatus,
    EssayVersion,
    ResponseKind,
    Standing,
)
from .schoolyear import SCHOOL_YEAR_MONTHS, month_dates

# --- Cycles -----------------------------------------------------------------------------------


def _check_dates(opens_on: date, due_on: date, cutoff_on: date) -> None:
    if due_on < opens_on:
        raise RuleError(_("The due date cannot come before the opening date."), "due_on")
    if cutoff_on < due_on:
        raise RuleError(_("The cut-off date cannot come before the due date."), "cutoff_on")


def create_cycle(
    network: Network,
    actor,
    *,
    title: str,
    prompt: str,
    opens_on: date,
    due_on: date,
    cutoff_on: date,
    expected_sentences: int = DEFAULT_EXPECTED_SENTENCES,
    visibility: CycleVisibility = CycleVisibility.COMMUNITY,
    series: str = "",
) -> EssayCycle:
    """Open one essay cycle in ``network``. The events cyclogram calls this too.

    ``prompt`` is Markdown in the author's language; dates are Almaty calendar days with
    ``opens_on <= due_on <= cutoff_on`` (``RuleError`` naming the field otherwise).
    """
    title = (title or "").strip()
    if not title:
        raise RuleError(_("Give the cycle a title."), "title")
    _check_dates(opens_on, due_on, cutoff_on)
    if not 1 <= expected_sentences <= 100:
        raise RuleError(_("Expect between 1 and 100 sentences."), "expected_sentences")
    cycle = EssayCycle(
        network_id=network.id,
        network=network,
        title=title[:200],
        prompt=prompt or "",
        prompt_html=render_markdown(prompt or ""),
        opens_on=opens_on,
        due_on=due_on,
        cutoff_on=cutoff_on,
        expected_sentences=expected_sentences,
        visibility=visibility,
        series=series,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(cycle)
    db.session.flush()
    audit.record(EssayAction.CREATE_CYCLE, cycle, actor=actor, detail=cycle.title)
    return cycle


def create_monthly_series(
    network: Network,
    actor,
    *,
    first_year: int,
    title: str,
    prompt: str,
    due_day: int = 25,
    grace_days: int = 5,
    expected_sentences: int = DEFAULT_EXPECTED_SENTENCES,
    visibility: CycleVisibility = CycleVisibility.COMMUNITY,
    due_on_for: Callable[[date], date | None] | None = None,
) -> list[EssayCycle]:
    """One cycle a month for the school year that starts in September of ``first_year``
    (September to May). Each is titled "<title>: <month year>" in the current language.

    Months that already have a cycle of this series in the network are skipped, so running it
    twice adds nothing. ``due_on_for`` (the cyclogram's) may move a month's due date, given the
    ``due_day`` one, or answer None to leave the month out of this run; the cut-off follows the
    moved date by ``grace_days``. Returns the cycles created.
    """
    if not 1 <= due_day <= 31:
        raise RuleError(_("Choose a day of the month between 1 and 31."), "due_day")
    if not 0 <= grace_days <= 60:
        raise RuleError(_("Allow between 0 and 60 days after the due date."), "grace_days")
    series = f"{first_year}-{first_year + 1}"
    taken = set(
        db.session.scalars(
            db.select(EssayCycle.opens_on).where(
                EssayCycle.network_id == network.id, EssayCycle.series == series
            )
        )
    )
    shared = {
        "prompt": prompt,
        "expected_sentences": expected_sentences,
        "visibility": visibility,
        "series": series,
    }
    created = []
    for month in SCHOOL_YEAR_MONTHS:
        year = first_year if month >= 9 else first_year + 1
        opens_on, due_on, cutoff_on = month_dates(year, month, due_day, grace_days)
        if opens_on in taken:
            continue
        if due_on_for is not None:
            due_on = due_on_for(due_on)
            if due_on is None:
                continue
            cutoff_on = due_on + timedelta(days=grace_days)
        month_name = format_date(opens_on, "month_year")  # in the current language
        dates = {"opens_on": opens_on, "due_on": due_on, "cutoff_on": cutoff_on}
        title_of_month = f"{title.strip()}: {month_name}"
        created.append(create_cycle(network, actor, title=title_of_month, **dates, **shared))
    return created


def cycles_for(user) -> list[EssayCycle]:
    """The cycles ``user`` may open (``access.CycleScope``; staff: all), the latest due first."""
    statement = (
        db.select(EssayCycle)
        .where(cycle_scope_for(user).clause())
        .order_by(EssayCycle.due_on.desc(), EssayCycle.id.desc())
    )
    return list(db.session.scalars(statement.limit(60)))


# --- Writing ----------------------------------------------------------------------------------


def own_essay(cycle: EssayCycle, author, *, lock: bool = False) -> Essay | None:
    statement = db.select(Essay).where(Essay.cycle_id == cycle.id, Essay.author_id == author.id)
    if lock:
        statement = statement.with_for_update(of=Essay)
    return db.session.scalar(statement)


def _essay_for(cycle: EssayCycle, author) -> Essay:
    """The author's essay in ``cycle``, created empty (locked on PostgreSQL) when missing.

    Two first saves at once meet the unique constraint: the loser's savepoint rolls back and
    it takes the row the winner made.
    """
    essay = own_essay(cycle, author, lock=True)
    if essay is not None:
        return essay
    try:
        with db.session.begin_nested():
            essay = Essay(cycle_id=cycle.id, cycle=cycle, author_id=author.id)
            db.session.add(essay)
    except IntegrityError:
        essay = own_essay(cycle, author, lock=True)
    return essay


def _check_writable(cycle: EssayCycle, author, day: date) -> None:
    if not is_member(author, cycle.network):
        raise RuleError(_("Only members of this network write in this cycle."))
    if day < cycle.opens_on:
        raise RuleError(
            _("This cycle opens on %(date)s.", date=format_date(cycle.opens_on, "long"))
        )


def _clean(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_ESSAY_LENGTH:
        raise RuleError(_("The essay is too long."), "body")
    return body


def save_draft(cycle: EssayCycle, author, body: str, *, day: date | None = None) -> Essay:
    """Keep ``body`` as the author's draft (idempotent: the same text twice is one draft).

    A submitted essay is not overwritten: it must be withdrawn first. Drafts are kept after
    the cut-off too: it is the author's own text.
    """
    day = day or local_today()
    _check_writable(cycle, author, day)
    body = _clean(body)
    essay = _essay_for(cycle, author)
    if essay.status == EssayStatus.SUBMITTED:
        if body == essay.body:
            return essay
        raise RuleError(_("This essay has been submitted. Withdraw it to change it."))
    _set_text(essay, body, author)
    essay.saved_at = utcnow()
    db.session.flush()
    return essay


def _set_text(essay: Essay, body: str, author) -> None:
    if body == essay.body and essay.body_html:
        return
    counts = count_text(body)
    essay.body = body
    essay.body_html = render_markdown(body)
    essay.sentence_count = counts.sentences
    essay.word_count = counts.words
    essay.language = guess_language(body, getattr(author, "locale", "kk"))


def submit_essay(essay: Essay, author, *, own_work: bool, day: date | None = None) -> Essay:
    """Submit the essay's current text as a new version.

    Refuses, before changing anything (so a view may still commit the draft it just saved):
    after the cut-off, without the own-work statement, an empty text, an essay submitted
    already. After the due date the submission is marked late.
    """
    day = day or local_today()
    # Lock the row (PostgreSQL): a second tab submitting at the same moment waits here and
    # then sees this submission. SQLite's BEGIN IMMEDIATE serialises the requests already.
    db.session.refresh(essay, with_for_update={"of": Essay})
    cycle = essay.cycle
    if essay.status == EssayStatus.SUBMITTED:
        raise RuleError(_("This essay has been submitted already."))
    if day > cycle.cutoff_on:
        raise RuleError(
            _(
                "Submissions closed on %(date)s. Your text is kept as a draft.",
                date=format_date(cycle.cutoff_on, "long"),
            )
        )
    if not essay.body.strip():
        raise RuleError(_("Write your essay first."), "body")
    if not own_work:
        raise RuleError(_("Confirm that the essay is your own work."), "own_work")
    now = utcnow()
    essay.status = EssayStatus.SUBMITTED
    essay.submitted_at = now
    essay.late = day > cycle.due_on
    essay.version_count += 1
    db.session.add(
        EssayVersion(
            essay_id=essay.id,
            number=essay.version_count,
            body=essay.body,
            body_html=essay.body_html,
            sentence_count=essay.sentence_count,
            word_count=essay.word_count,
            submitted_at=now,
            late=essay.late,
        )
    )
    db.session.flush()
    audit.record(EssayAction.SUBMIT, essay, actor=author, detail=f"v{essay.version_count}")
    return essay


def can_withdraw(essay: Essay, day: date | None = None) -> bool:
    return essay.status == EssayStatus.SUBMITTED and (day or local_today()) <= essay.cycle.due_on


def withdraw_essay(essay: Essay, author, *, day: date | None = None) -> Essay:
    """Turn a submitted essay back into a draft, until the due date; its version is kept."""
    if essay.status != EssayStatus.SUBMITTED:
        raise RuleError(_("Only a submitted essay can be withdrawn."))
    if not can_withdraw(essay, day):
        raise RuleError(_("The due date has passed: the essay can no longer be withdrawn."))
    essay.status = EssayStatus.DRAFT
    essay.late = False
    essay.submitted_at = None
    db.session.execute(
        db.update(EssayVersion)
        .where(EssayVersion.essay_id == essay.id, EssayVersion.number == essay.version_count)
        .values(withdrawn_at=utcnow())
    )
    db.session.flush()
    audit.record(EssayAction.WITHDRAW, essay, actor=author, detail=f"v{essay.version_count}")
    return essay


def versions_of(essay: Essay) -> list[EssayVersion]:
    """Every version the author sent, the newest first."""
    newest_first = EssayVersion.number.desc()
    statement = db.select(EssayVersion).where(EssayVersion.essay_id == essay.id)
    return list(db.session.scalars(statement.order_by(newest_first)))


# --- Feedback and comments --------------------------------------------------------------------


def add_response(essay: Essay, actor, kind: ResponseKind, body: str) -> EssayResponse:
    """Feedback (a reviewer) or a comment (a member) on a submitted essay; the author is told."""
    body = (body or "").strip()
    if not body:
        raise RuleError(_("Write something first."), "body")
    if essay.status != EssayStatus.SUBMITTED:
        raise RuleError(_("Only a submitted essay takes feedback and comments."))
    response = EssayResponse(
        essay_id=essay.id,
        author_id=actor.id,
        kind=kind,
        body=body,
        body_html=render_markdown(body),
    )
    db.session.add(response)
    db.session.flush()
    notification = (
        NotificationKind.ESSAY_FEEDBACK
        if kind == ResponseKind.FEEDBACK
        else NotificationKind.ESSAY_COMMENT
    )
    notify(
        {essay.author_id: notification},
        actor=actor,
        target_type="essay",
        target_id=essay.id,
        subject=essay.cycle.title,
        detail=body[:200],
        once=False,
    )
    action = EssayAction.FEEDBACK if kind == ResponseKind.FEEDBACK else EssayAction.COMMENT
    audit.record(action, essay, actor=actor)
    return response


def responses_of(essay: Essay) -> list[EssayResponse]:
    """Feedback and comments in the order they came, each with its author."""
    statement = db.select(EssayResponse).where(EssayResponse.essay_id == essay.id)
    with_authors = statement.options(joinedload(EssayResponse.author))
    return list(db.session.scalars(with_authors.order_by(EssayResponse.id)))


# --- Reading a cycle's essays -----------------------------------------------------------------


@dataclass
class EssayFilter:
    """What a cycle's list of essays is narrowed to; empty values mean "any"."""

    school_id: int | None = None
    standing: Standing | None = None
    language: EssayLanguage | None = None


def essays_query(cycle: EssayCycle, criteria: EssayFilter, scope):
    """Submitted essays of ``cycle`` that ``scope`` (``access.EssayScope``) lets the reader
    read, with their authors (and schools), newest first."""
    statement = (
        db.select(Essay)
        .join(Essay.author)
        .where(Essay.cycle_id == cycle.id, Essay.status == EssayStatus.SUBMITTED, scope.clause())
        .options(joinedload(Essay.author))
        .order_by(Essay.submitted_at.desc(), Essay.id.desc())
    )
    if criteria.school_id:
        statement = statement.where(User.school_id == criteria.school_id)
    if criteria.standing == Standing.ON_TIME:
        statement = statement.where(Essay.late.is_(False))
    elif criteria.standing == Standing.LATE:
        statement = statement.where(Essay.late.is_(True))
    if criteria.language:
        statement = statement.where(Essay.language == criteria.language)
    return statement


def cycle_schools(cycle: EssayCycle) -> list[School]:
    """The schools of the cycle's network, for the list's school filter."""
    return list(
        db.session.scalars(
            db.select(School)
            .join(NetworkSchool, NetworkSchool.school_id == School.id)
            .where(NetworkSchool.network_id == cycle.network_id)
            .order_by(School.name)
        )
    )

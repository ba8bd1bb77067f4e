"""The lists of studies: my own (I am on the team), and my network's (shared with a network I
belong to; the coordination centre sees every study). Filters by subject, status and school;
one page is two queries (count and rows) plus one for the reader's networks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, or_

from ..accounts.permissions import is_staff
from ..core.params import parse_int, search_text
from ..extensions import db
from ..network.membership import member_network_ids
from ..network.models import NetworkSchool, School
from .access import scope_for
from .models import STUDIES_PER_PAGE, LessonStudy, StudyStatus


@dataclass
class StudyFilter:
    subject: str = ""
    status: StudyStatus | None = None
    school_id: int | None = None

    @classmethod
    def from_args(cls, args) -> StudyFilter:
        status = args.get("status", "")
        return cls(
            subject=search_text(args.get("subject"), 120),
            status=StudyStatus(status) if status in set(StudyStatus) else None,
            school_id=parse_int(args.get("school")),
        )

    def apply(self, query):
        if self.subject:
            query = query.where(
                LessonStudy.subject_key.contains(self.subject.casefold(), autoescape=True)
            )
        if self.status is not None:
            query = query.where(LessonStudy.status == self.status)
        if self.school_id:
            query = query.where(LessonStudy.school_id == self.school_id)
        return query


def list_studies(user, scope: str, criteria: StudyFilter, page: int):
    """A ``db.paginate`` page of studies for ``scope`` "mine" (the team's) or "network" (every
    study the person may read, ``StudyScope``), newest first."""
    readable = scope_for(user)
    query = db.select(LessonStudy).where(readable.clause())
    if scope == "mine":
        query = query.where(readable.team_clause())
    query = criteria.apply(query).order_by(LessonStudy.starts_on.desc(), LessonStudy.id.desc())
    return db.paginate(query, page=page, per_page=STUDIES_PER_PAGE, error_out=False)


def filter_schools(user) -> list[School]:
    """The schools offered in the filter: those of the reader's networks and their own."""
    ids = member_network_ids(user)
    query = db.select(School).where(School.archived.is_(False))
    if not is_staff(user):
        in_networks = db.select(NetworkSchool.school_id).where(
            NetworkSchool.network_id.in_(ids) if ids else false()
        )
        query = query.where(or_(School.id.in_(in_networks), School.id == user.school_id))
    return list(db.session.scalars(query.order_by(School.name).limit(200)))

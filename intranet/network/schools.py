"""Schools and finding them: the pickers' search, the filtered schools list, creating, editing,
archiving a school, and what its page shows (its active people, its networks).

Rules: a school's search key is its number, name and district, lower-cased; it is rewritten
whenever one of them changes (``places.rename_district`` does it for a district's schools).
Searches and pickers find open schools only; an archived school keeps its history and can be
brought back.

Every change flushes and writes the audit log; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from ..accounts.models import AccountStatus, User
from ..core import audit
from ..extensions import db
from .models import District, InstructionLanguage, Network, NetworkAction, NetworkSchool, School
from .naming import clean_name

# --- Finding schools ------------------------------------------------------------------------


def search_schools(query: str, *, limit: int = 20) -> list[School]:
    """Open schools whose number or name contains ``query`` (case-insensitive), for pickers."""
    words = (query or "").strip().lower().split()
    statement = db.select(School).where(School.archived.is_(False))
    for word in words[:5]:
        statement = statement.where(School.search_key.contains(word, autoescape=True))
    return list(db.session.scalars(statement.order_by(School.name).limit(limit)))


def school_search_key(school: School) -> str:
    """What ``search_schools`` matches against: number, name and district, lower-cased."""
    district = school.district.name if school.district else ""
    return " ".join(part for part in (school.number, school.name, district) if part).lower()


@dataclass
class SchoolFilter:
    """What the schools list is narrowed to; empty values mean "any"."""

    text: str = ""
    region_id: int | None = None
    district_id: int | None = None
    rural: bool | None = None
    language: InstructionLanguage | None = None
    #: "open" (the default), "archived" or "all".
    status: str = "open"


def schools_query(criteria: SchoolFilter):
    """A SELECT of schools matching ``criteria``, ordered by name (district and region joined)."""
    statement = db.select(School)
    if criteria.status == "open":
        statement = statement.where(School.archived.is_(False))
    elif criteria.status == "archived":
        statement = statement.where(School.archived.is_(True))
    for word in criteria.text.strip().lower().split()[:5]:
        statement = statement.where(School.search_key.contains(word, autoescape=True))
    if criteria.district_id:
        statement = statement.where(School.district_id == criteria.district_id)
    elif criteria.region_id:
        in_region = db.select(District.id).where(District.region_id == criteria.region_id)
        statement = statement.where(School.district_id.in_(in_region))
    if criteria.rural is not None:
        statement = statement.where(School.is_rural.is_(criteria.rural))
    if criteria.language is not None:
        statement = statement.where(School.instruction_language == criteria.language)
    return statement.order_by(School.name, School.id)


# --- Schools --------------------------------------------------------------------------------


def create_school(
    *,
    number: str,
    name: str,
    district: District,
    is_rural: bool,
    instruction_language: InstructionLanguage,
) -> School:
    school = School(
        number=clean_name(number),
        name=clean_name(name),
        district=district,
        is_rural=is_rural,
        instruction_language=instruction_language,
    )
    school.search_key = school_search_key(school)
    db.session.add(school)
    db.session.flush()
    audit.record(NetworkAction.SCHOOL_CREATED, school, detail=school.name)
    return school


def update_school(
    school: School,
    *,
    number: str,
    name: str,
    district: District,
    is_rural: bool,
    instruction_language: InstructionLanguage,
) -> None:
    school.number = clean_name(number)
    school.name = clean_name(name)
    school.district = district
    school.is_rural = is_rural
    school.instruction_language = instruction_language
    school.search_key = school_search_key(school)
    db.session.flush()
    audit.record(NetworkAction.SCHOOL_UPDATED, school, detail=school.name)


def set_school_archived(school: School, archived: bool) -> None:
    """Archive (hide from pickers and searches) or bring back a school. Its history stays."""
    if school.archived == archived:
        return
    school.archived = archived
    db.session.flush()
    audit.record(
        NetworkAction.SCHOOL_ARCHIVED if archived else NetworkAction.SCHOOL_UNARCHIVED,
        school,
        detail=school.name,
    )


def school_member_count(school: School) -> int:
    """Active accounts of people who work at ``school``."""
    return db.session.scalar(
        db.select(func.count(User.id)).where(
            User.school_id == school.id, User.status == AccountStatus.ACTIVE
        )
    )


def networks_of_school(school: School) -> list[NetworkSchool]:
    return list(
        db.session.scalars(
            db.select(NetworkSchool)
            .join(NetworkSchool.network)
            .where(NetworkSchool.school_id == school.id)
            .order_by(Network.name)
        )
    )

"""Places and universities: regions, their districts, and the universities that partner schools.

Rules: a region's name is unique, a district's name is unique within its region, a university's
name is unique (names compared as in ``naming``). Renaming a district refreshes the search keys
of its schools, which contain its name.

Every function validates, changes, flushes and writes the audit log; the view commits. A broken
rule raises ``NetworkRuleError``.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..core import audit
from ..extensions import db
from .models import District, NetworkAction, Region, School, University
from .naming import NetworkRuleError, clean_name, name_taken
from .schools import school_search_key


def regions_with_districts() -> list[Region]:
    """Every region, its districts loaded (two queries)."""
    return list(
        db.session.scalars(
            db.select(Region).options(selectinload(Region.districts)).order_by(Region.name)
        )
    )


# --- Regions and districts ------------------------------------------------------------------


def _region_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = Region.id != exclude_id if exclude_id is not None else None
    return name_taken(Region.name, name, exclude=exclude)


def create_region(name: str) -> Region:
    name = clean_name(name)
    if _region_name_taken(name):
        raise NetworkRuleError(_("A region with this name exists already."), "name")
    region = Region(name=name)
    db.session.add(region)
    db.session.flush()
    audit.record(NetworkAction.REGION_CREATED, region, detail=name)
    return region


def rename_region(region: Region, name: str) -> None:
    name = clean_name(name)
    if name == region.name:
        return
    if _region_name_taken(name, exclude_id=region.id):
        raise NetworkRuleError(_("A region with this name exists already."), "name")
    old = region.name
    region.name = name
    db.session.flush()
    audit.record(NetworkAction.REGION_RENAMED, region, detail=f"{old} → {name}")


def _district_name_taken(region: Region, name: str, exclude_id: int | None = None) -> bool:
    exclude = District.id != exclude_id if exclude_id is not None else None
    return name_taken(District.name, name, District.region_id == region.id, exclude=exclude)


def add_district(region: Region, name: str) -> District:
    name = clean_name(name)
    if _district_name_taken(region, name):
        raise NetworkRuleError(_("This region has a district with this name already."), "name")
    district = District(region=region, name=name)
    db.session.add(district)
    db.session.flush()
    audit.record(NetworkAction.DISTRICT_ADDED, district, detail=f"{region.name}: {name}")
    return district


def rename_district(district: District, name: str) -> None:
    """Rename ``district`` and refresh the search keys of its schools (they contain its name)."""
    name = clean_name(name)
    if name == district.name:
        return
    if _district_name_taken(district.region, name, exclude_id=district.id):
        raise NetworkRuleError(_("This region has a district with this name already."), "name")
    old = district.name
    district.name = name
    for school in db.session.scalars(db.select(School).where(School.district_id == district.id)):
        school.search_key = school_search_key(school)
    db.session.flush()
    audit.record(NetworkAction.DISTRICT_RENAMED, district, detail=f"{old} → {name}")


# --- Universities ---------------------------------------------------------------------------


def _university_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = University.id != exclude_id if exclude_id is not None else None
    return name_taken(University.name, name, exclude=exclude)


def create_university(*, name: str, region: Region | None) -> University:
    name = clean_name(name)
    if _university_name_taken(name):
        raise NetworkRuleError(_("A university with this name exists already."), "name")
    university = University(name=name, region=region)
    db.session.add(university)
    db.session.flush()
    audit.record(NetworkAction.UNIVERSITY_CREATED, university, detail=name)
    return university


def update_university(university: University, *, name: str, region: Region | None) -> None:
    name = clean_name(name)
    if _university_name_taken(name, exclude_id=university.id):
        raise NetworkRuleError(_("A university with this name exists already."), "name")
    university.name = name
    university.region = region
    db.session.flush()
    audit.record(NetworkAction.UNIVERSITY_UPDATED, university, detail=name)

"""Rules of the network map: places, schools, universities, networks, their schools (the 1:10 rule
of leading-school networks), working groups and the people in them.

Every function validates, changes, flushes and writes the audit log; the view commits. A broken
rule raises ``NetworkRuleError`` with a translated message (and the form field it belongs to).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func
from sqlalchemy.orm import selectinload

from ..accounts.models import AccountStatus, User
from ..core import audit
from ..core.markdown import render_markdown
from ..core.rules import RuleError
from ..extensions import db
from .membership import forget_memberships
from .models import (
    MAX_PARTNER_SCHOOLS,
    District,
    GroupKind,
    InstructionLanguage,
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
    University,
    WorkingGroup,
)


class NetworkRuleError(RuleError):
    """A change the network map's rules refuse."""


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


def regions_with_districts() -> list[Region]:
    """Every region, its districts loaded (two queries)."""
    return list(
        db.session.scalars(
            db.select(Region).options(selectinload(Region.districts)).order_by(Region.name)
        )
    )


# --- Regions and districts ------------------------------------------------------------------


def _clean(name: str) -> str:
    return " ".join((name or "").split())


def _name_taken(column, name: str, *conditions, exclude=None) -> bool:
    """Whether another row has ``name`` in ``column``, ignoring case in every alphabet.

    Compared in Python: SQLite's ``lower()`` folds ASCII letters only, not Kazakh or Russian.
    The candidate sets are small (regions, one region's districts, networks, universities).
    """
    statement = db.select(column).where(*conditions)
    if exclude is not None:
        statement = statement.where(exclude)
    wanted = name.casefold()
    return any((other or "").casefold() == wanted for other in db.session.scalars(statement))


def _region_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = Region.id != exclude_id if exclude_id is not None else None
    return _name_taken(Region.name, name, exclude=exclude)


def create_region(name: str) -> Region:
    name = _clean(name)
    if _region_name_taken(name):
        raise NetworkRuleError(_("A region with this name exists already."), "name")
    region = Region(name=name)
    db.session.add(region)
    db.session.flush()
    audit.record("network.region_created", region, detail=name)
    return region


def rename_region(region: Region, name: str) -> None:
    name = _clean(name)
    if name == region.name:
        return
    if _region_name_taken(name, exclude_id=region.id):
        raise NetworkRuleError(_("A region with this name exists already."), "name")
    old = region.name
    region.name = name
    db.session.flush()
    audit.record("network.region_renamed", region, detail=f"{old} → {name}")


def _district_name_taken(region: Region, name: str, exclude_id: int | None = None) -> bool:
    exclude = District.id != exclude_id if exclude_id is not None else None
    return _name_taken(District.name, name, District.region_id == region.id, exclude=exclude)


def add_district(region: Region, name: str) -> District:
    name = _clean(name)
    if _district_name_taken(region, name):
        raise NetworkRuleError(_("This region has a district with this name already."), "name")
    district = District(region=region, name=name)
    db.session.add(district)
    db.session.flush()
    audit.record("network.district_added", district, detail=f"{region.name}: {name}")
    return district


def rename_district(district: District, name: str) -> None:
    """Rename ``district`` and refresh the search keys of its schools (they contain its name)."""
    name = _clean(name)
    if name == district.name:
        return
    if _district_name_taken(district.region, name, exclude_id=district.id):
        raise NetworkRuleError(_("This region has a district with this name already."), "name")
    old = district.name
    district.name = name
    for school in db.session.scalars(db.select(School).where(School.district_id == district.id)):
        school.search_key = school_search_key(school)
    db.session.flush()
    audit.record("network.district_renamed", district, detail=f"{old} → {name}")


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
        number=_clean(number),
        name=_clean(name),
        district=district,
        is_rural=is_rural,
        instruction_language=instruction_language,
    )
    school.search_key = school_search_key(school)
    db.session.add(school)
    db.session.flush()
    audit.record("network.school_created", school, detail=school.name)
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
    school.number = _clean(number)
    school.name = _clean(name)
    school.district = district
    school.is_rural = is_rural
    school.instruction_language = instruction_language
    school.search_key = school_search_key(school)
    db.session.flush()
    audit.record("network.school_updated", school, detail=school.name)


def set_school_archived(school: School, archived: bool) -> None:
    """Archive (hide from pickers and searches) or bring back a school. Its history stays."""
    if school.archived == archived:
        return
    school.archived = archived
    db.session.flush()
    audit.record(
        "network.school_archived" if archived else "network.school_unarchived",
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


# --- Universities ---------------------------------------------------------------------------


def _university_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = University.id != exclude_id if exclude_id is not None else None
    return _name_taken(University.name, name, exclude=exclude)


def create_university(*, name: str, region: Region | None) -> University:
    name = _clean(name)
    if _university_name_taken(name):
        raise NetworkRuleError(_("A university with this name exists already."), "name")
    university = University(name=name, region=region)
    db.session.add(university)
    db.session.flush()
    audit.record("network.university_created", university, detail=name)
    return university


def update_university(university: University, *, name: str, region: Region | None) -> None:
    name = _clean(name)
    if _university_name_taken(name, exclude_id=university.id):
        raise NetworkRuleError(_("A university with this name exists already."), "name")
    university.name = name
    university.region = region
    db.session.flush()
    audit.record("network.university_updated", university, detail=name)


# --- Networks -------------------------------------------------------------------------------


def _network_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = Network.id != exclude_id if exclude_id is not None else None
    return _name_taken(Network.name, name, exclude=exclude)


def _check_university(kind: NetworkKind, university: University | None) -> University | None:
    if kind == NetworkKind.UNIVERSITY_PARTNERSHIP:
        if university is None:
            raise NetworkRuleError(
                _("A school–university partnership needs its university."), "university_id"
            )
        return university
    return None


def create_network(
    *,
    name: str,
    kind: NetworkKind,
    description: str,
    region: Region | None,
    university: University | None = None,
) -> Network:
    name = _clean(name)
    if _network_name_taken(name):
        raise NetworkRuleError(_("A network with this name exists already."), "name")
    network = Network(
        name=name,
        kind=kind,
        description=description,
        description_html=render_markdown(description),
        region=region,
        university=_check_university(kind, university),
    )
    db.session.add(network)
    db.session.flush()
    audit.record("network.created", network, detail=f"{kind.value}: {name}")
    return network


def update_network(
    network: Network,
    *,
    name: str,
    kind: NetworkKind,
    description: str,
    region: Region | None,
    university: University | None = None,
) -> None:
    """Change a network. Its kind is fixed once schools have joined (their roles follow it)."""
    name = _clean(name)
    if _network_name_taken(name, exclude_id=network.id):
        raise NetworkRuleError(_("A network with this name exists already."), "name")
    if kind != network.kind and school_count(network):
        raise NetworkRuleError(
            _("The kind of a network with schools cannot change; remove its schools first."),
            "kind",
        )
    network.name = name
    network.kind = kind
    network.description = description
    network.description_html = render_markdown(description)
    network.region = region
    network.university = _check_university(kind, university)
    db.session.flush()
    audit.record("network.updated", network, detail=name)


def set_network_archived(network: Network, archived: bool) -> None:
    if network.archived == archived:
        return
    network.archived = archived
    db.session.flush()
    forget_memberships()
    audit.record(
        "network.archived" if archived else "network.unarchived", network, detail=network.name
    )


def networks_with_school_counts(*, include_archived: bool) -> list[tuple[Network, int]]:
    """Networks by name, each with the number of its schools (one query)."""
    count = (
        db.select(func.count(NetworkSchool.id))
        .where(NetworkSchool.network_id == Network.id)
        .correlate(Network)
        .scalar_subquery()
    )
    statement = db.select(Network, count).order_by(Network.archived, Network.name)
    if not include_archived:
        statement = statement.where(Network.archived.is_(False))
    return [(network, n) for network, n in db.session.execute(statement)]


def school_count(network: Network) -> int:
    return db.session.scalar(
        db.select(func.count(NetworkSchool.id)).where(NetworkSchool.network_id == network.id)
    )


def schools_in(network: Network) -> list[NetworkSchool]:
    """The network's schools, leading school first, then partners, then members, by name."""
    order = {NetworkSchoolRole.LEADING: 0, NetworkSchoolRole.PARTNER: 1}
    rows = db.session.scalars(
        db.select(NetworkSchool)
        .join(NetworkSchool.school)
        .where(NetworkSchool.network_id == network.id)
        .order_by(School.name)
    )
    return sorted(rows, key=lambda row: order.get(row.role, 2))


def allowed_school_roles(kind: NetworkKind) -> list[NetworkSchoolRole]:
    """The roles a school may hold in a network of ``kind``."""
    if kind == NetworkKind.LEADING_SCHOOL:
        return [NetworkSchoolRole.LEADING, NetworkSchoolRole.PARTNER]
    return [NetworkSchoolRole.MEMBER]


def partner_limit_message(count: int) -> str:
    return ngettext(
        "A leading school works with at most %(max)d partner schools;"
        " this network has %(num)d already.",
        "A leading school works with at most %(max)d partner schools;"
        " this network has %(num)d already.",
        count,
        max=MAX_PARTNER_SCHOOLS,
    )


def add_school(network: Network, school: School, role: NetworkSchoolRole) -> NetworkSchool:
    """Put ``school`` in ``network`` with ``role``, keeping the rules of the network's kind:
    a leading-school network has one leading school and at most ``MAX_PARTNER_SCHOOLS``
    partners; the other kinds have member schools; a school is in a network once."""
    # Writers of one network queue here (PostgreSQL; SQLite takes the write lock at BEGIN).
    db.session.execute(db.select(Network.id).where(Network.id == network.id).with_for_update())
    if network.archived:
        raise NetworkRuleError(_("This network is archived; bring it back first."))
    if school.archived:
        raise NetworkRuleError(_("This school is archived."), "school_id")
    if role not in allowed_school_roles(network.kind):
        raise NetworkRuleError(_("This role does not fit this kind of network."), "role")
    roles = list(
        db.session.execute(
            db.select(NetworkSchool.school_id, NetworkSchool.role).where(
                NetworkSchool.network_id == network.id
            )
        )
    )
    if any(school_id == school.id for school_id, _role in roles):
        raise NetworkRuleError(_("This school is in the network already."), "school_id")
    if role == NetworkSchoolRole.LEADING and any(
        existing == NetworkSchoolRole.LEADING for _id, existing in roles
    ):
        raise NetworkRuleError(
            _("This network has its leading school already; a network has only one."), "role"
        )
    if role == NetworkSchoolRole.PARTNER:
        partners = sum(1 for _id, existing in roles if existing == NetworkSchoolRole.PARTNER)
        if partners >= MAX_PARTNER_SCHOOLS:
            raise NetworkRuleError(partner_limit_message(partners), "role")
    link = NetworkSchool(network=network, school=school, role=role)
    db.session.add(link)
    db.session.flush()
    forget_memberships()
    audit.record("network.school_added", network, detail=f"{school.id} {school.name}: {role.value}")
    return link


def remove_school(network: Network, school: School) -> bool:
    """Take ``school`` out of ``network``; False when it was not there."""
    link = db.session.scalar(
        db.select(NetworkSchool).where(
            NetworkSchool.network_id == network.id, NetworkSchool.school_id == school.id
        )
    )
    if link is None:
        return False
    db.session.delete(link)
    db.session.flush()
    forget_memberships()
    audit.record(
        "network.school_removed", network, detail=f"{school.id} {school.name}: {link.role.value}"
    )
    return True


# --- Working groups and people --------------------------------------------------------------


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


def _group_name_taken(network: Network, name: str, exclude_id: int | None = None) -> bool:
    exclude = WorkingGroup.id != exclude_id if exclude_id is not None else None
    return _name_taken(
        WorkingGroup.name, name, WorkingGroup.network_id == network.id, exclude=exclude
    )


def create_group(network: Network, *, name: str, kind: GroupKind) -> WorkingGroup:
    name = _clean(name)
    if _group_name_taken(network, name):
        raise NetworkRuleError(_("This network has a group with this name already."), "name")
    group = WorkingGroup(network=network, name=name, kind=kind)
    db.session.add(group)
    db.session.flush()
    audit.record("network.group_created", group, detail=f"{network.name}: {name}")
    return group


def update_group(group: WorkingGroup, *, name: str, kind: GroupKind) -> None:
    name = _clean(name)
    if _group_name_taken(group.network, name, exclude_id=group.id):
        raise NetworkRuleError(_("This network has a group with this name already."), "name")
    group.name = name
    group.kind = kind
    db.session.flush()
    audit.record("network.group_updated", group, detail=name)


def set_group_archived(group: WorkingGroup, archived: bool) -> None:
    if group.archived == archived:
        return
    group.archived = archived
    db.session.flush()
    audit.record(
        "network.group_archived" if archived else "network.group_unarchived",
        group,
        detail=group.name,
    )


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
    audit.record("network.member_added", membership, detail=f"{user.email} → {where}: {role.value}")
    return membership


def remove_member(membership: Membership) -> None:
    where = membership.network.name
    if membership.group is not None:
        where += f" / {membership.group.name}"
    audit.record(
        "network.member_removed",
        membership,
        detail=f"{membership.user.email} ← {where}: {membership.role.value}",
    )
    db.session.delete(membership)
    db.session.flush()
    forget_memberships()

"""Networks and their schools: creating, editing and archiving a network, putting schools in it
and taking them out.

Rules: a network's name is unique (names compared as in ``naming``); a school–university
partnership names its university, the other kinds none; a network's kind is fixed once schools
have joined, since their roles follow it. The 1:10 rule: a leading-school network has one leading
school and at most ``MAX_PARTNER_SCHOOLS`` partners; the other kinds have member schools. A school
is in a network once; an archived network takes no schools, and an archived school joins none.
Archiving a network or changing its schools forgets the membership lookups this request kept
(``membership.forget_memberships``).

Every function validates, changes, flushes and writes the audit log; the view commits. A broken
rule raises ``NetworkRuleError``.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func

from ..core import audit
from ..core.markdown import render_markdown
from ..extensions import db
from .access import NetworkScope
from .membership import forget_memberships
from .models import (
    MAX_PARTNER_SCHOOLS,
    Network,
    NetworkAction,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
    University,
)
from .naming import NetworkRuleError, clean_name, name_taken

# --- Networks -------------------------------------------------------------------------------


def _network_name_taken(name: str, exclude_id: int | None = None) -> bool:
    exclude = Network.id != exclude_id if exclude_id is not None else None
    return name_taken(Network.name, name, exclude=exclude)


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
    name = clean_name(name)
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
    audit.record(NetworkAction.CREATED, network, detail=f"{kind.value}: {name}")
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
    name = clean_name(name)
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
    audit.record(NetworkAction.UPDATED, network, detail=name)


def set_network_archived(network: Network, archived: bool) -> None:
    if network.archived == archived:
        return
    network.archived = archived
    db.session.flush()
    forget_memberships()
    audit.record(
        NetworkAction.ARCHIVED if archived else NetworkAction.UNARCHIVED,
        network,
        detail=network.name,
    )


def networks_with_school_counts(scope: NetworkScope) -> list[tuple[Network, int]]:
    """The networks ``scope`` lets one see, live ones first, by name, each with the number of
    its schools (one query)."""
    count = (
        db.select(func.count(NetworkSchool.id))
        .where(NetworkSchool.network_id == Network.id)
        .correlate(Network)
        .scalar_subquery()
    )
    statement = (
        db.select(Network, count).where(scope.clause()).order_by(Network.archived, Network.name)
    )
    return [(network, n) for network, n in db.session.execute(statement)]


# --- A network's schools (the 1:10 rule) ---------------------------------------------------


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
    audit.record(
        NetworkAction.SCHOOL_ADDED, network, detail=f"{school.id} {school.name}: {role.value}"
    )
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
        NetworkAction.SCHOOL_REMOVED,
        network,
        detail=f"{school.id} {school.name}: {link.role.value}",
    )
    return True

"""Who wrote a resource, and whether a reviewer may decide on it (four eyes).

The authors of a resource are its uploader and the co-authors that other features declare:
Lesson Study registers the team of a study published to the library (``register_coauthors``),
so the library never imports a feature. Nobody decides on work they wrote or co-wrote; a
coordinator or an admin may, only when no other active reviewer who is not an author exists
(otherwise the work would wait for ever). The permission ``resources.decide`` (``access.py``) and
the service that records a decision both ask ``may_decide``.

The facts are cached per request: the queue loads the authors of a whole page in one query per
co-author source, and each row's check then reads the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..accounts.models import AccountStatus, Role, User
from ..accounts.permissions import STAFF_ROLES
from ..core.requestcache import per_request, request_store
from ..extensions import db

#: Roles that review the library's submissions (``resources.review``, ``access.py``).
REVIEWER_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})

#: ``resource ids -> (resource id, user id)`` pairs of co-authors; ``None`` user ids are skipped.
CoauthorSource = Callable[[Sequence[int]], Iterable[tuple[int, int | None]]]
_SOURCES: list[CoauthorSource] = []


def register_coauthors(source: CoauthorSource) -> CoauthorSource:
    """Declare where some resources' co-authors come from (one query for many resources)."""
    _SOURCES.append(source)
    return source


def authors_of(resources: Sequence) -> dict[int, frozenset[int]]:
    """Resource id -> ids of its uploader and co-authors, for many resources at once."""
    cache = request_store("resource_authors")
    missing = [resource for resource in resources if resource.id not in cache]
    if missing:
        found: dict[int, set[int]] = {
            resource.id: {resource.author_id} - {None} for resource in missing
        }
        ids = list(found)
        for source in _SOURCES:
            for resource_id, user_id in source(ids):
                if user_id is not None and resource_id in found:
                    found[resource_id].add(user_id)
        cache.update({resource_id: frozenset(users) for resource_id, users in found.items()})
    return {resource.id: cache[resource.id] for resource in resources}


@per_request(key=lambda authors: authors)
def other_reviewer_exists(authors: frozenset[int]) -> bool:
    """Whether an active reviewer who is none of ``authors`` exists (once per request)."""
    query = db.select(User.id).where(
        User.role.in_(REVIEWER_ROLES), User.status == AccountStatus.ACTIVE
    )
    if authors:
        query = query.where(User.id.not_in(authors))
    return db.session.scalar(query.limit(1)) is not None


def may_decide(user, resource) -> bool:
    """A reviewer decides on others' work; on their own only a coordinator or an admin, and
    only when nobody else could."""
    if user.role not in REVIEWER_ROLES:
        return False
    authors = authors_of([resource])[resource.id]
    if user.id not in authors:
        return True
    return user.role in STAFF_ROLES and not other_reviewer_exists(authors)

"""Who may see and do what in the resource library: its permissions, registered into the one
``can()`` (``accounts.permissions``), including deciding on a submission (four eyes,
``authorship.py``); ``ResourceScope``, the one decision behind ``resources.view`` (``allows``) and
the library's lists (``clause``); and the loaders: a resource or a file that is not the signed-in
person's to see answers 404.

Approved resources are for every member; pending, sent-back and rejected ones for their author
and the reviewers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, true
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..accounts.permissions import permission, visible_or_404
from ..extensions import db
from . import authorship
from .authorship import REVIEWER_ROLES
from .models import Resource, ResourceFile, ResourceStatus


@dataclass(frozen=True)
class ResourceScope:
    """The resources one person may see: no query (their id and role decide)."""

    user_id: int
    reviewer: bool

    def allows(self, resource: Resource) -> bool:
        return (
            self.reviewer
            or resource.status == ResourceStatus.APPROVED
            or resource.author_id == self.user_id
        )

    def clause(self):
        """A WHERE clause on ``Resource`` that keeps what ``allows`` allows."""
        if self.reviewer:
            return true()
        return or_(Resource.status == ResourceStatus.APPROVED, Resource.author_id == self.user_id)


def scope_for(user) -> ResourceScope:
    return ResourceScope(user.id, user.role in REVIEWER_ROLES)


# --- Permissions ------------------------------------------------------------------------------


@permission("resources.upload")
def _upload_resource(user: User, _obj) -> bool:
    return True


@permission("resources.review")
def _review_resources(user: User, _obj) -> bool:
    """The review queue, and approving, rejecting or sending back from it."""
    return user.role in REVIEWER_ROLES


@permission("resources.view")
def _view_resource(user: User, resource) -> bool:
    """Approved resources for every member; the others for their author and reviewers."""
    return scope_for(user).allows(resource)


@permission("resources.revise")
def _revise_resource(user: User, resource) -> bool:
    return resource.author_id == user.id and resource.status in (
        ResourceStatus.CHANGES,
        ResourceStatus.REJECTED,
    )


@permission("resources.view_certificate")
def _view_resource_certificate(user: User, resource) -> bool:
    """The printable certificate: the author's, and the reviewers' (to check it)."""
    return resource.certificate_code is not None and (
        resource.author_id == user.id or _review_resources(user, resource)
    )


@permission("resources.decide")
def _decide_on_resource(user, resource) -> bool:
    """Approve, reject or send back: a reviewer who is not among the resource's authors (a
    coordinator or an admin also on their own work when no other reviewer exists)."""
    return authorship.may_decide(user, resource)


def resource_or_404(resource_id: int) -> Resource:
    """The resource with its author, school and network (one query), if the reader may see it."""
    resource = db.session.scalar(
        db.select(Resource)
        .where(Resource.id == resource_id)
        .options(
            joinedload(Resource.author),
            joinedload(Resource.school),
            joinedload(Resource.network),
            joinedload(Resource.reviewer),
        )
    )
    return visible_or_404(resource, "resources.view")


def file_or_404(file_id: int) -> tuple[ResourceFile, Resource]:
    """A file and its resource (one query); pending and rejected work only for its author and
    reviewers."""
    row = db.session.execute(
        db.select(ResourceFile, Resource)
        .join(Resource, Resource.id == ResourceFile.resource_id)
        .where(ResourceFile.id == file_id)
    ).first()
    file, resource = visible_or_404(row, "resources.view", lambda row: row[1])
    return file, resource

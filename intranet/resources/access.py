"""Loading a resource or a file for the signed-in person: 404 when it is not theirs to see;
and the library's rule for deciding on a submission (four eyes, ``authorship.py``)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..accounts.permissions import require, rule
from ..extensions import db
from . import authorship
from .models import Resource, ResourceFile


@rule("resources.decide")
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
    if resource is None:
        abort(404)
    require(current_user, "resources.view", resource, hide=True)
    return resource


def file_or_404(file_id: int) -> tuple[ResourceFile, Resource]:
    """A file and its resource (one query); pending and rejected work only for its author and
    reviewers."""
    row = db.session.execute(
        db.select(ResourceFile, Resource)
        .join(Resource, Resource.id == ResourceFile.resource_id)
        .where(ResourceFile.id == file_id)
    ).first()
    if row is None:
        abort(404)
    file, resource = row
    require(current_user, "resources.view", resource, hide=True)
    return file, resource

"""Loading a resource or a file for the signed-in person: 404 when it is not theirs to see."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..accounts.permissions import require
from ..extensions import db
from .models import Resource, ResourceFile


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

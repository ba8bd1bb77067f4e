"""Writing to the audit log. Services call ``record``; the view's commit makes it durable."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from .models import AuditEntry


def record(
    action: str,
    target=None,
    *,
    actor=None,
    detail: str = "",
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``target`` (any model with an ``id``)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=getattr(target, "id", None),
        detail=detail,
        reason=reason,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(entry)
    return entry

"""Writing to the audit log. Services call ``record``; the view's commit makes it durable.

What can be recorded is an ``AuditAction``: each feature lists its own in a subclass (in its
``models.py``), every member with the code stored in the log and the sentence the log shows
(``AccountAction.SIGN_IN = AccountAction.SIGN_IN, _l("Signed in")``). ``record`` refuses a bare
string, so no action reaches the log without a label, and the labels' catalog test covers
every feature's actions through ``LabelledEnum``.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from .labels import LabelledEnum
from .models import AuditEntry


class AuditAction(LabelledEnum):
    """The base of every feature's audit actions; it has no members of its own."""


def action_labels() -> dict[str, object]:
    """Every known action code and its lazy label (an old code no feature lists shows as
    stored)."""
    return {
        action.value: action.label for actions in AuditAction.__subclasses__() for action in actions
    }


def record(
    action: AuditAction,
    target=None,
    *,
    actor=None,
    detail: str = "",
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``target`` (any model with an ``id``)."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"{action!r} is not an AuditAction: list it in a feature's actions")
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        action=action.value,
        actor_id=getattr(actor, "id", None),
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=getattr(target, "id", None),
        detail=detail,
        reason=reason,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(entry)
    return entry

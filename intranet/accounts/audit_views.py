"""The audit log: who did what to whom, when and why (staff only)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from ..core import audit
from ..core.navigation import requested_page
from ..core.params import search_arg
from ..extensions import db
from . import services
from .permissions import require
from .views import bp

#: Entries on one page of the log.
AUDIT_PAGE_SIZE = 50


@bp.get("/audit/")
@login_required
def audit_log():
    require(current_user, "audit.view")
    action = search_arg("action", 64)
    page = db.paginate(
        services.audit_query(action),
        page=requested_page(),
        per_page=AUDIT_PAGE_SIZE,
        error_out=False,
    )
    targets = services.users_by_id(
        entry.target_id for entry in page.items if entry.target_type == "user"
    )
    labels = audit.action_labels()
    return render_template(
        "accounts/audit_log.html",
        page=page,
        action=action,
        actions=services.audit_actions(),
        targets=targets,
        action_label=lambda code: labels.get(code, code),
    )

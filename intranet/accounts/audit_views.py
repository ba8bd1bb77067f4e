"""The audit log: who did what to whom, when and why (staff only)."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..core.navigation import requested_page
from ..core.params import search_arg
from ..extensions import db
from . import services
from .permissions import require
from .views import bp

#: Entries on one page of the log.
AUDIT_PAGE_SIZE = 50

#: Readable names of the actions the accounts feature records; others show as recorded.
ACTION_LABELS = {
    "account.sign_up": _l("Asked to join"),
    "account.sign_up_existing": _l("Asked to join with an e-mail that already has an account"),
    "account.approve": _l("Approved a sign-up request"),
    "account.reject": _l("Rejected a sign-up request"),
    "account.sign_in": _l("Signed in"),
    "account.sign_in_failed": _l("Failed to sign in"),
    "account.password_changed": _l("Changed the password"),
    "account.reset_link_issued": _l("Issued a password reset link"),
    "account.password_reset": _l("Set a new password with a reset link"),
    "account.role_changed": _l("Changed the role"),
    "account.suspended": _l("Suspended the account"),
    "account.reinstated": _l("Reinstated the account"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


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
    return render_template(
        "accounts/audit_log.html",
        page=page,
        action=action,
        actions=services.audit_actions(),
        targets=targets,
        action_label=action_label,
    )

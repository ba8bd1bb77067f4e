"""People: the list, a person's page, and what those allowed may do there (role, suspension,
a one-time password reset link)."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.actions import Outcome, perform
from ..core.navigation import requested_page
from ..core.params import int_arg, search_text
from ..extensions import db
from . import services
from .forms import AccountStatusForm, PeopleFilterForm, ResetLinkForm, RoleForm
from .models import Role, User
from .permissions import assignable_roles, can, require
from .views import bp

#: People on one page of the list.
PEOPLE_PAGE_SIZE = 25
#: Field-name prefixes of the forms that share a person's page with the role form.
STATUS_PREFIX = "status"
RESET_PREFIX = "reset"


@bp.get("/people/")
@login_required
def list_users():
    require(current_user, "user.list")
    filters = PeopleFilterForm(request.args)
    filters.validate()
    criteria = services.PeopleFilter(
        text=search_text(filters.q.data, 100),
        school=search_text(filters.school.data, 100) if can(current_user, "user.list_all") else "",
        school_id=int_arg("school_id"),
        role=filters.chosen_role(),
        status=filters.chosen_status(),
    )
    page = db.paginate(
        services.people_query(current_user, criteria),
        page=requested_page(),
        per_page=PEOPLE_PAGE_SIZE,
        error_out=False,
    )
    return render_template("accounts/list_users.html", page=page, filters=filters)


def _person(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    require(current_user, "user.view", user, hide=True)
    return user


@bp.get("/people/<int:user_id>")
@login_required
def view_user(user_id: int):
    user = _person(user_id)
    role_form = RoleForm(role=user.role.value)
    role_form.set_choices(assignable_roles(current_user))
    return render_template(
        "accounts/view_user.html",
        user=user,
        role_form=role_form,
        status_form=AccountStatusForm(prefix=STATUS_PREFIX),
        reset_form=ResetLinkForm(prefix=RESET_PREFIX),
        reset_hours=current_app.config["PASSWORD_RESET_HOURS"],
    )


def _back_to(user: User):
    return redirect(url_for("accounts.view_user", user_id=user.id))


@bp.post("/people/<int:user_id>/role")
@login_required
def set_role(user_id: int):
    user = _person(user_id)
    require(current_user, "user.set_role", user)
    form = RoleForm()
    form.set_choices(assignable_roles(current_user))
    performed = perform(
        form, lambda: services.set_role(current_user, user, Role(form.role.data), form.reason.data)
    )
    if performed.refusal is not None:
        flash(str(performed.refusal.message), "error")
    elif performed.outcome is Outcome.INVALID:
        flash(_("Choose one of the roles in the list."), "error")
    elif performed.outcome is Outcome.DONE and performed.result:
        flash(_("The role is now: %(role)s.", role=user.role.label), "success")
    return _back_to(user)


def _change_status(user_id: int, suspend: bool):
    user = _person(user_id)
    require(current_user, "user.suspend", user)
    form = AccountStatusForm(prefix=STATUS_PREFIX)
    performed = perform(
        form, lambda: services.set_suspended(current_user, user, suspend, form.reason.data or "")
    )
    if performed.refusal is not None:
        flash(str(performed.refusal.message), "error")
    if performed.outcome is not Outcome.DONE:
        return _back_to(user)
    if suspend:
        flash(_("The account is suspended; its sessions are closed."), "success")
    else:
        flash(_("The account is active again."), "success")
    return _back_to(user)


@bp.post("/people/<int:user_id>/suspend")
@login_required
def suspend_user(user_id: int):
    return _change_status(user_id, suspend=True)


@bp.post("/people/<int:user_id>/reinstate")
@login_required
def reinstate_user(user_id: int):
    return _change_status(user_id, suspend=False)


@bp.post("/people/<int:user_id>/reset-link")
@login_required
def issue_reset_link(user_id: int):
    """Issue a one-time reset link and show it once, on this response only."""
    user = _person(user_id)
    require(current_user, "user.issue_reset_link", user)
    form = ResetLinkForm(prefix=RESET_PREFIX)
    performed = perform(
        form,
        lambda: services.issue_reset_link(
            current_user, user, valid_hours=current_app.config["PASSWORD_RESET_HOURS"]
        ),
    )
    if performed.outcome is Outcome.REPEATED:
        flash(
            _("That link was shown already. If it was lost, issue a new one."),
            "warning",
        )
    elif performed.refusal is not None:
        flash(str(performed.refusal.message), "error")
    if performed.outcome is not Outcome.DONE:
        return _back_to(user)
    issued = performed.result
    response = make_response(
        render_template(
            "accounts/reset_link_issued.html",
            user=user,
            link=url_for("accounts.reset_password", token=issued.token, _external=True),
            expires_at=issued.expires_at,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response

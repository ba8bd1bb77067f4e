"""Signing up and deciding on sign-up requests.

A visitor asks to join their school (``/signup``); the school's director or a coordinator
approves or rejects the request in the queue (``/people/requests``). The school picker filters as
you type with htmx and, without JavaScript, through a "Find school" button that re-renders the
same form.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.actions import Outcome, perform
from ..core.htmx import wants_fragment
from ..core.navigation import requested_page
from ..core.params import int_arg, search_arg, search_text
from ..extensions import db, limiter
from ..network.models import School
from ..network.schools import search_schools
from . import services
from .forms import COMMUNITY_RULES, DecisionForm, SignupForm
from .models import AccountStatus, User
from .permissions import can, require
from .signup import sign_up
from .views import bp

#: Sign-up requests on one page of the queue.
QUEUE_PAGE_SIZE = 25


def _school_choices(form: SignupForm) -> list[School]:
    """The schools to offer: those matching the search, the chosen one first if it is open."""
    query = search_text(form.school_query.data, 100)
    schools = search_schools(query) if query else []
    chosen_id = form.chosen_school_id()
    if chosen_id and all(school.id != chosen_id for school in schools):
        chosen = db.session.get(School, chosen_id)
        if chosen is not None and not chosen.archived:
            schools.insert(0, chosen)
    return schools


def _render_signup(form: SignupForm):
    return render_template(
        "accounts/signup.html",
        form=form,
        rules=COMMUNITY_RULES,
        schools=_school_choices(form),
        query=form.school_query.data or "",
        selected_id=form.chosen_school_id(),
    )


def _signup_limit() -> str:
    return current_app.config["SIGNUP_LIMIT_PER_ADDRESS"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignupForm(locale=str(get_locale() or "kk"), school_query=search_arg("q", 100))
    if request.method == "POST" and "find_school" in request.form:
        # Without JavaScript: show the matching schools, keep what was typed.
        return _render_signup(form)

    def change():
        # An e-mail that has an account gets the same answer: nothing tells them apart.
        sign_up(
            email=form.email.data,
            password=form.password.data,
            full_name=form.full_name.data,
            school=db.session.get(School, form.chosen_school_id() or 0),
            subject=form.subject.data or "",
            locale=form.locale.data,
            accepted_rules=form.accept_rules.data,
        )

    outcome, _result = perform(form, change)
    if outcome is Outcome.INVALID:
        return _render_signup(form)
    return redirect(url_for("accounts.signup_sent"))


@bp.get("/signup/sent")
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.get("/signup/schools", endpoint="search_schools")
def school_options():
    """The school picker's options for htmx; a plain visit goes to the sign-up form."""
    query = search_arg("school_query", 100)
    if not wants_fragment():
        return redirect(url_for("accounts.signup", q=query))
    return render_template(
        "accounts/_school_options.html",
        schools=search_schools(query) if query.strip() else [],
        query=query,
        selected_id=None,
    )


# --- The queue of requests ----------------------------------------------------------------------


@bp.get("/people/requests")
@login_required
def signup_queue():
    require(current_user, "user.review_signups")
    query = services.pending_signups_query(current_user)
    school_id = int_arg("school")
    if school_id:
        query = query.where(User.school_id == school_id)
    page = db.paginate(query, page=requested_page(), per_page=QUEUE_PAGE_SIZE, error_out=False)
    schools = services.pending_signup_schools(current_user)
    rows = [(user, DecisionForm(), DecisionForm()) for user in page.items]
    return render_template(
        "accounts/signup_queue.html",
        page=page,
        rows=rows,
        schools=schools,
        school_id=school_id,
    )


def _load_request(user_id: int) -> User:
    """The person whose request is decided, locked; 404 unless it is the reviewer's to see."""
    require(current_user, "user.review_signups")
    user = services.lock_user(user_id)
    in_scope = user is not None and (
        can(current_user, "user.decide_signup", user)
        or (user.status != AccountStatus.PENDING and can(current_user, "user.manage", user))
    )
    if not in_scope:
        abort(404)
    return user


def _decided(user: User, message: str, category: str = "info"):
    """The answer after a decision: the row's replacement for htmx, else back to the queue."""
    if wants_fragment():
        return render_template("accounts/_signup_decided.html", user=user, message=message)
    flash(message, category)
    return redirect(url_for("accounts.signup_queue"))


def _already_decided(user: User):
    return _decided(
        user,
        _(
            "This request was decided already: %(status)s.",
            status=user.status.label,
        ),
    )


def _decide(user_id: int, approve: bool):
    user = _load_request(user_id)
    if user.status != AccountStatus.PENDING:
        return _already_decided(user)
    form = DecisionForm()

    def decide() -> str:
        if approve:
            services.approve_signup(current_user, user)
            return _("Approved: %(name)s can sign in now.", name=user.display_name)
        services.reject_signup(current_user, user, form.reason.data or "")
        return _("Rejected: the request of %(name)s.", name=user.display_name)

    performed = perform(form, decide)
    if performed.outcome is Outcome.DONE:
        return _decided(user, performed.result, "success")
    if performed.outcome is Outcome.REPEATED:  # a double tap raced the first: show its decision
        db.session.refresh(user)
        return _already_decided(user)
    if performed.refusal is not None:
        return _decided(user, str(performed.refusal.message), "error")
    message = _("The form could not be read. Please try again.")
    if wants_fragment():
        return render_template(
            "accounts/_signup_row.html",
            user=user,
            approve_form=DecisionForm(formdata=None),
            reject_form=DecisionForm(formdata=None),
            error=message,
        )
    flash(message, "error")
    return redirect(url_for("accounts.signup_queue"))


@bp.post("/people/<int:user_id>/approve")
@login_required
def approve_signup(user_id: int):
    return _decide(user_id, approve=True)


@bp.post("/people/<int:user_id>/reject")
@login_required
def reject_signup(user_id: int):
    return _decide(user_id, approve=False)

"""Account pages: sign in and out, language, and what the other account views share.

The blueprint ``bp`` lives here; ``views_signup``, ``views_people``, ``views_profile`` and
``views_audit`` add their routes to it (imported by the package). Thin: parse, authorise, call
a service, render.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..config import LOCALES
from ..core.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE
from ..core.navigation import safe_next_url
from ..extensions import db, limiter
from . import services
from .forms import LoginForm

bp = Blueprint("accounts", __name__)


def _login_limit_per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _login_limit_per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _submitted_email() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))


def render_login_page(form: LoginForm | None = None, status: int = 200):
    form = form or LoginForm()
    return render_template("accounts/login.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit_per_address, methods=["POST"])
@limiter.limit(_login_limit_per_account, key_func=_submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            login_user(result.user, remember=form.remember.data)
            db.session.commit()
            response = redirect(safe_next_url(request.args.get("next")))
            return remember_locale(response, result.user.locale)
        db.session.commit()
        form.password.errors.append(result.error)
        return render_login_page(form, 200)
    return render_login_page(form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("home.home"))


@bp.route("/lang/<code>", methods=["GET", "POST"])
def switch_language(code: str):
    """Remember the chosen language (in the profile when signed in) and go back."""
    response = redirect(safe_next_url(request.values.get("next")))
    if code not in LOCALES:
        return response
    if request.method == "POST" and current_user.is_authenticated:
        services.set_preferred_locale(current_user, code)
        db.session.commit()
    return remember_locale(response, code)


def remember_locale(response, code: str):
    response = make_response(response)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=LANG_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response

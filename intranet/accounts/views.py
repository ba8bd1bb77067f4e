"""Account pages: sign in and out, language, and what the other account views share.

The blueprint ``bp`` lives here; ``signup_views``, ``people_views``, ``profile_views`` and
``audit_views`` add their routes to it (imported by the package). Thin: parse, authorise, call
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

from ..core.actions import Outcome, perform, save
from ..core.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE, language_tag, locale_from_tag
from ..core.navigation import safe_next_url
from ..extensions import limiter
from . import services, sessions, throttle
from .auth import render_login_page
from .forms import LoginForm

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.per_address, methods=["POST"], deduct_when=throttle.failed)
@limiter.limit(
    throttle.per_account,
    key_func=throttle.account_key,
    methods=["POST"],
    deduct_when=throttle.failed,
    exempt_when=throttle.remembered_device,
)
@limiter.limit(
    throttle.per_account_and_address,
    key_func=throttle.account_address_key,
    methods=["POST"],
    deduct_when=throttle.failed,
    exempt_when=throttle.remembered_device,
)
def login():
    """Sign in; the limits (``throttle``) count failed attempts only."""
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()

    def attempt():
        result = services.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            sign_in(result.user, remember=form.remember.data)
        elif result.wrong_credentials:
            throttle.count_failure()
        return result  # a wrong password is committed too: its audit entry

    outcome, result = perform(form, attempt)
    if outcome is not Outcome.DONE:
        return render_login_page(form)
    if result.user is not None:
        response = redirect(safe_next_url(request.args.get("next")))
        response = remember_locale(response, result.user.locale)
        return throttle.remember_device(response, result.user)
    form.password.errors.append(result.error)
    return render_login_page(form, 200)


@bp.post("/logout")
@login_required
def logout():
    save(lambda: sessions.end_session(current_user, current_user.session_device_id))
    return signed_out(_("You have signed out."))


def sign_in(user, *, remember: bool) -> None:
    """Open a device session for ``user`` and name it in this browser's cookies; the caller
    commits."""
    sessions.start_session(user, request.user_agent.string)
    login_user(user, remember=remember)


def signed_out(message: str):
    """Forget this browser's session and remember-me cookie, whose device session has ended."""
    logout_user()
    flash(message, "info")
    return redirect(url_for("home.home"))


@bp.route("/lang/<code>", methods=["GET", "POST"])
def switch_language(code: str):
    """Remember the chosen language (``code``, a BCP 47 tag such as ``kk-Latn``) in the profile
    when signed in, and go back. A GET (a bookmarked or shared link) changes nothing: it shows
    the button that sends the POST."""
    back = safe_next_url(request.values.get("next"))
    chosen = locale_from_tag(code)
    if chosen is None:
        return redirect(back)
    if request.method == "GET":
        return render_template(
            "accounts/switch_language.html", code=language_tag(chosen), back=back
        )
    if current_user.is_authenticated:
        save(lambda: services.set_preferred_locale(current_user, chosen))
    return remember_locale(redirect(back), chosen)


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

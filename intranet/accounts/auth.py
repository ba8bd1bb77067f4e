"""Flask-Login wiring: loading the signed-in user and answering for those who are not, and the
sign-in page that the sign-in view and the home page (for a visitor) both show."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from ..core.db import READ_ONLY_METHODS
from ..core.htmx import hx_redirect
from . import sessions
from .forms import LoginForm
from .models import User


def init_login_manager(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = _l("Please sign in to open this page.")
    manager.login_message_category = "info"
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(session_key: str) -> User | None:
        """The person whose device session the cookie names (the session cookie or, once that
        is gone, the remember-me cookie): one query, refused once the session was ended."""
        signed_in = sessions.signed_in_user(
            session_key, idle=sessions.idle_limit(current_app.config)
        )
        if signed_in is None:
            return None
        if request.method in READ_ONLY_METHODS:
            sessions.record_use(signed_in)
        return signed_in.user

    @manager.unauthorized_handler
    def unauthorized():
        """htmx would swap the sign-in page into a fragment: ask it to navigate instead."""
        login_url = url_for("accounts.login", next=_next_path())
        if request.headers.get("HX-Request") == "true":
            return hx_redirect(login_url)
        flash(str(manager.login_message), manager.login_message_category)
        return redirect(login_url)


def render_login_page(form: LoginForm | None = None, status: int = 200):
    form = form or LoginForm()
    return render_template("accounts/login.html", form=form), status


def _next_path() -> str:
    if request.method == "GET":
        return request.full_path.rstrip("?")
    current = request.headers.get("HX-Current-URL") or request.referrer or ""
    parts = urlsplit(current)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else "/"

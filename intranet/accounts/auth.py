"""Flask-Login wiring: loading the signed-in user and answering for those who are not."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import bindparam

from ..core.htmx import hx_redirect
from ..extensions import db
from .models import AccountStatus, User

#: Built once: every signed-in request runs it.
_SIGNED_IN_USER = db.select(User).where(
    User.session_token == bindparam("session_token"), User.status == AccountStatus.ACTIVE
)


def init_login_manager(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = _l("Please sign in to open this page.")
    manager.login_message_category = "info"
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(session_token: str) -> User | None:
        return db.session.scalar(_SIGNED_IN_USER, {"session_token": session_token})

    @manager.unauthorized_handler
    def unauthorized():
        """htmx would swap the sign-in page into a fragment: ask it to navigate instead."""
        login_url = url_for("accounts.login", next=_next_path())
        if request.headers.get("HX-Request") == "true":
            return hx_redirect(login_url)
        flash(str(manager.login_message), manager.login_message_category)
        return redirect(login_url)


def _next_path() -> str:
    if request.method == "GET":
        return request.full_path.rstrip("?")
    current = request.headers.get("HX-Current-URL") or request.referrer or ""
    parts = urlsplit(current)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else "/"

"""Sign-in rate limits that wrong passwords from elsewhere cannot turn against an account's owner.

Three limits guard ``POST /login`` (Flask-Limiter, shared by the workers through Redis):

- per account *and* address (``LOGIN_LIMIT_PER_ACCOUNT_ADDRESS``): guessing one account from one
  place stops quickly, and stops only that place;
- per account alone (``LOGIN_LIMIT_PER_ACCOUNT``, higher): guessing one account from many places;
- per address across accounts (``LOGIN_LIMIT_PER_ADDRESS``): one place trying many accounts.

Only *failed* attempts count (a wrong password or an unknown e-mail, ``count_failure``), so the
owner's successful sign-ins never use up a limit, and refused (429) attempts count for nothing.
A browser where the owner signed in before carries a signed ``zheli_device`` cookie naming the
account (and its current password, so a new password forgets every device); on it the owner is
exempt from both account limits, whatever others did to the account.
"""

from __future__ import annotations

import hashlib

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .models import User
from .services import find_user_by_email, normalise_email

DEVICE_COOKIE = "zheli_device"
#: How long a browser stays remembered after the last successful sign-in on it.
DEVICE_MAX_AGE = 60 * 60 * 24 * 365
_SALT = "zheli.remembered-device"


def per_account_and_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT_ADDRESS"]


def per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _email() -> str:
    return normalise_email(request.form.get("email", ""))


def account_key() -> str:
    return "login:" + _email()


def account_address_key() -> str:
    return f"login:{_email()}|{get_remote_address()}"


def count_failure() -> None:
    """Mark this sign-in attempt as failed: the limits deduct it when the response leaves."""
    g.sign_in_failed = True


def failed(_response) -> bool:
    """``deduct_when`` of every sign-in limit: only failed attempts use a limit up."""
    return bool(g.get("sign_in_failed"))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def _fingerprint(user: User) -> str:
    """Changes with the password, so a new password forgets every remembered device."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def remembered_device() -> bool:
    """``exempt_when`` of the account limits: this browser signed in to the submitted account
    before (a valid cookie naming it). Looked up once per request."""
    if "remembered_device" not in g:
        g.remembered_device = _names_submitted_account(request.cookies.get(DEVICE_COOKIE))
    return g.remembered_device


def _names_submitted_account(cookie: str | None) -> bool:
    if not cookie:
        return False
    try:
        user_id, fingerprint = _serializer().loads(cookie, max_age=DEVICE_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return False
    user = find_user_by_email(_email())
    return user is not None and user.id == user_id and _fingerprint(user) == fingerprint


def remember_device(response, user: User):
    """Remember this browser for ``user`` after a successful sign-in."""
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps([user.id, _fingerprint(user)]),
        max_age=DEVICE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response

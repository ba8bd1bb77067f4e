"""Asking to join: a pending teacher account, and no way to learn who has an account already.

A request with an e-mail that has an account gets exactly the answer a new request gets (the
same refusals in the same order, the same cost, the same "request sent"), creates nothing, and
lands in the audit log against the existing account, with its school, for the staff to see.
The submitted password is never stored. Plain functions: the view commits once.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from ..config import LOCALES
from ..core import audit
from ..core.db import utcnow
from ..extensions import db
from .models import AccountAction, AccountStatus, Role, User
from .services import AccountError, find_user_by_email, normalise_email, password_problem


def sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    school,
    subject: str = "",
    locale: str = "kk",
    accepted_rules: bool,
) -> User | None:
    """Create a pending teacher account in ``school``; its leader or a coordinator approves it.

    With an e-mail that has an account, nothing is created and None comes back: the caller
    answers as for a new request (``AccountAction.SIGN_UP_EXISTING`` in the audit log tells the
    staff).
    """
    email = normalise_email(email)
    if not accepted_rules:
        raise AccountError(_l("Please accept the community rules."), "accept_rules")
    if school is None or school.archived:
        raise AccountError(_l("Choose your school from the list."), "school_id")
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise AccountError(problem, "password")
    existing = find_user_by_email(email)
    if existing is not None:
        return _existing_account(existing, password, school)
    user = User(
        email=email,
        full_name=full_name.strip(),
        school=school,
        school_id=school.id,
        subject=subject.strip(),
        locale=locale if locale in LOCALES else "kk",
        role=Role.TEACHER,
        status=AccountStatus.PENDING,
        rules_accepted_at=utcnow(),
    )
    user.set_password(password)
    try:
        # Two requests with the same new e-mail at once: the unique key decides, quietly.
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        return _existing_account(find_user_by_email(email), None, school)
    audit.record(AccountAction.SIGN_UP, user, actor=user, detail=f"school={school.id}")
    return user


def _existing_account(existing: User | None, password: str | None, school) -> None:
    """Record the request against the account that has the e-mail; hash the password as a new
    request would (and throw the hash away), so the answer takes as long."""
    if password is not None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        generate_password_hash(password, method=method)
    school_id = existing.school_id if existing is not None else None
    audit.record(
        AccountAction.SIGN_UP_EXISTING,
        existing,
        actor=None,
        detail=f"school={school_id} asked_school={school.id}",
    )
    return None

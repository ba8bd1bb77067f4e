"""The rules about accounts: approval, signing in, passwords, roles, language. Signed-in
devices have their own module, ``sessions``; asking to join has ``signup``.

Plain functions over model objects. They validate, change, ``flush()`` and write the audit log;
the view commits once. They never read ``request`` or render templates.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ..config import LOCALES
from ..core import audit
from ..core.db import utcnow
from ..core.models import AuditEntry
from ..core.rules import RuleError
from ..extensions import db
from ..network.models import School
from .models import AccountAction, AccountStatus, LevelCertificate, PasswordResetLink, Role, User
from .permissions import assignable_roles, can
from .sessions import end_all_sessions

#: A password needs this many characters; length beats composition rules (NIST SP 800-63B).
MIN_PASSWORD_LENGTH = 10


@cache
def _dummy_password_hash() -> str:
    """A hash to check against when the e-mail is unknown, so a miss costs as much as a hit."""
    return generate_password_hash(secrets.token_urlsafe(16))


class AccountError(RuleError):
    """An account rule refused the change."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def password_problem(password: str, *, email: str = "", full_name: str = "") -> str | None:
    """Why ``password`` is too weak, translated, or None when it will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ngettext(
            "Use at least %(num)d character.",
            "Use at least %(num)d characters.",
            MIN_PASSWORD_LENGTH,
        )
    lowered = password.lower()
    if len(set(lowered)) < 4:
        return str(_l("This password is too easy to guess: use more different characters."))
    local_part = normalise_email(email).split("@")[0]
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return str(_l("The password must not contain your e-mail address."))
    if lowered in COMMON_PASSWORDS:
        return str(_l("This password is too common. Choose another one."))
    return None


COMMON_PASSWORDS = frozenset(
    {
        "1234567890", "12345678910", "0123456789", "qwertyuiop", "password123", "1q2w3e4r5t",
        "qwerty12345", "parol12345", "asdfghjkl1", "11111111111", "zheli-demo-2026",
    }
)  # fmt: skip


# --- Sign-up requests and approval (asking to join: ``signup.py``) ----------------------------


def pending_signups_query(reviewer: User):
    """Pending accounts that ``reviewer`` may decide on, oldest first."""
    query = db.select(User).where(User.status == AccountStatus.PENDING)
    if not can(reviewer, "user.review_signups"):
        query = query.where(False)
    elif not can(reviewer, "user.list_all"):
        # A school leader: the requests of their own school, none when they have no school.
        query = query.where(User.school_id == reviewer.school_id, User.school_id.is_not(None))
    return query.order_by(User.created_at, User.id)


def pending_signup_schools(reviewer: User) -> list[School]:
    """The schools that have requests ``reviewer`` may decide on, by name (for a filter)."""
    school_ids = pending_signups_query(reviewer).order_by(None).with_only_columns(User.school_id)
    return list(
        db.session.scalars(
            db.select(School).where(School.id.in_(school_ids)).order_by(School.name, School.id)
        )
    )


def count_pending_signups_for(reviewer: User) -> int:
    subquery = pending_signups_query(reviewer).order_by(None).subquery()
    return db.session.scalar(db.select(func.count()).select_from(subquery)) or 0


def lock_user(user_id: int) -> User | None:
    """Load a person for a decision, their row locked until commit (PostgreSQL; SQLite's
    writers already hold the database lock), so two reviewers cannot both decide."""
    return db.session.scalar(
        db.select(User)
        .where(User.id == user_id)
        .with_for_update(of=User)
        .execution_options(populate_existing=True)
    )


def approve_signup(reviewer: User, user: User) -> None:
    if not can(reviewer, "user.decide_signup", user):
        raise AccountError(_l("This request has been decided already or is not yours to decide."))
    user.status = AccountStatus.ACTIVE
    user.decided_at = utcnow()
    user.decided_by_id = reviewer.id
    audit.record(AccountAction.APPROVE, user, actor=reviewer)


def reject_signup(reviewer: User, user: User, reason: str = "") -> None:
    if not can(reviewer, "user.decide_signup", user):
        raise AccountError(_l("This request has been decided already or is not yours to decide."))
    user.status = AccountStatus.REJECTED
    user.decided_at = utcnow()
    user.decided_by_id = reviewer.id
    user.rejection_reason = reason.strip()
    audit.record(AccountAction.REJECT, user, actor=reviewer, reason=reason.strip())


# --- Signing in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str | None
    #: An unknown e-mail or a wrong password: the attempts that sign-in limits count.
    wrong_credentials: bool = False


def authenticate(email: str, password: str) -> SignInResult:
    """Check credentials. Unknown e-mail and wrong password get the same message and cost.

    A pending, rejected or suspended account is told so only after the right password.
    """
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_password_hash(), password)
        return SignInResult(None, str(_l("Wrong e-mail or password.")), wrong_credentials=True)
    if not user.check_password(password):
        audit.record(AccountAction.SIGN_IN_FAILED, user, actor=None)
        return SignInResult(None, str(_l("Wrong e-mail or password.")), wrong_credentials=True)
    if user.status == AccountStatus.PENDING:
        return SignInResult(
            None,
            str(_l("Your account is waiting for approval by your school's director.")),
        )
    if user.status == AccountStatus.REJECTED:
        return SignInResult(None, str(_l("Your sign-up request was not approved.")))
    if user.status == AccountStatus.SUSPENDED:
        return SignInResult(None, str(_l("Your account is suspended. Contact your coordinator.")))
    user.last_login_at = utcnow()
    audit.record(AccountAction.SIGN_IN, user, actor=user)
    return SignInResult(user, None)


# --- Passwords --------------------------------------------------------------------------------


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise AccountError(_l("The current password is not right."), "current_password")
    problem = password_problem(new_password, email=user.email, full_name=user.full_name)
    if problem:
        raise AccountError(problem, "new_password")
    _replace_password(user, new_password)
    audit.record(AccountAction.PASSWORD_CHANGED, user, actor=user)


def _replace_password(user: User, password: str) -> None:
    """Set a new password: every device and every outstanding reset link stops working."""
    user.set_password(password)
    end_all_sessions(user)
    _cancel_reset_links(user)


def _cancel_reset_links(user: User) -> None:
    """Forget ``user``'s unused reset links: only the newest link, until used, may work."""
    unused = (PasswordResetLink.user_id == user.id) & PasswordResetLink.used_at.is_(None)
    db.session.execute(db.delete(PasswordResetLink).where(unused))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedResetLink:
    """A reset token in clear (shown once, never stored) and when it stops working (UTC)."""

    token: str
    expires_at: datetime


def issue_reset_link(issuer: User, user: User, *, valid_hours: int) -> IssuedResetLink:
    """Create a one-time reset token for ``user``; only its hash is stored."""
    if not can(issuer, "user.issue_reset_link", user):
        raise AccountError(_l("You cannot issue a reset link for this person."))
    _cancel_reset_links(user)
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(hours=valid_hours)
    db.session.add(
        PasswordResetLink(
            token_hash=_hash_token(token),
            user_id=user.id,
            issued_by_id=issuer.id,
            expires_at=expires_at,
        )
    )
    db.session.flush()
    audit.record(AccountAction.RESET_LINK_ISSUED, user, actor=issuer)
    return IssuedResetLink(token, expires_at)


def find_reset_link(token: str) -> PasswordResetLink | None:
    """The unused, unexpired link for ``token``, or None."""
    link = db.session.scalar(
        db.select(PasswordResetLink).where(PasswordResetLink.token_hash == _hash_token(token))
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    if link.user.status != AccountStatus.ACTIVE:
        return None
    return link


def reset_password(link: PasswordResetLink, new_password: str) -> User:
    """Set a new password through ``link`` and spend it; signs the person out everywhere."""
    user = link.user
    problem = password_problem(new_password, email=user.email, full_name=user.full_name)
    if problem:
        raise AccountError(problem, "new_password")
    link.used_at = utcnow()
    db.session.flush()
    _replace_password(user, new_password)
    audit.record(AccountAction.PASSWORD_RESET, user, actor=user)
    return user


# --- Roles, status, profile -------------------------------------------------------------------


def set_role(actor: User, user: User, role: Role, reason: str = "") -> bool:
    """Give ``user`` the ``role`` and sign them out everywhere, so they start again under it;
    False when they had it already (nothing is logged)."""
    if not can(actor, "user.set_role", user) or role not in assignable_roles(actor):
        raise AccountError(_l("You cannot give this role."), "role")
    if user.role == role:
        return False
    previous = user.role
    user.role = role
    db.session.flush()
    end_all_sessions(user)
    audit.record(
        AccountAction.ROLE_CHANGED,
        user,
        actor=actor,
        detail=f"{previous.value}→{role.value}",
        reason=reason.strip(),
    )
    return True


def set_suspended(actor: User, user: User, suspended: bool, reason: str = "") -> None:
    """Suspend an active account (signing it out everywhere) or reinstate a suspended one."""
    if not can(actor, "user.suspend", user):
        raise AccountError(_l("You cannot change this account."))
    expected = AccountStatus.ACTIVE if suspended else AccountStatus.SUSPENDED
    if user.status != expected:
        raise AccountError(_l("This account has changed meanwhile. Nothing was done."))
    user.status = AccountStatus.SUSPENDED if suspended else AccountStatus.ACTIVE
    db.session.flush()
    if suspended:
        end_all_sessions(user)
    audit.record(
        AccountAction.SUSPENDED if suspended else AccountAction.REINSTATED,
        user,
        actor=actor,
        reason=reason.strip(),
    )


def update_profile(
    user: User,
    *,
    full_name: str,
    subject: str,
    level_certificate: LevelCertificate,
    locale: str,
) -> None:
    """Change what a person may change about themselves (their school is set by sign-up)."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise AccountError(_l("Enter your full name."), "full_name")
    user.full_name = full_name
    user.subject = subject.strip()
    user.level_certificate = LevelCertificate(level_certificate)
    set_preferred_locale(user, locale)
    db.session.flush()


def set_preferred_locale(user: User, locale: str) -> None:
    if locale in LOCALES:
        user.locale = locale


# --- Lists: people and the audit log ----------------------------------------------------------


def _contains_text(column, word: str):
    """Case-insensitive ``contains``, also for Cyrillic on SQLite (whose ``lower`` is ASCII)."""
    return or_(
        column.icontains(word, autoescape=True),
        column.contains(word.lower(), autoescape=True),
        column.contains(word.capitalize(), autoescape=True),
    )


@dataclass
class PeopleFilter:
    """What the people list is narrowed to; empty values mean "any"."""

    text: str = ""
    school: str = ""
    school_id: int | None = None
    role: Role | None = None
    status: AccountStatus | None = None


def people_query(viewer: User, criteria: PeopleFilter):
    """The people ``viewer`` may list (everyone for staff, their school for a school leader),
    narrowed by ``criteria``, by name. Schools come in the same query (joined)."""
    query = db.select(User)
    if not can(viewer, "user.list"):
        query = query.where(False)
    elif not can(viewer, "user.list_all"):
        query = query.where(User.school_id == viewer.school_id, User.school_id.is_not(None))
    for word in criteria.text.split()[:5]:
        query = query.where(
            or_(_contains_text(User.full_name, word), _contains_text(User.email, word))
        )
    school_words = criteria.school.strip().lower().split()[:5]
    if school_words:
        matching = db.select(School.id)
        for word in school_words:
            matching = matching.where(School.search_key.contains(word, autoescape=True))
        query = query.where(User.school_id.in_(matching))
    if criteria.school_id:
        query = query.where(User.school_id == criteria.school_id)
    if criteria.role is not None:
        query = query.where(User.role == criteria.role)
    if criteria.status is not None:
        query = query.where(User.status == criteria.status)
    return query.order_by(User.full_name, User.id)


def audit_query(action: str = ""):
    """Audit entries, newest first, their actors loaded in the same query."""
    query = db.select(AuditEntry).options(joinedload(AuditEntry.actor))
    if action:
        query = query.where(AuditEntry.action == action)
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def audit_actions() -> list[str]:
    """Every action that occurs in the audit log, for its filter."""
    return list(
        db.session.scalars(db.select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def users_by_id(ids) -> dict[int, User]:
    """People by id, in one query (for the targets shown in the audit log)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


def purge_finished_reset_links() -> int:
    """Delete reset links that were used or have expired; they can never be used again."""
    finished = (PasswordResetLink.used_at.is_not(None)) | (PasswordResetLink.expires_at < utcnow())
    result = db.session.execute(db.delete(PasswordResetLink).where(finished))
    return result.rowcount or 0

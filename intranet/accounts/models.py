"""People: accounts, their roles and approval state, their signed-in devices, and password reset
links."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, case
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.audit import AuditAction
from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum
from ..extensions import db


class Role(LabelledEnum):
    """What a person may do (DESIGN §2). Each role includes the ones before it but moderator."""

    TEACHER = "teacher", _l("Teacher")
    SCHOOL_LEADER = "school_leader", _l("School leader")
    MODERATOR = "moderator", _l("Moderator")
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Administrator")


class AccountStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for approval")
    ACTIVE = "active", _l("Active")
    REJECTED = "rejected", _l("Rejected")
    SUSPENDED = "suspended", _l("Suspended")


class LevelCertificate(LabelledEnum):
    """The level programme of teacher training a teacher has completed (Kazakhstan)."""

    NONE = "none", _l("No level programme yet")
    THIRD = "third", _l("Third (basic) level")
    SECOND = "second", _l("Second (main) level")
    FIRST = "first", _l("First (advanced) level")


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class AccountAction(AuditAction):
    """What the audit log records of accounts."""

    SIGN_UP = "account.sign_up", _l("Asked to join")
    SIGN_UP_EXISTING = (
        "account.sign_up_existing",
        _l("Asked to join with an e-mail that already has an account"),
    )
    APPROVE = "account.approve", _l("Approved a sign-up request")
    REJECT = "account.reject", _l("Rejected a sign-up request")
    SIGN_IN = "account.sign_in", _l("Signed in")
    SIGN_IN_FAILED = "account.sign_in_failed", _l("Failed to sign in")
    PASSWORD_CHANGED = "account.password_changed", _l("Changed the password")
    RESET_LINK_ISSUED = "account.reset_link_issued", _l("Issued a password reset link")
    PASSWORD_RESET = "account.password_reset", _l("Set a new password with a reset link")
    ROLE_CHANGED = "account.role_changed", _l("Changed the role")
    SUSPENDED = "account.suspended", _l("Suspended the account")
    REINSTATED = "account.reinstated", _l("Reinstated the account")
    SIGNED_OUT_EVERYWHERE = "account.signed_out_everywhere", _l("Signed out on every device")


class User(UserMixin, db.Model):
    """An account. Its sessions are ``DeviceSession`` rows: the session cookie and the
    remember-me cookie name one of them (``get_id``), never the account itself.

    ``session_token`` is retired: nothing reads it since sessions are per device. It stays
    because dropping a unique column on SQLite means rebuilding the user table, and dropping
    the old table would cascade to every row that references a person.
    """

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    full_name: Mapped[str] = mapped_column(String(120))
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(120), default="")
    level_certificate: Mapped[LevelCertificate] = mapped_column(
        str_enum(LevelCertificate), default=LevelCertificate.NONE
    )
    locale: Mapped[str] = mapped_column(String(16), default="kk")  # a config.LOCALES code
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.TEACHER, index=True)
    status: Mapped[AccountStatus] = mapped_column(
        str_enum(AccountStatus), default=AccountStatus.PENDING, index=True
    )
    rules_accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    last_login_at: Mapped[datetime | None]
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)

    school = relationship("School", lazy="joined", innerjoin=False)

    # Not columns: the device session this object was loaded or signed in for, set by
    # ``sessions.signed_in_user`` and ``sessions.start_session``.
    session_key = None
    session_device_id = None

    def get_id(self) -> str | None:
        """What the session and remember-me cookies carry: the device session's secret key."""
        return self.session_key

    def __eq__(self, other):
        """The same person (``UserMixin`` compares ``get_id``, which is now per device)."""
        if isinstance(other, User):
            return self.id is not None and self.id == other.id
        return NotImplemented

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @hybrid_property
    def display_name(self) -> str:
        return self.full_name or self.email

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        """The same in SQL, for lists that select names as plain rows."""
        return case((cls.full_name != "", cls.full_name), else_=cls.email)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class PasswordResetLink(db.Model):
    """A one-time link that a director or admin issues for a colleague who forgot a password.

    Only a hash of the token is stored; the link is shown once to the person who issued it.
    """

    __tablename__ = "password_reset_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


class DeviceSession(db.Model):
    """One signed-in browser. The session cookie and the remember-me cookie carry its secret
    key (``User.get_id``); only a hash of the key is stored. Deleting the row signs that browser
    out: every request looks it up (``accounts/auth.py``)."""

    __tablename__ = "device_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)

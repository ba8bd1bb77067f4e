"""The one authorisation policy: ``can(user, action, obj=None)``.

Views call ``can`` (or ``require``) before they act; templates call it to show or hide buttons.
Every action is a permission: a function registered with ``@permission("feature.action")``.
Each feature registers its own from its ``access.py`` (beside the scope its lists use), the way
features add monitoring figures; this module holds the registry, the staff roles and accounts'
own permissions, and imports no feature. An unknown action is an error, not a silent "no".
(A *permission* says who may act; a refused change is a ``RuleError``, ``core/rules.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from .models import AccountStatus, Role, User

T = TypeVar("T")

Permission = Callable[[User, Any], bool]
_PERMISSIONS: dict[str, Permission] = {}

#: Roles that run the whole network (the coordination centre and the operators).
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def permission(action: str) -> Callable[[Permission], Permission]:
    """Register the decorated function as the one answer to ``can(user, action, obj)``."""

    def register(function: Permission) -> Permission:
        if action in _PERMISSIONS:
            raise ValueError(f"permission {action!r} is defined twice")
        _PERMISSIONS[action] = function
        return function

    return register


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` (possibly anonymous) may perform ``action`` on ``obj``."""
    try:
        check = _PERMISSIONS[action]
    except KeyError:
        raise LookupError(f"no permission named {action!r}") from None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(check(user, obj))


def require(user, action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort with 403, or 404 when ``hide`` (the object's existence is itself private)."""
    if not can(user, action, obj):
        abort(404 if hide else 403)


def visible_or_404(obj: T | None, action: str, about: Callable[[T], Any] | None = None) -> T:
    """``obj`` if it exists and the signed-in person may ``action`` it (or what ``about(obj)``
    names, e.g. a thread's category); otherwise 404, the same answer for both, so that a
    private object's existence stays private. The features' ``*_or_404`` loaders end here."""
    if obj is None:
        abort(404)
    require(current_user, action, obj if about is None else about(obj), hide=True)
    return obj


def is_staff(user: User) -> bool:
    return user.role in STAFF_ROLES


def leads_school_of(user: User, other: User) -> bool:
    """A director or deputy acting on a person of their own school."""
    return (
        user.role == Role.SCHOOL_LEADER
        and user.school_id is not None
        and user.school_id == other.school_id
    )


def assignable_roles(user: User) -> list[Role]:
    """The roles ``user`` may hand out: admins any, coordinators any but admin."""
    if user.role == Role.ADMIN:
        return list(Role)
    if user.role == Role.COORDINATOR:
        return [role for role in Role if role != Role.ADMIN]
    return []


# --- Everyone with an approved account -------------------------------------------------------


@permission("app.use")
def _use_app(user: User, _obj) -> bool:
    return True


@permission("user.view")
def _view_user(user: User, other: User) -> bool:
    return other.status == AccountStatus.ACTIVE or user.id == other.id or _manage_user(user, other)


# --- People and their accounts ----------------------------------------------------------------


@permission("user.review_signups")
def _review_signups(user: User, _obj) -> bool:
    return user.role == Role.SCHOOL_LEADER or is_staff(user)


@permission("user.decide_signup")
def _decide_signup(user: User, other: User) -> bool:
    if other.status != AccountStatus.PENDING:
        return False
    return is_staff(user) or leads_school_of(user, other)


@permission("user.list")
def _list_users(user: User, _obj) -> bool:
    return user.role == Role.SCHOOL_LEADER or is_staff(user)


@permission("user.list_all")
def _list_all_users(user: User, _obj) -> bool:
    """See people (and sign-up requests) of every school, not only one's own."""
    return is_staff(user)


@permission("user.manage")
def _manage_user(user: User, other: User) -> bool:
    """See a person's account details (status, role, reset links) and act on them."""
    if user.id == other.id:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.COORDINATOR:
        return other.role != Role.ADMIN
    return leads_school_of(user, other) and other.role in (Role.TEACHER, Role.MODERATOR)


@permission("user.issue_reset_link")
def _issue_reset_link(user: User, other: User) -> bool:
    return _manage_user(user, other) and other.status == AccountStatus.ACTIVE


@permission("user.set_role")
def _set_role(user: User, other: User) -> bool:
    return is_staff(user) and _manage_user(user, other) and other.role in assignable_roles(user)


@permission("user.suspend")
def _suspend_user(user: User, other: User) -> bool:
    return is_staff(user) and _manage_user(user, other)


@permission("audit.view")
def _view_audit(user: User, _obj) -> bool:
    return is_staff(user)


def registered_actions() -> list[str]:
    return sorted(_PERMISSIONS)

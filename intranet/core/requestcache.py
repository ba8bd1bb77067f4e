"""What a request works out once: the one per-request cache of the code base.

A page asks the same question many times (``can`` for every button, the reader's networks for
every list), and the answer cannot change while the request runs unless the request itself
changes it. ``per_request`` keeps a function's answers on the request for the request's life,
keyed by the arguments' ``key``; a service that changes what the answers depend on calls the
function's ``forget()``, so a check after the change in the same request sees the change.

The answers live on the request, not on ``g``: an app context (a CLI command, a test) may
outlive many requests. Outside a request nothing is kept and every call computes afresh.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

from flask import has_request_context, request

P = ParamSpec("P")
R = TypeVar("R")

_STORE = "zheli_request_cache"


def request_store(name: str) -> dict:
    """The dictionary named ``name`` that lives as long as the current request (a fresh, unkept
    one outside a request), for answers computed for many keys at once."""
    if not has_request_context():
        return {}
    stores = vars(request._get_current_object()).setdefault(_STORE, {})
    return stores.setdefault(name, {})


def _forget_store(name: str) -> None:
    if has_request_context():
        vars(request._get_current_object()).get(_STORE, {}).pop(name, None)


def forget_everything() -> None:
    """Drop every answer the request kept: after a change many of them derive from (who belongs
    to which network), so no feature's answer outlives it."""
    if has_request_context():
        vars(request._get_current_object()).pop(_STORE, None)


class PerRequest(Generic[P, R]):
    """A function whose answers are kept for the request; see ``per_request``."""

    def __init__(self, function: Callable[P, R], key: Callable[P, Hashable]):
        functools.update_wrapper(self, function)
        self._function = function
        self._key = key
        self._name = f"{function.__module__}.{function.__qualname__}"

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if not has_request_context():
            return self._function(*args, **kwargs)
        answers = request_store(self._name)
        key = self._key(*args, **kwargs)
        if key not in answers:
            answers[key] = self._function(*args, **kwargs)
        return answers[key]

    def forget(self) -> None:
        """Drop every answer this request kept (after a change they depend on)."""
        _forget_store(self._name)


def per_request(key: Callable[..., Hashable]) -> Callable[[Callable[P, R]], PerRequest[P, R]]:
    """Keep the decorated function's answers for the current request, one per ``key(*args)``.

    ``key`` names what the answer depends on, e.g. ``lambda user: user.id``; the arguments'
    other attributes must not change the answer within a request.
    """

    def decorate(function: Callable[P, R]) -> PerRequest[P, R]:
        return PerRequest(function, key)

    return decorate


def by_user(user: Any) -> Hashable:
    """The usual key: the person's id."""
    return user.id

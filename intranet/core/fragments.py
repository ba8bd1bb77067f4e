"""Rendered HTML kept in memory and reused while everything it shows is unchanged.

A page's costliest part is often the same for many readers: twenty posts of a thread look alike
to every member who wrote none of them, and the main menu is the same for everyone with the same
permissions and language. ``FragmentCache.render(key, render)`` keeps such a fragment under a
key that holds *everything the fragment is made of*, so nothing ever has to be invalidated: a
change to any of it is a new key, and the old entry ages out of the least-recently-used store.
The surest such key is the printed view: work out every value the template prints (the texts,
the links, each rule's answer), pass the template that alone, and key on ``digest(view)``
(the language is added to every key); then what the template prints and the key cannot drift
apart, however the rules behind the values change.

What differs in every response cannot be part of the kept HTML: the session's CSRF token and
each form's one-time token (``core.forms.new_form_token``). The fragment is rendered with
*holes* in their place (``HOLES``: pass them to the template as ``csrf_token`` and ``token``)
and every response fills them anew: the CSRF token of the request, a fresh token per form.
The holes are random per process and never leave it, so text in a post cannot imitate one.

One store per application (``init_fragments``), its size from ``FRAGMENT_CACHE_SIZE`` (0 turns
it off: every fragment is then rendered for each response, through the same holes).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from cachetools import LRUCache
from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .forms import new_form_token

_CSRF_HOLE = f"zheli-csrf-{secrets.token_hex(16)}"
_FORM_TOKEN_HOLE = f"zheli-form-token-{secrets.token_hex(16)}"

#: Template variables that leave holes where per-response tokens go.
HOLES = {"csrf_token": lambda: _CSRF_HOLE, "token": lambda: _FORM_TOKEN_HOLE}


@dataclass(frozen=True, slots=True)
class Fragment:
    """Rendered HTML cut at its form-token holes; CSRF holes are left in the pieces."""

    pieces: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> Fragment:
        return cls(tuple(html.split(_FORM_TOKEN_HOLE)))

    def fill(self, csrf_token: str, form_token: Callable[[], str] = new_form_token) -> Markup:
        """The HTML for one response: this request's CSRF token, a new token for each form."""
        first, *rest = self.pieces
        parts = [first]
        for piece in rest:
            parts.append(form_token())
            parts.append(piece)
        return Markup("".join(parts).replace(_CSRF_HOLE, csrf_token))


class FragmentCache:
    """Fragments by key, the least recently used dropped first; safe across threads."""

    def __init__(self, size: int):
        self._kept: LRUCache | None = LRUCache(maxsize=size) if size > 0 else None
        self._lock = threading.Lock()

    def render(self, key: Hashable, render: Callable[[], str]) -> Markup:
        """The fragment for ``key``, filled for this response. ``render`` makes it when it is
        not kept; it must render with ``HOLES`` and depend on nothing that ``key``, the
        request's language and the prefix the app is served under omit."""
        key = (request.script_root, str(get_locale()), key)
        fragment = self._get(key)
        if fragment is None:
            fragment = Fragment.of(render())
            self._put(key, fragment)
        return fragment.fill(generate_csrf())

    def __len__(self) -> int:
        return len(self._kept) if self._kept is not None else 0

    def _get(self, key: Hashable) -> Fragment | None:
        if self._kept is None:
            return None
        with self._lock:
            return self._kept.get(key)

    def _put(self, key: Hashable, fragment: Fragment) -> None:
        if self._kept is not None:
            with self._lock:
                self._kept[key] = fragment


def digest(view: object) -> bytes:
    """A short key for ``view``, all that a fragment prints: a hash of its ``repr``. Make the
    view of frozen dataclasses, tuples, strings, numbers, booleans and None, whose ``repr``
    shows every field and value, so a field added to it is part of the key. The store then keeps
    32 bytes per key rather than every text the fragment prints."""
    return hashlib.blake2b(repr(view).encode(), digest_size=32).digest()


def init_fragments(app: Flask) -> None:
    app.extensions["fragments"] = FragmentCache(int(app.config["FRAGMENT_CACHE_SIZE"]))


def fragments() -> FragmentCache:
    """The current application's store."""
    return current_app.extensions["fragments"]

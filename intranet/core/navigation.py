"""Where to send a visitor next: only ever to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next_url(candidate: str | None, fallback_endpoint: str = "home.home") -> str:
    """``candidate`` if it is a local path (no scheme, no host, no ``//``), else the fallback."""
    if candidate:
        parts = urlsplit(candidate)
        if (
            not parts.scheme
            and not parts.netloc
            and candidate.startswith("/")
            and not candidate.startswith("//")
            and "\\" not in candidate
        ):
            return candidate
    return url_for(fallback_endpoint)


def current_path() -> str:
    """The path and query of this request, for a ``next`` field."""
    return request.full_path.rstrip("?") if request.query_string else request.path


def requested_page() -> int:
    """The ``page`` query argument, at least 1."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def page_url(number: int) -> str:
    """This page's URL with its filters kept and ``page`` set, for pagers."""
    args = request.args.to_dict()
    args["page"] = str(number)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


class PageLinks:
    """What ``_macros/_pager.html`` reads of a page of a list, from its ``page`` and ``pages``
    (a base for the dataclasses that hold one page of rows)."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


class UrlPattern:
    """``url_for`` built once for many values of one integer argument::

        edit_url = UrlPattern("forum.edit_post", "post_id")
        edit_url(42)  # "/forum/p/42/edit"

    Werkzeug takes 20 to 70 µs to build one URL, and a thread page links each of its twenty
    posts several ways. The pattern is built once with a placeholder number and split around
    it; an ``int`` converter and a query argument both print the number as its digits, so
    putting other digits in its place is exactly what ``url_for`` would have built.
    """

    _PLACEHOLDER = "9876543210"

    def __init__(self, endpoint: str, argument: str, **values):
        built = url_for(endpoint, **values, **{argument: int(self._PLACEHOLDER)})
        head, found, tail = built.partition(self._PLACEHOLDER)
        if not found or self._PLACEHOLDER in tail:
            raise ValueError(f"{endpoint} does not print {argument} once as a number: {built}")
        self._head, self._tail = head, tail

    def __call__(self, value: int) -> str:
        return f"{self._head}{int(value)}{self._tail}"

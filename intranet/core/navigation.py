"""Where to send a visitor next: only ever to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for

from .params import CONTROL_CHARACTERS, MAX_PAGE, MAX_QUERY_STRING, int_arg


def safe_next_url(candidate: str | None, fallback_endpoint: str = "home.home") -> str:
    """``candidate`` if it is a path on this site (a single leading ``/``, no scheme, no host,
    no backslash, no control character), else the fallback endpoint's URL. Every redirect to a
    ``next`` the request brought goes through here."""
    if candidate:
        parts = urlsplit(candidate)
        if (
            not parts.scheme
            and not parts.netloc
            and candidate.startswith("/")
            and not candidate.startswith("//")
            and "\\" not in candidate
            # Browsers drop TAB, CR and LF inside a URL ("/\t/evil.example" is "//evil.example"),
            # and CR or LF would end the ``Location`` header.
            and not CONTROL_CHARACTERS.search(candidate)
        ):
            return candidate
    return url_for(fallback_endpoint)


def current_path() -> str:
    """The path and query of this request, for a ``next`` field (the path alone when the query
    is too long to be real; ``core.params`` refuses such requests)."""
    if not request.query_string or len(request.query_string) > MAX_QUERY_STRING:
        return request.path
    return request.full_path.rstrip("?")


def requested_page() -> int:
    """The ``page`` query argument; 1 when it is missing, junk or out of range."""
    return int_arg("page", 1, high=MAX_PAGE)


def page_url(number: int) -> str:
    """This page's URL with its filters kept and ``page`` set, for pagers. A query name that
    ``url_for`` would read as its own (``_external``) or as a path argument is dropped."""
    args = {name: value for name, value in request.args.items() if not name.startswith("_")}
    return url_for(request.endpoint, **{**args, **(request.view_args or {}), "page": number})


class NeighbourPages:
    """What ``_macros/_pager.html`` reads of a page of a list, from its ``page`` and its own
    ``has_next`` (a base for the dataclasses that hold one page of rows)."""

    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


class PageLinks(NeighbourPages):
    """``NeighbourPages`` of a list that knows how many ``pages`` it has."""

    pages: int

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


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

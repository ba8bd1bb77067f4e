"""What a request carries, read within bounds: ids in the path, integers and search text in the
query string, and the characters any text may hold. Each rule is written here once.

An outside attack got server errors from ids above 2**63 (database integers stop at 2**63 - 1
and the driver raises instead of finding nothing), from 60,000 characters of search text (SQLite
refuses a LIKE pattern over 50,000 bytes) and from NUL bytes (PostgreSQL refuses them in text,
SQLite stores them).

- ``IdConverter`` is the app's ``int`` converter: a path id outside 1..2**63 - 1 matches no
  route, so the answer is 404 before any query runs.
- ``int_arg`` reads an integer from the query string (or a form): the default when it is
  missing, not a plain number, or out of range.
- ``search_text`` / ``search_arg`` cap and clean what is typed into a search or filter box.
- ``has_forbidden_characters`` is the one test for control characters in text (TAB, LF and CR
  are allowed). Forms refuse such text with an error on the field (``core.forms``);
  ``guard_request`` answers 400 to a query string holding them, and 414 to one too long to be
  anything but an attack, before any view runs.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

#: The largest value of a 64-bit signed integer column (SQLite INTEGER, PostgreSQL BIGINT).
MAX_ID = 2**63 - 1
#: Pages beyond this are not real; the offset they stand for would overflow long before.
MAX_PAGE = 100_000
#: What is read of a search or filter box; the search index uses only a few words anyway.
MAX_SEARCH_LENGTH = 200
#: A longer query string is refused (414). Every form sent by GET here fits in a few hundred
#: bytes; a Cyrillic letter takes six once percent-encoded, and ten inside a ``next``.
MAX_QUERY_STRING = 8192

_PLAIN_INT = re.compile(r"-?[0-9]{1,19}")
#: C0 control characters and DEL, except TAB, LF and CR (which text areas send).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Every control character, for text that is never more than one line (a search, a URL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a positive id that fits a database integer, else 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_int(value: str | None, default=None, *, low: int = 1, high: int = MAX_ID):
    """``value`` as an integer if it is plain ASCII digits (an optional minus) within
    ``low..high``; ``default`` otherwise."""
    if value is None:
        return default
    value = value.strip()
    if not _PLAIN_INT.fullmatch(value):
        return default
    number = int(value)
    return number if low <= number <= high else default


def int_arg(
    name: str,
    default=None,
    *,
    low: int = 1,
    high: int = MAX_ID,
    source: MultiDict | None = None,
):
    """The integer ``name`` of the query string (or of ``source``, e.g. ``request.form``), or
    ``default`` when it is missing, junk or outside ``low..high`` (ids by default)."""
    values = request.args if source is None else source
    return parse_int(values.get(name), default, low=low, high=high)


def search_text(value: str | None, limit: int = MAX_SEARCH_LENGTH) -> str:
    """Text typed into a search or filter box, fit for a query: control characters turned into
    spaces, at most ``limit`` characters, trimmed."""
    return CONTROL_CHARACTERS.sub(" ", (value or "")[:limit]).strip()


def search_arg(name: str = "q", limit: int = MAX_SEARCH_LENGTH) -> str:
    """The search text ``name`` of the query string (``search_text``)."""
    return search_text(request.args.get(name), limit)


def has_forbidden_characters(text: str | None) -> bool:
    """Whether ``text`` holds a control character other than TAB, LF and CR (NUL among them)."""
    return bool(text) and _FORBIDDEN.search(text) is not None


def guard_request():
    """Before every view: 414 for an absurdly long query string, 400 for a control character
    in the path or in a query value or name."""
    if len(request.query_string) > MAX_QUERY_STRING:
        abort(414)
    if has_forbidden_characters(request.path):
        abort(400)
    for name, values in request.args.lists():
        if has_forbidden_characters(name) or any(map(has_forbidden_characters, values)):
            abort(400)


def init_params(app: Flask) -> None:
    """Make ``IdConverter`` the ``int`` of every route and guard every request."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(guard_request)

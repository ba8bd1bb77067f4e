"""The ``kk_Latn`` locale for Babel: Kazakh's CLDR data written in the 2021 Latin alphabet.

CLDR has no Kazakh in Latin script, and Babel (2.x) parses ``kk_Latn`` as ``kk_Cyrl``: its month
and day names, the "ж." after a year and the units of ``format_timedelta`` would come out in
Cyrillic, and Flask-Babel would look for the catalog of ``kk_Cyrl``. ``register`` gives Babel
a ``kk_Latn`` locale of its own instead, built once per process from the ``kk`` data with every
text run through ``core.latin.transliterate``; date patterns are transliterated token by token so
that a literal word stays quoted and never turns into pattern letters ("жыл" → "'jyl'", not
the fields j, y, l).

With it, ``Locale.parse("kk_Latn")``, Flask-Babel's ``get_locale``/``force_locale`` and every
Babel formatter (dates, times, numbers, ``format_timedelta``) give Latin text, and the catalog is
found in ``translations/kk_Latn``, so no caller needs a wrapper.

Babel offers no public call to add a locale; its loader (``babel.localedata.load``) answers
from the module's ``_cache`` before it looks for a data file, and ``localedata.exists`` counts
what is cached. ``register`` fills that entry; ``tests/test_latin.py`` fails if a Babel release
stops honouring it.
"""

from __future__ import annotations

from typing import Any

from babel import localedata
from babel.dates import DateTimePattern, parse_pattern, tokenize_pattern, untokenize_pattern

from .latin import transliterate, transliterate_message

#: The Babel identifier of Kazakh in Latin script (its BCP 47 tag is ``kk-Latn``).
LATIN_KAZAKH = "kk_Latn"
_SOURCE = "kk"
#: The data keys whose strings are date patterns (field letters and literal text).
_PATTERN_KEYS = frozenset({"interval_formats"})


def latin_pattern(pattern: str) -> str:
    """A CLDR date pattern with its literal text transliterated and quoted where needed."""
    tokens = [
        (kind, transliterate(value) if kind == "chars" else value)
        for kind, value in tokenize_pattern(pattern)
    ]
    return untokenize_pattern(tokens)


def _latin(value: Any, in_pattern: bool) -> Any:
    if isinstance(value, str):
        return latin_pattern(value) if in_pattern else transliterate(value)
    if isinstance(value, DateTimePattern):
        return parse_pattern(latin_pattern(value.pattern))
    if isinstance(value, dict):
        return {
            key: _latin(item, in_pattern or key in _PATTERN_KEYS) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(_latin(item, in_pattern) for item in value)
    return value  # numbers, number patterns, plural rules, aliases: no letters of their own


def latin_locale_data() -> dict[str, Any]:
    """The ``kk`` locale data (with what it inherits from ``root``) in Latin letters."""
    return _latin(localedata.load(_SOURCE), in_pattern=False)


def register() -> None:
    """Make ``kk_Latn`` a locale Babel knows, once per process."""
    if LATIN_KAZAKH not in localedata._cache:
        localedata._cache[LATIN_KAZAKH] = latin_locale_data()


class LatinCatalog:
    """A Kazakh gettext catalog read in Latin letters, for catalogs the project does not build
    (WTForms' own messages): each message is transliterated as it is looked up."""

    def __init__(self, kazakh) -> None:
        self._kazakh = kazakh

    def ugettext(self, message: str) -> str:
        return transliterate_message(self._kazakh.ugettext(message))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return transliterate_message(self._kazakh.ungettext(singular, plural, n))

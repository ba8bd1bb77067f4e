"""Language and time zone: Kazakh by default, the user's stored choice, else a cookie.

Dates are shown in Asia/Almaty. The language switcher posts to ``/lang/<tag>``, which stores the
choice in the profile (signed-in users) and a cookie (everyone), then returns to the page.

A language has two spellings: the Babel identifier kept in the profile, the cookie and the
catalog folders (``kk_Latn``, the ``LOCALES``), and the BCP 47 tag of URLs and ``lang``
attributes (``kk-Latn``). Importing this module makes ``kk_Latn`` a locale Babel knows
(``core.latin_locale``), so dates and numbers come out in Latin letters too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, dates
from flask import current_app, has_request_context, request
from flask_babel import get_locale, get_timezone, to_user_timezone
from flask_login import current_user

from ..config import DEFAULT_LOCALE, LOCALES, TIMEZONE
from . import latin_locale

latin_locale.register()

#: Where the schools are: every "today" and every date shown is in this zone.
LOCAL_ZONE = ZoneInfo(TIMEZONE)

LANG_COOKIE = "zheli_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60

#: Names of the languages in themselves, as the switcher shows them.
LANGUAGE_NAMES = {
    "kk": "Қазақша",
    latin_locale.LATIN_KAZAKH: "Qazaqşa (latyn)",
    "ru": "Русский",
    "en": "English",
}


def language_tag(code: object) -> str:
    """The BCP 47 tag of a language (``kk_Latn`` → ``kk-Latn``), for URLs and ``lang``."""
    return str(code).replace("_", "-")


def locale_from_tag(tag: str) -> str | None:
    """The language a tag names (``kk-Latn`` or ``kk_Latn`` → ``kk_Latn``), None if not ours."""
    code = tag.replace("-", "_")
    return code if code in LOCALES else None


def select_locale() -> str:
    """The signed-in user's language, else the cookie's; a command or job outside a request
    (the demo seed, the cyclogram run from the CLI) writes in the default language."""
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    chosen = request.cookies.get(LANG_COOKIE) if has_request_context() else None
    if chosen in LOCALES:
        return chosen
    return current_app.config.get("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)


def local_today() -> date:
    """Today's date in Asia/Almaty (the server's clock may run in UTC)."""
    return datetime.now(LOCAL_ZONE).date()


# Babel takes some 50 µs to format one value, and a thread page prints twenty timestamps that
# every reader of the page shares: the strings are remembered per value, format, locale and zone.
_REMEMBERED_VALUES = 8192


@lru_cache(maxsize=_REMEMBERED_VALUES)
def _formatted_datetime(value: datetime, format: str, locale: Locale, zone) -> str:
    return dates.format_datetime(value, format, tzinfo=zone, locale=locale)


@lru_cache(maxsize=_REMEMBERED_VALUES)
def _formatted_date(value: date, format: str, locale: Locale) -> str:
    return dates.format_date(value, format, locale=locale)


def format_datetime(value: datetime, format: str = "medium") -> str:
    """Flask-Babel's ``format_datetime``: in the request's locale and time zone, a naive value
    being UTC."""
    return _formatted_datetime(value, format, get_locale(), get_timezone())


def datetime_formatter(format: str = "medium") -> Callable[[datetime], str]:
    """``format_datetime`` for many values: the locale and zone looked up once (some 4 µs each
    time, and a thread page prints twenty dates on every view)."""
    locale, zone = get_locale(), get_timezone()
    return lambda value: _formatted_datetime(value, format, locale, zone)


def format_date(value: date | datetime, format: str = "medium") -> str:
    """Flask-Babel's ``format_date``: a datetime is first moved into the request's time zone."""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return _formatted_date(value, format, get_locale())

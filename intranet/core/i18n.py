"""Language and time zone: Kazakh by default, the user's stored choice, else a cookie.

Dates are shown in Asia/Almaty (``core.localformat`` writes them). The language switcher posts to
``/lang/<tag>``, which stores the choice in the profile (signed-in users) and a cookie
(everyone), then returns to the page.

A language has two spellings: the Babel identifier kept in the profile, the cookie and the
catalog folders (``kk_Latn``, the ``LOCALES``), and the BCP 47 tag of URLs and ``lang``
attributes (``kk-Latn``). Importing this module makes ``kk_Latn`` a locale Babel knows
(``core.latin_locale``), so dates and numbers come out in Latin letters too.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
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

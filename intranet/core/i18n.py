"""Language and time zone: Kazakh by default, the user's stored choice, else a cookie.

Dates are shown in Asia/Almaty (``core.localformat`` writes them). The language switcher posts to
``/lang/<code>``, which stores the choice in the profile (signed-in users) and a cookie
(everyone), then returns to the page.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
from flask_login import current_user

from ..config import DEFAULT_LOCALE, LOCALES, TIMEZONE

#: Where the schools are: every "today" and every date shown is in this zone.
LOCAL_ZONE = ZoneInfo(TIMEZONE)

LANG_COOKIE = "zheli_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60

#: Names of the languages in themselves, as the switcher shows them.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


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

"""What every template may use: ``can``, ``static_url``, locale helpers, date filters, the main
menu (kept rendered, see ``core.fragments``), and ``_``/``gettext``/``ngettext`` bound to the
request's catalog."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from ..accounts.permissions import can
from ..config import DEFAULT_LOCALE
from .assets import static_url
from .forms import new_form_token
from .fragments import HOLES, fragments
from .htmx import add_vary_header, wants_fragment
from .i18n import LANGUAGE_NAMES, LOCALES, format_date, format_datetime, language_tag
from .markdown import stored_html
from .navigation import UrlPattern, current_path, page_url
from .security import add_security_headers


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["stored_html"] = stored_html
    # Globals, because macros imported without context see them too.
    app.jinja_env.globals["url_pattern"] = UrlPattern
    app.jinja_env.globals["new_form_token"] = new_form_token

    @app.context_processor
    def inject_helpers():
        return {
            **catalog_callables(),
            "can": can,
            "static_url": static_url,
            # BCP 47 tags (kk-Latn), as <html lang> and the switcher's /lang/<tag> want them.
            "current_locale": language_tag(get_locale() or DEFAULT_LOCALE),
            "locales": LANGUAGE_TAGS,
            "language_names": NAMES_BY_TAG,
            "current_path": current_path,
            "page_url": page_url,
            "is_fragment": wants_fragment,
            "main_menu": main_menu,
        }

    @app.after_request
    def finish_response(response):
        add_vary_header(response)
        add_security_headers(response)
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache, private"
        return response


LANGUAGE_TAGS = tuple(language_tag(code) for code in LOCALES)
NAMES_BY_TAG = {language_tag(code): name for code, name in LANGUAGE_NAMES.items()}

#: The rules that add a link to the main menu (``templates/_menu.html``).
MENU_RULES = (
    "forum.review_reports",
    "user.review_signups",
    "user.list",
    "audit.view",
    "monitoring.view",
)


def main_menu() -> Markup:
    """The signed-in menu, rendered once for each language and set of ``MENU_RULES`` answers."""
    user = current_user._get_current_object()
    allowed = {rule: can(user, rule) for rule in MENU_RULES}
    return fragments().render(
        ("menu", *allowed.values()),
        lambda: render_template("_menu.html", allowed=allowed, **HOLES),
    )


def catalog_callables() -> dict:
    """``gettext`` and ``ngettext`` for one render, bound to the request's catalog.

    Jinja's ``_()`` and ``{% trans %}`` look these names up in the template's context before the
    environment's globals. Flask-Babel's globals find the catalog anew for every string (some
    30 µs each, a page has dozens); these look it up once a render and format like Jinja's
    "newstyle" gettext, which Flask-Babel installs: the result is escaped-safe Markup when
    autoescaping, and always ``%``-formatted with the keyword arguments (``num`` for plurals).
    """
    translations = get_translations()

    @pass_context
    def gettext(context, string, **variables):
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}

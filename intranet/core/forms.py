"""The bases of every form: ``CsrfForm`` (CSRF through Flask-WTF, WTForms' own messages translated
from a catalog loaded once per process, no control characters in any field) and ``OnceForm``
(plus a one-time submission token).

PostgreSQL refuses a NUL byte in text and SQLite stores it; neither is anything a person types.
Every form refuses control characters other than TAB, LF and CR in whatever was sent, with an
error on the field and the text kept as typed, the same on both databases.

A phone on a slow link sends the same form twice when the user taps again; a replayed request
does the same on purpose. Each rendered form carries a fresh random token; the view spends it
through ``core.actions.perform`` (``first_submission``) in the transaction of the change, and a
token that was spent already makes the second submission change nothing.
Services never see the token.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from babel.support import Translations
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import HiddenInput

from ..extensions import db
from .db import utcnow
from .latin_locale import LATIN_KAZAKH, LatinCatalog
from .models import UsedFormToken
from .params import has_forbidden_characters

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
NOT_ALLOWED = _l("This contains characters that are not allowed.")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


@cache
def _wtforms_catalog(locale: str) -> Translations | LatinCatalog:
    """WTForms' catalog of ``locale``; for Kazakh in Latin letters, its Kazakh one read so."""
    if locale == LATIN_KAZAKH:
        return LatinCatalog(_wtforms_catalog("kk"))
    return Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' built-in messages in the request's language. Flask-WTF reads the catalog from
    disk for every request that builds a form; the catalogs never change while the app runs."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


def refuse_control_characters(form) -> bool:
    """Add ``NOT_ALLOWED`` to every field of ``form`` whose submitted text holds a control
    character (other than TAB, LF, CR); False if there was one."""
    clean = True
    for field in form:
        sent = [value for value in field.raw_data or () if isinstance(value, str)]
        if any(map(has_forbidden_characters, sent)):
            field.errors = [*field.errors, NOT_ALLOWED]
            clean = False
    return clean


class CsrfForm(FlaskForm):
    """A form with CSRF protection (Flask-WTF), for forms that change nothing by themselves."""

    class Meta:
        def get_translations(self, form):
            return _WTFormsMessages()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return refuse_control_characters(self) and valid

    def hidden_tag(self, *fields) -> Markup:
        """The hidden fields (all, or those of ``fields``), without ids: a page may hold several
        forms with a CSRF token each, and an id is used once per page. They go by name."""
        chosen = (getattr(self, f, None) if isinstance(f, str) else f for f in fields or self)
        hidden = [f for f in chosen if f is not None and isinstance(f.widget, HiddenInput)]
        return Markup("\n".join(str(f(id=False)) for f in hidden))


class OnceForm(CsrfForm):
    """A form whose submission takes effect at most once."""

    form_token = HiddenField(
        default=new_form_token,
        validators=[DataRequired(), Length(max=64), Regexp(TOKEN_PATTERN)],
    )


class DuplicateSubmission(Exception):
    """The form token was spent already: this submission is a repeat."""


def spend_form_token(token: str) -> None:
    """Mark ``token`` used inside the current transaction, or raise ``DuplicateSubmission``.

    A savepoint keeps the outer transaction usable after the unique-key conflict. On
    PostgreSQL a concurrent duplicate waits for the first transaction and then conflicts.
    """
    try:
        with db.session.begin_nested():
            db.session.add(UsedFormToken(token=token))
    except IntegrityError as error:
        raise DuplicateSubmission(token) from error


def purge_spent_tokens(older_than: timedelta) -> int:
    """Forget tokens spent long ago; a form older than that has expired anyway (CSRF)."""
    cutoff = utcnow() - older_than
    result = db.session.execute(db.delete(UsedFormToken).where(UsedFormToken.used_at < cutoff))
    return result.rowcount or 0


def first_submission(form: OnceForm) -> bool:
    """Spend the form's token; False when this exact form was submitted before."""
    try:
        spend_form_token(form.form_token.data)
    except DuplicateSubmission:
        return False
    return True

"""The bases of every form: ``CsrfForm`` (CSRF through Flask-WTF, WTForms' own messages translated
from a catalog loaded once per process) and ``OnceForm`` (plus a one-time submission token).

A phone on a slow link sends the same form twice when the user taps again; a replayed request
does the same on purpose. Each rendered form carries a fresh random token; the service that
performs the change calls ``spend_form_token`` in the same transaction, and a token that was
spent already makes the second submission change nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from babel.support import Translations
from flask_babel import get_locale
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, Regexp

from ..extensions import db
from .db import utcnow
from .models import UsedFormToken

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


@cache
def _wtforms_catalog(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' built-in messages in the request's language. Flask-WTF reads the catalog from
    disk for every request that builds a form; the catalogs never change while the app runs."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog(str(get_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(get_locale())).ungettext(singular, plural, n)


class CsrfForm(FlaskForm):
    """A form with CSRF protection (Flask-WTF), for forms that change nothing by themselves."""

    class Meta:
        def get_translations(self, form):
            return _WTFormsMessages()


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

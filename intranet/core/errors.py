"""Translated error pages for 400, 403, 404, 405, 413, 414, 429 and 500.

A page that is not there changes nothing, the visitor's session included. Browsers ask for
addresses such as ``/apple-touch-icon.png`` beside a page, with the cookie they held when they
asked; if the 404 answering one sent that session back, it could land after the cookie a sign-in
had just set and sign the person out again.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("There is no such page, or it is not open to you.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than the limit. Please send a smaller file."),
    ),
    414: (
        _l("Address too long"),
        _l("The address of this page is too long. Go back and try a shorter search."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. Nothing was saved; please try again later."),
    ),
}
CSRF_TEXTS = (
    _l("The form has expired"),
    _l("The page was open for too long or the form was sent twice. Reload it and try again."),
)


#: Answers that never write the session cookie.
SESSION_LEFT_ALONE = frozenset({404, 405})


class SessionUnchangedByMissingPages(SecureCookieSessionInterface):
    """Flask's signed-cookie session, not saved on an answer in ``SESSION_LEFT_ALONE``."""

    def save_session(self, app, session, response) -> None:
        if response.status_code in SESSION_LEFT_ALONE:
            return
        super().save_session(app, session, response)


def render_error(code: int, title, message):
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_error_handlers(app: Flask) -> None:
    app.session_interface = SessionUnchangedByMissingPages()

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(400, *CSRF_TEXTS)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in ERROR_TEXTS:
            return error
        return render_error(error.code, *ERROR_TEXTS[error.code])

    @app.errorhandler(InternalServerError)
    def server_error(_error):
        db.session.rollback()
        return render_error(500, *ERROR_TEXTS[500])

"""The private iCal feed: the page that makes, shows once and revokes its address, and the feed.

The feed itself needs no session (a phone calendar has none): the secret in its URL is the key.
An unknown or revoked token answers 404. A new address is shown once, on the answer to the POST
that made it (only its hash is stored, so it cannot be shown again).
"""

from __future__ import annotations

from flask import Response, abort, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from . import feeds
from .forms import FeedForm


def _render(new_url: str | None = None):
    return render_template(
        "events/feed.html",
        feed=feeds.feed_of(current_user),
        new_url=new_url,
        links=feeds.subscribe_links(new_url) if new_url else None,
        token=new_form_token,
    )


def view_feed():
    return _render()


def issue_feed():
    form = FeedForm()
    if form.action.data != "issue":
        return redirect(url_for("events.view_feed"))
    outcome, token = perform(form, lambda: feeds.issue_feed(current_user))
    if outcome is not Outcome.DONE:
        return redirect(url_for("events.view_feed"))
    response = make_response(_render(url_for("events.ical_feed", token=token, _external=True)))
    response.headers["Cache-Control"] = "no-store"  # the secret is on this page only
    return response


def revoke_feed():
    form = FeedForm()
    if form.action.data == "revoke":
        perform(form, lambda: feeds.revoke_feed(current_user))
    return redirect(url_for("events.view_feed"))


def ical_feed(token: str):
    user = feeds.owner_of(token)
    if user is None:
        abort(404)
    with force_locale(user.locale):  # the calendar's name in the owner's language
        body = feeds.build_calendar(
            feeds.feed_events(user),
            lambda event: url_for("events.view_event", event_id=event.id, _external=True),
            request.host.split(":")[0] or "zheli",
        )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="zheli.ics"'
    response.headers["Cache-Control"] = "no-cache, private"
    return response

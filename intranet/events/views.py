"""Event pages: the upcoming list (the default), the month, one event, creating and editing.

RSVP, attendance and outcomes live in ``event_views.py``, the cyclogram, school years and the
plan table in ``cyclogram_views.py``, the iCal feed in ``feed_views.py``; their functions are
registered here so the blueprint is defined once and nothing imports back into this module.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import or_

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.i18n import local_today
from ..core.navigation import requested_page
from ..core.params import int_arg, parse_int
from ..core.signin import members_only
from ..extensions import db
from ..network.membership import led_network_ids, member_network_ids
from ..network.models import Network
from . import cyclogram_views, event_views, feed_views, services
from .access import event_or_404, network_or_404
from .calendar import weekday_names
from .forms import EventForm, choices
from .models import CyclogramRule, Event, EventKind

bp = Blueprint("events", __name__, url_prefix="/events")

#: Links to networks' calendars under a coordinator's upcoming list.
MAX_NETWORK_LINKS = 30


# Everything here is for approved members, except the iCal feed (the key is in its URL).
members_only(bp, public={"events.ical_feed"})


def _network_filter() -> Network | None:
    network_id = int_arg("network")
    if network_id is None:
        return None
    return network_or_404(network_id)


@bp.get("/")
def list_events():
    network = _network_filter()
    listing = services.upcoming(current_user, requested_page(), network.id if network else None)
    return render_template(
        "events/list.html",
        listing=listing,
        network=network,
        networks=_my_networks(),
        can_create=can(current_user, "events.create"),
        token=new_form_token,
    )


def _my_networks() -> list[Network]:
    """The networks whose calendars the person may open, for the links under the list.

    Members get their own networks; staff (who may open all of them) the networks that have a
    cyclogram or events, at most ``MAX_NETWORK_LINKS``, so the page stays light at any scale.
    """
    query = db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
    if can(current_user, "events.manage_years"):
        planned = or_(
            db.select(CyclogramRule.id).where(CyclogramRule.network_id == Network.id).exists(),
            db.select(Event.id).where(Event.network_id == Network.id).exists(),
        )
        query = query.where(planned).limit(MAX_NETWORK_LINKS)
    else:
        ids = member_network_ids(current_user)
        if not ids:
            return []
        query = query.where(Network.id.in_(ids))
    return list(db.session.scalars(query))


@bp.get("/month")
def view_month():
    today = local_today()
    year, _dash, month = request.args.get("m", "").partition("-")
    year, month = parse_int(year, low=2000, high=2100), parse_int(month, high=12)
    first = date(year, month, 1) if year and month else date(today.year, today.month, 1)
    events, answers = services.in_month(current_user, first.year, first.month)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return render_template(
        "events/month.html",
        first=first,
        weeks=services.month_grid(first, events),
        weekday_names=weekday_names(get_locale()),
        has_events=bool(events),
        answers=answers,
        previous=previous,
        following=following,
        today=today,
    )


@bp.get("/<int:event_id>")
def view_event(event_id: int):
    event = event_or_404(event_id)
    return render_template("events/event.html", **event_views.event_page_context(event))


def _manageable_networks() -> list[Network]:
    query = db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
    if not can(current_user, "events.manage_years"):
        query = query.where(Network.id.in_(led_network_ids(current_user) or {0}))
    return list(db.session.scalars(query))


def _fill_choices(form: EventForm, network: Network | None, networks: list[Network]) -> None:
    form.network.choices = choices((n.id, n.name) for n in networks)
    chosen = network or next(
        (n for n in networks if n.id == form.network.data), networks[0] if networks else None
    )
    schools = services.network_schools(chosen) if chosen else []
    form.host_school.choices = choices(
        [(0, "—")] + [(school.id, school.name) for school in schools]
    )


def _fields(form: EventForm) -> services.EventFields:
    return services.EventFields(
        kind=EventKind(form.kind.data),
        title=form.title.data or "",
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        purpose=form.purpose.data or "",
        expected_result=form.expected_result.data or "",
        resources=form.resources.data or "",
        responsible=form.responsible.data or "",
        host_school_id=form.host_school.data or None,
        place=form.place.data or "",
        online_link=form.online_link.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
def create_event():
    require(current_user, "events.create")
    networks = _manageable_networks()
    if not networks:
        abort(403)
    form = EventForm()
    if request.method == "GET":
        wanted = int_arg("network")
        if wanted in {n.id for n in networks}:
            form.network.data = wanted
    _fill_choices(form, None, networks)

    def create():
        network = db.session.get(Network, form.network.data)
        require(current_user, "events.manage", network)
        return services.create_event(network, current_user, _fields(form))

    outcome, event = perform(form, create)
    if outcome is Outcome.DONE:
        return redirect(url_for(".view_event", event_id=event.id))
    if outcome is Outcome.REPEATED:
        return redirect(url_for(".list_events"))
    return render_template("events/event_form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    event = event_or_404(event_id)
    require(current_user, "events.edit", event)
    form = EventForm(obj=services.fields_of(event) if request.method == "GET" else None)
    if request.method == "GET":
        form.host_school.data = event.host_school_id or 0
    form.network.data = event.network_id
    _fill_choices(form, event.network, [event.network])
    outcome, _event = perform(
        form, lambda: services.update_event(event, current_user, _fields(form))
    )
    if outcome is not Outcome.INVALID:
        return redirect(url_for(".view_event", event_id=event.id))
    return render_template("events/event_form.html", form=form, event=event)


_ROUTES = [
    ("/<int:event_id>/rsvp", event_views.rsvp_event, ["POST"]),
    ("/<int:event_id>/cancel", event_views.cancel_event, ["GET", "POST"]),
    ("/<int:event_id>/attendance", event_views.mark_attendance, ["POST"]),
    ("/<int:event_id>/outcomes", event_views.add_outcome, ["POST"]),
    ("/network/<int:network_id>/plan", cyclogram_views.view_plan, ["GET"]),
    ("/network/<int:network_id>/cyclogram", cyclogram_views.view_cyclogram, ["GET"]),
    ("/network/<int:network_id>/cyclogram/rules", cyclogram_views.add_rule, ["POST"]),
    ("/network/<int:network_id>/cyclogram/essay", cyclogram_views.add_essay_rule, ["POST"]),
    (
        "/network/<int:network_id>/cyclogram/rules/<int:rule_id>/delete",
        cyclogram_views.delete_rule,
        ["GET", "POST"],
    ),
    ("/network/<int:network_id>/cyclogram/generate", cyclogram_views.generate_events, ["POST"]),
    ("/years", cyclogram_views.manage_years, ["GET", "POST"]),
    ("/years/<int:year_id>/holidays", cyclogram_views.add_holiday, ["POST"]),
    ("/years/<int:year_id>/edit", cyclogram_views.edit_year, ["GET", "POST"]),
    ("/holidays/<int:holiday_id>/edit", cyclogram_views.edit_holiday, ["GET", "POST"]),
    ("/holidays/<int:holiday_id>/remove", cyclogram_views.remove_holiday, ["GET", "POST"]),
    ("/calendar-feed", feed_views.view_feed, ["GET"]),
    ("/calendar-feed", feed_views.issue_feed, ["POST"]),
    ("/calendar-feed/revoke", feed_views.revoke_feed, ["POST"]),
    ("/feed/<token>.ics", feed_views.ical_feed, ["GET"]),
]
for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)

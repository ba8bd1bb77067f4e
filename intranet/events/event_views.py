"""Acting on one event in place: RSVP, the attendance checklist, the outcomes.

Each is a self-swapping form: htmx replaces the component with its new state (one partial
serves the page and the fragment); without JS the event page comes back.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.htmx import wants_fragment
from ..core.pages import render_confirm_page
from . import services
from .access import event_or_404
from .forms import AttendanceForm, CancelEventForm, OutcomeForm, RsvpForm
from .models import OutcomeKind


def _attendance_context(event, can_mark: bool, form=None, saved: bool = False) -> dict:
    """What ``_attendance.html`` shows: a checklist for the organiser, names for the rest."""
    started = services.has_started(event) and event.cancelled_at is None
    can_mark = can_mark and started
    context = {"event": event, "can_mark": can_mark, "started": started}
    if can_mark:
        people = services.invited_people(event)
        present = {person.id for person in services.attendees(event)}
        context.update(
            people=people,
            present=present,
            form=form or AttendanceForm(),
            saved=saved,
        )
    else:
        context["attendees"] = services.attendees(event) if started else []
    return context


def event_page_context(event) -> dict:
    can_mark = can(current_user, "events.mark_attendance", event)
    response = services.response_of(current_user, event)
    return {
        "event": event,
        "answer": response.going if response else None,
        "counts": services.counts_of(event),
        "ended": services.has_ended(event),
        "can_edit": can(current_user, "events.edit", event),
        "outcomes": services.outcomes_of(event),
        "outcome_form": OutcomeForm() if can_mark else None,
        "token": new_form_token,
        **_attendance_context(event, can_mark),
    }


def cancel_event(event_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST calls it off."""
    event = event_or_404(event_id)
    require(current_user, "events.edit", event)
    back = url_for("events.view_event", event_id=event.id)
    if request.method == "GET":
        if event.cancelled_at is not None:  # called off already: nothing to ask about
            return redirect(back)
        return render_confirm_page(
            CancelEventForm(data={"confirm": "1"}),
            question=_("Cancel this event? The people going are told."),
            confirm_label=_("Cancel the event"),
            cancel_url=back,
            excerpt=event.title,
            cancel_label=_("Keep the event"),
        )
    perform(CancelEventForm(), lambda: services.cancel_event(event, current_user))
    return redirect(back)


def rsvp_event(event_id: int):
    event = event_or_404(event_id)
    require(current_user, "events.rsvp", event)
    form = RsvpForm()
    performed = perform(form, lambda: services.answer(event, current_user, form.going.data == "1"))
    error = performed.refusal.message if performed.refusal is not None else None
    if not wants_fragment():
        return redirect(url_for("events.view_event", event_id=event.id))
    response = services.response_of(current_user, event)
    return render_template(
        "events/_rsvp.html",
        event=event,
        answer=response.going if response else None,
        counts=services.counts_of(event),
        ended=services.has_ended(event),
        error=error,
        token=new_form_token,
    )


def mark_attendance(event_id: int):
    event = event_or_404(event_id)
    require(current_user, "events.mark_attendance", event)
    form = AttendanceForm()
    outcome, _marked = perform(
        form,
        lambda: services.mark_attendance(event, current_user, set(form.attended.data or [])),
    )
    saved = outcome is Outcome.DONE
    if saved:
        form = AttendanceForm(formdata=None)
    if not wants_fragment() and not form.errors and not form.form_errors:
        return redirect(url_for("events.view_event", event_id=event.id))
    if not wants_fragment():
        context = event_page_context(event)
        context.update(_attendance_context(event, True, form))
        return render_template("events/event.html", **context)
    return render_template(
        "events/_attendance.html", **_attendance_context(event, True, form, saved)
    )


def add_outcome(event_id: int):
    event = event_or_404(event_id)
    require(current_user, "events.mark_attendance", event)
    form = OutcomeForm()
    outcome, _added = perform(
        form,
        lambda: services.add_outcome(
            event,
            current_user,
            OutcomeKind(form.kind.data),
            form.title.data or "",
            form.url.data or "",
            form.note.data or "",
        ),
    )
    done = outcome is not Outcome.INVALID
    if done:
        if not wants_fragment():
            return redirect(url_for("events.view_event", event_id=event.id))
        form = OutcomeForm(formdata=None)
    if wants_fragment():
        return render_template(
            "events/_outcomes.html",
            event=event,
            outcomes=services.outcomes_of(event),
            outcome_form=form,
        )
    context = event_page_context(event)
    context["outcome_form"] = form
    return render_template("events/event.html", **context)

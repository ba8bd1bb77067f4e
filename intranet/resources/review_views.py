"""The moderators' review queue: pending resources, the longest-waiting first, decided in place.

With htmx a decision swaps its queue item for a short note (or the item again, with the error);
without JS the form posts and the queue comes back with a flash message.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform
from ..core.htmx import wants_fragment
from ..core.navigation import requested_page
from ..core.params import int_arg
from ..extensions import db
from ..network.models import Network
from . import services
from .access import resource_or_404
from .file_views import FILE_HELPERS
from .forms import DecisionForm
from .models import Decision, Subject

_DONE = {
    Decision.APPROVE: lambda: _("Approved and published; the author is told."),
    Decision.REJECT: lambda: _("Rejected; the author is told why."),
    Decision.CHANGES: lambda: _("Sent back to the author with your comment."),
}


def review_queue():
    require(current_user, "resources.review")
    network_id = int_arg("network")
    subject = request.args.get("subject")
    subject = Subject(subject) if subject in {s.value for s in Subject} else None
    page = requested_page()
    rows, has_next = services.review_queue(network_id, subject, page)
    networks = list(
        db.session.scalars(
            db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
        )
    )
    return render_template(
        "resources/review_queue.html",
        rows=rows,
        files=services.current_files(rows),
        page=page,
        has_next=has_next,
        networks=networks,
        subjects=list(Subject),
        network_id=network_id,
        subject=subject,
        decision_kinds=Decision,
        **FILE_HELPERS,
    )


def _answer(resource, message: str | None = None, error: str | None = None, form=None):
    if wants_fragment():
        files = {} if message else services.current_files([resource])
        return render_template(
            "resources/_queue_item.html",
            resource=resource,
            files=files,
            message=message,
            error=error,
            comment=(form.comment.data if form else "") or "",
            decision_kinds=Decision,
            **FILE_HELPERS,
        )
    if message or error:
        flash(message or error, "success" if message else "error")
    return redirect(url_for("resources.review_queue"))


def decide_resource(resource_id: int):
    resource = resource_or_404(resource_id)
    require(current_user, "resources.review", resource)
    form = DecisionForm()
    performed = perform(
        form,
        lambda: services.decide(
            resource, current_user, Decision(form.decision.data), form.comment.data or ""
        ),
    )
    if performed.outcome is Outcome.REPEATED:
        return _answer(resource, message=_("Done."))
    if performed.refusal is not None:
        resource = resource_or_404(resource_id)  # the rollback expired it
        return _answer(resource, error=str(performed.refusal.message), form=form)
    if performed.outcome is Outcome.INVALID:
        return _answer(resource, error=_("Choose a decision."), form=form)
    return _answer(resource, message=_DONE[Decision(form.decision.data)]())

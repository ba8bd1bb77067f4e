"""Routes of one essay: the editor (save a draft, autosave, submit), the essay page,
withdrawal, feedback and comments.

Autosave is an htmx POST that answers with the small "saved at HH:MM" fragment; without
JavaScript the editor's "Save draft" button posts the whole form and the page comes back.
"""

from __future__ import annotations

from datetime import UTC

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform, save
from ..core.forms import new_form_token
from ..core.htmx import wants_fragment
from ..core.i18n import local_today
from ..core.rules import RuleError, show_rule_error
from . import services
from .access import cycle_or_404, essay_or_404
from .forms import EssayForm, ResponseForm, WithdrawForm
from .models import EssayStatus, ResponseKind


def _saved_ms(essay) -> int:
    """When the server last kept the draft, in milliseconds since 1970 (for essays.js)."""
    if essay is None or not essay.body:
        return 0
    return int(essay.saved_at.replace(tzinfo=UTC).timestamp() * 1000)


def _editor(cycle, essay, form, status: int = 200):
    return (
        render_template(
            "essays/write.html",
            cycle=cycle,
            essay=essay,
            form=form,
            today=local_today(),
            server_saved_ms=_saved_ms(essay),
        ),
        status,
    )


def write_essay(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    require(current_user, "essays.write", cycle)
    essay = services.own_essay(cycle, current_user)
    if essay is not None and essay.status == EssayStatus.SUBMITTED:
        return redirect(url_for("essays.view_essay", essay_id=essay.id))
    if request.method == "GET":
        return _editor(cycle, essay, EssayForm(data={"body": essay.body if essay else ""}))
    form = EssayForm()
    submitting = "submit" in request.form
    # The draft is kept whatever happens to the submission: it is saved on its own first.
    outcome, saved = perform(
        form,
        lambda: services.save_draft(cycle, current_user, form.body.data),
        spend_token=submitting,
    )
    if outcome is Outcome.INVALID:
        return _editor(cycle, essay, form)
    if outcome is Outcome.REPEATED:
        return redirect(url_for("essays.write_essay", cycle_id=cycle.id))
    essay = saved
    if not submitting:
        flash(_("Your draft is saved."))
        return redirect(url_for("essays.write_essay", cycle_id=cycle.id))
    try:
        save(lambda: services.submit_essay(essay, current_user, own_work=form.own_work.data))
    except RuleError as error:
        form.form_token.data = new_form_token()  # the spent token went with the draft
        show_rule_error(form, error)
        return _editor(cycle, essay, form)
    flash(_("Your essay is submitted."))
    return redirect(url_for("essays.view_essay", essay_id=essay.id))


def save_draft(cycle_id: int):
    """Autosave (htmx): keep the text, answer with when it was saved; 200 with the message
    when the text cannot be kept (htmx 2 does not swap a 4xx)."""
    cycle = cycle_or_404(cycle_id)
    require(current_user, "essays.write", cycle)
    form = EssayForm()
    # Autosave sends the editor's token again and again: only a submission spends it.
    performed = perform(
        form, lambda: services.save_draft(cycle, current_user, form.body.data), spend_token=False
    )
    essay, error = performed.result, None
    if performed.refusal is not None:
        error = performed.refusal.message
    elif performed.outcome is Outcome.INVALID:
        error = _("The draft could not be saved.")
    if not wants_fragment():
        if error:
            flash(str(error), "error")
        return redirect(url_for("essays.write_essay", cycle_id=cycle.id))
    response = make_response(render_template("essays/_saved.html", essay=essay, error=error))
    response.headers["Cache-Control"] = "no-store"
    return response


def view_essay(essay_id: int):
    essay = essay_or_404(essay_id)
    mine = essay.author_id == current_user.id
    return render_template(
        "essays/essay.html",
        essay=essay,
        cycle=essay.cycle,
        mine=mine,
        versions=services.versions_of(essay) if mine or essay.version_count > 1 else [],
        responses=services.responses_of(essay),
        can_withdraw=mine and services.can_withdraw(essay),
        form=ResponseForm(),
        withdraw_form=WithdrawForm(),
    )


def withdraw_essay(essay_id: int):
    essay = essay_or_404(essay_id)
    require(current_user, "essays.withdraw", essay)
    performed = perform(WithdrawForm(), lambda: services.withdraw_essay(essay, current_user))
    if performed.outcome is Outcome.DONE:
        flash(_("Your essay is withdrawn: edit it and submit it again before the due date."))
        return redirect(url_for("essays.write_essay", cycle_id=essay.cycle_id))
    if performed.refusal is not None:
        flash(str(performed.refusal.message), "error")
    return redirect(url_for("essays.view_essay", essay_id=essay.id))


def _respond(essay_id: int, action: str, kind: ResponseKind):
    essay = essay_or_404(essay_id)
    require(current_user, action, essay)
    form = ResponseForm()
    outcome, response = perform(
        form, lambda: services.add_response(essay, current_user, kind, form.body.data)
    )
    if outcome is Outcome.REPEATED:
        return redirect(url_for("essays.view_essay", essay_id=essay.id))
    if not wants_fragment():
        if response is None:
            flash(_("Write something first."), "error")
        return redirect(url_for("essays.view_essay", essay_id=essay.id, _anchor="responses"))
    fresh = ResponseForm(formdata=None) if response is not None else form
    html = render_template(
        "essays/_response_added.html", essay=essay, response=response, form=fresh
    )
    return html


def add_feedback(essay_id: int):
    return _respond(essay_id, "essays.give_feedback", ResponseKind.FEEDBACK)


def add_comment(essay_id: int):
    return _respond(essay_id, "essays.comment", ResponseKind.COMMENT)

"""Pages of the league's directions: the leagues, one league's directions and progress, one
direction with the schools that adopted it, and the forms that change them.

Views stay thin: parse, ``require``, call a service, commit once, then redirect (or, for an
htmx request, render the adoptions section alone: the page includes the same partial).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.htmx import wants_fragment
from ..core.i18n import local_today
from ..core.pages import render_confirm_page, render_form_page
from ..core.params import search_arg
from ..core.signin import members_only
from ..extensions import db
from ..network.models import Network
from ..network.schools import search_schools
from . import services
from .access import direction_or_404, league_or_404
from .forms import ActionForm, AdoptionForm, DirectionForm, TargetForm
from .models import Direction, DirectionAdoption

bp = Blueprint("directions", __name__, url_prefix="/directions")


members_only(bp)  # directions are for approved members; nothing here is public


@bp.context_processor
def _helpers():
    return {"new_form_token": new_form_token}


@bp.get("/")
def list_leagues():
    rows = [(league, services.progress_of(league)) for league in services.leagues()]
    return render_template("directions/list_leagues.html", rows=rows)


@bp.get("/leagues/<int:league_id>")
def view_league(league_id: int):
    league = league_or_404(league_id)
    return render_template(
        "directions/view_league.html",
        league=league,
        progress=services.progress_of(league),
        directions=services.directions_of(league),
        can_manage=can(current_user, "directions.manage", league),
    )


def _direction_form(league: Network, direction: Direction | None = None) -> DirectionForm:
    form = DirectionForm(obj=direction)
    form.school_id.choices = [
        (school.id, school.name) for school in services.league_schools(league)
    ]
    return form


def _form_page(form, title: str, cancel_url: str, markdown_field: str | None = None):
    return render_form_page(
        form,
        title=title,
        submit_label=_("Save"),
        cancel_url=cancel_url,
        markdown_field=markdown_field,
    )


@bp.route("/leagues/<int:league_id>/new", methods=["GET", "POST"])
def create_direction(league_id: int):
    league = league_or_404(league_id)
    require(current_user, "directions.manage", league)
    form = _direction_form(league)
    back = url_for(".view_league", league_id=league.id)
    outcome, direction = perform(
        form,
        lambda: services.create_direction(
            league, form.school_id.data, form.title.data, form.description.data, current_user
        ),
    )
    if outcome == Outcome.DONE:
        return redirect(url_for(".view_direction", direction_id=direction.id))
    if outcome == Outcome.REPEATED:
        return redirect(back)
    return _form_page(form, _("New direction"), back, "description")


@bp.route("/<int:direction_id>/edit", methods=["GET", "POST"])
def edit_direction(direction_id: int):
    direction = direction_or_404(direction_id)
    require(current_user, "directions.manage", direction.network)
    form = _direction_form(direction.network, direction)
    back = url_for(".view_direction", direction_id=direction.id)
    outcome, _edited = perform(
        form,
        lambda: services.edit_direction(
            direction, form.school_id.data, form.title.data, form.description.data, current_user
        ),
    )
    if outcome != Outcome.INVALID:
        return redirect(back)
    return _form_page(form, _("Edit the direction"), back, "description")


@bp.route("/leagues/<int:league_id>/target", methods=["GET", "POST"])
def edit_target(league_id: int):
    league = league_or_404(league_id)
    require(current_user, "directions.manage", league)
    form = TargetForm(obj=services.target_of(league))
    back = url_for(".view_league", league_id=league.id)
    outcome, _target = perform(
        form,
        lambda: services.set_target(
            league, form.directions.data, form.schools.data, form.due_on.data, current_user
        ),
    )
    if outcome != Outcome.INVALID:
        return redirect(back)
    return _form_page(form, _("The league's target"), back)


def _adoptions_context(direction: Direction, form: AdoptionForm | None = None, notice=""):
    """What ``_adoptions.html`` shows: the adoptions, and the form with its school choices."""
    manage = can(current_user, "directions.record_adoption", direction)
    query = search_arg("q")
    if form is None and manage:
        form = AdoptionForm(formdata=None, adopted_on=local_today())
    choices = search_schools(query) if query else services.league_schools(direction.network)
    adoptions = services.adoptions_of(direction)
    return {
        "direction": direction,
        "adoptions": adoptions,
        "form": form,
        "manage": manage,
        "query": query,
        "choices": [school for school in choices if school.id != direction.school_id],
        "adopted_ids": {adoption.school_id for adoption in adoptions},
        "notice": notice,
    }


@bp.get("/<int:direction_id>")
def view_direction(direction_id: int):
    direction = direction_or_404(direction_id)
    return render_template(
        "directions/view_direction.html",
        can_manage=can(current_user, "directions.manage", direction.network),
        **_adoptions_context(direction),
    )


def _adoptions_response(direction: Direction, form=None, notice: str = ""):
    if wants_fragment():
        return render_template(
            "directions/_adoptions.html", **_adoptions_context(direction, form, notice)
        )
    if form is not None:
        return render_template(
            "directions/view_direction.html",
            can_manage=can(current_user, "directions.manage", direction.network),
            **_adoptions_context(direction, form),
        )
    if notice:
        flash(notice)
    return redirect(url_for(".view_direction", direction_id=direction.id) + "#adoptions")


@bp.post("/<int:direction_id>/adoptions")
def record_adoption(direction_id: int):
    direction = direction_or_404(direction_id)
    require(current_user, "directions.record_adoption", direction)
    form = AdoptionForm()
    outcome, adoption = perform(
        form,
        lambda: services.record_adoption(
            direction, form.school_id.data, form.adopted_on.data, form.note.data, current_user
        ),
    )
    if outcome is Outcome.INVALID:
        return _adoptions_response(direction, form)
    if outcome is Outcome.REPEATED:
        return _adoptions_response(direction)
    return _adoptions_response(
        direction, notice=_("%(school)s is recorded.", school=adoption.school.name)
    )


@bp.route("/adoptions/<int:adoption_id>/remove", methods=["GET", "POST"])
def remove_adoption(adoption_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    adoption = db.session.get(DirectionAdoption, adoption_id)
    if adoption is None:
        abort(404)
    direction = direction_or_404(adoption.direction_id)
    require(current_user, "directions.record_adoption", direction)
    if request.method == "GET":
        return render_confirm_page(
            ActionForm(),
            question=_("Remove the record that this school adopted the direction?"),
            confirm_label=_("Remove"),
            cancel_url=url_for("directions.view_direction", direction_id=direction.id)
            + "#adoptions",
            excerpt=adoption.school.name,
        )
    perform(ActionForm(), lambda: services.remove_adoption(adoption, current_user))
    return _adoptions_response(direction)

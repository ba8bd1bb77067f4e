"""Essay pages: the list of cycles, a cycle with its essays, opening cycles, one's history,
and the table of every essay route.

Writing and reading one essay live in ``essay_views.py``, tracking and export in
``tracking_views.py``; their functions are registered here so the blueprint is defined once.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.i18n import local_today
from ..core.navigation import requested_page
from ..core.params import int_arg
from ..core.signin import members_only
from ..extensions import db
from ..notifications.services import register_target
from . import essay_views, members, services, tracking, tracking_views
from .access import cycle_or_404, essay_scope_for
from .forms import CycleForm, FilterForm, SeriesForm
from .models import ESSAYS_PER_PAGE, CycleVisibility, Essay, EssayLanguage, Standing

bp = Blueprint("essays", __name__, url_prefix="/essays")


members_only(bp)  # essays are for approved members: nothing here is public


@bp.record_once
def _register_notification_target(_state):
    register_target("essay", lambda essay_id: url_for("essays.view_essay", essay_id=essay_id))


@bp.get("/")
def index():
    cycles = services.cycles_for(current_user)
    mine = {
        essay.cycle_id: essay
        for essay in db.session.scalars(
            db.select(Essay).where(
                Essay.author_id == current_user.id,
                Essay.cycle_id.in_([cycle.id for cycle in cycles]),
            )
        )
    }
    return render_template(
        "essays/index.html",
        cycles=cycles,
        mine=mine,
        today=local_today(),
        can_create=can(current_user, "essays.create_cycle"),
    )


def _enum_arg(name: str, enum_class):
    try:
        return enum_class(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/cycles/<int:cycle_id>")
def view_cycle(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    network = cycle.network
    reviewer = members.is_reviewer(current_user, network)
    member = members.is_member(current_user, network)
    shows_list = reviewer or (member and cycle.visibility == CycleVisibility.COMMUNITY)
    criteria = services.EssayFilter(
        school_id=int_arg("school"),
        standing=_enum_arg("status", Standing),
        language=_enum_arg("language", EssayLanguage),
    )
    page = None
    schools = []
    if shows_list:
        page = db.paginate(
            services.essays_query(cycle, criteria, essay_scope_for(current_user)),
            page=requested_page(),
            per_page=ESSAYS_PER_PAGE,
            error_out=False,
        )
        schools = services.cycle_schools(cycle)
    return render_template(
        "essays/cycle.html",
        cycle=cycle,
        mine=services.own_essay(cycle, current_user) if member else None,
        member=member,
        reviewer=reviewer,
        page=page,
        schools=schools,
        criteria=criteria,
        standings=FilterForm.standing_choices(),
        languages=FilterForm.language_choices(),
        today=local_today(),
    )


def _network_choices(form) -> list:
    networks = members.managed_networks(current_user)
    form.network.choices = [SelectChoice(network.id, network.name) for network in networks]
    return networks


def _chosen_network(form, networks):
    chosen = next((n for n in networks if n.id == form.network.data), None)
    require(current_user, "essays.create_cycle", chosen)
    return chosen


@bp.route("/cycles/new", methods=["GET", "POST"])
def create_cycle():
    require(current_user, "essays.create_cycle")
    form = CycleForm()
    networks = _network_choices(form)
    outcome, cycle = perform(
        form,
        lambda: services.create_cycle(
            _chosen_network(form, networks),
            current_user,
            title=form.title.data,
            prompt=form.prompt.data,
            opens_on=form.opens_on.data,
            due_on=form.due_on.data,
            cutoff_on=form.cutoff_on.data,
            expected_sentences=form.expected_sentences.data,
            visibility=CycleVisibility(form.visibility.data),
        ),
    )
    if outcome == Outcome.DONE:
        return redirect(url_for(".view_cycle", cycle_id=cycle.id))
    if outcome == Outcome.REPEATED:
        return redirect(url_for(".index"))
    return render_template("essays/create_cycle.html", form=form)


@bp.route("/cycles/series", methods=["GET", "POST"])
def create_series():
    require(current_user, "essays.create_cycle")
    form = SeriesForm()
    networks = _network_choices(form)
    outcome, cycles = perform(
        form,
        lambda: services.create_monthly_series(
            _chosen_network(form, networks),
            current_user,
            first_year=form.first_year.data,
            title=form.title.data,
            prompt=form.prompt.data,
            due_day=form.due_day.data,
            grace_days=form.grace_days.data or 0,
            expected_sentences=form.expected_sentences.data,
            visibility=CycleVisibility(form.visibility.data),
        ),
    )
    if outcome == Outcome.REPEATED:
        return redirect(url_for(".index"))
    if outcome == Outcome.DONE:
        count = len(cycles)
        flash(
            ngettext("%(num)d cycle was created.", "%(num)d cycles were created.", count)
            if count
            else _("Every month of this school year has its cycle already.")
        )
        return redirect(url_for(".index"))
    return render_template("essays/create_series.html", form=form)


@bp.get("/mine")
def my_history():
    return render_template(
        "essays/history.html", rows=tracking.member_history(current_user), today=local_today()
    )


_ROUTES = [
    ("/cycles/<int:cycle_id>/write", essay_views.write_essay, ["GET", "POST"]),
    ("/cycles/<int:cycle_id>/draft", essay_views.save_draft, ["POST"]),
    ("/e/<int:essay_id>", essay_views.view_essay, ["GET"]),
    ("/e/<int:essay_id>/withdraw", essay_views.withdraw_essay, ["POST"]),
    ("/e/<int:essay_id>/feedback", essay_views.add_feedback, ["POST"]),
    ("/e/<int:essay_id>/comment", essay_views.add_comment, ["POST"]),
    ("/cycles/<int:cycle_id>/tracking", tracking_views.track_cycle, ["GET"]),
    ("/cycles/<int:cycle_id>/tracking/school", tracking_views.track_school, ["GET"]),
    ("/cycles/<int:cycle_id>/export.csv", tracking_views.export_cycle, ["GET"]),
]
for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)

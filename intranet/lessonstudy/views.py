"""Lesson Study pages: the lists, a study (its details, team, case pupils, status, sharing)
and its report; the table of every route. Lesson pages (plan, predictions, observation, the
talk after the lesson) live in ``lesson_views.py``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.htmx import wants_fragment
from ..core.navigation import requested_page
from ..core.pages import render_confirm_page
from ..core.signin import members_only
from ..notifications.services import register_target
from . import attachment_views, attachments, lesson_views, lessons, services
from .access import study_or_404
from .forms import ConfirmForm, MemberForm, PupilForm, ShareForm, StatusForm, StudyForm
from .listing import StudyFilter, filter_schools, list_studies
from .models import MAX_PUPILS, StudyStatus
from .report import build_report

bp = Blueprint("lessonstudy", __name__, url_prefix="/lesson-study")

register_target(
    services.TARGET, lambda study_id: url_for("lessonstudy.view_study", study_id=study_id)
)


members_only(bp)  # Lesson Study logs are for approved members only


# --- Lists ------------------------------------------------------------------------------------


def _list(scope: str):
    criteria = StudyFilter.from_args(request.args)
    page = list_studies(current_user, scope, criteria, requested_page())
    return render_template(
        "lessonstudy/list.html",
        scope=scope,
        page=page,
        criteria=criteria,
        schools=filter_schools(current_user),
        statuses=list(StudyStatus),
    )


@bp.get("/")
def list_studies_mine():
    return _list("mine")


@bp.get("/network")
def list_studies_network():
    return _list("network")


# --- A study ----------------------------------------------------------------------------------


def _network_choices():
    return [
        (0, _("No network: only our school")),
        *[(network.id, network.name) for network in services.eligible_networks(current_user)],
    ]


def _study_values(form: StudyForm) -> dict[str, Any]:
    names = ("title", "subject", "grade", "focus", "research_question", "objective")
    values: dict[str, Any] = {name: getattr(form, name).data for name in names}
    values.update(
        network_id=form.network.data or None,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )
    return values


@bp.route("/new", methods=["GET", "POST"])
def create_study():
    require(current_user, "lessonstudy.create")
    form = StudyForm()
    form.network.choices = _network_choices()
    outcome, study = perform(
        form, lambda: services.create_study(current_user, **_study_values(form))
    )
    if outcome == Outcome.DONE:
        return redirect(url_for(".view_study", study_id=study.id))
    if outcome == Outcome.REPEATED:
        return redirect(url_for(".list_studies_mine"))
    return render_template("lessonstudy/study_form.html", form=form, study=None)


@bp.route("/<int:study_id>/edit", methods=["GET", "POST"])
def edit_study(study_id: int):
    study = study_or_404(study_id, "lessonstudy.lead")
    data = None
    if request.method == "GET":
        data = {
            name: getattr(study, name)
            for name in ("title", "subject", "grade", "focus", "research_question", "objective")
        }
        data.update(network=study.network_id or 0, starts_on=study.starts_on, ends_on=study.ends_on)
    form = StudyForm(data=data)
    form.network.choices = _network_choices()
    outcome, _result = perform(
        form, lambda: services.update_study(study, current_user, **_study_values(form))
    )
    if outcome != Outcome.INVALID:
        return redirect(url_for(".view_study", study_id=study.id))
    return render_template("lessonstudy/study_form.html", form=form, study=study)


def _study_context(study, **forms) -> dict[str, Any]:
    pupils = services.pupils_of(study)
    team = sorted(
        (member.user for member in study.members),
        key=lambda user: (user.id != study.lead_id, user.full_name),
    )
    return {
        "study": study,
        "team": team,
        "pupils": pupils,
        "max_pupils": MAX_PUPILS,
        "lessons": lessons.lessons_of(study),
        "next_statuses": sorted(services.TRANSITIONS[study.status], key=list(StudyStatus).index),
        "member_form": forms.get("member_form") or MemberForm(formdata=None),
        "pupil_form": forms.get("pupil_form") or PupilForm(formdata=None),
        "status_form": forms.get("status_form") or StatusForm(formdata=None),
        "new_token": lambda: ConfirmForm(formdata=None).form_token.data,
        "publication": attachments.publication_of(study),
    }


def study_page(study, publish_form=None):
    """The study page; its lead sees the publish form once the study is completed."""
    context = _study_context(study)
    if context["publication"] is None and can(current_user, "lessonstudy.publish", study):
        context["publish_form"] = publish_form or attachment_views.publish_form(study)
    return render_template("lessonstudy/study.html", **context)


@bp.get("/<int:study_id>")
def view_study(study_id: int):
    return study_page(study_or_404(study_id))


def _section(study, partial: str, **forms):
    """After a change: the section alone for htmx, else the study page (200 when invalid)."""
    if not wants_fragment() and not any(form.errors for form in forms.values()):
        return redirect(url_for(".view_study", study_id=study.id))
    study = study_or_404(study.id)  # the commit (or the rollback) expired it
    if wants_fragment():
        return render_template(partial, **_study_context(study, **forms))
    return render_template("lessonstudy/study.html", **_study_context(study, **forms))


@bp.post("/<int:study_id>/members")
def add_member(study_id: int):
    study = study_or_404(study_id, "lessonstudy.lead")
    form = MemberForm()
    outcome, _result = perform(
        form, lambda: services.add_member(study, current_user, form.email.data)
    )
    if outcome == Outcome.INVALID:
        return _section(study, "lessonstudy/_team.html", member_form=form)
    return _section(study, "lessonstudy/_team.html")


@bp.route("/<int:study_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
def remove_member(study_id: int, user_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    study = study_or_404(study_id, "lessonstudy.lead")
    form = ConfirmForm()
    if request.method == "GET":
        member = next((m.user for m in study.members if m.user_id == user_id), None)
        if member is None:  # removed already: nothing to ask about
            return redirect(url_for(".view_study", study_id=study.id))
        return render_confirm_page(
            form,
            question=_("Remove this person from the study's team?"),
            confirm_label=_("Remove"),
            cancel_url=url_for(".view_study", study_id=study.id, _anchor="team"),
            excerpt=member.full_name,
        )
    perform(form, lambda: services.remove_member(study, current_user, user_id))
    return _section(study, "lessonstudy/_team.html")


@bp.post("/<int:study_id>/pupils")
def add_pupil(study_id: int):
    study = study_or_404(study_id, "lessonstudy.write")
    form = PupilForm()
    outcome, _result = perform(
        form, lambda: services.add_pupil(study, current_user, form.reason.data)
    )
    if outcome == Outcome.INVALID:
        return _section(study, "lessonstudy/_pupils.html", pupil_form=form)
    return _section(study, "lessonstudy/_pupils.html")


@bp.route("/<int:study_id>/pupils/<int:pupil_id>/remove", methods=["GET", "POST"])
def remove_pupil(study_id: int, pupil_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    study = study_or_404(study_id, "lessonstudy.write")
    form = ConfirmForm()
    if request.method == "GET":
        pupil = next((p for p in services.pupils_of(study) if p.id == pupil_id), None)
        if pupil is None:  # removed already: nothing to ask about
            return redirect(url_for(".view_study", study_id=study.id))
        return render_confirm_page(
            form,
            question=_("Remove this case pupil?"),
            confirm_label=_("Remove"),
            cancel_url=url_for(".view_study", study_id=study.id, _anchor="pupils"),
            excerpt=f"{pupil.code} · {pupil.reason}",
        )
    perform(form, lambda: services.remove_pupil(study, current_user, pupil_id))
    return _section(study, "lessonstudy/_pupils.html")


@bp.post("/<int:study_id>/status")
def change_status(study_id: int):
    study = study_or_404(study_id, "lessonstudy.lead")
    form = StatusForm()
    target = form.status.data
    if target not in set(StudyStatus):
        form.status.errors = [_("Choose the next step of the study.")]
        return render_template("lessonstudy/study.html", **_study_context(study, status_form=form))
    outcome, _result = perform(
        form,
        lambda: services.change_status(
            study, current_user, StudyStatus(target), form.reflection.data or ""
        ),
    )
    if outcome == Outcome.INVALID:
        study = study_or_404(study.id)
        return render_template("lessonstudy/study.html", **_study_context(study, status_form=form))
    return redirect(url_for(".view_study", study_id=study.id))


@bp.post("/<int:study_id>/share")
def share_study(study_id: int):
    study = study_or_404(study_id, "lessonstudy.lead")
    form = ShareForm()
    perform(form, lambda: services.set_shared(study, current_user, form.shared.data == "1"))
    return redirect(url_for(".view_study", study_id=study.id))


@bp.get("/<int:study_id>/report")
def view_report(study_id: int):
    study = study_or_404(study_id)
    return render_template("lessonstudy/report.html", report=build_report(study))


_ROUTES = [
    ("/<int:study_id>/lessons/new", lesson_views.create_lesson, ["GET", "POST"]),
    ("/lessons/<int:lesson_id>", lesson_views.view_lesson, ["GET"]),
    ("/lessons/<int:lesson_id>/edit", lesson_views.edit_lesson, ["GET", "POST"]),
    ("/lessons/<int:lesson_id>/predictions", lesson_views.edit_predictions, ["GET", "POST"]),
    ("/lessons/<int:lesson_id>/observe", lesson_views.observe_lesson, ["GET"]),
    ("/lessons/<int:lesson_id>/notes", lesson_views.record_observation, ["POST"]),
    ("/lessons/<int:lesson_id>/after", lesson_views.edit_debrief, ["GET", "POST"]),
    ("/lessons/<int:lesson_id>/plan-file", attachment_views.download_plan_file, ["GET"]),
    ("/lessons/<int:lesson_id>/plan-file", attachment_views.upload_plan_file, ["POST"]),
    (
        "/lessons/<int:lesson_id>/plan-file/remove",
        attachment_views.remove_plan_file,
        ["GET", "POST"],
    ),
    ("/<int:study_id>/publish", attachment_views.publish_study, ["POST"]),
]
for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)

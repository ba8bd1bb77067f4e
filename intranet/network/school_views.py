"""Schools: the filtered, paginated list (filter-as-you-type with htmx), a school's page, and
the forms that create, edit, archive and bring back schools."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.htmx import render_page_or_fragment
from ..core.navigation import requested_page
from ..core.pages import render_form_page
from ..core.params import int_arg, search_text
from ..extensions import db
from . import schools
from .forms import ActionForm, SchoolFilterForm, SchoolForm, district_choices, region_choices
from .models import District, InstructionLanguage, School
from .schools import SchoolFilter
from .views import all_regions, bp

SCHOOLS_PER_PAGE = 25


def _school_filter(form: SchoolFilterForm) -> SchoolFilter:
    """Read the filter leniently: a value that makes no sense means "any"."""
    setting = form.setting.data
    try:
        language = InstructionLanguage(form.language.data) if form.language.data else None
    except ValueError:
        language = None
    return SchoolFilter(
        text=search_text(form.q.data),
        region_id=form.region.data or None,
        district_id=form.district.data or None,
        rural={"rural": True, "urban": False}.get(setting),
        language=language,
        status=form.status.data if form.status.data in ("open", "archived", "all") else "open",
    )


@bp.get("/schools/")
def list_schools():
    require(current_user, "network.manage")
    regions = all_regions()
    form = SchoolFilterForm(request.args)
    form.region.data = int_arg("region", 0)
    form.district.data = int_arg("district", 0)
    form.region.choices = region_choices(regions, _("Any"))
    form.district.choices = district_choices(regions, _("Any"))
    results = db.paginate(
        schools.schools_query(_school_filter(form)),
        page=requested_page(),
        per_page=SCHOOLS_PER_PAGE,
        error_out=False,
    )
    return render_page_or_fragment(
        "network/list_schools.html",
        "network/_school_results.html",
        form=form,
        results=results,
    )


def _school_form(school: School | None = None) -> SchoolForm:
    form = SchoolForm(obj=school)
    form.district_id.choices = district_choices(all_regions(), _("Choose a district"))
    return form


def _school_fields(form: SchoolForm) -> dict:
    district = db.session.get(District, form.district_id.data)
    if district is None:
        abort(400)
    return {
        "number": form.number.data or "",
        "name": form.name.data,
        "district": district,
        "is_rural": form.is_rural.data,
        "instruction_language": form.instruction_language.data,
    }


@bp.route("/schools/new", methods=["GET", "POST"])
def create_school():
    require(current_user, "network.manage")
    form = _school_form()
    outcome, school = perform(form, lambda: schools.create_school(**_school_fields(form)))
    if outcome is Outcome.DONE:
        flash(_("The school is created."), "success")
        return redirect(url_for("network.view_school", school_id=school.id))
    if outcome is Outcome.REPEATED:
        return redirect(url_for("network.list_schools"))
    return render_form_page(
        form,
        title=_("New school"),
        cancel_url=url_for("network.list_schools"),
        submit_label=_("Create the school"),
    )


@bp.get("/schools/<int:school_id>")
def view_school(school_id: int):
    school = db.get_or_404(School, school_id)
    require(current_user, "network.view_school", school, hide=True)
    links = [
        link
        for link in schools.networks_of_school(school)
        if can(current_user, "network.view", link.network)
    ]
    return render_template(
        "network/view_school.html",
        school=school,
        links=links,
        member_count=schools.school_member_count(school),
        manage=can(current_user, "network.manage"),
    )


@bp.route("/schools/<int:school_id>/edit", methods=["GET", "POST"])
def edit_school(school_id: int):
    school = db.get_or_404(School, school_id)
    require(current_user, "network.manage")
    form = _school_form(school)
    outcome, _result = perform(form, lambda: schools.update_school(school, **_school_fields(form)))
    if outcome is not Outcome.INVALID:
        if outcome is Outcome.DONE:
            flash(_("The school is saved."), "success")
        return redirect(url_for("network.view_school", school_id=school.id))
    return render_form_page(
        form,
        title=_("Edit school"),
        subtitle=school.name,
        cancel_url=url_for("network.view_school", school_id=school.id),
        submit_label=_("Save"),
    )


def _set_school_archived(school_id: int, archived: bool):
    school = db.get_or_404(School, school_id)
    require(current_user, "network.manage")
    outcome, _result = perform(ActionForm(), lambda: schools.set_school_archived(school, archived))
    if outcome is Outcome.DONE:
        flash(_("The school is archived.") if archived else _("The school is back."), "success")
    return redirect(url_for("network.view_school", school_id=school.id))


@bp.post("/schools/<int:school_id>/archive")
def archive_school(school_id: int):
    return _set_school_archived(school_id, True)


@bp.post("/schools/<int:school_id>/unarchive")
def unarchive_school(school_id: int):
    return _set_school_archived(school_id, False)

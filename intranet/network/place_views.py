"""Places and universities: regions with their districts, and the universities that partner
schools. Managed by the coordination centre (``network.manage``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform
from ..core.pages import render_form_page
from ..extensions import db
from . import places
from .forms import DistrictForm, RegionForm, UniversityForm, region_choices
from .models import District, Region, University
from .views import all_regions, all_universities, bp, optional_row


@bp.get("/places/")
def list_places():
    require(current_user, "network.manage")
    return render_template("network/list_places.html", regions=all_regions())


@bp.route("/places/regions/new", methods=["GET", "POST"])
def create_region():
    require(current_user, "network.manage")
    form = RegionForm()
    outcome, region = perform(form, lambda: places.create_region(form.name.data))
    if outcome is Outcome.DONE:
        flash(_("The region %(name)s is created.", name=region.name), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_places"))
    return render_form_page(
        form,
        title=_("New region"),
        cancel_url=url_for("network.list_places"),
        submit_label=_("Create the region"),
    )


@bp.route("/places/regions/<int:region_id>/edit", methods=["GET", "POST"])
def edit_region(region_id: int):
    region = db.get_or_404(Region, region_id)
    require(current_user, "network.manage")
    form = RegionForm(obj=region)
    outcome, _result = perform(form, lambda: places.rename_region(region, form.name.data))
    if outcome is Outcome.DONE:
        flash(_("The region is renamed."), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_places") + f"#region-{region.id}")
    return render_form_page(
        form,
        title=_("Rename region"),
        subtitle=region.name,
        cancel_url=url_for("network.list_places"),
        submit_label=_("Save"),
    )


@bp.route("/places/regions/<int:region_id>/districts/new", methods=["GET", "POST"])
def create_district(region_id: int):
    region = db.get_or_404(Region, region_id)
    require(current_user, "network.manage")
    form = DistrictForm()
    outcome, district = perform(form, lambda: places.add_district(region, form.name.data))
    if outcome is Outcome.DONE:
        flash(_("The district %(name)s is added.", name=district.name), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_places") + f"#region-{region.id}")
    return render_form_page(
        form,
        title=_("New district"),
        subtitle=region.name,
        cancel_url=url_for("network.list_places"),
        submit_label=_("Add the district"),
    )


@bp.route("/places/districts/<int:district_id>/edit", methods=["GET", "POST"])
def edit_district(district_id: int):
    district = db.get_or_404(District, district_id)
    require(current_user, "network.manage")
    form = DistrictForm(obj=district)
    outcome, _result = perform(form, lambda: places.rename_district(district, form.name.data))
    if outcome is Outcome.DONE:
        flash(_("The district is renamed."), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_places") + f"#region-{district.region_id}")
    return render_form_page(
        form,
        title=_("Rename district"),
        subtitle=district.region.name,
        cancel_url=url_for("network.list_places"),
        submit_label=_("Save"),
    )


# --- Universities ---------------------------------------------------------------------------


@bp.get("/universities/")
def list_universities():
    require(current_user, "network.manage")
    return render_template("network/list_universities.html", universities=all_universities())


def _university_form(university: University | None = None) -> UniversityForm:
    form = UniversityForm(obj=university)
    if university is not None and form.region_id.data is None:
        form.region_id.data = 0
    form.region_id.choices = region_choices(all_regions(), _("No region"))
    return form


@bp.route("/universities/new", methods=["GET", "POST"])
def create_university():
    require(current_user, "network.manage")
    form = _university_form()
    outcome, _university = perform(
        form,
        lambda: places.create_university(
            name=form.name.data, region=optional_row(Region, form.region_id.data)
        ),
    )
    if outcome is Outcome.DONE:
        flash(_("The university is added."), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_universities"))
    return render_form_page(
        form,
        title=_("New university"),
        cancel_url=url_for("network.list_universities"),
        submit_label=_("Add the university"),
    )


@bp.route("/universities/<int:university_id>/edit", methods=["GET", "POST"])
def edit_university(university_id: int):
    university = db.get_or_404(University, university_id)
    require(current_user, "network.manage")
    form = _university_form(university)
    outcome, _result = perform(
        form,
        lambda: places.update_university(
            university, name=form.name.data, region=optional_row(Region, form.region_id.data)
        ),
    )
    if outcome is Outcome.DONE:
        flash(_("The university is saved."), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("network.list_universities"))
    return render_form_page(
        form,
        title=_("Edit university"),
        cancel_url=url_for("network.list_universities"),
        submit_label=_("Save"),
    )

"""Network pages: the list, a network's page with its schools, groups and people, and the
forms that change them. Places, universities and schools live in ``place_views`` and
``school_views``, working groups and people in ``group_views``, on the same blueprint.

Thin views: parse the form, authorise with ``require``, call the rules, commit once through
``perform``, then redirect (full page) or render the changed section (htmx).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.htmx import wants_fragment
from ..core.pages import render_confirm_page, render_form_page
from ..core.params import search_arg
from ..core.signin import members_only
from ..extensions import db
from . import networks, places, schools, working_groups
from .access import scope_for
from .forms import (
    ActionForm,
    AddSchoolForm,
    MemberForm,
    NetworkForm,
    group_choices,
    region_choices,
    university_choices,
)
from .models import (
    MAX_PARTNER_SCHOOLS,
    Membership,
    Network,
    NetworkSchoolRole,
    Region,
    School,
    University,
    WorkingGroup,
)
from .naming import NetworkRuleError

bp = Blueprint("network", __name__)

members_only(bp)  # places, schools and networks are for approved members


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {"new_form_token": new_form_token, "max_partners": MAX_PARTNER_SCHOOLS}


# --- Shared by every form view --------------------------------------------------------------


def get_or_rule_error(model, object_id, message: str, field: str):
    obj = db.session.get(model, object_id) if object_id else None
    if obj is None:
        raise NetworkRuleError(message, field)
    return obj


def optional_row(model, object_id: int | None):
    return db.session.get(model, object_id) if object_id else None


def all_regions() -> list[Region]:
    return places.regions_with_districts()


def all_universities() -> list[University]:
    return list(db.session.scalars(db.select(University).order_by(University.name)))


# --- Networks -------------------------------------------------------------------------------


@bp.get("/networks/")
def list_networks():
    manage = can(current_user, "network.manage")
    rows = networks.networks_with_school_counts(scope_for(current_user))
    return render_template("network/list_networks.html", rows=rows, manage=manage)


def _network_form(network: Network | None = None) -> NetworkForm:
    form = NetworkForm(obj=network)
    if network is not None and request.method == "GET":
        form.region_id.data = network.region_id or 0
        form.university_id.data = network.university_id or 0
    form.region_id.choices = region_choices(all_regions(), _("No region"))
    form.university_id.choices = university_choices(all_universities(), _("No university"))
    return form


def _network_fields(form: NetworkForm) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "kind": form.kind.data,
        "description": form.description.data or "",
        "region": optional_row(Region, form.region_id.data),
        "university": optional_row(University, form.university_id.data),
    }


@bp.route("/networks/new", methods=["GET", "POST"])
def create_network():
    require(current_user, "network.manage")
    form = _network_form()
    outcome, network = perform(form, lambda: networks.create_network(**_network_fields(form)))
    if outcome is Outcome.DONE:
        flash(_("The network is created."), "success")
        return redirect(url_for("network.view_network", network_id=network.id))
    if outcome is Outcome.REPEATED:
        return redirect(url_for("network.list_networks"))
    return render_form_page(
        form,
        title=_("New network"),
        cancel_url=url_for("network.list_networks"),
        submit_label=_("Create the network"),
        markdown_field="description",
    )


@bp.route("/networks/<int:network_id>/edit", methods=["GET", "POST"])
def edit_network(network_id: int):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage")
    form = _network_form(network)
    outcome, _result = perform(
        form, lambda: networks.update_network(network, **_network_fields(form))
    )
    if outcome is not Outcome.INVALID:
        if outcome is Outcome.DONE:
            flash(_("The network is saved."), "success")
        return redirect(url_for("network.view_network", network_id=network.id))
    return render_form_page(
        form,
        title=_("Edit network"),
        cancel_url=url_for("network.view_network", network_id=network.id),
        submit_label=_("Save"),
        markdown_field="description",
    )


def _set_network_archived(network_id: int, archived: bool):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage")
    outcome, _result = perform(
        ActionForm(), lambda: networks.set_network_archived(network, archived)
    )
    if outcome is Outcome.DONE:
        flash(_("The network is archived.") if archived else _("The network is back."), "success")
    return redirect(url_for("network.view_network", network_id=network.id))


@bp.post("/networks/<int:network_id>/archive")
def archive_network(network_id: int):
    return _set_network_archived(network_id, True)


@bp.post("/networks/<int:network_id>/unarchive")
def unarchive_network(network_id: int):
    return _set_network_archived(network_id, False)


# --- A network's page and its schools -------------------------------------------------------


def _school_form(network: Network, formdata: bool = True) -> AddSchoolForm:
    form = AddSchoolForm() if formdata else AddSchoolForm(formdata=None)
    form.role.choices = NetworkSchoolRole.choices(networks.allowed_school_roles(network.kind))
    return form


def _schools_context(
    network: Network, form: AddSchoolForm | None = None, *, query: str = "", notice: str = ""
) -> dict[str, Any]:
    links = networks.schools_in(network)
    manage = can(current_user, "network.manage") and not network.archived
    choices: list[School] = []
    if manage:
        form = form or _school_form(network, formdata=False)
        if query:
            choices = schools.search_schools(query)
        chosen = form.school_id.data
        if chosen and all(school.id != chosen for school in choices):
            school = db.session.get(School, chosen)
            if school is not None:
                choices.insert(0, school)
    return {
        "network": network,
        "leading": [link for link in links if link.role == NetworkSchoolRole.LEADING],
        "partners": [link for link in links if link.role == NetworkSchoolRole.PARTNER],
        "members": [link for link in links if link.role == NetworkSchoolRole.MEMBER],
        "school_form": form,
        "choices": choices,
        "present_ids": {link.school_id for link in links},
        "query": query,
        "manage": manage,
        "notice": notice,
    }


def member_form(network: Network, groups: list[WorkingGroup], formdata: bool = True):
    form = MemberForm() if formdata else MemberForm(formdata=None)
    form.group_id.choices = group_choices(groups, _("The whole network"))
    return form


def people_context(
    network: Network, form: MemberForm | None = None, *, notice: str = ""
) -> dict[str, Any]:
    groups = working_groups.groups_of(network)
    memberships = working_groups.memberships_of(network)
    manage = can(current_user, "network.manage_members", network) and not network.archived
    if manage and form is None:
        form = member_form(network, groups, formdata=False)
    by_group: dict[int | None, list[Membership]] = {}
    for membership in memberships:
        by_group.setdefault(membership.group_id, []).append(membership)
    return {
        "network": network,
        "groups": groups,
        "by_group": by_group,
        "member_form": form,
        "manage_members": manage,
        "notice": notice,
    }


def network_page(network: Network, *, school_form=None, member_form=None):
    return render_template(
        "network/view_network.html",
        network=network,
        schools=_schools_context(network, school_form, query=search_arg("q")),
        people=people_context(network, member_form),
    )


@bp.get("/networks/<int:network_id>")
def view_network(network_id: int):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.view", network, hide=True)
    return network_page(network)


@bp.get("/networks/<int:network_id>/school-choices")
def pick_school(network_id: int):
    """The school picker's results (htmx); without JavaScript the network page does this."""
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage")
    query = search_arg("q")
    if not wants_fragment():
        return redirect(url_for("network.view_network", network_id=network.id, q=query or None))
    return render_template(
        "network/_school_choices.html",
        choices=schools.search_schools(query) if query else [],
        present_ids={link.school_id for link in networks.schools_in(network)},
        query=query,
        chosen=None,
    )


def _schools_response(network: Network, outcome: Outcome, form, notice: str):
    if wants_fragment():
        if outcome is not Outcome.INVALID:
            form = None
        notice = notice if outcome is Outcome.DONE else ""
        return render_template(
            "network/_network_schools.html",
            network=network,
            schools=_schools_context(network, form, notice=notice),
        )
    if outcome is Outcome.INVALID:
        return network_page(network, school_form=form)
    if outcome is Outcome.DONE:
        flash(notice, "success")
    return redirect(url_for("network.view_network", network_id=network.id) + "#schools")


@bp.post("/networks/<int:network_id>/schools")
def add_network_school(network_id: int):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage")
    form = _school_form(network)

    def change():
        school = get_or_rule_error(
            School, form.school_id.data, _("Choose a school from the search results."), "school_id"
        )
        return networks.add_school(network, school, form.role.data)

    outcome, link = perform(form, change)
    notice = _("%(school)s is added.", school=link.school.name) if link else ""
    return _schools_response(network, outcome, form, notice)


@bp.route("/networks/<int:network_id>/schools/<int:school_id>/remove", methods=["GET", "POST"])
def remove_network_school(network_id: int, school_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    network = db.get_or_404(Network, network_id)
    school = db.get_or_404(School, school_id)
    require(current_user, "network.manage")
    if request.method == "GET":
        return render_confirm_page(
            ActionForm(),
            question=_("Remove this school from the network?"),
            confirm_label=_("Remove"),
            cancel_url=url_for("network.view_network", network_id=network.id) + "#schools",
            excerpt=school.name,
        )
    outcome, _removed = perform(ActionForm(), lambda: networks.remove_school(network, school))
    if outcome is Outcome.INVALID:
        outcome = Outcome.REPEATED  # a stale button: show the network as it is
    notice = _("%(school)s is removed from the network.", school=school.name)
    return _schools_response(network, outcome, None, notice)

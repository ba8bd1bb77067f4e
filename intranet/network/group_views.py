"""A network's working groups and people: adding and removing members, creating, editing,
archiving and bringing back groups. The people section of a network's page is re-rendered in
place (htmx) or the page is shown again (without JavaScript)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform
from ..core.htmx import wants_fragment
from ..core.pages import render_confirm_page, render_form_page
from ..core.params import int_arg
from ..extensions import db
from . import working_groups
from .forms import ActionForm, GroupForm
from .models import Membership, Network, WorkingGroup
from .views import bp, member_form, network_page, optional_row, people_context


def _people_response(network: Network, outcome: Outcome, form, notice: str):
    if wants_fragment():
        if outcome is not Outcome.INVALID:
            form = None
        notice = notice if outcome is Outcome.DONE else ""
        return render_template(
            "network/_network_people.html",
            network=network,
            people=people_context(network, form, notice=notice),
        )
    if outcome is Outcome.INVALID and form is not None:
        return network_page(network, member_form=form)
    if outcome is Outcome.DONE:
        flash(notice, "success")
    return redirect(url_for("network.view_network", network_id=network.id) + "#people")


@bp.post("/networks/<int:network_id>/members")
def add_member(network_id: int):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage_members", network)
    form = member_form(network, working_groups.groups_of(network))

    def change():
        group = optional_row(WorkingGroup, form.group_id.data)
        return working_groups.add_member(network, form.email.data, form.role.data, group)

    outcome, membership = perform(form, change)
    notice = _("%(name)s is added.", name=membership.user.display_name) if membership else ""
    return _people_response(network, outcome, form, notice)


@bp.route("/memberships/<int:membership_id>/remove", methods=["GET", "POST"])
def remove_member(membership_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    membership = db.session.get(Membership, membership_id)
    network_id = int_arg("network", source=request.values)
    if membership is None:
        # Removed already (a second tap): show the network as it is now.
        network = db.get_or_404(Network, network_id or 0)
        require(current_user, "network.manage_members", network)
        return _people_response(network, Outcome.REPEATED, None, "")
    network = membership.network
    require(current_user, "network.manage_members", network)
    name = membership.user.display_name
    if request.method == "GET":
        return render_confirm_page(
            ActionForm(),
            question=_("Remove this person from the network?"),
            confirm_label=_("Remove"),
            cancel_url=url_for("network.view_network", network_id=network.id) + "#people",
            excerpt=name,
        )
    outcome, _result = perform(ActionForm(), lambda: working_groups.remove_member(membership))
    if outcome is Outcome.INVALID:
        outcome = Outcome.REPEATED
    notice = _("%(name)s is removed.", name=name)
    return _people_response(network, outcome, None, notice)


@bp.route("/networks/<int:network_id>/groups/new", methods=["GET", "POST"])
def create_group(network_id: int):
    network = db.get_or_404(Network, network_id)
    require(current_user, "network.manage_members", network)
    form = GroupForm()
    outcome, _group = perform(
        form,
        lambda: working_groups.create_group(network, name=form.name.data, kind=form.kind.data),
    )
    if outcome is not Outcome.INVALID:
        if outcome is Outcome.DONE:
            flash(_("The working group is created."), "success")
        return redirect(url_for("network.view_network", network_id=network.id) + "#people")
    return render_form_page(
        form,
        title=_("New working group"),
        subtitle=network.name,
        cancel_url=url_for("network.view_network", network_id=network.id),
        submit_label=_("Create the group"),
    )


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
def edit_group(group_id: int):
    group = db.get_or_404(WorkingGroup, group_id)
    require(current_user, "network.manage_members", group.network)
    form = GroupForm(obj=group)
    outcome, _result = perform(
        form, lambda: working_groups.update_group(group, name=form.name.data, kind=form.kind.data)
    )
    back = url_for("network.view_network", network_id=group.network_id) + "#people"
    if outcome is not Outcome.INVALID:
        if outcome is Outcome.DONE:
            flash(_("The working group is saved."), "success")
        return redirect(back)
    return render_form_page(
        form,
        title=_("Edit working group"),
        subtitle=group.network.name,
        cancel_url=back,
        submit_label=_("Save"),
    )


def _set_group_archived(group_id: int, archived: bool):
    group = db.get_or_404(WorkingGroup, group_id)
    network = group.network
    require(current_user, "network.manage_members", network)
    outcome, _result = perform(
        ActionForm(), lambda: working_groups.set_group_archived(group, archived)
    )
    if outcome is Outcome.INVALID:
        outcome = Outcome.REPEATED
    notice = (
        _("%(group)s is archived.", group=group.name)
        if archived
        else _("%(group)s is back.", group=group.name)
    )
    return _people_response(network, outcome, None, notice)


@bp.post("/groups/<int:group_id>/archive")
def archive_group(group_id: int):
    return _set_group_archived(group_id, True)


@bp.post("/groups/<int:group_id>/unarchive")
def unarchive_group(group_id: int):
    return _set_group_archived(group_id, False)

"""Coordinators create, order, edit and archive forum categories (``/forum/categories``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform
from ..extensions import db
from ..network.models import Network, WorkingGroup
from . import services
from .forms import CategoryForm
from .models import Category


def _owner_choices() -> list[tuple[str, str]]:
    networks = db.session.scalars(
        db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
    )
    groups = db.session.scalars(
        db.select(WorkingGroup)
        .where(WorkingGroup.archived.is_(False))
        .order_by(WorkingGroup.network_id, WorkingGroup.name)
    )
    choices = [("", str(_l("Everyone (site-wide)")))]
    choices += [(f"network:{n.id}", _("Network: %(name)s", name=n.name)) for n in networks]
    choices += [
        (
            f"group:{g.id}",
            _("Working group: %(name)s (%(network)s)", name=g.name, network=g.network.name),
        )
        for g in groups
    ]
    return choices


def _save(form: CategoryForm, category: Category):
    """Validate and save ``form`` into ``category``; a redirect when done, else None."""
    outcome, _category = perform(
        form,
        lambda: services.save_category(
            category,
            current_user,
            title=form.title.data,
            description=form.description.data,
            owner=form.owner.data,
            position=form.position.data,
            archived=form.archived.data,
        ),
        field="owner",
    )
    if outcome is Outcome.INVALID:
        return None
    if outcome is Outcome.DONE:
        flash(_("The category is saved."), "success")
    return redirect(url_for("forum.manage_categories"))


def manage_categories():
    require(current_user, "forum.manage_categories")
    form = CategoryForm()
    form.owner.choices = _owner_choices()
    done = _save(form, Category())
    if done is not None:
        return done
    return render_template("forum/categories.html", categories=services.all_categories(), form=form)


def edit_category(category_id: int):
    require(current_user, "forum.manage_categories")
    category = db.session.get(Category, category_id)
    if category is None:
        abort(404)
    form = CategoryForm(obj=category)
    form.owner.choices = _owner_choices()
    if not form.is_submitted():
        form.owner.data = services.owner_value(category)
    done = _save(form, category)
    if done is not None:
        return done
    return render_template("forum/edit_category.html", category=category, form=form)

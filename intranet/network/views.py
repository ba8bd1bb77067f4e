"""Network map pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..extensions import db
from .models import Network

bp = Blueprint("network", __name__)


@bp.get("/networks/")
@login_required
def list_networks():
    networks = db.session.scalars(db.select(Network).order_by(Network.name)).all()
    return render_template("network/list_networks.html", networks=networks, user=current_user)


@bp.get("/networks/<int:network_id>")
@login_required
def view_network(network_id: int):
    return ""

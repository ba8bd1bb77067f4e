"""``/``: what a member sees first: what waits for them (``panels.py``), their networks, links."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..accounts.auth import render_login_page
from ..accounts.permissions import can
from ..accounts.services import count_pending_signups_for
from ..core.i18n import local_today
from . import panels

bp = Blueprint("home", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_login_page()
    pending = (
        count_pending_signups_for(current_user) if can(current_user, "user.review_signups") else 0
    )
    return render_template(
        "home/home.html",
        pending_count=pending,
        networks=panels.my_networks(current_user),
        essays=panels.open_essays(current_user, local_today()),
        events=panels.next_events(current_user),
        studies=panels.active_studies(current_user),
        resources_waiting=panels.resources_waiting(current_user),
    )

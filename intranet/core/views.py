"""Site-wide endpoints that belong to no feature: the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    """For load balancers and monitoring: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")

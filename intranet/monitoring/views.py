"""Monitoring pages: all networks, one network, one school, and a CSV of each table.

Coordinators and admins see everything; a network's lead sees that network and its schools, a
school leader their own school (anything else answers 404). The period comes from the query
string (``start``, ``end``), so every page and download is a plain GET that changes nothing.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.navigation import requested_page
from ..core.signin import members_only
from . import services
from .access import network_or_404, school_or_404
from .charts import month_label
from .export import csv_response
from .forms import PeriodForm

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")


members_only(bp)  # monitoring is for approved members with the right role


def _period_form() -> PeriodForm:
    form = PeriodForm(request.args)
    if form.validate():
        period = form.period()
        form.start.data, form.end.data = period.first, period.last
    return form


def _period_args(period) -> dict[str, str]:
    return {"start": period.first.isoformat(), "end": period.last.isoformat()}


@bp.get("/")
def view_overview():
    require(current_user, "monitoring.view")
    if not can(current_user, "monitoring.view_all"):
        period = {name: request.args[name] for name in ("start", "end") if name in request.args}
        return redirect(url_for(".view_school", school_id=current_user.school_id, **period))
    form = _period_form()
    report = services.networks_report(form.period(), requested_page())
    return render_template(
        "monitoring/overview.html",
        form=form,
        report=report,
        period_args=_period_args(report.period),
    )


@bp.get("/networks/<int:network_id>")
def view_network(network_id: int):
    network = network_or_404(network_id)
    form = _period_form()
    report = services.network_report(network, form.period(), requested_page())
    return render_template(
        "monitoring/network.html",
        form=form,
        network=network,
        report=report,
        period_args=_period_args(report.period),
    )


@bp.get("/schools/<int:school_id>")
def view_school(school_id: int):
    school = school_or_404(school_id)
    form = _period_form()
    report = services.school_report(school, form.period())
    return render_template(
        "monitoring/school.html",
        form=form,
        school=school,
        report=report,
        period_args=_period_args(report.period),
        month_label=month_label,
    )


def _filename(name: str, period) -> str:
    return f"{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"


def _metric_labels(report) -> list[str]:
    return [str(metric.label) for metric in report.metrics]


@bp.get("/networks.csv")
def export_overview():
    require(current_user, "monitoring.view_all")
    report = services.networks_report(_period_form().period(), None)
    header = [_("Network"), _("Kind"), _("Schools"), _("Partner schools"), *_metric_labels(report)]
    rows = [
        [
            row.name,
            row.kind.label,
            row.schools,
            row.rule.partners if row.rule else "",
            *row.figures,
        ]
        for row in report.rows.items
    ]
    return csv_response(_filename("networks", report.period), header, rows)


@bp.get("/networks/<int:network_id>/schools.csv")
def export_network(network_id: int):
    network = network_or_404(network_id)
    report = services.network_report(network, _period_form().period(), None)
    header = [_("School"), _("Role in the network"), *_metric_labels(report)]
    rows = [[row.name, row.role.label, *row.figures] for row in report.rows.items]
    rows.append([_("Total"), "", *report.totals])
    return csv_response(_filename(f"network-{network.id}", report.period), header, rows)


@bp.get("/schools/<int:school_id>/months.csv")
def export_school(school_id: int):
    school = school_or_404(school_id)
    report = services.school_report(school, _period_form().period())
    header = [_("Month"), *_metric_labels(report)]
    rows = [[month, *figures] for month, figures in report.months]
    rows.append([_("Total"), *report.totals])
    return csv_response(_filename(f"school-{school.id}", report.period), header, rows)

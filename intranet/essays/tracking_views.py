"""Who has sent theirs: a cycle's tracking table (schools, paginated), one school's members,
and the CSV export of a cycle (UTF-8 with a BOM, so that Excel reads Kazakh letters)."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.localformat import spreadsheet_moment
from ..core.navigation import requested_page
from ..core.params import int_arg
from ..extensions import db
from ..network.models import School
from . import tracking
from .access import cycle_or_404, essay_scope_for
from .models import SCHOOLS_PER_PAGE, Standing


def track_cycle(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    require(current_user, "essays.track", cycle)
    table = tracking.track_cycle(cycle, requested_page(), SCHOOLS_PER_PAGE)
    return render_template(
        "essays/tracking.html", cycle=cycle, tracking=table, standings=list(Standing)
    )


def track_school(cycle_id: int):
    """One school's members (``?school=<id>``; none: members without a school), for reviewers
    and for the school's own director."""
    cycle = cycle_or_404(cycle_id)
    school_id = int_arg("school")
    require(current_user, "essays.track_school", (cycle, school_id))
    school = db.session.get(School, school_id) if school_id else None
    rows = tracking.member_rows(cycle, school.id if school else None)
    total = tracking.tally_of(rows)
    return render_template(
        "essays/tracking_school.html",
        cycle=cycle,
        school=school,
        rows=rows,
        total=total,
        standings=list(Standing),
        # every essay listed is a sent one of this cycle: who may read one may read them all
        essays_readable=essay_scope_for(current_user).reads_sent_essays_of(cycle),
    )


#: A cell starting with one of these is a formula to a spreadsheet: it is written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_rows(cycle) -> list[list[str]]:
    """The CSV's header and one row per member of ``cycle``, by name."""
    header = [
        _("Name"),
        _("E-mail"),
        _("School"),
        _("Status"),
        _("Submitted at"),
        _("Sentences"),
        _("Words"),
        _("Language"),
        _("Versions"),
    ]
    rows = [header]
    for row in tracking.member_rows(cycle, everyone=True):
        essay = row.essay
        submitted = essay is not None and essay.submitted_at is not None
        rows.append(
            [
                row.user.full_name,
                row.user.email,
                row.user.school.name if row.user.school else "",
                str(row.standing.label),
                spreadsheet_moment(essay.submitted_at) if submitted else "",
                str(essay.sentence_count) if essay else "",
                str(essay.word_count) if essay else "",
                str(essay.language.label) if essay and essay.body else "",
                str(essay.version_count) if essay else "0",
            ]
        )
    return rows


def export_cycle(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    require(current_user, "essays.track", cycle)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_cell(value) for value in row] for row in export_rows(cycle))
    body = "\ufeff" + buffer.getvalue()
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="essays-{cycle.id}.csv"'
    return response

"""The library's monitoring figures: resources submitted and approved, per the author's school
and per Almaty month, checked against resources built here."""

from __future__ import annotations

import io
from datetime import date, datetime

from intranet.accounts.models import Role
from intranet.demo.samples import pdf_bytes
from intranet.extensions import db
from intranet.monitoring.metrics import compute_all
from intranet.monitoring.period import Period
from intranet.resources import services
from intranet.resources.metrics import RESOURCES_APPROVED, RESOURCES_SUBMITTED
from intranet.resources.models import (
    Decision,
    ResourceDecision,
    ResourceKind,
    ResourceLanguage,
    Subject,
)

YEAR = Period(date(2026, 9, 1), date(2027, 8, 31))


def _submit(author, title, at: datetime):
    meta = services.Metadata(
        title=title,
        description="",
        subject=Subject.KAZAKH,
        grade_from=5,
        grade_to=6,
        language=ResourceLanguage.KAZAKH,
        kind=ResourceKind.LESSON_PLAN,
    )
    upload = services.Upload(io.BytesIO(pdf_bytes(title)), "жоспар.pdf")
    resource = services.submit_resource(author, meta, [upload]).resource
    resource.created_at = at
    db.session.flush()
    return resource


def _decide(resource, reviewer, decision, at: datetime):
    services.decide(resource, reviewer, decision, "" if decision == Decision.APPROVE else "Неге")
    row = db.session.scalars(
        db.select(ResourceDecision).where(ResourceDecision.resource_id == resource.id)
    ).all()[-1]
    row.created_at = at
    db.session.flush()


def test_submitted_and_approved_resources_count_for_the_authors_school_by_month(app, factory):
    school_a = factory.school("Заречный орта мектебі")
    school_b = factory.school("Мичурин орта мектебі")
    author = factory.user(Role.TEACHER, school=school_a)
    other = factory.user(Role.TEACHER, school=school_b)
    reviewer = factory.user(Role.MODERATOR)
    # 2026-09-30 20:00 UTC is 1 October in Almaty.
    first = _submit(author, "Бірінші", datetime(2026, 9, 30, 20, 0))
    second = _submit(author, "Екінші", datetime(2026, 10, 5, 9, 0))
    rejected = _submit(author, "Үшінші", datetime(2026, 11, 2, 9, 0))
    last_year = _submit(author, "Былтырғы", datetime(2026, 5, 2, 9, 0))
    theirs = _submit(other, "Төртінші", datetime(2026, 11, 3, 9, 0))
    _decide(first, reviewer, Decision.APPROVE, datetime(2026, 11, 10, 9, 0))
    _decide(second, reviewer, Decision.APPROVE, datetime(2026, 10, 20, 9, 0))
    _decide(rejected, reviewer, Decision.REJECT, datetime(2026, 11, 11, 9, 0))
    # Approved in this school year although submitted in the last one: counts as approved.
    _decide(last_year, reviewer, Decision.APPROVE, datetime(2026, 9, 10, 9, 0))
    assert theirs.status.value == "pending"
    # The author moves school afterwards: the resources stay with the school they came from.
    author.school_id = school_b.id
    db.session.commit()

    results = compute_all([school_a.id, school_b.id], YEAR)
    submitted = results[RESOURCES_SUBMITTED.key]
    approved = results[RESOURCES_APPROVED.key]
    assert submitted.totals == {school_a.id: 3, school_b.id: 1}
    assert submitted.months[school_a.id] == {"2026-10": 2, "2026-11": 1}
    assert submitted.months[school_b.id] == {"2026-11": 1}
    assert approved.totals == {school_a.id: 3}
    assert approved.months[school_a.id] == {"2026-09": 1, "2026-10": 1, "2026-11": 1}
    autumn = RESOURCES_APPROVED.compute(
        [school_a.id], Period(date(2026, 10, 1), date(2026, 10, 31))
    )
    assert autumn.totals == {school_a.id: 1}
    only_b = compute_all([school_b.id], YEAR)
    assert only_b[RESOURCES_SUBMITTED.key].totals == {school_b.id: 1}
    assert only_b[RESOURCES_APPROVED.key].totals == {}


def test_the_library_figures_are_on_the_monitoring_page(app, factory, login_as):
    school = factory.school("Заречный орта мектебі")
    author = factory.user(Role.TEACHER, school=school)
    _submit(author, "Бірінші", datetime(2026, 10, 5, 9, 0))
    db.session.commit()
    client = login_as(Role.COORDINATOR)
    html = client.get(f"/monitoring/schools/{school.id}?start=2026-09-01&end=2027-08-31").get_data(
        as_text=True
    )
    assert str(RESOURCES_SUBMITTED.label) in html
    assert str(RESOURCES_APPROVED.label) in html

"""The library: only approved work, search by a Kazakh word (prefix, any case ending), filters,
both orders, pages; the budgets at 100,000 approved resources; the seams for other features
(``submit_resource``)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import insert

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.core.search import SearchDocument
from intranet.demo.samples import pdf_bytes
from intranet.extensions import db
from intranet.resources import search as resource_search
from intranet.resources import services
from intranet.resources.models import (
    Decision,
    Resource,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    Subject,
)
from tests.measure import gzip_size


def _url(endpoint, **values):
    from flask import current_app

    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _meta(title, **overrides):
    values = {
        "title": title,
        "description": "Сипаттама: **топтық жұмыс**.",
        "subject": Subject.KAZAKH,
        "grade_from": 5,
        "grade_to": 7,
        "language": ResourceLanguage.KAZAKH,
        "kind": ResourceKind.LESSON_PLAN,
    }
    values.update(overrides)
    return services.Metadata(**values)


def _publish(author, reviewer, title, **overrides) -> Resource:
    upload = services.Upload(io.BytesIO(pdf_bytes(title)), "file.pdf")
    resource = services.submit_resource(author, _meta(title, **overrides), [upload]).resource
    services.decide(resource, reviewer, Decision.APPROVE, "")
    db.session.commit()
    return resource


@pytest.fixture
def people(factory):
    return factory.user(Role.TEACHER), factory.user(Role.MODERATOR)


def test_the_library_finds_approved_work_by_a_kazakh_word(app, people, login_as):
    author, reviewer = people
    _publish(author, reviewer, "Сыни ойлауға арналған сабақтар")
    pending = services.submit_resource(
        author,
        _meta("Сыни ойлау: жоба"),
        [services.Upload(io.BytesIO(pdf_bytes("pending")), "p.pdf")],
    ).resource
    db.session.commit()
    reader = login_as(Role.TEACHER)
    page = reader.get(_url("resources.list_resources", q="сабақ")).get_data(as_text=True)
    assert "<mark>" in page and "арналған" in page
    assert pending.title not in page
    assert "Сыни ойлау: жоба" not in reader.get(
        _url("resources.list_resources", q="жоба")
    ).get_data(as_text=True)
    fragment = reader.get(
        _url("resources.list_resources", q="СЫНИ"), headers={"HX-Request": "true"}
    )
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="results">')


def test_filters_and_orders(app, people, login_as):
    author, reviewer = people
    maths = _publish(
        author, reviewer, "Бөлшектер", subject=Subject.MATHEMATICS, grade_from=5, grade_to=6
    )
    russian = _publish(
        author,
        reviewer,
        "Работа с текстом",
        subject=Subject.RUSSIAN,
        language=ResourceLanguage.RUSSIAN,
        kind=ResourceKind.WORKSHEET,
        grade_from=8,
        grade_to=9,
    )
    russian.download_count = 50
    db.session.commit()
    reader = login_as(Role.TEACHER)

    def titles(**args):
        return reader.get(_url("resources.list_resources", **args)).get_data(as_text=True)

    assert "Бөлшектер" in titles(subject="mathematics")
    assert "Работа с текстом" not in titles(subject="mathematics")
    assert "Работа с текстом" in titles(grade=9) and "Бөлшектер" not in titles(grade=9)
    assert "Бөлшектер" not in titles(language="ru")
    assert "Бөлшектер" not in titles(kind="worksheet")
    assert "Бөлшектер" in titles(school=author.school_id)
    assert "Бөлшектер" not in titles(school=author.school_id + 1000)
    newest = titles()
    assert newest.index("Работа с текстом") < newest.index("Бөлшектер")
    popular = titles(sort="popular")
    assert popular.index("Работа с текстом") < popular.index("Бөлшектер")
    maths.download_count = 99
    db.session.commit()
    popular = titles(sort="popular")
    assert popular.index("Бөлшектер") < popular.index("Работа с текстом")
    assert titles(subject="<script>", grade="x", sort="drop table").count("<li>") >= 2


def test_the_library_pages(app, people, login_as):
    author, reviewer = people
    for n in range(resource_search.PER_PAGE + 3):
        _publish(author, reviewer, f"Материал {n:02d}")
    reader = login_as(Role.TEACHER)
    first = reader.get(_url("resources.list_resources")).get_data(as_text=True)
    second = reader.get(_url("resources.list_resources", page=2)).get_data(as_text=True)
    assert "Материал 22" in first and "Материал 00" not in first
    assert "Материал 00" in second and 'rel="prev"' in second and 'rel="next"' not in second


def _bulk_approved(count: int, author, school_id: int) -> None:
    now = utcnow()
    rows = [
        {
            "title": f"Сабақ жоспары №{n}: мәтінмен жұмыс",
            "description": "Топтық жұмыс.",
            "description_html": "<p>Топтық жұмыс.</p>",
            "subject": "kazakh" if n % 2 else "mathematics",
            "grade_from": 1 + n % 11,
            "grade_to": 11,
            "language": "kk",
            "kind": "lesson_plan",
            "licence": "cc_by_4",
            "author_id": author.id,
            "school_id": school_id,
            "status": "approved",
            "version": 1,
            "created_at": now,
            "submitted_at": now,
            "published_at": now - timedelta(seconds=n),
            "download_count": n % 97,
        }
        for n in range(count)
    ]
    for start in range(0, count, 20_000):
        db.session.execute(insert(Resource), rows[start : start + 20_000])
    db.session.flush()
    resource_search.rebuild_index()
    db.session.commit()


def test_the_library_keeps_its_budgets_with_100k_resources(app, people, login_as, query_counter):
    author, _reviewer = people
    _bulk_approved(100_000, author, author.school_id)
    assert db.session.scalar(db.select(db.func.count(SearchDocument.id))) == 100_000
    reader = login_as(Role.TEACHER)
    pages = {
        "newest": _url("resources.list_resources"),
        "popular, page 50": _url("resources.list_resources", sort="popular", page=50),
        "filtered": _url("resources.list_resources", subject="kazakh", grade=6),
        "search": _url("resources.list_resources", q="мәтін"),
    }
    for name, url in pages.items():
        with query_counter() as log:
            response = reader.get(url)
        assert response.status_code == 200, name
        assert log.count <= 12, (name, log.statements)
        assert gzip_size(response.get_data()) <= 14 * 1024, name
        assert response.get_data(as_text=True).count("<li>") == resource_search.PER_PAGE, name


def test_submit_resource_is_a_seam_for_other_features(app, people):
    """Lesson Study will publish its reports like this: a pending resource in the queue."""
    author, _reviewer = people
    result = services.submit_resource(
        author,
        _meta("Lesson Study есебі", kind=ResourceKind.ARTICLE),
        [services.Upload(io.BytesIO(pdf_bytes("ls report")), "есеп.pdf")],
    )
    db.session.commit()
    queue, _has_next = services.review_queue(None, None, 1)
    assert result.resource in queue and result.resource.status == ResourceStatus.PENDING


def test_a_first_visit_of_the_library_and_the_upload_form_fits_the_budget(app, login_as):
    from tests.measure import page_weight

    reader = login_as(Role.TEACHER)
    for endpoint in ("resources.list_resources", "resources.upload_resource"):
        weight = page_weight(reader, _url(endpoint))
        assert weight.first_visit_gzip <= 30 * 1024, (endpoint, weight)
        assert weight.html_gzip <= 14 * 1024, (endpoint, weight)

"""Lesson Study joined to the resource library: a research lesson's plan file goes through the
library's upload path (a hostile file leaves no file and no row), readers of the study download
it and everyone else gets 404, the report lists it; the lead publishes a completed study once
as a pending resource that then goes through the normal review."""

from __future__ import annotations

import io
import os

import pytest

from intranet.accounts.models import Role
from intranet.core.rules import RuleError
from intranet.demo.samples import docx_bytes, pdf_bytes
from intranet.extensions import db
from intranet.lessonstudy import attachments, lessons, services
from intranet.lessonstudy.models import LessonPlanFile, StudyPublication, StudyStatus
from intranet.resources import services as library
from intranet.resources.filetypes import MARKUP_REFUSED
from intranet.resources.models import (
    Decision,
    Resource,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    Subject,
)
from tests import lessonstudy_data as data
from tests.forum_data import url
from tests.resource_helpers import stored_files


@pytest.fixture(autouse=True)
def _request(app):
    """Services translate their refusals: call them as a view would, inside a request."""
    with app.test_request_context():
        yield


def _attach(client, lesson, content: bytes, name: str):
    return client.post(
        url("lessonstudy.upload_plan_file", lesson_id=lesson.id),
        data={"form_token": os.urandom(12).hex(), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _plan_rows() -> list[LessonPlanFile]:
    return list(db.session.scalars(db.select(LessonPlanFile)))


def _blobs(app) -> list[str]:
    return [path for path in stored_files(app) if not path.startswith("incoming")]


def _choices(**overrides) -> attachments.PublishChoices:
    values = {
        "subject": Subject.MATHEMATICS,
        "kind": ResourceKind.ARTICLE,
        "language": ResourceLanguage.KAZAKH,
        "grade_from": 6,
        "grade_to": 6,
    }
    values.update(overrides)
    return attachments.PublishChoices(**values)


# --- The plan file -----------------------------------------------------------------------------


def test_a_team_member_attaches_a_plan_file_that_readers_download(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t, shared=True)
    lesson = lessons.lessons_of(s)[0]
    member = login_as(t.members[0])
    content = pdf_bytes("жоспар")
    response = _attach(member, lesson, content, "1-сабақ жоспары.pdf")
    assert response.status_code == 302
    (row,) = _plan_rows()
    assert (row.filename, row.file_type, row.size) == ("1-сабақ жоспары.pdf", "pdf", len(content))
    page = member.get(url("lessonstudy.view_lesson", lesson_id=lesson.id)).get_data(as_text=True)
    assert "1-сабақ жоспары.pdf" in page
    download = url("lessonstudy.download_plan_file", lesson_id=lesson.id)
    for reader in (member, login_as(t.outsider_in_network), login_as(Role.COORDINATOR)):
        got = reader.get(download)
        assert got.status_code == 200
        assert got.data == content
        assert got.headers["Content-Disposition"].startswith("attachment")
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert got.mimetype == "application/pdf"
    assert login_as(t.stranger).get(download).status_code == 404
    # A reader of the network may download but not attach or remove.
    outsider = login_as(t.outsider_in_network)
    assert _attach(outsider, lesson, pdf_bytes("бөгде"), "x.pdf").status_code == 403
    assert (
        outsider.post(url("lessonstudy.remove_plan_file", lesson_id=lesson.id)).status_code == 403
    )
    assert len(_plan_rows()) == 1


def test_an_unshared_studys_plan_file_is_hidden_from_the_network(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson = lessons.lessons_of(s)[0]
    assert _attach(login_as(t.lead), lesson, pdf_bytes("a"), "a.pdf").status_code == 302
    download = url("lessonstudy.download_plan_file", lesson_id=lesson.id)
    assert login_as(t.outsider_in_network).get(download).status_code == 404
    assert _attach(login_as(t.stranger), lesson, pdf_bytes("b"), "b.pdf").status_code == 404
    assert login_as(t.members[0]).get(download).status_code == 200


def test_a_hostile_file_is_refused_with_the_librarys_message_and_leaves_nothing(
    app, factory, login_as
):
    t = data.team(factory)
    lesson = lessons.lessons_of(data.study(t))[0]
    client = login_as(t.lead)
    before = stored_files(app)
    hostile = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    response = _attach(client, lesson, hostile, "жоспар.pdf")
    assert response.status_code == 200
    assert str(MARKUP_REFUSED) in response.get_data(as_text=True)
    assert _plan_rows() == []
    assert stored_files(app) == before
    bad_name = _attach(client, lesson, pdf_bytes("n"), "жоспар\u202efdp.exe")
    assert bad_name.status_code == 200
    assert str(library.BAD_NAME) in bad_name.get_data(as_text=True)
    assert _plan_rows() == [] and stored_files(app) == before
    assert _attach(client, lesson, b"", "").status_code == 200
    assert _plan_rows() == []


def test_replacing_and_removing_the_file_releases_unused_bytes(app, factory, login_as):
    t = data.team(factory)
    lesson = lessons.lessons_of(data.study(t))[0]
    client = login_as(t.lead)
    _attach(client, lesson, pdf_bytes("бірінші"), "1.pdf")
    first_blobs = _blobs(app)
    _attach(client, lesson, docx_bytes("екінші"), "2.docx")
    (row,) = _plan_rows()
    assert row.filename == "2.docx" and row.file_type == "docx"
    assert len(_blobs(app)) == len(first_blobs)  # the first file's bytes went with it
    response = client.post(
        url("lessonstudy.remove_plan_file", lesson_id=lesson.id),
        data={"form_token": os.urandom(12).hex()},
    )
    assert response.status_code == 302
    assert _plan_rows() == []
    assert len(_blobs(app)) == len(first_blobs) - 1
    download = url("lessonstudy.download_plan_file", lesson_id=lesson.id)
    assert client.get(download).status_code == 404


def test_removing_the_plan_file_asks_first(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson = lessons.lessons_of(s)[0]
    client = login_as(t.lead)
    assert _attach(client, lesson, pdf_bytes("жоспар"), "жоспар.pdf").status_code == 302
    address = url("lessonstudy.remove_plan_file", lesson_id=lesson.id)
    page = client.get(url("lessonstudy.view_lesson", lesson_id=lesson.id)).get_data(as_text=True)
    assert f'<form method="get" action="{address}" data-confirm=' in page
    asked = client.get(address).get_data(as_text=True)
    assert "<h1>Remove the lesson plan file?</h1>" in asked and "жоспар.pdf" in asked
    assert len(_plan_rows()) == 1
    for token in ("remove-plan-00001", "remove-plan-00001", "remove-plan-00002"):
        assert client.post(address, data={"form_token": token}).status_code == 302
    assert _plan_rows() == []
    assert client.get(address).status_code == 302  # nothing attached: nothing to ask about


def test_the_report_lists_the_plan_file(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t, lessons=2)
    first, second = lessons.lessons_of(s)
    client = login_as(t.lead)
    _attach(client, second, pdf_bytes("екі"), "екінші сабақ.pdf")
    html = client.get(url("lessonstudy.view_report", study_id=s.id)).get_data(as_text=True)
    assert "екінші сабақ.pdf" in html
    assert url("lessonstudy.download_plan_file", lesson_id=second.id) in html
    assert url("lessonstudy.download_plan_file", lesson_id=first.id) not in html
    from intranet.lessonstudy.report import report_document

    assert "екінші сабақ.pdf" in report_document(data.load(s.id)).markdown


# --- Publishing to the library ---------------------------------------------------------------


def _publish(client, study, **overrides):
    fields = {
        "form_token": overrides.pop("form_token", os.urandom(12).hex()),
        "subject": "mathematics",
        "kind": "lesson_plan",
        "language": "kk",
        "grade_from": "6",
        "grade_to": "6",
    }
    fields.update(overrides)
    return client.post(url("lessonstudy.publish_study", study_id=study.id), data=fields)


def _resources() -> list[Resource]:
    return list(db.session.scalars(db.select(Resource)))


def test_only_the_lead_publishes_only_a_completed_study_with_a_plan_file(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t, status=StudyStatus.ANALYSIS)
    lesson = lessons.lessons_of(s)[0]
    lead = login_as(t.lead)
    _attach(lead, lesson, pdf_bytes("жоспар"), "жоспар.pdf")
    assert _publish(lead, s).status_code == 403  # not completed yet
    with pytest.raises(RuleError):
        attachments.publish_study(data.load(s.id), t.lead, _choices())
    db.session.rollback()
    empty = data.study(data.team(factory), status=StudyStatus.COMPLETED)
    refused = _publish(login_as(empty.lead), empty)
    assert refused.status_code == 200
    assert str(attachments.NO_PLAN_FILES) in refused.get_data(as_text=True)
    services.change_status(data.load(s.id), t.lead, StudyStatus.COMPLETED, "Қорытынды")
    db.session.commit()
    assert _publish(login_as(t.members[0]), s).status_code == 403
    assert _publish(login_as(Role.COORDINATOR), s).status_code == 403
    bad = _publish(lead, s, grade_from="9", grade_to="5")
    assert bad.status_code == 200 and str(library.BAD_GRADES) in bad.get_data(as_text=True)
    assert _resources() == []


def test_publishing_creates_one_pending_resource_that_goes_through_review(app, factory, login_as):
    t = data.team(factory)
    s = data.study(t, lessons=2, status=StudyStatus.COMPLETED, shared=True)
    first, second = lessons.lessons_of(s)
    services_lead = login_as(t.lead)
    # Files may be attached while the study is completed (the lead prepares the publication).
    _attach(services_lead, first, pdf_bytes("бір"), "1-сабақ.pdf")
    _attach(services_lead, second, docx_bytes("екі"), "2-сабақ.docx")
    page = services_lead.get(url("lessonstudy.view_study", study_id=s.id)).get_data(as_text=True)
    assert url("lessonstudy.publish_study", study_id=s.id) in page
    token = os.urandom(12).hex()
    assert _publish(services_lead, s, form_token=token).status_code == 302
    assert _publish(services_lead, s, form_token=token).status_code == 302  # the double click
    assert _publish(services_lead, s).status_code == 302  # a stale second tab
    (resource,) = _resources()
    assert db.session.scalar(db.select(db.func.count()).select_from(StudyPublication)) == 1
    assert resource.status == ResourceStatus.PENDING
    assert resource.kind == ResourceKind.LESSON_PLAN and resource.subject == Subject.MATHEMATICS
    assert (resource.grade_from, resource.grade_to) == (6, 6)
    assert resource.network_id == t.network.id and resource.author_id == t.lead.id
    assert resource.title == s.title
    assert s.research_question in resource.description
    assert "Біз көп нәрсе үйрендік." in resource.description_html
    files = library.current_files([resource])[resource.id]
    assert [file.filename for file in files] == ["1-сабақ.pdf", "2-сабақ.docx"]
    plan_keys = {row.storage_key for row in _plan_rows()}
    assert {file.storage_key for file in files} == plan_keys  # the bytes are stored once
    study_page = services_lead.get(url("lessonstudy.view_study", study_id=s.id))
    html = study_page.get_data(as_text=True)
    assert str(ResourceStatus.PENDING.label) in html
    assert url("lessonstudy.publish_study", study_id=s.id) not in html
    moderator = factory.user(Role.MODERATOR)
    queue = login_as(moderator).get(url("resources.review_queue")).get_data(as_text=True)
    assert s.title in queue
    library.decide(db.session.get(Resource, resource.id), moderator, Decision.APPROVE, "")
    db.session.commit()
    html = login_as(t.outsider_in_network).get(url("lessonstudy.view_study", study_id=s.id))
    html = html.get_data(as_text=True)
    assert str(ResourceStatus.APPROVED.label) in html
    assert url("resources.view_resource", resource_id=resource.id) in html
    # Removing a plan file afterwards keeps the library's copy of the bytes.
    services_lead.post(
        url("lessonstudy.remove_plan_file", lesson_id=first.id),
        data={"form_token": os.urandom(12).hex()},
    )
    from intranet.resources.storage import get_storage

    assert get_storage().path(files[0].storage_key).is_file()


def test_the_publish_form_guesses_the_librarys_vocabulary(app, factory):
    t = data.team(factory)
    s = data.study(t)
    s.subject, s.grade = "Mathematics", "5–7 сынып"
    guess = attachments.guess_choices(s, "ru")
    assert guess.subject == Subject.MATHEMATICS
    assert (guess.grade_from, guess.grade_to) == (5, 7)
    assert guess.language == ResourceLanguage.RUSSIAN
    s.subject, s.grade = "Тоқыма", "бастауыш"
    guess = attachments.guess_choices(s, "de")
    assert guess.subject == Subject.OTHER and (guess.grade_from, guess.grade_to) == (1, 11)
    assert guess.language == ResourceLanguage.KAZAKH


# --- Budgets ---------------------------------------------------------------------------------


def test_pages_with_plan_files_and_a_publication_stay_in_budget(
    app, factory, login_as, query_counter, capsys
):
    """A completed study of one lesson without files against one of five lessons, each with a
    plan file, published: the same query count (≤ 12) and ≤ 14 KB gzip for the study page (the
    publish form or the state), the lesson page and the report."""
    from tests.measure import gzip_size

    t = data.team(factory, observers=3)
    small = data.study(t, lessons=1, status=StudyStatus.COMPLETED)
    big = data.study(t, lessons=5, pupils=4, status=StudyStatus.COMPLETED)
    data.bulk_notes(big, [t.lead, *t.members], per_cell=10)
    for n, lesson in enumerate(lessons.lessons_of(big)):
        attachments.attach_plan_file(
            lesson, t.lead, library.Upload(io.BytesIO(pdf_bytes(f"ж{n}")), f"{n + 1}-жоспар.pdf")
        )
    db.session.commit()
    attachments.publish_study(data.load(big.id), t.lead, _choices())
    db.session.commit()
    client = login_as(t.lead)
    figures = []
    for endpoint, key in (
        ("lessonstudy.view_study", "study_id"),
        ("lessonstudy.view_lesson", "lesson_id"),
        ("lessonstudy.view_report", "study_id"),
    ):
        counts = []
        for s in (small, big):
            ident = s.id if key == "study_id" else lessons.lessons_of(s)[0].id
            client.get(url(endpoint, **{key: ident}))  # the same warm state for both sizes
            with query_counter() as log:
                response = client.get(url(endpoint, **{key: ident}))
            assert response.status_code == 200
            assert gzip_size(response.get_data()) <= 14 * 1024, endpoint
            counts.append(log.count)
        assert max(counts) <= 12, (endpoint, counts)
        assert counts[0] == counts[1], (endpoint, counts)
        figures.append(f"{endpoint}: {counts[1]} queries, {gzip_size(response.get_data())} B gzip")
    with capsys.disabled():
        print("\n" + "\n".join(figures))


def test_the_demo_studys_first_lesson_has_a_plan_file_once(app):
    from intranet.demo import seed_demo
    from intranet.demo.lessonstudy import PLAN_FILE
    from intranet.resources.storage import get_storage

    seed_demo()
    seed_demo()  # a second run adds nothing
    (row,) = _plan_rows()
    assert row.filename == PLAN_FILE and row.file_type == "pdf"
    assert get_storage().path(row.storage_key).is_file()

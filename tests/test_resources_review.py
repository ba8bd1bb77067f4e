"""Reviewing resources: pending work is private to its author and the moderators; approve,
reject with a reason and request changes work in place (htmx) and without JS, notify the
author and land in the audit log; a revision goes back to the queue with its history kept;
certificates and their public check; downloads and their headers."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.core.models import AuditEntry
from intranet.demo.samples import pdf_bytes, png_bytes
from intranet.extensions import db
from intranet.notifications.models import Notification, NotificationKind
from intranet.resources import services
from intranet.resources.models import Resource, ResourceDecision, ResourceFile, ResourceStatus
from tests.measure import gzip_size
from tests.resource_helpers import latest_resource, upload

HX = {"HX-Request": "true"}


def _url(endpoint, **values):
    from flask import current_app

    with current_app.test_request_context():
        return url_for(endpoint, **values)


@pytest.fixture
def submitted(app, login_as):
    """A teacher's pending resource with a PDF and a PNG, and a moderator's client."""
    teacher = login_as(Role.TEACHER)
    files = [(pdf_bytes("review"), "жоспар.pdf"), (png_bytes("review"), "сурет.png")]
    assert upload(teacher, files=files).status_code == 302
    moderator = login_as(Role.MODERATOR)
    return latest_resource(), teacher, moderator


def _decide(client, resource, decision, comment="", headers=None, token=None):
    return client.post(
        _url("resources.decide_resource", resource_id=resource.id),
        data={"decision": decision, "comment": comment, "form_token": token or _token()},
        headers=headers,
    )


_counter = iter(range(10**6))


def _token() -> str:
    return f"review-token-{next(_counter):08d}-abcdef"


def test_pending_work_is_seen_only_by_its_author_and_moderators(app, submitted, login_as):
    resource, teacher, moderator = submitted
    other = login_as(Role.TEACHER)
    leader = login_as(Role.SCHOOL_LEADER)
    page = _url("resources.view_resource", resource_id=resource.id)
    file = ResourceFile.query.filter_by(resource_id=resource.id, file_type="png").one()
    preview = _url("resources.preview_file", file_id=file.id)
    download = _url("resources.download_file", file_id=file.id)
    for client, status in ((teacher, 200), (moderator, 200), (other, 404), (leader, 404)):
        assert client.get(page).status_code == status
        assert client.get(preview).status_code == status
        assert client.post(download).status_code == status
    assert resource.title not in other.get(_url("resources.list_resources")).get_data(as_text=True)


def test_the_queue_shows_pending_work_oldest_first_with_filters(app, submitted, login_as):
    resource, teacher, moderator = submitted
    assert upload(teacher, title="Екінші ресурс", subject="physics").status_code == 302
    page = moderator.get(_url("resources.review_queue")).get_data(as_text=True)
    assert page.index(resource.title) < page.index("Екінші ресурс")
    physics = moderator.get(_url("resources.review_queue", subject="physics")).get_data(
        as_text=True
    )
    assert "Екінші ресурс" in physics and resource.title not in physics
    assert teacher.get(_url("resources.review_queue")).status_code == 403


def test_the_queue_page_is_constant_in_queries(app, submitted, login_as, query_counter):
    _resource, teacher, moderator = submitted
    with query_counter() as few:
        assert moderator.get(_url("resources.review_queue")).status_code == 200
    for n in range(8):
        upload(teacher, title=f"Ресурс {n}")
    with query_counter() as many:
        assert moderator.get(_url("resources.review_queue")).status_code == 200
    assert many.count == few.count <= 12


def test_approving_in_place_publishes_notifies_and_audits(app, submitted):
    resource, teacher, moderator = submitted
    response = _decide(moderator, resource, "approve", headers=HX)
    assert response.status_code == 200
    fragment = response.get_data()
    assert gzip_size(fragment) <= 3 * 1024
    assert b"<html" not in fragment and f'id="review-{resource.id}"'.encode() in fragment
    db.session.expire_all()
    resource = db.session.get(Resource, resource.id)
    assert resource.status == ResourceStatus.APPROVED
    assert re.fullmatch(r"ZH-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", resource.certificate_code)
    assert resource.reviewer_id == moderator.user.id
    note = Notification.query.filter_by(user_id=teacher.user.id).one()
    assert note.kind == NotificationKind.RES_APPROVED and note.target_type == "resource"
    assert (
        AuditEntry.query.filter_by(action="resources.approve", target_id=resource.id).count() == 1
    )
    other_teacher_page = teacher.get(_url("resources.list_resources")).get_data(as_text=True)
    assert resource.title in other_teacher_page


def test_rejecting_needs_a_reason(app, submitted):
    resource, teacher, moderator = submitted
    response = _decide(moderator, resource, "reject", headers=HX)
    assert response.status_code == 200
    assert str(services.NEEDS_REASON) in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == ResourceStatus.PENDING
    response = _decide(moderator, resource, "reject", "Авторлық құқық бұзылған", headers=HX)
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == ResourceStatus.REJECTED
    note = Notification.query.filter_by(user_id=teacher.user.id).one()
    assert note.kind == NotificationKind.RES_REJECTED and "Авторлық" in note.detail
    entry = AuditEntry.query.filter_by(action="resources.reject").one()
    assert entry.reason == "Авторлық құқық бұзылған"


def test_without_js_a_decision_redirects_to_the_queue(app, submitted):
    resource, _teacher, moderator = submitted
    response = _decide(moderator, resource, "changes", "Мақсатты нақтылаңыз")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_url("resources.review_queue"))
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).status == ResourceStatus.CHANGES


def test_a_decided_resource_cannot_be_decided_again(app, submitted):
    resource, _teacher, moderator = submitted
    _decide(moderator, resource, "approve")
    response = _decide(moderator, resource, "reject", "Кеш", headers=HX)
    assert str(services.NOT_PENDING) in response.get_data(as_text=True)
    assert ResourceDecision.query.count() == 1


def test_a_repeated_decision_form_changes_nothing(app, submitted):
    resource, _teacher, moderator = submitted
    token = _token()
    _decide(moderator, resource, "changes", "Бір", token=token)
    _decide(moderator, resource, "changes", "Бір", token=token)
    assert ResourceDecision.query.count() == 1
    assert Notification.query.count() == 1


def test_revise_and_resubmit_keeps_versions_and_decisions(app, submitted):
    resource, teacher, moderator = submitted
    revise_url = _url("resources.revise_resource", resource_id=resource.id)
    assert teacher.get(revise_url).status_code == 403  # pending: nothing to revise yet
    _decide(moderator, resource, "changes", "Бағалау критерийлерін қосыңыз")
    assert teacher.get(revise_url).status_code == 200
    response = upload(
        teacher,
        files=[(pdf_bytes("second version"), "жоспар-2.pdf")],
        url=revise_url,
        note="Критерийлер қосылды",
    )
    assert response.status_code == 302
    db.session.expire_all()
    resource = db.session.get(Resource, resource.id)
    assert resource.status == ResourceStatus.PENDING and resource.version == 2
    assert resource.title in moderator.get(_url("resources.review_queue")).get_data(as_text=True)
    page = teacher.get(_url("resources.view_resource", resource_id=resource.id)).get_data(
        as_text=True
    )
    assert "Бағалау критерийлерін қосыңыз" in page and "Критерийлер қосылды" in page
    assert "жоспар-2.pdf" in page and "жоспар.pdf" not in page  # the current version's files
    assert ResourceFile.query.filter_by(resource_id=resource.id).count() == 3
    assert AuditEntry.query.filter_by(action="resources.revise").count() == 1


def test_only_the_author_revises(app, submitted, login_as):
    resource, _teacher, moderator = submitted
    _decide(moderator, resource, "reject", "Тақырыпқа сай емес")
    other = login_as(Role.TEACHER)
    url = _url("resources.revise_resource", resource_id=resource.id)
    assert other.get(url).status_code == 404  # rejected work is private
    assert moderator.get(url).status_code == 403


def test_the_certificate_and_its_public_check(app, submitted, login_as):
    resource, teacher, moderator = submitted
    certificate = _url("resources.view_certificate", resource_id=resource.id)
    assert teacher.get(certificate).status_code == 403  # not approved yet
    _decide(moderator, resource, "approve")
    db.session.expire_all()
    resource = db.session.get(Resource, resource.id)
    page = teacher.get(certificate).get_data(as_text=True)
    assert resource.certificate_code in page and resource.title in page
    assert moderator.user.full_name in page and teacher.user.school.name in page
    assert login_as(Role.TEACHER).get(certificate).status_code == 403
    visitor = app.test_client()
    check = visitor.get(_url("resources.verify_certificate", code=resource.certificate_code))
    assert check.status_code == 200
    text = check.get_data(as_text=True)
    assert "valid" in text and "not valid" not in text
    assert resource.title not in text and teacher.user.full_name not in text
    wrong = visitor.get(_url("resources.verify_certificate", code="ZH-AAAA-BBBB-CCCC"))
    assert "not valid" in wrong.get_data(as_text=True)
    lower = visitor.get(
        _url("resources.verify_certificate", code=resource.certificate_code.lower())
    )
    assert "not valid" not in lower.get_data(as_text=True)


def test_downloads_are_attachments_with_the_stored_type_and_count_once(app, submitted):
    resource, teacher, moderator = submitted
    _decide(moderator, resource, "approve")
    pdf = ResourceFile.query.filter_by(resource_id=resource.id, file_type="pdf").one()
    url = _url("resources.download_file", file_id=pdf.id)
    token = _token()
    first = teacher.post(url, data={"form_token": token})
    again = teacher.post(url, data={"form_token": token})
    assert first.status_code == again.status_code == 200
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.headers["Content-Disposition"].startswith("attachment")
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.get_data().startswith(b"%PDF-")
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).download_count == 1
    assert teacher.get(url).status_code == 405  # no state change on GET


def test_previews_are_inline_only_for_images(app, login_as):
    """A PDF is a download: a browser's PDF viewer would run it inside the site's origin."""
    teacher = login_as(Role.TEACHER)
    from intranet.demo.samples import docx_bytes

    files = [(pdf_bytes("p"), "a.pdf"), (png_bytes("p"), "b.png"), (docx_bytes("p"), "c.docx")]
    upload(teacher, files=files)
    by_type = {f.file_type: f for f in ResourceFile.query.all()}
    assert teacher.get(_url("resources.preview_file", file_id=by_type["pdf"].id)).status_code == 404
    png = teacher.get(_url("resources.preview_file", file_id=by_type["png"].id))
    assert (
        png.headers["Content-Type"] == "image/png"
        and png.headers["X-Content-Type-Options"] == "nosniff"
    )
    thumb = teacher.get(_url("resources.file_thumbnail", file_id=by_type["png"].id))
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/webp"
    assert (
        teacher.get(_url("resources.preview_file", file_id=by_type["docx"].id)).status_code == 404
    )


def test_path_parameters_never_reach_the_file_system(app, submitted):
    _resource, teacher, _moderator = submitted
    for path in (
        "/resources/files/..%2F..%2Fetc%2Fpasswd/view",
        "/resources/files/../../etc/passwd/view",
        "/resources/files/%2e%2e/view",
        "/resources/files/-1/view",
    ):
        assert teacher.get(path).status_code == 404
    file = ResourceFile.query.first()
    file.storage_key = "../../../../etc/passwd"
    db.session.commit()
    assert teacher.get(_url("resources.preview_file", file_id=file.id)).status_code == 404


def test_the_verification_page_needs_no_account(app):
    visitor = app.test_client()
    assert visitor.get(_url("resources.verify_certificate")).status_code == 200
    assert visitor.get(_url("resources.list_resources")).status_code == 302


def test_the_resource_page_is_constant_in_queries_as_history_grows(app, submitted, query_counter):
    resource, teacher, moderator = submitted
    page = _url("resources.view_resource", resource_id=resource.id)
    with query_counter() as first:
        assert teacher.get(page).status_code == 200
    revise_url = _url("resources.revise_resource", resource_id=resource.id)
    for n in range(3):
        _decide(moderator, resource, "changes", f"Түзету {n}")
        upload(teacher, files=[(pdf_bytes(f"v{n}"), f"v{n}.pdf")], url=revise_url)
    with query_counter() as later:
        response = teacher.get(page)
    assert later.count == first.count <= 12
    assert gzip_size(response.get_data()) <= 14 * 1024
    assert response.get_data(as_text=True).count("Түзету") == 3


def test_a_revision_without_new_files_keeps_the_current_ones(app, submitted):
    resource, teacher, moderator = submitted
    _decide(moderator, resource, "changes", "Атауын өзгертіңіз")
    response = upload(
        teacher,
        files=[],
        url=_url("resources.revise_resource", resource_id=resource.id),
        title="Жаңа атау",
    )
    assert response.status_code == 302
    db.session.expire_all()
    resource = db.session.get(Resource, resource.id)
    assert resource.title == "Жаңа атау" and resource.version == 2
    current = services.current_files([resource])[resource.id]
    assert sorted(f.filename for f in current) == ["жоспар.pdf", "сурет.png"]

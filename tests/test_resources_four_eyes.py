"""Four eyes in the review queue: nobody decides on a resource they wrote or co-wrote (a Lesson
Study's team included), neither through the queue's buttons nor with a crafted POST; the queue
says the item waits for another moderator; a coordinator or an admin decides on their own work
only when no other reviewer exists."""

from __future__ import annotations

import io
import os

import pytest
from flask import url_for

from intranet.accounts.models import AccountStatus, Role, User
from intranet.accounts.permissions import can
from intranet.core.models import AuditEntry
from intranet.demo.samples import pdf_bytes
from intranet.extensions import db
from intranet.lessonstudy import attachments, lessons
from intranet.lessonstudy.models import StudyStatus
from intranet.resources import services
from intranet.resources.models import (
    Decision,
    Resource,
    ResourceDecision,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    Subject,
)
from intranet.resources.rules import ResourceError
from tests import lessonstudy_data as data
from tests.resource_helpers import latest_resource, upload

HX = {"HX-Request": "true"}
OWN_WORK_LABEL = "Your own work: waiting for another moderator."


def _url(endpoint, **values):
    from flask import current_app

    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _decide(client, resource, decision="approve", comment="", headers=None):
    return client.post(
        _url("resources.decide_resource", resource_id=resource.id),
        data={"decision": decision, "comment": comment, "form_token": os.urandom(12).hex()},
        headers=headers,
    )


def _fresh(resource) -> Resource:
    db.session.expire_all()
    return db.session.get(Resource, resource.id)


def _decide_form(resource) -> str:
    return f'action="{_url("resources.decide_resource", resource_id=resource.id)}"'


def _nothing_decided(resource) -> None:
    resource = _fresh(resource)
    assert resource.status == ResourceStatus.PENDING
    assert resource.certificate_code is None and resource.reviewer_id is None
    assert ResourceDecision.query.filter_by(resource_id=resource.id).count() == 0
    decisions = [f"resources.{decision.value}" for decision in Decision]
    assert not AuditEntry.query.filter(
        AuditEntry.action.in_(decisions), AuditEntry.target_id == resource.id
    ).count()


def test_a_moderator_does_not_decide_on_their_own_upload(app, login_as):
    author = login_as(Role.MODERATOR)
    assert upload(author).status_code == 302
    resource = latest_resource()
    other = login_as(Role.MODERATOR)

    page = author.get(_url("resources.review_queue")).get_data(as_text=True)
    assert resource.title in page and OWN_WORK_LABEL in page
    assert _decide_form(resource) not in page
    assert _decide_form(resource) in other.get(_url("resources.review_queue")).get_data(
        as_text=True
    )

    # A crafted POST, with htmx and without, for every decision: refused, nothing recorded.
    for decision, comment in (("approve", ""), ("changes", "Өзім"), ("reject", "Өзім")):
        fragment = _decide(author, resource, decision, comment, headers=HX).get_data(as_text=True)
        assert str(services.OWN_WORK) in fragment and OWN_WORK_LABEL in fragment
        assert _decide(author, resource, decision, comment).status_code == 302
    _nothing_decided(resource)
    assert not services.verify_code(_fresh(resource).certificate_code or "ZH-AAAA-AAAA-AAAA")

    # Another moderator decides as before, and the audit log records it as before.
    assert _decide(other, resource).status_code == 302
    resource = _fresh(resource)
    assert resource.status == ResourceStatus.APPROVED and resource.reviewer_id == other.user.id
    entry = AuditEntry.query.filter_by(action="resources.approve", target_id=resource.id).one()
    assert entry.actor_id == other.user.id


def test_the_service_refuses_an_author_whatever_the_view(app, login_as, factory):
    author = login_as(Role.MODERATOR)
    upload(author)
    resource = latest_resource()
    factory.user(Role.MODERATOR)
    with app.test_request_context():
        assert not can(author.user, "resources.decide", resource)
        for decision in Decision:
            with pytest.raises(ResourceError) as refusal:
                services.decide(resource, author.user, decision, "Өзім")
            assert refusal.value.message == services.OWN_WORK
    db.session.rollback()
    _nothing_decided(resource)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_decide_on_their_own_work_only_when_nobody_else_can(app, login_as, factory, role):
    author = login_as(role)
    upload(author)
    resource = latest_resource()
    # Alone (a suspended moderator and a teacher do not count): the work would wait for ever.
    factory.user(Role.MODERATOR, status=AccountStatus.SUSPENDED)
    factory.user(Role.TEACHER)
    page = author.get(_url("resources.review_queue")).get_data(as_text=True)
    assert _decide_form(resource) in page and OWN_WORK_LABEL not in page
    # Once another reviewer exists, they decide instead.
    factory.user(Role.MODERATOR)
    page = author.get(_url("resources.review_queue")).get_data(as_text=True)
    assert _decide_form(resource) not in page and OWN_WORK_LABEL in page
    assert _decide(author, resource).status_code == 302
    _nothing_decided(resource)
    db.session.execute(
        db.update(User).where(User.role == Role.MODERATOR).values(status=AccountStatus.SUSPENDED)
    )
    db.session.commit()
    assert _decide(author, resource).status_code == 302
    assert _fresh(resource).status == ResourceStatus.APPROVED
    assert AuditEntry.query.filter_by(action="resources.approve", target_id=resource.id).one()


def test_a_lone_moderator_still_does_not_decide_on_their_own_work(app, login_as):
    author = login_as(Role.MODERATOR)
    upload(author)
    resource = latest_resource()
    assert OWN_WORK_LABEL in author.get(_url("resources.review_queue")).get_data(as_text=True)
    _decide(author, resource)
    _nothing_decided(resource)


def _published_study(app, factory, moderator_role=Role.MODERATOR):
    """A completed study whose first observer is a moderator, published by its lead."""
    t = data.team(factory)
    t.members[0].role = moderator_role
    db.session.commit()
    s = data.study(t, status=StudyStatus.COMPLETED)
    lesson = lessons.lessons_of(s)[0]
    with app.test_request_context():
        attachments.attach_plan_file(
            lesson, t.lead, services.Upload(io.BytesIO(pdf_bytes("жоспар")), "жоспар.pdf")
        )
        choices = attachments.PublishChoices(
            subject=Subject.MATHEMATICS,
            kind=ResourceKind.ARTICLE,
            language=ResourceLanguage.KAZAKH,
            grade_from=6,
            grade_to=6,
        )
        publication = attachments.publish_study(data.load(s.id), t.lead, choices)
    db.session.commit()
    return t, db.session.get(Resource, publication.resource_id)


def test_a_lesson_study_team_does_not_review_its_own_publication(app, factory, login_as):
    t, resource = _published_study(app, factory)
    assert resource.author_id == t.lead.id
    member = login_as(t.members[0])
    page = member.get(_url("resources.review_queue")).get_data(as_text=True)
    assert resource.title in page and OWN_WORK_LABEL in page
    assert _decide_form(resource) not in page
    assert str(services.OWN_WORK) in _decide(member, resource, headers=HX).get_data(as_text=True)
    _nothing_decided(resource)
    outsider = login_as(Role.MODERATOR)
    assert _decide(outsider, resource, "changes", "Нақтылаңыз").status_code == 302
    assert _fresh(resource).status == ResourceStatus.CHANGES

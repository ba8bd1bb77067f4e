"""Every registered route, for an anonymous visitor and for each role, answers as the one
authorisation policy says. A route missing from the matrix fails the test: add its row.

GET rows give the exact status. POST rows are sent with an empty form, which passes the policy
check and then fails validation (so nothing changes): ``ALLOWED`` means "got past the policy"
(not 403/404/405, no server error), a number is the exact status of a refusal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from flask import url_for
from sqlalchemy.orm import selectinload

from intranet.accounts.models import AccountStatus, Role
from intranet.core.i18n import local_today
from intranet.demo.samples import pdf_bytes, png_bytes
from intranet.directions.models import Direction, DirectionAdoption
from intranet.essays import services as essay_services
from intranet.extensions import db
from intranet.forum.models import Category
from intranet.forum.services import create_thread
from intranet.lessonstudy import attachments as lesson_attachments
from intranet.lessonstudy import lessons as research_lessons
from intranet.lessonstudy import services as lesson_study_services
from intranet.lessonstudy.models import LessonStudy
from intranet.network.models import (
    GroupKind,
    Membership,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    School,
    University,
    WorkingGroup,
)
from intranet.notifications.models import Notification, NotificationKind
from intranet.resources import services as resource_services
from intranet.resources.models import ResourceFile, ResourceKind, ResourceLanguage, Subject
from intranet.resources.services import Upload
from tests.conftest import Auth

ALLOWED = "allowed"
ROLES = ("anonymous", *Role)
LOGIN = 302  # an anonymous visitor is sent to the sign-in page


def row(anonymous, teacher, leader, moderator, coordinator, admin):
    return dict(
        zip(ROLES, (anonymous, teacher, leader, moderator, coordinator, admin), strict=True)
    )


def members(status=200):
    """Every signed-in role gets ``status``; visitors are asked to sign in."""
    return row(LOGIN, status, status, status, status, status)


def staff(ok=200, refused=403):
    """Coordinators and admins only."""
    return row(LOGIN, refused, refused, refused, ok, ok)


def moderators(ok=ALLOWED, refused=403):
    return row(LOGIN, refused, refused, ok, ok, ok)


def leaders_and_staff(ok=200, refused=403):
    return row(LOGIN, refused, ok, refused, ok, ok)


EVERYONE_200 = row(200, 200, 200, 200, 200, 200)

MATRIX: dict[tuple[str, str], dict[str, object]] = {
    # Site-wide
    ("GET", "home.home"): EVERYONE_200,
    ("GET", "core.healthz"): EVERYONE_200,
    # Accounts
    ("GET", "accounts.login"): row(200, 302, 302, 302, 302, 302),
    ("POST", "accounts.login"): row(200, 302, 302, 302, 302, 302),
    ("POST", "accounts.logout"): members(302),
    ("GET", "accounts.switch_language"): EVERYONE_200,  # a button that POSTs; no change
    ("POST", "accounts.switch_language"): row(302, 302, 302, 302, 302, 302),
    ("GET", "accounts.signup"): row(200, 302, 302, 302, 302, 302),
    ("POST", "accounts.signup"): row(200, 302, 302, 302, 302, 302),
    ("GET", "accounts.search_schools"): row(302, 302, 302, 302, 302, 302),
    ("GET", "accounts.signup_sent"): EVERYONE_200,
    ("GET", "accounts.signup_queue"): leaders_and_staff(),
    ("POST", "accounts.approve_signup"): leaders_and_staff(ALLOWED),
    ("POST", "accounts.reject_signup"): leaders_and_staff(ALLOWED),
    ("GET", "accounts.list_users"): leaders_and_staff(),
    ("GET", "accounts.view_user"): members(),
    ("POST", "accounts.set_role"): staff(ALLOWED),
    ("POST", "accounts.suspend_user"): staff(ALLOWED),
    ("POST", "accounts.reinstate_user"): staff(ALLOWED),
    ("POST", "accounts.issue_reset_link"): leaders_and_staff(ALLOWED),
    ("GET", "accounts.audit_log"): staff(),
    ("GET", "accounts.profile"): members(),
    ("POST", "accounts.profile"): members(ALLOWED),
    ("GET", "accounts.change_password"): members(),
    ("POST", "accounts.change_password"): members(ALLOWED),
    ("POST", "accounts.sign_out_device"): members(302),
    ("POST", "accounts.sign_out_everywhere"): members(302),
    ("GET", "accounts.reset_password"): row(404, 404, 404, 404, 404, 404),
    ("POST", "accounts.reset_password"): row(404, 404, 404, 404, 404, 404),
    # Network map
    ("GET", "network.list_networks"): members(),
    ("GET", "network.view_network"): members(),
    ("GET", "network.view_school"): members(),
    ("GET", "network.create_network"): staff(),
    ("POST", "network.create_network"): staff(ALLOWED),
    ("GET", "network.edit_network"): staff(),
    ("POST", "network.edit_network"): staff(ALLOWED),
    ("POST", "network.archive_network"): staff(ALLOWED),
    ("POST", "network.unarchive_network"): staff(ALLOWED),
    ("GET", "network.pick_school"): staff(302),  # without htmx: back to the network page
    ("POST", "network.add_network_school"): staff(ALLOWED),
    ("GET", "network.remove_network_school"): staff(),
    ("POST", "network.remove_network_school"): staff(ALLOWED),
    ("POST", "network.add_member"): staff(ALLOWED),
    ("GET", "network.remove_member"): staff(),
    ("POST", "network.remove_member"): staff(ALLOWED),
    ("GET", "network.create_group"): staff(),
    ("POST", "network.create_group"): staff(ALLOWED),
    ("GET", "network.edit_group"): staff(),
    ("POST", "network.edit_group"): staff(ALLOWED),
    ("POST", "network.archive_group"): staff(ALLOWED),
    ("POST", "network.unarchive_group"): staff(ALLOWED),
    ("GET", "network.list_places"): staff(),
    ("GET", "network.create_region"): staff(),
    ("POST", "network.create_region"): staff(ALLOWED),
    ("GET", "network.edit_region"): staff(),
    ("POST", "network.edit_region"): staff(ALLOWED),
    ("GET", "network.create_district"): staff(),
    ("POST", "network.create_district"): staff(ALLOWED),
    ("GET", "network.edit_district"): staff(),
    ("POST", "network.edit_district"): staff(ALLOWED),
    ("GET", "network.list_universities"): staff(),
    ("GET", "network.create_university"): staff(),
    ("POST", "network.create_university"): staff(ALLOWED),
    ("GET", "network.edit_university"): staff(),
    ("POST", "network.edit_university"): staff(ALLOWED),
    ("GET", "network.list_schools"): staff(),
    ("GET", "network.create_school"): staff(),
    ("POST", "network.create_school"): staff(ALLOWED),
    ("GET", "network.edit_school"): staff(),
    ("POST", "network.edit_school"): staff(ALLOWED),
    ("POST", "network.archive_school"): staff(ALLOWED),
    ("POST", "network.unarchive_school"): staff(ALLOWED),
    # Forum (the category belongs to a network of the actors' school)
    ("GET", "forum.index"): members(),
    ("GET", "forum.view_category"): members(),
    ("GET", "forum.create_thread"): members(),
    ("POST", "forum.create_thread"): members(ALLOWED),
    ("GET", "forum.view_thread"): members(),
    ("GET", "forum.view_post"): members(302),
    ("GET", "forum.search"): members(),
    ("POST", "forum.reply"): members(ALLOWED),
    ("POST", "forum.mark_read"): members(ALLOWED),
    ("GET", "forum.edit_post"): members(403),  # someone else's post
    ("POST", "forum.edit_post"): members(403),
    ("GET", "forum.delete_post"): members(403),  # someone else's post
    ("POST", "forum.delete_post"): members(403),
    ("POST", "forum.hide_post"): moderators(),
    ("POST", "forum.unhide_post"): moderators(),
    ("POST", "forum.moderate_thread"): moderators(),
    ("POST", "forum.toggle_follow"): members(302),  # empty form: nothing changes, back to thread
    ("GET", "forum.mention_candidates"): members(),
    # Notifications (the world's notification belongs to someone else: 404 for everyone)
    ("GET", "notifications.list_notifications"): members(),
    ("GET", "notifications.unread_count"): members(),
    ("POST", "notifications.open_notification"): members(404),
    ("POST", "notifications.mark_all_read"): members(302),
    ("GET", "forum.post_history"): moderators(200),
    ("GET", "forum.report_post"): members(),  # someone else's post
    ("POST", "forum.report_post"): members(ALLOWED),
    ("GET", "forum.report_queue"): moderators(200),
    ("POST", "forum.hide_reported_post"): moderators(),
    ("POST", "forum.dismiss_reports"): moderators(),
    ("GET", "forum.move_thread"): moderators(200),
    ("POST", "forum.move_thread"): moderators(),
    ("POST", "forum.preview_markdown"): members(),
    ("GET", "forum.manage_categories"): staff(),
    ("POST", "forum.manage_categories"): staff(ALLOWED),
    ("GET", "forum.edit_category"): staff(),
    ("POST", "forum.edit_category"): staff(ALLOWED),
    # Lesson Study (the world's study is shared with the actors' network; they are not on its
    # team: everyone reads it, nobody writes)
    ("GET", "lessonstudy.list_studies_mine"): members(),
    ("GET", "lessonstudy.list_studies_network"): members(),
    ("GET", "lessonstudy.create_study"): members(),
    ("POST", "lessonstudy.create_study"): members(ALLOWED),
    ("GET", "lessonstudy.view_study"): members(),
    ("GET", "lessonstudy.view_report"): members(),
    ("GET", "lessonstudy.view_lesson"): members(),
    ("GET", "lessonstudy.edit_study"): members(403),
    ("POST", "lessonstudy.edit_study"): members(403),
    ("POST", "lessonstudy.add_member"): members(403),
    ("GET", "lessonstudy.remove_member"): members(403),
    ("POST", "lessonstudy.remove_member"): members(403),
    ("POST", "lessonstudy.add_pupil"): members(403),
    ("GET", "lessonstudy.remove_pupil"): members(403),
    ("POST", "lessonstudy.remove_pupil"): members(403),
    ("POST", "lessonstudy.change_status"): members(403),
    ("POST", "lessonstudy.share_study"): members(403),
    ("GET", "lessonstudy.create_lesson"): members(403),
    ("POST", "lessonstudy.create_lesson"): members(403),
    ("GET", "lessonstudy.edit_predictions"): members(403),
    ("POST", "lessonstudy.edit_predictions"): members(403),
    ("GET", "lessonstudy.observe_lesson"): members(403),
    ("POST", "lessonstudy.record_observation"): members(403),
    ("GET", "lessonstudy.edit_debrief"): members(403),
    ("POST", "lessonstudy.edit_debrief"): members(403),
    # Monitoring and the league's directions (the world's direction belongs to the actors'
    # school, so its leader records adoptions; monitoring's school is another school: 404)
    ("GET", "monitoring.view_overview"): row(LOGIN, 403, 302, 403, 200, 200),
    ("GET", "monitoring.view_network"): row(LOGIN, 404, 404, 404, 200, 200),
    ("GET", "monitoring.view_school"): row(LOGIN, 404, 404, 404, 200, 200),
    ("GET", "monitoring.export_overview"): staff(),
    ("GET", "monitoring.export_network"): row(LOGIN, 404, 404, 404, 200, 200),
    ("GET", "monitoring.export_school"): row(LOGIN, 404, 404, 404, 200, 200),
    ("GET", "directions.list_leagues"): members(),
    ("GET", "directions.view_league"): members(),
    ("GET", "directions.create_direction"): staff(),
    ("POST", "directions.create_direction"): staff(ALLOWED),
    ("GET", "directions.edit_direction"): staff(),
    ("POST", "directions.edit_direction"): staff(ALLOWED),
    ("GET", "directions.edit_target"): staff(),
    ("POST", "directions.edit_target"): staff(ALLOWED),
    ("GET", "directions.view_direction"): members(),
    ("POST", "directions.record_adoption"): row(LOGIN, 403, ALLOWED, 403, ALLOWED, ALLOWED),
    ("GET", "directions.remove_adoption"): row(LOGIN, 403, 200, 403, 200, 200),
    ("POST", "directions.remove_adoption"): row(LOGIN, 403, ALLOWED, 403, ALLOWED, ALLOWED),
    # Resources (the resource is pending, by someone else: hidden from teachers and leaders)
    ("GET", "resources.list_resources"): members(),
    ("GET", "resources.view_resource"): row(LOGIN, 404, 404, 200, 200, 200),
    ("GET", "resources.my_resources"): members(),
    ("GET", "resources.upload_resource"): members(),
    ("POST", "resources.upload_resource"): members(ALLOWED),
    ("GET", "resources.revise_resource"): row(LOGIN, 404, 404, 403, 403, 403),
    ("POST", "resources.revise_resource"): row(LOGIN, 404, 404, 403, 403, 403),
    ("GET", "resources.review_queue"): moderators(200),
    ("POST", "resources.decide_resource"): row(LOGIN, 404, 404, ALLOWED, ALLOWED, ALLOWED),
    ("POST", "resources.download_file"): row(LOGIN, 404, 404, 200, 200, 200),
    ("GET", "resources.preview_file"): row(LOGIN, 404, 404, 200, 200, 200),
    ("GET", "resources.file_thumbnail"): row(LOGIN, 404, 404, 200, 200, 200),
    ("GET", "resources.view_certificate"): row(LOGIN, 404, 404, 403, 403, 403),
    ("GET", "resources.verify_certificate"): EVERYONE_200,
    # Essays (the cycle belongs to the actors' network; its essay is the author's, submitted)
    ("GET", "essays.index"): members(),
    ("GET", "essays.my_history"): members(),
    ("GET", "essays.view_cycle"): members(),
    ("GET", "essays.create_cycle"): staff(),
    ("POST", "essays.create_cycle"): staff(ALLOWED),
    ("GET", "essays.create_series"): staff(),
    ("POST", "essays.create_series"): staff(ALLOWED),
    ("GET", "essays.write_essay"): row(LOGIN, 200, 200, 200, 403, 403),  # staff review, not write
    ("POST", "essays.write_essay"): row(LOGIN, ALLOWED, ALLOWED, ALLOWED, 403, 403),
    ("POST", "essays.save_draft"): row(LOGIN, ALLOWED, ALLOWED, ALLOWED, 403, 403),
    ("GET", "essays.view_essay"): members(),
    ("POST", "essays.withdraw_essay"): members(403),  # someone else's essay
    ("POST", "essays.add_feedback"): staff(ALLOWED),
    ("POST", "essays.add_comment"): row(LOGIN, ALLOWED, ALLOWED, ALLOWED, 403, 403),
    ("GET", "essays.track_cycle"): staff(),
    ("GET", "essays.track_school"): staff(),
    ("GET", "essays.export_cycle"): staff(),
    ("GET", "lessonstudy.edit_lesson"): members(403),
    ("POST", "lessonstudy.edit_lesson"): members(403),
    # Events (the event and the cyclogram belong to the actors' network; none of them leads it)
    ("GET", "events.list_events"): members(),
    ("GET", "events.view_month"): members(),
    ("GET", "events.view_event"): members(),
    ("GET", "events.create_event"): staff(),
    ("POST", "events.create_event"): staff(ALLOWED),
    ("GET", "events.edit_event"): staff(),
    ("POST", "events.edit_event"): staff(ALLOWED),
    ("POST", "events.rsvp_event"): members(302),  # empty form: nothing changes, back to the event
    ("GET", "events.cancel_event"): staff(),
    ("POST", "events.cancel_event"): staff(302),
    ("POST", "events.mark_attendance"): staff(ALLOWED),
    ("POST", "events.add_outcome"): staff(ALLOWED),
    ("GET", "events.view_plan"): members(),
    ("GET", "events.view_cyclogram"): staff(),
    ("POST", "events.add_rule"): staff(ALLOWED),
    ("GET", "events.delete_rule"): staff(),
    ("POST", "events.delete_rule"): staff(302),
    ("POST", "events.generate_events"): staff(ALLOWED),
    ("GET", "events.manage_years"): staff(),
    ("POST", "events.manage_years"): staff(ALLOWED),
    ("POST", "events.add_holiday"): staff(ALLOWED),
    ("GET", "events.edit_year"): staff(),
    ("POST", "events.edit_year"): staff(ALLOWED),
    ("GET", "events.edit_holiday"): staff(),
    ("POST", "events.edit_holiday"): staff(ALLOWED),
    ("GET", "events.remove_holiday"): staff(),
    ("POST", "events.remove_holiday"): staff(302),
    ("GET", "events.view_feed"): members(),
    ("POST", "events.issue_feed"): members(302),
    ("POST", "events.revoke_feed"): members(302),
    ("GET", "events.ical_feed"): row(404, 404, 404, 404, 404, 404),  # an unknown token
    # Essays in the cyclogram (an empty form re-renders the cyclogram page)
    ("POST", "events.add_essay_rule"): staff(ALLOWED),
    # Lesson Study in the resource library (the world's lesson has a plan file; its study is
    # shared with the actors' network, led by someone else, not completed)
    ("GET", "lessonstudy.download_plan_file"): members(),
    ("POST", "lessonstudy.upload_plan_file"): members(403),
    ("GET", "lessonstudy.remove_plan_file"): members(403),
    ("POST", "lessonstudy.remove_plan_file"): members(403),
    ("POST", "lessonstudy.publish_study"): members(403),
}

#: Sent last, because they end the session the other rows use.
LAST = {("POST", "accounts.logout"), ("POST", "accounts.sign_out_everywhere")}


#: Endpoints that act on an active colleague rather than on the pending sign-up request.
ON_ACTIVE_COLLEAGUE = {
    "accounts.view_user",
    "accounts.set_role",
    "accounts.suspend_user",
    "accounts.reinstate_user",
    "accounts.issue_reset_link",
}


@dataclass
class World:
    """One of everything a URL can point at, and the school the actors belong to."""

    values: dict[str, object]
    actor_school: School

    def url_values(self, rule) -> dict[str, object]:
        values = dict(self.values)
        if rule.endpoint in ON_ACTIVE_COLLEAGUE:
            values["user_id"] = values["colleague_id"]
        return {name: values[name] for name in rule.arguments}


def _events_world(network, organiser):
    """An upcoming event, a cyclogram rule and a school year, for the events rows."""
    from datetime import date, time, timedelta

    from intranet.core.db import utcnow
    from intranet.events.models import (
        CyclogramRule,
        Event,
        EventKind,
        Frequency,
        Holiday,
        SchoolYear,
    )

    start = utcnow() + timedelta(days=3)
    event = Event(
        network_id=network.id,
        kind=EventKind.MEETING,
        title="Бетпе-бет кездесу",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organiser_id=organiser.id,
    )
    rule = CyclogramRule(
        network_id=network.id,
        kind=EventKind.ONLINE_DISCUSSION,
        title="Онлайн сұхбат",
        frequency=Frequency.BIWEEKLY,
        weekday=2,
        start_time=time(16),
    )
    year = SchoolYear(name="2026–2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 25))
    year.holidays.append(
        Holiday(name="Күзгі демалыс", starts_on=date(2026, 10, 26), ends_on=date(2026, 11, 1))
    )
    db.session.add_all([event, rule, year])
    db.session.commit()
    return event, rule, year


@pytest.fixture
def world(app, factory) -> World:
    school = factory.school(name="Заречный орта мектебі")
    other_school = factory.school(name="Мичурин орта мектебі")
    author = factory.user(Role.TEACHER, school=school)
    pending = factory.user(Role.TEACHER, school=school, status=AccountStatus.PENDING)
    region = school.district.region
    university = University(name="Инновациялық Еуразия университеті", region=region)
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add_all([university, network])
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
    )
    group = WorkingGroup(network_id=network.id, name="Зерттеу тобы", kind=GroupKind.RESEARCH)
    db.session.add(group)
    db.session.flush()
    membership = Membership(user_id=author.id, network_id=network.id, group_id=group.id)
    category = Category(title="Сыни ойлау", network_id=network.id)
    db.session.add_all([membership, category])
    db.session.commit()
    thread = create_thread(category, author, "Екі апталық талқылау", "Сәлеметсіздер ме!")
    notification = Notification(
        user_id=author.id,
        kind=NotificationKind.REPLY,
        target_type="forum_post",
        target_id=thread.first_post_id,
    )
    db.session.add(notification)
    db.session.commit()
    study = lesson_study_services.create_study(
        author,
        network_id=network.id,
        title="Сыни ойлау",
        subject="Математика",
        grade="6",
        focus="Сұрақ қою",
        research_question="Қалай?",
        objective="Бөлшектер",
        starts_on=date(2026, 11, 2),
    )
    pupil = lesson_study_services.add_pupil(study, author, "жоғары үлгерім")
    study.shared = True
    db.session.commit()
    lesson = research_lessons.create_lesson(
        db.session.scalar(
            db.select(LessonStudy)
            .where(LessonStudy.id == study.id)
            .options(selectinload(LessonStudy.members))
        ),
        author,
        taught_on=date(2026, 11, 9),
        teacher_id=author.id,
        class_name="6 «А»",
        stages="Кіріспе",
    )
    league = Network(name="«Серіктес директорлар» лигасы", kind=NetworkKind.LEAGUE)
    db.session.add(league)
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=league.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
    )
    direction = Direction(network_id=league.id, school_id=school.id, title="IT Digital студиясы")
    db.session.add(direction)
    db.session.flush()
    adoption = DirectionAdoption(
        direction_id=direction.id, school_id=other_school.id, adopted_on=date(2026, 10, 1)
    )
    db.session.add(adoption)
    db.session.commit()
    resource_file = _pending_resource(author)
    essay_cycle = essay_services.create_cycle(
        network, None, title="Қараша: менің өзгерісім", prompt="Не өзгерді?",
        opens_on=local_today(), due_on=local_today(),
        cutoff_on=local_today(),
    )  # fmt: skip
    essay = essay_services.save_draft(essay_cycle, author, "Мен күту уақытын ұзарттым.")
    essay_services.submit_essay(essay, author, own_work=True)
    db.session.commit()
    event, rule, year = _events_world(network, author)
    lesson_attachments.attach_plan_file(
        lesson, author, Upload(io.BytesIO(pdf_bytes("жоспар")), "жоспар.pdf")
    )
    db.session.commit()
    return World(
        values={
            "user_id": pending.id,
            "code": "ru",
            "token": "no-such-reset-token",
            "network_id": network.id,
            "school_id": other_school.id,
            "group_id": group.id,
            "membership_id": membership.id,
            "region_id": region.id,
            "district_id": school.district_id,
            "university_id": university.id,
            "category_id": category.id,
            "thread_id": thread.id,
            "post_id": thread.first_post_id,
            "colleague_id": author.id,
            "notification_id": notification.id,
            "study_id": study.id,
            "lesson_id": lesson.id,
            "pupil_id": pupil.id,
            "league_id": league.id,
            "direction_id": direction.id,
            "adoption_id": adoption.id,
            "resource_id": resource_file.resource_id,
            "file_id": resource_file.id,
            "cycle_id": essay_cycle.id,
            "essay_id": essay.id,
            "event_id": event.id,
            "rule_id": rule.id,
            "year_id": year.id,
            "holiday_id": year.holidays[0].id,
            "device_id": 999_999,  # no such device: signing it out ends no session
        },
        actor_school=school,
    )


def _pending_resource(author):
    """A picture sent for review by ``author``: its resource and file ids for the matrix."""
    meta = resource_services.Metadata(
        title="Сыни ойлау: сабақ жоспары",
        description="",
        subject=Subject.KAZAKH,
        grade_from=5,
        grade_to=7,
        language=ResourceLanguage.KAZAKH,
        kind=ResourceKind.WORKSHEET,
    )
    upload = resource_services.Upload(io.BytesIO(png_bytes("matrix")), "сурет.png")
    resource = resource_services.submit_resource(author, meta, [upload]).resource
    db.session.commit()
    return db.session.scalar(db.select(ResourceFile).where(ResourceFile.resource_id == resource.id))


def registered_routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method, rule.endpoint))
    return found


def test_every_route_is_in_the_matrix(app):
    routes = registered_routes(app)
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"add these routes to the matrix: {missing}"
    assert not stale, f"these rows name no route: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_policy_says(app, world, factory, role):
    client = app.test_client()
    if role != "anonymous":
        actor = factory.user(Role(role), school=world.actor_school)
        assert Auth(client).login(actor).status_code == 302
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    order = sorted(MATRIX, key=lambda key: (key in LAST, key))
    wrong = []
    for method, endpoint in order:
        rule = rules[endpoint]
        with app.test_request_context():
            url = url_for(endpoint, **world.url_values(rule))
        response = client.open(url, method=method, data={})
        expected = MATRIX[(method, endpoint)][role]
        status = response.status_code
        if expected == ALLOWED:
            ok = status not in (401, 403, 404, 405) and status < 500
        else:
            ok = status == expected
        if not ok:
            wrong.append(f"{method} {url} ({endpoint}): expected {expected}, got {status}")
    assert not wrong, "\n".join(wrong)

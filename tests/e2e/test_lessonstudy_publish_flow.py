"""Lesson Study and the resource library in a real browser at 360 px: the lead attaches a plan
file to a research lesson, completes the study and publishes it with a double click, which
creates one resource; a moderator finds the report in the library's review queue."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy.orm import selectinload

from intranet.accounts.models import Role
from intranet.demo.samples import pdf_bytes
from intranet.extensions import db
from intranet.lessonstudy import lessons, services
from intranet.lessonstudy.models import LessonPlanFile, LessonStudy, StudyMember, StudyStatus
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole
from intranet.resources.models import Resource
from tests import clock
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)

TITLE = "Сыни ойлау: «Неге?» сұрағы"


def _load(study_id: int) -> LessonStudy:
    return db.session.scalar(
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members).joinedload(StudyMember.user))
    )


def _seed_study(seed):
    """A study in analysis, with one research lesson, led by a teacher of a «ШЫҢ» school."""
    school = seed.school("Заречный орта мектебі")
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
    )
    db.session.commit()
    lead = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова", locale="kk")
    study = services.create_study(
        lead,
        network_id=network.id,
        title=TITLE,
        subject="Қазақ тілі",
        grade="6",
        focus="Оқушылар пікірін дәлелдей ала ма?",
        research_question="«Неге?» сұрағы үндемейтін оқушыны тарта ма?",
        objective="Мәтіннен дәлел табу",
        starts_on=clock.monday(),
    )
    db.session.commit()
    study_id = study.id
    services.add_pupil(_load(study_id), lead, "Орташа үлгерім, топта үндемейді")
    services.add_pupil(_load(study_id), lead, "Жоғары үлгерім")
    db.session.commit()
    lesson = lessons.create_lesson(
        _load(study_id),
        lead,
        taught_on=clock.monday(2),
        teacher_id=lead.id,
        class_name="6 «Ә»",
        stages="Қызығушылықты ояту\nМағынаны ажырату\nОй толғаныс",
        plan="1. Сұрақ тақтада\n2. Жұптық жұмыс",
    )
    db.session.commit()
    lesson_id = lesson.id
    services.change_status(_load(study_id), lead, StudyStatus.RESEARCH)
    services.change_status(_load(study_id), lead, StudyStatus.ANALYSIS)
    db.session.commit()
    return lead, study_id, lesson_id


def test_the_lead_attaches_a_plan_completes_and_publishes_a_moderator_reviews(
    live_server, phone, open_page, seed, tmp_path
):
    lead, study_id, lesson_id = _seed_study(seed)
    moderator = seed.user(Role.MODERATOR, full_name="Айгүл Серікова", locale="kk")
    plan = tmp_path / "6-сынып жоспары.pdf"
    plan.write_bytes(pdf_bytes("«Неге?» сұрағы"))

    # The lead attaches the plan file to the lesson.
    sign_in(phone, lead.email)
    phone.goto(live_server.path_for("lessonstudy.view_lesson", lesson_id=lesson_id))
    phone.set_input_files(".plan-file input[type=file]", str(plan))
    with phone.expect_navigation():
        phone.locator(".plan-file form button[type=submit]").first.click()
    expect(phone.locator(".plan-file")).to_contain_text("6-сынып жоспары.pdf")
    expect(phone.locator("main")).to_contain_text("Сабақ жоспарының файлы тіркелді.")
    assert seed.find(LessonPlanFile, lesson_id=lesson_id) is not None
    screenshot(phone, "lessonstudy-plan-file-360")
    fits_a_phone(phone)

    # The study is completed; then the publish form appears.
    phone.goto(live_server.path_for("lessonstudy.view_study", study_id=study_id))
    expect(phone.locator("#publication")).to_have_count(0)
    phone.fill("#status textarea[name=reflection]", "«Неге?» сұрағы үндемейтін оқушыны сөйлетті.")
    with phone.expect_navigation():
        phone.locator("#status button.primary").click()
    expect(phone.locator("#publication")).to_be_visible()
    screenshot(phone, "lessonstudy-publish-form-360")
    fits_a_phone(phone)
    # A double click on "Publish" sends the same one-time form twice: one resource. The
    # browser drops the first navigation for the second, so wait for the page, not for one
    # navigation (which may be the dropped one).
    phone.locator("#publication button[type=submit]").dblclick()
    expect(phone.locator("main")).to_contain_text(
        "Есеп тексеру үшін ресурс кітапханасына жіберілді."
    )
    expect(phone.locator("#publication .badge-pending")).to_be_visible()
    expect(phone.locator("#publication button")).to_have_count(0)
    screenshot(phone, "lessonstudy-published-360")
    fits_a_phone(phone)
    count = db.session.scalar(db.select(db.func.count()).select_from(Resource))
    db.session.commit()
    assert count == 1

    # A moderator finds it in the review queue, with the plan file.
    review = open_page()
    review.set_viewport_size({"width": 360, "height": 780})
    sign_in(review, moderator.email)
    review.goto(live_server.path_for("resources.review_queue"))
    expect(review.locator("main")).to_contain_text(TITLE)
    screenshot(review, "resources-review-lessonstudy-360")
    fits_a_phone(review)
    resource = seed.find(Resource, title=TITLE)
    review.goto(live_server.path_for("resources.view_resource", resource_id=resource.id))
    expect(review.locator("main")).to_contain_text("6-сынып жоспары.pdf")

"""Lesson Study in a real browser at 360 px: a lead sets up a study with three case pupils and a
research lesson; two observers take notes at the same time on their phones, one of them
offline for a while (the notes wait in the browser and go when the connection is back); the
report shows every note, in the order the observers tapped. The first phone is set to another
time zone: the tap's time still reads in Almaty's."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from intranet.accounts.models import Role
from intranet.core.i18n import LOCAL_ZONE
from intranet.extensions import db
from intranet.lessonstudy.models import LessonStudy, Observation
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole
from tests import clock
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)

STAGES = "Қызығушылықты ояту\nМағынаны ажырату\nОй толғаныс"
REASONS = ("Жоғары үлгерім", "Орташа үлгерім, топта үндемейді", "Төмен үлгерім")


def _seed_people(seed):
    school = seed.school("Заречный орта мектебі")
    partner = seed.school("Затобол орта мектебі")
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    for each in (school, partner):
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=each.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    lead = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова", locale="kk")
    first = seed.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов", locale="kk")
    second = seed.user(Role.TEACHER, school=partner, full_name="Ирина Коваленко", locale="kk")
    return network, lead, first, second


def _almaty_seconds_off(shown: str, page: Page) -> float:
    """How far the time of day ``shown`` (H:MM:SS) is from the browser's own clock read in
    Almaty, in seconds. The browser's clock, not the test's: the suite's clock starts every test
    at the instant the run began, while the browser's runs on (unless the run is moved)."""
    hours, minutes, seconds = map(int, re.search(r"(\d{1,2}):(\d{2}):(\d{2})", shown).groups())
    now = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, LOCAL_ZONE)
    stamp = now.replace(hour=hours, minute=minutes, second=seconds, microsecond=0)
    return min(abs((stamp + timedelta(days=shift) - now).total_seconds()) for shift in (-1, 0, 1))


def _note(page: Page, code: str, text: str) -> None:
    page.locator(f".tap-pupil:text-is('{code}')").click()
    expect(page.locator(".composer")).to_be_visible()
    page.fill("#observe-form textarea[name=body]", text)
    page.locator("#observe-form button[type=submit]").click()
    expect(page.locator(".composer")).to_be_hidden()


def test_a_cycle_observed_by_two_phones_one_offline(live_server, phone, open_page, seed):
    network, lead, first, second = _seed_people(seed)

    # The lead sets the study up.
    sign_in(phone, lead.email)
    phone.goto(live_server.path_for("lessonstudy.list_studies_mine"))
    phone.locator("main a.button.primary").click()
    phone.fill("input[name=title]", "Сыни ойлау: «Неге?» сұрағы")
    phone.fill("input[name=subject]", "Қазақ тілі")
    phone.fill("input[name=grade]", "6")
    phone.fill("textarea[name=focus]", "Оқушылар пікірін дәлелдей ала ма?")
    phone.fill("textarea[name=research_question]", "«Неге?» сұрағы үндемейтін оқушыны тарта ма?")
    phone.fill("textarea[name=objective]", "Мәтіннен дәлел табу")
    phone.select_option("select[name=network]", label=network.name)
    phone.fill("input[name=starts_on]", clock.monday().isoformat())
    screenshot(phone, "lessonstudy-new-360")
    fits_a_phone(phone)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    study = seed.find(LessonStudy, title="Сыни ойлау: «Неге?» сұрағы")
    assert study is not None

    for person in (first, second):
        phone.fill("#team input[name=email]", person.email)
        phone.locator("#team button[type=submit]:not(.danger)").click()
        expect(phone.locator("#team")).to_contain_text(person.full_name)
    for reason in REASONS:
        phone.fill("#pupils input[name=reason]", reason)
        phone.locator("#pupils button[type=submit]:not(.danger)").click()
        expect(phone.locator("#pupils")).to_contain_text(reason)
    expect(phone.locator("#pupils .code")).to_have_text(["A", "B", "C"])
    expect(phone.locator("#pupils")).to_contain_text("шын аты-жөнін")

    phone.locator(
        f"a[href='{live_server.path_for('lessonstudy.create_lesson', study_id=study.id)}']"
    ).click()
    phone.fill("input[name=taught_on]", clock.monday(2).isoformat())
    phone.fill("input[name=class_name]", "6 «Ә»")
    phone.fill("textarea[name=stages]", STAGES)
    phone.fill("textarea[name=plan]", "1. Сұрақ тақтада\n2. Жұптық жұмыс")
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    lesson_url = phone.url
    screenshot(phone, "lessonstudy-lesson-360")
    fits_a_phone(phone)
    phone.locator("main p a").first.click()  # back to the study
    with phone.expect_navigation():
        phone.locator("#status button").first.click()
    expect(phone.locator("main")).to_contain_text("Зерттеу сабақтары")
    screenshot(phone, "lessonstudy-study-360")
    fits_a_phone(phone)

    # Two observers at once; the first loses the connection for a while.
    lesson_id = int(lesson_url.rstrip("/").split("/")[-1])
    observe = live_server.path_for("lessonstudy.observe_lesson", lesson_id=lesson_id)
    one, two = open_page(PHONE, timezone_id="America/New_York"), open_page(PHONE)
    for page, person in ((one, first), (two, second)):
        sign_in(page, person.email)
        page.goto(observe)
        expect(page.locator(".taps")).to_be_visible()
    screenshot(one, "lessonstudy-observe-360")
    fits_a_phone(one)
    one.locator(".tap-pupil:text-is('B')").click()  # a phone set to New York writes Almaty time
    assert _almaty_seconds_off(one.locator(".started").inner_text(), one) < 120

    one.context.set_offline(True)
    _note(one, "A", "Бірінші жазба: бірден қол көтерді")
    _note(two, "A", "Екінші жазба: көршісіне қарады")
    _note(one, "A", "Үшінші жазба: дәлелсіз жауап берді")
    _note(two, "A", "Төртінші жазба: «себебі» деп бастады")
    _note(one, "C", "Офлайн: C оқушы мәтіннен сөйлем тапты")
    expect(one.locator("#my-notes .note.pending")).to_have_count(3)
    expect(one.locator(".queue-state")).to_be_visible()
    expect(two.locator("#my-notes .note:not(.pending)")).to_have_count(2)
    screenshot(one, "lessonstudy-observe-offline-360")
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 2
    db.session.commit()

    one.context.set_offline(False)
    expect(one.locator("#my-notes .note.pending")).to_have_count(0, timeout=15_000)
    expect(one.locator(".queue-state")).to_be_hidden()
    one.reload()  # what the server holds, once, not what the browser remembers
    expect(one.locator("#my-notes .note")).to_have_count(3)
    assert one.evaluate("() => localStorage.getItem('zheli.lessonstudy.queue')") == "[]"

    # The report: every note, in the order of the taps.
    phone.goto(live_server.path_for("lessonstudy.view_report", study_id=study.id))
    notes = phone.locator(".report .obs li")
    expect(notes).to_have_count(5)
    cell_a = phone.locator(".report .cell").first.locator(".obs li")
    texts = [text.split(": ", 1)[1] for text in cell_a.all_inner_texts()]
    assert texts == [
        "Бірінші жазба: бірден қол көтерді",
        "Екінші жазба: көршісіне қарады",
        "Үшінші жазба: дәлелсіз жауап берді",
        "Төртінші жазба: «себебі» деп бастады",
    ]
    expect(phone.locator(".report")).to_contain_text("Офлайн: C оқушы мәтіннен сөйлем тапты")
    screenshot(phone, "lessonstudy-report-360")
    fits_a_phone(phone)
    phone.emulate_media(media="print")
    screenshot(phone, "lessonstudy-report-print-360")
    phone.emulate_media(media="screen")

    two.goto(live_server.path_for("lessonstudy.list_studies_mine"))
    expect(two.locator("main .list li")).to_have_count(1)
    screenshot(two, "lessonstudy-list-360")
    fits_a_phone(two)


def test_observing_works_with_javascript_off(live_server, open_page, seed):

    from intranet.lessonstudy import lessons, services
    from intranet.lessonstudy.models import StudyMember, StudyStatus

    network, lead, first, _second = _seed_people(seed)
    study = services.create_study(
        lead,
        network_id=network.id,
        title="JS жоқ",
        subject="Математика",
        grade="5",
        focus="ф",
        research_question="с",
        objective="о",
        starts_on=clock.monday(),
    )
    study.members.append(StudyMember(user_id=first.id))
    for reason in REASONS[:2]:
        services.add_pupil(study, lead, reason)
    lesson = lessons.create_lesson(
        study, lead, taught_on=clock.monday(1), teacher_id=lead.id, class_name="5", stages=STAGES
    )
    services.change_status(study, lead, StudyStatus.RESEARCH)
    db.session.commit()

    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, first.email)
    page.goto(live_server.path_for("lessonstudy.observe_lesson", lesson_id=lesson.id))
    expect(page.locator(".taps")).to_be_hidden()
    page.select_option("select[name=pupil]", label="B")
    page.select_option("select[name=stage]", index=1)
    page.fill("textarea[name=body]", "JS жоқ: B оқушы жұбына түсіндірді")
    with page.expect_navigation():
        page.locator("#observe-form button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("#my-notes .note")).to_have_count(1)
    expect(page.locator("select[name=stage] option:checked")).to_contain_text("2.")
    expect(page.locator("#my-notes")).to_contain_text("B оқушы жұбына түсіндірді")
    screenshot(page, "lessonstudy-observe-nojs-360")
    fits_a_phone(page)
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 1
    db.session.commit()

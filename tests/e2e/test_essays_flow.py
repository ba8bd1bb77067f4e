"""Essays in a real browser at 360 px, in Kazakh: a teacher writes, the draft autosaves, the
network drops mid-typing (Playwright offline mode) and the page says the text is kept on the
phone, and the browser's copy goes to the server as soon as the connection is back, with no
keystroke; a copy newer than the server's is put back and sent on the next visit; the teacher
submits; a trainer leaves feedback in place; the teacher
sees it. The live JavaScript counter gives the same numbers as the Python one on the seed
passages, and the essay pages fit a phone."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.core.i18n import local_today
from intranet.essays import services
from intranet.essays.counting import count_text
from intranet.essays.models import Essay, EssayStatus
from intranet.extensions import db
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)
from tests.test_essays_counting import PASSAGES

FIRST_PART = "Осы айда сабақта сыни сұрақтарды жиі қойдым. Оқушылар алғашында үндемеді."
SECOND_PART = " Кейін «Неге?» деген сұраққа өз дәлелін айта бастады. Мен күту уақытын ұзарттым."
FEEDBACK = "Күту уақытын ұзарту — тамаша қадам. Келесі кездесуде тәжірибеңізді бөлісіңіз."


def _seed(seed):
    school = seed.school("Заречный орта мектебі")
    teacher = seed.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов", locale="kk")
    trainer = seed.user(Role.COORDINATOR, full_name="Гүлнар Жұмабекова", locale="kk")
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
    )
    day = local_today()
    cycle = services.create_cycle(
        network,
        trainer,
        title="Қараша: менің өзгерісім",
        prompt="Осы айда сабағыңызда не өзгерді? **10 сөйлем** жазыңыз.",
        opens_on=day - timedelta(days=5),
        due_on=day + timedelta(days=5),
        cutoff_on=day + timedelta(days=10),
    )
    db.session.commit()
    return cycle, teacher, trainer


def test_offline_typing_survives_a_reload_then_submit_and_feedback(
    live_server, phone, open_page, seed
):
    cycle, teacher, trainer = _seed(seed)
    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("essays.view_cycle", cycle_id=cycle.id))
    screenshot(phone, "essays-cycle-360")
    fits_a_phone(phone)
    phone.locator("main a.button.primary").click()

    box = phone.locator("#essay-form textarea[name=body]")
    box.press_sequentially(FIRST_PART[:30], delay=5)
    box.fill(FIRST_PART)
    expect(phone.locator("#saved-at")).to_contain_text("сақталды", timeout=8000)
    expect(phone.locator("[data-count=sentences]")).to_have_text("2")
    assert seed.find(Essay, cycle_id=cycle.id).body == FIRST_PART
    screenshot(phone, "essays-editor-360")
    fits_a_phone(phone)

    # Offline the page no longer says "saved" (the server's copy) but where the text is kept.
    state = phone.locator("#saved-at")
    offline_words = "Байланыс жоқ: мәтін осы телефонда"
    phone.context.set_offline(True)
    expect(state).to_contain_text(offline_words)
    box.press_sequentially(SECOND_PART, delay=5)
    expect(phone.locator("[data-count=sentences]")).to_have_text("4")
    expect(phone.locator("[data-count=words]")).to_have_text("22")
    phone.wait_for_event("requestfailed", timeout=8000)  # autosave fires into the void
    expect(state).to_contain_text(offline_words)
    expect(phone.locator("#local-saved")).to_be_empty()
    screenshot(phone, "essays-editor-offline-360")
    fits_a_phone(phone)
    assert seed.find(Essay, cycle_id=cycle.id).body == FIRST_PART

    # Back online, the browser's copy goes to the server at once: no keystroke needed.
    with phone.expect_response(lambda r: r.request.method == "POST" and r.ok, timeout=5000):
        phone.context.set_offline(False)
    expect(state).not_to_contain_text(offline_words)
    expect(state).to_contain_text("сақталды")
    assert seed.find(Essay, cycle_id=cycle.id).body == FIRST_PART + SECOND_PART
    phone.reload()
    expect(box).to_have_value(FIRST_PART + SECOND_PART)
    phone.locator("#essay-form label.check").click()
    with phone.expect_navigation():
        phone.locator("#essay-form button[name=submit]").click()
    expect(phone.locator(".essay-body")).to_contain_text("күту уақытын ұзарттым")
    essay = seed.find(Essay, cycle_id=cycle.id)
    assert (essay.status, essay.body) == (EssayStatus.SUBMITTED, FIRST_PART + SECOND_PART)
    assert (
        phone.evaluate(f"() => localStorage.getItem('zheli.essay.{cycle.id}.{teacher.id}')") is None
    )
    screenshot(phone, "essays-essay-360")
    fits_a_phone(phone)

    coach = open_page(PHONE)
    sign_in(coach, trainer.email)
    coach.goto(live_server.path_for("essays.view_essay", essay_id=essay.id))
    coach.evaluate("() => { window.zheliTestMark = 'still here'; }")
    coach.locator("#response-form textarea[name=body]").fill(FEEDBACK)
    coach.locator("#response-form button[type=submit]").click()
    expect(coach.locator("#response-list .response")).to_contain_text("тамаша қадам")
    expect(coach.locator("#response-form textarea[name=body]")).to_have_value("")
    assert coach.evaluate("() => window.zheliTestMark") == "still here", "the page was reloaded"
    screenshot(coach, "essays-feedback-360")
    fits_a_phone(coach)
    coach.goto(live_server.path_for("essays.track_cycle", cycle_id=cycle.id))
    expect(coach.locator(".tracking")).to_contain_text("Заречный орта мектебі")
    screenshot(coach, "essays-tracking-360")
    fits_a_phone(coach)

    phone.reload()
    expect(phone.locator("#response-list")).to_contain_text("тамаша қадам")
    expect(phone.locator(".notif")).to_contain_text("1")
    for endpoint, name in (
        ("essays.index", "essays-index-360"),
        ("essays.my_history", "essays-history-360"),
    ):
        phone.goto(live_server.path_for(endpoint))
        expect(phone.locator("main")).to_contain_text("Қараша: менің өзгерісім")
        screenshot(phone, name)
        fits_a_phone(phone)


def test_a_newer_copy_on_the_phone_is_sent_on_the_next_visit(live_server, phone, seed):
    """Text typed offline and left there (the page closed before the connection came back) is
    put back on the next visit and sent at once, before any keystroke."""
    cycle, teacher, _trainer = _seed(seed)
    sign_in(phone, teacher.email)
    address = live_server.path_for("essays.write_essay", cycle_id=cycle.id)
    phone.goto(address)
    box = phone.locator("#essay-form textarea[name=body]")
    box.fill(FIRST_PART)
    expect(phone.locator("#saved-at")).to_contain_text("сақталды", timeout=8000)
    context = phone.context
    context.set_offline(True)
    box.press_sequentially(SECOND_PART[:20], delay=5)
    key = f"zheli.essay.{cycle.id}.{teacher.id}"
    phone.wait_for_function(
        "([key, text]) => (JSON.parse(localStorage.getItem(key) || 'null') || {}).text === text",
        arg=[key, FIRST_PART + SECOND_PART[:20]],
    )
    phone.close()
    context.set_offline(False)
    assert seed.find(Essay, cycle_id=cycle.id).body == FIRST_PART

    page = context.new_page()
    with page.expect_response(lambda r: r.request.method == "POST" and r.ok, timeout=5000):
        page.goto(live_server.url + address)
    expect(page.locator("#essay-form textarea[name=body]")).to_have_value(
        FIRST_PART + SECOND_PART[:20]
    )
    assert seed.find(Essay, cycle_id=cycle.id).body == FIRST_PART + SECOND_PART[:20]


def test_the_live_counter_agrees_with_python_on_the_seed_passages(live_server, phone, seed):
    cycle, teacher, _trainer = _seed(seed)
    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("essays.write_essay", cycle_id=cycle.id))
    for name, text, sentences, words in PASSAGES:
        counted = phone.evaluate("(text) => window.zheliEssays.count(text)", text)
        python = count_text(text)
        assert (counted["sentences"], counted["words"]) == (python.sentences, python.words), name
        assert (counted["sentences"], counted["words"]) == (sentences, words), name


def test_without_javascript_the_editor_saves_and_submits_and_the_essay_prints(
    live_server, open_page, seed
):
    cycle, teacher, _trainer = _seed(seed)
    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, teacher.email)
    page.goto(live_server.path_for("essays.write_essay", cycle_id=cycle.id))
    page.locator("#essay-form textarea[name=body]").fill(FIRST_PART)
    with page.expect_navigation():
        page.locator("#essay-form button[name=save]").click()
    expect(page.locator("#saved-at")).to_contain_text("сақталды")
    expect(page.locator("#essay-form textarea[name=body]")).to_have_value(FIRST_PART)
    with page.expect_navigation():
        page.locator("#essay-form button[name=submit]").click()
    expect(page.locator("#essay-form [role=alert]")).to_contain_text("өз жұмысыңыз")
    page.locator("#essay-form label.check").click()
    with page.expect_navigation():
        page.locator("#essay-form button[name=submit]").click()
    expect(page.locator(".essay-body")).to_contain_text("үндемеді")
    fits_a_phone(page)
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".essay-body")).to_be_visible()
    screenshot(page, "essays-essay-print")

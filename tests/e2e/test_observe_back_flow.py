"""Observation notes without JavaScript at 360 px: Back after saving a note shows the page
again with the text refilled by the browser, and saving it again stores no second note; the
page says the note was saved already."""

from __future__ import annotations

from playwright.sync_api import expect

from intranet.extensions import db
from intranet.lessonstudy import lessons
from intranet.lessonstudy.models import Observation
from tests import lessonstudy_data as data
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in

NOTE = "B оқушы жұбына сұрақ қойды"


def _notes() -> list[str]:
    bodies = list(db.session.scalars(db.select(Observation.body).order_by(Observation.id)))
    db.session.commit()  # end the read at once: the live server writes to the same database
    return bodies


def test_back_and_save_again_stores_one_note(live_server, open_page, seed):
    t = data.team(seed, observers=0)
    lesson_id = lessons.lessons_of(data.study(t))[0].id
    email = t.lead.email
    db.session.commit()
    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, email)
    page.goto(live_server.path_for("lessonstudy.observe_lesson", lesson_id=lesson_id))
    saved_flash = page.locator(".flash")
    page.fill("#observe-form textarea[name=body]", NOTE)
    with page.expect_navigation():
        page.locator("#observe-form button[type=submit]").click()
    expect(saved_flash).to_have_class("flash flash-success")
    assert _notes() == [NOTE]

    page.go_back()
    expect(page.locator("#observe-form textarea[name=body]")).to_have_value(NOTE)
    with page.expect_navigation():
        page.locator("#observe-form button[type=submit]").click()
    expect(page.locator(".flash")).to_have_class("flash flash-info")
    expect(page.locator("#my-notes .note")).to_have_count(1)
    screenshot(page, "lessonstudy-observe-back-nojs-360")
    fits_a_phone(page)
    assert _notes() == [NOTE]

    page.fill("#observe-form textarea[name=body]", "Екінші жазба")  # the next note goes in
    with page.expect_navigation():
        page.locator("#observe-form button[type=submit]").click()
    expect(page.locator("#my-notes .note")).to_have_count(2)
    assert _notes() == [NOTE, "Екінші жазба"]

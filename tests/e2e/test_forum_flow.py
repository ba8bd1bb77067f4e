"""The forum in a real browser at 360 px: a teacher's unsent reply survives a closed page and is
offered back, the preview renders on the server, the reply goes in without a reload and the box
clears; the teacher reports a post in place and a moderator hides it from the report queue.
"""

from __future__ import annotations

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Category, Post
from intranet.forum.moderation_models import PostReport, ReportStatus
from intranet.forum.services import create_thread, reply
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)

DRAFT = "Менің сабағымда оқушылар **екі шешімді** салыстырады. Келесі кездесуде айтамын."


def _seed_thread(seed):
    school = seed.school("Заречный орта мектебі")
    author = seed.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов")
    teacher = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова")
    moderator = seed.user(Role.MODERATOR, school=school, full_name="Айжан Байғали")
    category = Category(title="Жалпы талқылау")
    db.session.add(category)
    db.session.commit()
    thread = create_thread(
        category, author, "Сабақта сыни сұрақ қою", "Қандай сұрақтар оқушыны ойлантады?"
    )
    reply(thread, author, "Бұл ереже бұзатын жарнама: арзан кітаптар осында!")
    db.session.commit()
    return thread, teacher, moderator


def test_draft_survives_a_closed_page_and_the_reply_goes_in_without_reload(
    live_server, phone, seed
):
    thread, teacher, _moderator = _seed_thread(seed)
    address = live_server.path_for("forum.view_thread", thread_id=thread.id)
    sign_in(phone, teacher.email)
    phone.goto(address)
    box = phone.locator("#reply-form textarea[name=body]")
    restore = phone.locator("#reply-form .draft-restore")
    expect(restore).to_be_hidden()
    box.press_sequentially(DRAFT[:40], delay=5)
    box.fill(DRAFT)
    phone.wait_for_timeout(700)  # past the save delay
    context = phone.context
    phone.close()

    page = context.new_page()
    page.goto(live_server.url + address)
    box = page.locator("#reply-form textarea[name=body]")
    restore = page.locator("#reply-form .draft-restore")
    expect(box).to_have_value("")
    expect(restore).to_be_visible()
    screenshot(page, "forum-draft-offered-360")
    fits_a_phone(page)
    restore.click()
    expect(box).to_have_value(DRAFT)
    expect(restore).to_be_hidden()

    page.evaluate("() => { window.zheliTestMark = 'still here'; }")
    page.locator("#reply-form button[name=preview]").click()
    expect(page.locator("#reply-preview strong")).to_have_text("екі шешімді")
    expect(box).to_have_value(DRAFT)
    screenshot(page, "forum-preview-360")

    page.locator("#reply-form button[type=submit].primary").click()
    expect(page.locator("#p3")).to_contain_text("екі шешімді")
    expect(page.locator("#reply-form textarea[name=body]")).to_have_value("")
    expect(page.locator("#reply-form .draft-restore")).to_be_hidden()
    assert page.evaluate("() => window.zheliTestMark") == "still here", "the page was reloaded"
    stored = page.evaluate(f"() => localStorage.getItem('zheli.forum.draft.{thread.id}')")
    assert stored is None
    screenshot(page, "forum-replied-360")
    fits_a_phone(page)

    page.reload()  # nothing is offered once the reply went in
    expect(page.locator("#p3")).to_be_visible()
    expect(page.locator("#reply-form .draft-restore")).to_be_hidden()


def test_a_reported_post_is_hidden_from_the_queue(live_server, phone, open_page, seed):
    thread, teacher, moderator = _seed_thread(seed)
    spam = seed.find(Post, thread_id=thread.id, number=2)
    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("forum.view_thread", thread_id=thread.id))

    phone.locator(f"#p2 a[href$='/p/{spam.id}/report']").click()
    dialog = phone.locator(f"#report-{spam.id} dialog[open]")
    expect(dialog).to_be_visible()
    dialog.locator("input[type=radio][value='5']").check()
    screenshot(phone, "forum-report-dialog-360")
    fits_a_phone(phone)
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator("[role=status]")).to_be_visible()
    dialog.locator("form[method=dialog] button").click()
    expect(phone.locator(f"#report-{spam.id} dialog")).to_be_hidden()
    assert seed.find(PostReport, post_id=spam.id).status == ReportStatus.OPEN

    mod = open_page(PHONE)
    sign_in(mod, moderator.email)
    mod.goto(live_server.path_for("forum.report_queue"))
    row = mod.locator(f"#report-post-{spam.id}")
    expect(row).to_contain_text("арзан кітаптар")
    screenshot(mod, "forum-report-queue-360")
    fits_a_phone(mod)
    row.locator("input[name=reason]").fill("Жарнама: ереже 5")
    row.locator("button.danger").click()
    expect(mod.locator(f"#report-post-{spam.id} [role=status]")).to_be_visible()
    screenshot(mod, "forum-report-queue-done-360")
    hidden = seed.reload(Post, spam.id)
    assert hidden.hidden_at is not None and hidden.hidden_reason == "Жарнама: ереже 5"
    assert seed.find(PostReport, post_id=spam.id).status == ReportStatus.UPHELD

    phone.reload()
    expect(phone.locator("#p2")).not_to_contain_text("арзан кітаптар")

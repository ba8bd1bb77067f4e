"""Issue #3's story as one flow in a real browser at 360 px.

A teacher opens a thread, quotes a post, mentions a colleague and replies without a reload; the
colleague, whose page is already open, sees the notification count rise when they come back to
it, and finds the thread and the reply marked new; the colleague reports the reply, a moderator
hides it from the report queue, and the teacher is told why.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Category, Post
from intranet.forum.services import create_thread
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)

REASON = "Әріптесті кемсітеді: ереже 3"


def _come_back_to(page: Page) -> None:
    """What a phone's browser tells a page when its tab is shown again."""
    page.bring_to_front()
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")


def test_quote_mention_reply_notify_report_hide(live_server, phone, open_page, seed):
    school = seed.school("Заречный орта мектебі")
    colleague_user = seed.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов")
    teacher = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова")
    moderator = seed.user(Role.MODERATOR, school=school, full_name="Айжан Байғали")
    category = Category(title="Жалпы талқылау")
    db.session.add(category)
    db.session.commit()
    thread = create_thread(
        category, colleague_user, "Сыни сұрақ", "Қандай сұрақтар оқушыны ойлантады?"
    )
    db.session.commit()
    thread_url = live_server.path_for("forum.view_thread", thread_id=thread.id)

    # The colleague has Zheli open on their phone, with nothing new.
    colleague = open_page(PHONE)
    sign_in(colleague, colleague_user.email)
    expect(colleague.locator("#notifications-badge .badge-count")).to_have_count(0)

    # The teacher quotes the first post, mentions the colleague and replies in place.
    sign_in(phone, teacher.email)
    phone.goto(thread_url)
    box = phone.locator("#reply-form textarea[name=body]")
    phone.locator("#p1 a.quote").click()
    expect(box).to_have_value(
        f"> **Ерлан Мұқанов** [#1](/forum/p/{thread.first_post_id}):\n"
        "> Қандай сұрақтар оқушыны ойлантады?\n\n"
    )
    box.press("End")
    box.press_sequentially("Келісемін, @ерл", delay=20)
    expect(phone.locator("#mention-list .mention-pick")).to_contain_text("Ерлан Мұқанов")
    box.press("ArrowDown")
    phone.keyboard.press("Enter")
    box.press_sequentially("«Неге?» деген сұрақ бәрінен күшті.", delay=5)
    phone.evaluate("() => { window.zheliTestMark = 'no reload'; }")
    phone.locator("#reply-form button.primary").click()
    reply = phone.locator("#p2")
    expect(reply.locator(f".body a[href='/people/{colleague_user.id}']")).to_have_text(
        "@Ерлан Мұқанов"
    )
    expect(reply.locator(".body blockquote")).to_contain_text("оқушыны ойлантады")
    expect(box).to_have_value("")
    assert phone.evaluate("() => window.zheliTestMark") == "no reload"
    screenshot(phone, "forum-story-replied-360")
    fits_a_phone(phone)

    # The colleague comes back to their page: the count has risen without a reload.
    colleague.evaluate("() => { window.zheliTestMark = 'same page'; }")
    _come_back_to(colleague)
    expect(colleague.locator("#notifications-badge .badge-count")).to_contain_text("1")
    assert colleague.evaluate("() => window.zheliTestMark") == "same page"
    screenshot(colleague, "forum-story-badge-360")

    # The thread is marked new in its category, and so is the reply in the thread.
    colleague.goto(live_server.path_for("forum.view_category", category_id=category.id))
    expect(colleague.locator(".badge-new")).to_have_count(1)
    colleague.locator(".badge-new").click()
    expect(colleague.locator("#p2 .badge-new")).to_be_visible()
    expect(colleague.locator("#p1 .badge-new")).to_have_count(0)
    screenshot(colleague, "forum-story-unread-360")
    fits_a_phone(colleague)

    # The colleague reports the reply under a rule of the community.
    post_id = seed.find(Post, thread_id=thread.id, number=2).id
    colleague.locator(f"#p2 a[href$='/p/{post_id}/report']").click()
    dialog = colleague.locator(f"#report-{post_id} dialog[open]")
    dialog.locator("input[type=radio][value='3']").check()
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator("[role=status]")).to_be_visible()

    # A moderator hides it from the queue, in place, with a reason.
    mod = open_page(PHONE)
    sign_in(mod, moderator.email)
    mod.goto(live_server.path_for("forum.report_queue"))
    row = mod.locator(f"#report-post-{post_id}")
    expect(row).to_contain_text("бәрінен күшті")
    row.locator("input[name=reason]").fill(REASON)
    row.locator("button.danger").click()
    expect(mod.locator(f"#report-post-{post_id} [role=status]")).to_be_visible()
    screenshot(mod, "forum-story-hidden-360")

    # The teacher, back on the thread, is told, with the reason.
    _come_back_to(phone)
    expect(phone.locator("#notifications-badge .badge-count")).to_contain_text("1")
    phone.locator("#notifications-badge").click()
    told = phone.locator(".notifications li.unread")
    expect(told).to_have_count(1)
    expect(told).to_contain_text(REASON)
    screenshot(phone, "forum-story-told-360")
    fits_a_phone(phone)
    phone.goto(thread_url)
    expect(phone.locator("#p2")).not_to_contain_text("бәрінен күшті")

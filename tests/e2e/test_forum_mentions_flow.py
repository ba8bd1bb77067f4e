"""Quote and @mention in a real browser at 360 px: a teacher quotes a post into the reply box,
picks a colleague from the @mention list with the keyboard, replies without a reload; the
colleague's header badge counts the notification and the list says who mentioned them."""

from __future__ import annotations

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Category
from intranet.forum.services import create_thread
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import assert_no_horizontal_scroll, assert_tap_targets, screenshot, sign_in


def test_quote_mention_and_the_colleague_is_told(live_server, phone, open_page, seed):
    school = seed.school("Заречный орта мектебі")
    author = seed.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов")
    teacher = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова")
    category = Category(title="Жалпы талқылау")
    db.session.add(category)
    db.session.commit()
    thread = create_thread(category, author, "Сыни сұрақ", "Қандай сұрақтар оқушыны ойлантады?")
    db.session.commit()
    first_post, author_id = thread.first_post_id, author.id

    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("forum.view_thread", thread_id=thread.id))
    box = phone.locator("#reply-form textarea[name=body]")
    phone.locator("#p1 a.quote").click()
    head = f"> **Ерлан Мұқанов** [#1](/forum/p/{first_post}):\n> Қандай сұрақтар оқушыны ойлантады?"
    expect(box).to_have_value(head + "\n\n")
    box.press("End")
    box.press_sequentially("Келісемін, @ер", delay=20)
    choice = phone.locator("#mention-list .mention-pick")
    expect(choice).to_have_count(1)
    expect(choice).to_contain_text("Ерлан Мұқанов")
    screenshot(phone, "forum-mention-list-360")
    assert_no_horizontal_scroll(phone)
    assert_tap_targets(phone)
    box.press("ArrowDown")
    phone.keyboard.press("Enter")
    expect(phone.locator("#mention-list")).to_have_count(0)
    expect(box).to_have_value(head + f"\n\nКелісемін, [@Ерлан Мұқанов](/people/{author_id}) ")
    phone.evaluate("() => { window.zheliTestMark = 'no reload'; }")
    phone.locator("#reply-form button.primary").click()
    expect(phone.locator(f"#p2 .body a[href='/people/{author_id}']")).to_have_text("@Ерлан Мұқанов")
    expect(phone.locator("#reply-form textarea[name=body]")).to_have_value("")
    assert phone.evaluate("() => window.zheliTestMark") == "no reload"

    colleague = open_page(PHONE)
    sign_in(colleague, author.email)
    expect(colleague.locator("#notifications-badge .badge-count")).to_contain_text("1")
    colleague.locator("#notifications-badge").click()
    expect(colleague.locator(".notifications li.unread")).to_contain_text("Гүлжан Әбенова")
    screenshot(colleague, "notifications-list-360")
    assert_no_horizontal_scroll(colleague)
    assert_tap_targets(colleague)
    with colleague.expect_navigation():
        colleague.locator(".notifications li.unread button").click()
    assert colleague.url.endswith("#p2")
    expect(colleague.locator("#notifications-badge .badge-count")).to_have_count(0)

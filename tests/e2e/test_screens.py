"""The screens of issue #17 on the demo data, at a phone's 360 px and a desk's 1280 px.

A coordinator works through home, a forum thread (with a quote and a colleague's long name), the
review queue, a network's monitoring and its plan of events. On the phone nothing scrolls
sideways and every control and standalone link is a 44 px tap box; at the desk the brand stays
on one line, the menu stands in one column beside the page, and pages of tables take the width.
Screenshots of every page at both widths go to ``test-artifacts/screenshots/screens-*.png``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import current_app
from playwright.sync_api import Page, expect

from intranet.accounts.models import Role, User
from intranet.demo import seed_demo
from intranet.events.models import Event
from intranet.extensions import db
from intranet.forum.models import Thread
from intranet.forum.services import reply
from intranet.network.models import Network, NetworkKind
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import (
    TAP_TARGETS,
    assert_no_horizontal_scroll,
    assert_tap_targets,
    screenshot,
    sign_in,
)

#: The main column of a reading page at a desk (``main`` in app.css: 60rem).
READING_WIDTH_PX = 960
#: A colleague whose name is long enough to wrap in the @mention list of a phone.
LONG_NAME = "Александра Константиновна Смирнова"
DEMO_THREAD = "Қараша айының онлайн сұхбаты: сабақта сыни сұрақ қою"


@dataclass(frozen=True)
class Demo:
    """The demo network with a quoting reply, and the pages the screens are judged on."""

    coordinator: str
    password: str
    pages: dict[str, str]
    thread_id: int
    event_id: int


@pytest.fixture
def demo(seed, live_server) -> Demo:
    seed_demo()
    thread = seed.find(Thread, title=DEMO_THREAD)
    opener = seed.find(User, email="yerlan.mukanov@demo.zheli.kz")
    replier = seed.find(User, email="aizhan.baigali@demo.zheli.kz")
    colleague = seed.user(Role.TEACHER, school=opener.school, full_name=LONG_NAME)
    reply(
        thread,
        replier,
        f"> **{opener.full_name}** [#1](/forum/t/{thread.id}#p1):\n"
        "> - Қандай сұрақтар оқушыны ойлануға жетелейді?\n"
        "> - «Неге?» және «Қалай дәлелдейсің?»\n\n"
        f"Жақсы сұрақтар. [@{LONG_NAME}](/people/{colleague.id}), Сіз не дейсіз?",
    )
    db.session.commit()
    league = seed.find(Network, kind=NetworkKind.LEAGUE)
    community = seed.find(Network, kind=NetworkKind.COMMUNITY)
    event = db.session.scalar(
        db.select(Event)
        .where(Event.network_id == community.id, Event.host_school_id.is_not(None))
        .limit(1)
    )
    db.session.commit()
    pages = {
        "home": "/",
        "thread": live_server.path_for("forum.view_thread", thread_id=thread.id),
        "review-queue": live_server.path_for("resources.review_queue"),
        "monitoring": live_server.path_for("monitoring.view_network", network_id=league.id),
        "plan": live_server.path_for("events.view_plan", network_id=community.id),
    }
    return Demo(
        coordinator="coordinator@demo.zheli.kz",
        password=current_app.config["DEMO_PASSWORD"],
        pages=pages,
        thread_id=thread.id,
        event_id=event.id,
    )


# --- What a page is measured by ----------------------------------------------------------------

_LINES_JS = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""

_WORDS_ON_ONE_LINE_JS = """(el) => {
  const text = el.firstChild;  // the name, before the school's <small>
  const broken = [];
  let at = 0;
  for (const word of text.textContent.split(" ")) {
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + word.length);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (word && tops.size > 1) broken.push(word);
    at += word.length + 1;
  }
  return broken;
}"""

_BOX_JS = """(el) => { const b = el.getBoundingClientRect();
  return {top: b.top, left: b.left, right: b.right, width: b.width, height: b.height}; }"""


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(_BOX_JS)


def assert_a_tap_box(page: Page, selector: str) -> None:
    """The element is one the tap-target check counts, and its box is at least 44 × 44 px."""
    element = page.locator(selector).first
    expect(element).to_be_visible()
    assert element.evaluate("(el, targets) => el.matches(targets)", TAP_TARGETS), selector
    size = element.evaluate(_BOX_JS)
    assert size["height"] >= 43.5 and size["width"] >= 43.5, (selector, size)


def assert_desk_layout(page: Page) -> None:
    """The brand on one line; the menu's links in one row or in one column beside the page."""
    brand = page.locator(".top .brand")
    assert brand.evaluate(_LINES_JS) == 1
    assert box(page, ".top .brand")["height"] <= 48
    links = page.locator(".menu nav a")
    expect(links.first).to_be_visible()
    boxes = links.evaluate_all(f"els => els.map({_BOX_JS})")
    one_row = len({round(b["top"]) for b in boxes}) == 1
    main = box(page, "main")
    one_column = len({round(b["left"]) for b in boxes}) == 1 and all(
        b["right"] <= main["left"] + 1 for b in boxes
    )
    assert one_row or one_column, boxes


def coordinator_page(open_page, demo: Demo, device: dict) -> Page:
    page = open_page(device)
    sign_in(page, demo.coordinator, demo.password)
    return page


# --- The five pages at both widths -------------------------------------------------------------


def test_five_pages_fit_a_phone(open_page, demo):
    phone = coordinator_page(open_page, demo, PHONE)
    for name, path in demo.pages.items():
        phone.goto(path)
        screenshot(phone, f"screens-{name}-360")
        assert_no_horizontal_scroll(phone)
        assert_tap_targets(phone)
        # The phone keeps its Menu button: the links open below it.
        expect(phone.locator(".menu summary")).to_be_visible()
        expect(phone.locator(".menu nav a").first).to_be_hidden()


def test_five_pages_at_a_desk(open_page, demo):
    desk = coordinator_page(open_page, demo, DESKTOP)
    for name, path in demo.pages.items():
        desk.goto(path)
        screenshot(desk, f"screens-{name}-1280")
        assert_no_horizontal_scroll(desk)
        assert_desk_layout(desk)
        main = box(desk, "main")
        if name in ("review-queue", "monitoring", "plan"):
            assert main["width"] > READING_WIDTH_PX, (name, main)
            if desk.locator("main table").count():
                table = box(desk, "main table")
                assert table["width"] > READING_WIDTH_PX - 64, (name, table)
                spill = desk.locator("main .table-wrap").first.evaluate(
                    "el => el.scrollWidth - el.clientWidth"
                )
                assert spill <= 1, f"{name}: the table is {spill}px wider than its page"
        else:
            assert main["width"] <= READING_WIDTH_PX + 1, (name, main)


def test_home_badges_say_the_role_not_the_name_again(open_page, demo):
    phone = coordinator_page(open_page, demo, PHONE)
    rows = phone.locator("h2 + ul.list").last.locator("li")
    expect(rows.first.locator(".badge")).to_be_visible()
    for row in rows.all():
        name = row.locator("a").inner_text().strip().casefold()
        badge = row.locator(".badge").inner_text().strip().casefold()
        assert badge and badge not in name and name not in badge, (name, badge)
    assert_a_tap_box(phone, "main .list .row > a")  # the next events' titles


# --- The thread: a quote, a long name, the way back, post numbers, the first unread ------------


def test_a_thread_on_a_phone(open_page, seed, demo):
    phone = coordinator_page(open_page, demo, PHONE)
    with phone.expect_response(lambda response: response.url.endswith("/read")):
        phone.goto(demo.pages["thread"])

    quote = phone.locator("#posts .body blockquote").last
    expect(quote).to_be_visible()
    bar = quote.evaluate("el => getComputedStyle(el).borderLeftWidth")
    assert float(bar.removesuffix("px")) >= 3
    items = quote.locator("li")
    expect(items).to_have_count(2)
    assert items.first.evaluate("el => getComputedStyle(el).listStyleType") == "disc"
    assert_a_tap_box(phone, "main > p > a")  # the way back to the category
    assert_a_tap_box(phone, "#p1 > header a[href='#p1']")

    reply_box = phone.locator("#reply-form textarea[name=body]")
    phone.locator("#p1 a.quote").click()
    expect(reply_box).not_to_have_value("")
    value = reply_box.input_value()
    assert "> - Қандай сұрақтар оқушыны ойлануға жетелейді?\n" in value, value

    reply_box.press("End")
    reply_box.press_sequentially(" @Смир", delay=20)
    pick = phone.locator("#mention-list .mention-pick")
    expect(pick).to_have_count(1)
    expect(pick).to_contain_text(LONG_NAME)
    assert pick.evaluate(_WORDS_ON_ONE_LINE_JS) == []
    screenshot(phone, "screens-mentions-360")
    assert_no_horizontal_scroll(phone)
    assert_tap_targets(phone)

    # A colleague answers: the category shows "New", the thread the way to the first unread.
    thread = seed.reload(Thread, demo.thread_id)
    reply(thread, seed.find(User, email="aizhan.baigali@demo.zheli.kz"), "Келісемін.")
    db.session.commit()
    phone.goto(f"/forum/c/{thread.category_id}")
    assert_a_tap_box(phone, ".tap-badge")
    assert_a_tap_box(phone, "#threads .row > a")  # a thread's title
    assert_tap_targets(phone)
    screenshot(phone, "screens-category-360")
    phone.goto("/forum/")
    assert_a_tap_box(phone, "main .list .row > a")  # a category's title
    phone.goto(demo.pages["thread"])
    assert_a_tap_box(phone, "main > p > a[href*='#p']")  # the first unread post
    assert_tap_targets(phone)


# --- The event page and the lists of events -----------------------------------------------------


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["360", "1280"])
def test_an_events_date_reads_on_one_or_two_lines(open_page, demo, screen):
    page = coordinator_page(open_page, demo, screen)
    page.goto(f"/events/{demo.event_id}")
    when = page.locator(".event-facts dd").nth(1)
    expect(when.locator("time")).to_be_visible()
    assert when.evaluate(_LINES_JS) <= 2
    width = screen["viewport"]["width"]
    screenshot(page, f"screens-event-{width}")
    assert_no_horizontal_scroll(page)
    if width == PHONE["viewport"]["width"]:
        assert_tap_targets(page)
        assert_a_tap_box(page, "main > p > a")
        page.goto("/events/")
        assert_a_tap_box(page, "main .list .row > a")  # an event's title
        assert_tap_targets(page)
        page.goto(demo.pages["plan"])
        assert_a_tap_box(page, ".plan td a")
        assert_tap_targets(page)

"""Removing something asks first, in a real browser at 360 px: with JavaScript a dialog asks
(Cancel keeps the post, the dialog's Delete removes it in place; a cyclogram rule, outside
htmx, is posted by the page after the dialog's yes, and an event called off sends its form's
own field too); without it the Delete button opens a page that quotes the post and asks, and
only that page's button deletes."""

from __future__ import annotations

from datetime import time, timedelta

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.events import services
from intranet.events.models import CyclogramRule, Event, EventKind
from intranet.extensions import db
from intranet.forum.models import Category, Post
from intranet.forum.services import create_thread, reply
from tests import clock
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in
from tests.events_data import community, seed_cyclogram

SECOND = "Екінші жазба: оқушылар сұрақты өздері құрастырады."


def _seed_thread(seed):
    author = seed.user(Role.TEACHER, full_name="Ерлан Мұқанов")
    category = Category(title="Жалпы талқылау")
    db.session.add(category)
    db.session.commit()
    thread = create_thread(category, author, "Сыни сұрақтар", "Қандай сұрақтар ойлантады?")
    post = reply(thread, author, SECOND)
    db.session.commit()
    return thread.id, post.id, author.email


def _deleted(seed, post_id: int) -> bool:
    return seed.reload(Post, post_id).deleted_at is not None


def test_a_dialog_asks_before_a_post_is_deleted(live_server, phone, seed):
    thread_id, post_id, email = _seed_thread(seed)
    sign_in(phone, email)
    phone.goto(live_server.path_for("forum.view_thread", thread_id=thread_id))
    delete = phone.locator("#p2 form[data-confirm] button")
    question = phone.locator("#p2 form[data-confirm]").get_attribute("data-confirm")
    dialog = phone.locator("#confirm-dialog")

    delete.click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-question")).to_have_text(question)
    expect(dialog.locator("button.yes")).to_have_text(delete.inner_text())
    expect(dialog.locator("button.cancel")).to_be_focused()  # the safe answer is the default
    screenshot(phone, "forum-delete-dialog-360")
    fits_a_phone(phone)
    dialog.locator("button.cancel").click()
    expect(dialog).to_be_hidden()
    expect(phone.locator("#p2 .body")).to_contain_text("Екінші жазба")
    assert not _deleted(seed, post_id)

    delete.click()
    phone.keyboard.press("Escape")  # Escape is a cancel too
    expect(dialog).to_be_hidden()
    assert not _deleted(seed, post_id)

    address = phone.url
    delete.click()
    dialog.locator("button.yes").click()
    expect(phone.locator("#p2 .body")).to_have_count(0)
    expect(phone.locator("#p2 form[data-confirm]")).to_have_count(0)
    assert phone.url == address  # swapped in place, no page load
    assert _deleted(seed, post_id)
    expect(phone.locator("#p1 .body")).to_contain_text("Қандай сұрақтар")


def test_without_javascript_a_page_asks_before_a_post_is_deleted(live_server, open_page, seed):
    thread_id, post_id, email = _seed_thread(seed)
    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, email)
    thread = live_server.path_for("forum.view_thread", thread_id=thread_id)
    page.goto(thread)

    with page.expect_navigation():
        page.locator("#p2 form[data-confirm] button").click()
    assert page.url.endswith(live_server.path_for("forum.delete_post", post_id=post_id) + "?")
    expect(page.locator(".confirm-page .excerpt")).to_contain_text("Екінші жазба")
    screenshot(page, "forum-delete-page-nojs-360")
    fits_a_phone(page)
    with page.expect_navigation():
        page.locator(".confirm-page a.button").click()  # Cancel
    expect(page.locator("#p2 .body")).to_contain_text("Екінші жазба")
    assert not _deleted(seed, post_id)

    with page.expect_navigation():
        page.locator("#p2 form[data-confirm] button").click()
    with page.expect_navigation():
        page.locator(".confirm-page button.danger").click()
    expect(page.locator("#p2 .body")).to_have_count(0)
    assert _deleted(seed, post_id)
    page.go_back()  # the confirmation page has nothing left to ask: back to the thread
    expect(page.locator(".confirm-page")).to_have_count(0)
    expect(page.locator("#p2")).to_be_visible()
    expect(page.locator("#p2 form[data-confirm]")).to_have_count(0)


def test_a_dialog_asks_before_a_cyclogram_rule_goes_and_then_the_page_posts(
    live_server, phone, seed
):
    """A button outside htmx (the cyclogram's rules): after the dialog's yes the page posts the
    removal itself, and the cyclogram comes back without the rule."""
    world = community(seed)
    seed_cyclogram(world)
    network_id, email = world.network.id, world.lead.email
    sign_in(phone, email)
    phone.goto(live_server.path_for("events.view_cyclogram", network_id=network_id))
    rules = phone.locator("ul.list > li")
    expect(rules).to_have_count(3)
    first = rules.first
    title = first.locator("strong").inner_text()
    dialog = phone.locator("#confirm-dialog")

    first.locator("form[data-confirm] button").click()
    expect(dialog).to_be_visible()
    dialog.locator("button.cancel").click()
    expect(rules).to_have_count(3)

    first.locator("form[data-confirm] button").click()
    with phone.expect_navigation():
        dialog.locator("button.yes").click()
    expect(rules).to_have_count(2)
    expect(phone.locator("ul.list")).not_to_contain_text(title)
    assert [rule.title for rule in _rules(seed, network_id)] == [
        "Бетпе-бет кездесу",
        "Бірлескен оқу серуені",
    ]


def _rules(seed, network_id: int) -> list:
    rules = list(
        db.session.scalars(
            db.select(CyclogramRule)
            .where(CyclogramRule.network_id == network_id)
            .order_by(CyclogramRule.id)
            .execution_options(populate_existing=True)
        )
    )
    db.session.commit()
    return rules


def test_calling_an_event_off_asks_and_sends_what_the_form_needs(live_server, phone, seed):
    """The dialog's way back says "keep the event" (not an ambiguous "cancel"); after its yes
    the page posts the removal with the form's own field (``confirm``)."""
    world = community(seed)
    fields = services.EventFields(
        kind=EventKind.SEMINAR,
        title="Сыни ойлау семинары",
        day=clock.today() + timedelta(days=7),
        start=time(15, 0),
        end=time(16, 30),
    )
    event = services.create_event(world.network, world.lead, fields)
    db.session.commit()
    event_id, email = event.id, world.lead.email
    sign_in(phone, email)
    phone.goto(live_server.path_for("events.view_event", event_id=event_id))
    button = phone.locator(".cancel-event form[data-confirm] button")
    dialog = phone.locator("#confirm-dialog")
    button.click()
    expect(dialog.locator("button.cancel")).to_have_text(
        phone.locator(".cancel-event form").get_attribute("data-confirm-cancel")
    )
    screenshot(phone, "events-cancel-dialog-360")
    dialog.locator("button.cancel").click()
    assert seed.reload(Event, event_id).cancelled_at is None

    button.click()
    with phone.expect_navigation():
        dialog.locator("button.yes").click()
    expect(phone.locator(".cancel-event")).to_have_count(0)
    assert seed.reload(Event, event_id).cancelled_at is not None


def test_a_browser_without_dialogs_gets_the_confirmation_page(live_server, phone, seed):
    thread_id, post_id, email = _seed_thread(seed)
    phone.add_init_script("delete window.HTMLDialogElement;")  # an old webview
    sign_in(phone, email)
    phone.goto(live_server.path_for("forum.view_thread", thread_id=thread_id))
    with phone.expect_navigation():
        phone.locator("#p2 form[data-confirm] button").click()
    expect(phone.locator(".confirm-page .excerpt")).to_contain_text("Екінші жазба")
    assert not _deleted(seed, post_id)
    with phone.expect_navigation():
        phone.locator(".confirm-page button.danger").click()
    expect(phone.locator("#p2 .body")).to_have_count(0)
    assert _deleted(seed, post_id)

"""Starting threads, replying (with and without htmx), editing, deleting, unread marks,
moderation and category management."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.core.models import AuditEntry, UsedFormToken
from intranet.extensions import db
from intranet.forum import services
from intranet.forum.models import Category, Post, Thread, ThreadRead
from tests.forum_data import (
    KAZAKH_BODY,
    RUSSIAN_BODY,
    category,
    post_number,
    thread_with_posts,
    url,
)
from tests.measure import gzip_size

HX = {"HX-Request": "true"}
TOKEN = re.compile(
    r'name="form_token" type="hidden" value="([^"]+)"|name="form_token" value="([^"]+)"'
)


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no form token in the page"
    return match.group(1) or match.group(2)


def posts_of(thread) -> list[Post]:
    return list(
        db.session.scalars(db.select(Post).where(Post.thread_id == thread.id).order_by(Post.number))
    )


@pytest.fixture
def teacher(factory):
    return factory.user(Role.TEACHER)


@pytest.fixture
def site(teacher):
    return category("Жалпы талқылау")


def test_teacher_starts_a_thread(login_as, teacher, site):
    client = login_as(teacher)
    page = client.get(url("forum.create_thread", category_id=site.id)).get_data(as_text=True)
    response = client.post(
        url("forum.create_thread", category_id=site.id),
        data={"title": "Эссе циклы", "body": RUSSIAN_BODY, "form_token": token_in(page)},
    )
    thread = db.session.scalar(db.select(Thread))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url("forum.view_thread", thread_id=thread.id))
    assert thread.post_count == 1 and thread.first_post_id == thread.last_post_id
    assert posts_of(thread)[0].body_html.startswith("<p>Как развивать")


def test_reply_without_js_redirects_to_the_anchor_on_the_last_page(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 20)
    client = login_as(teacher)
    response = client.post(
        url("forum.reply", thread_id=thread.id), data={"body": "Келісемін", "form_token": "a" * 24}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        url("forum.view_thread", thread_id=thread.id, page=2, _anchor="p21")
    )
    db.session.expire_all()
    assert thread.post_count == 21 and posts_of(thread)[-1].number == 21


def test_reply_with_htmx_appends_the_post_and_replaces_the_form(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 3)
    client = login_as(teacher)
    response = client.post(
        url("forum.reply", thread_id=thread.id),
        data={"body": "**Жаңа** жауап", "form_token": "b" * 24},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="p4"' in html and "<strong>Жаңа</strong>" in html
    assert 'id="reply-form"' in html and 'hx-swap-oob="true"' in html
    assert token_in(html.split('id="reply-form"')[1]) != "b" * 24
    assert gzip_size(response.get_data()) <= 3 * 1024 and len(response.get_data()) <= 3 * 1024


def test_invalid_htmx_reply_comes_back_as_the_form_with_status_200(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    response = login_as(teacher).post(
        url("forum.reply", thread_id=thread.id),
        data={"body": "", "form_token": "c" * 24},
        headers=HX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#reply-form"
    assert 'class="error"' in response.get_data(as_text=True)


def test_double_submitted_reply_creates_one_post(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 2)
    client = login_as(teacher)
    data = {"body": "Екі рет басылды", "form_token": "d" * 24}
    first = client.post(url("forum.reply", thread_id=thread.id), data=data)
    second = client.post(url("forum.reply", thread_id=thread.id), data=data)
    third = client.post(url("forum.reply", thread_id=thread.id), data=data, headers=HX)
    assert first.status_code == second.status_code == 302 and third.status_code == 200
    assert 'id="p' not in third.get_data(as_text=True)
    assert [post.number for post in posts_of(thread)] == [1, 2, 3]


def test_locked_thread_refuses_replies_with_a_message(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 2)
    thread.locked = True
    db.session.commit()
    client = login_as(teacher)
    plain = client.post(
        url("forum.reply", thread_id=thread.id), data={"body": "x", "form_token": "e" * 24}
    )
    htmx = client.post(
        url("forum.reply", thread_id=thread.id),
        data={"body": "x", "form_token": "f" * 24},
        headers=HX,
    )
    for response in (plain, htmx):
        assert response.status_code == 200
        assert "This thread is locked" in response.get_data(as_text=True)
    assert len(posts_of(thread)) == 2
    assert db.session.get(UsedFormToken, "e" * 24) is None  # the refused reply spent nothing


def test_author_edits_a_post_and_it_is_marked_edited(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 2)
    post = post_number(thread, 2)
    client = login_as(teacher)
    form = client.get(url("forum.edit_post", post_id=post.id), headers=HX).get_data(as_text=True)
    response = client.post(
        url("forum.edit_post", post_id=post.id),
        data={"body": "Түзетілген мәтін", "form_token": token_in(form)},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert "Түзетілген мәтін" in html and "edited" in html
    db.session.expire_all()
    assert post.edited_at is not None and post.body_html == "<p>Түзетілген мәтін</p>\n"


def test_nobody_edits_or_deletes_someone_elses_post(login_as, factory, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    other = login_as(factory.user(Role.TEACHER))
    assert other.get(url("forum.edit_post", post_id=post.id)).status_code == 403
    assert (
        other.post(
            url("forum.delete_post", post_id=post.id), data={"form_token": "g" * 24}
        ).status_code
        == 403
    )


def test_soft_delete_keeps_numbering(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 3)
    client = login_as(teacher)
    post = post_number(thread, 2)
    client.post(url("forum.delete_post", post_id=post.id), data={"form_token": "h" * 24})
    client.post(
        url("forum.reply", thread_id=thread.id), data={"body": "Төртінші", "form_token": "i" * 24}
    )
    html = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert "This post was deleted" in html
    assert [p.number for p in posts_of(thread)] == [1, 2, 3, 4]
    assert re.findall(r'id="p(\d+)"', html) == ["1", "2", "3", "4"]


def test_delete_asks_first_without_javascript_and_a_second_post_is_harmless(
    login_as, teacher, site
):
    """The Delete button is a GET form: the page it opens quotes the post and asks; only its
    POST deletes. The same form sent twice (a double tap, Back) and a later one change nothing
    and land on the post; the thread then shows no Delete for it."""
    thread = thread_with_posts(site, teacher, 2)
    post = post_number(thread, 2)
    client = login_as(teacher)
    address = url("forum.delete_post", post_id=post.id)
    thread_page = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert f'<form method="get" action="{address}" data-confirm="Delete this post?"' in thread_page

    asked = client.get(address)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<h1>Delete this post?</h1>" in html
    assert 'class="excerpt"' in html and KAZAKH_BODY[:40] in html
    assert '<form method="post">' in html and 'name="form_token"' in html
    assert f'href="{url("forum.view_thread", thread_id=thread.id, page=1)}#p2"' in html
    db.session.expire_all()
    assert post_number(thread, 2).deleted_at is None  # asking changed nothing

    deleted = client.post(address, data={"form_token": "del-token-0000001"})
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("#p2")
    db.session.expire_all()
    when = post_number(thread, 2).deleted_at
    assert when is not None
    for token in ("del-token-0000001", "del-token-0000002"):
        again = client.post(address, data={"form_token": token})
        assert again.status_code == 302 and again.headers["Location"].endswith("#p2")
    assert client.get(address).status_code == 302  # nothing left to ask about
    db.session.expire_all()
    assert post_number(thread, 2).deleted_at == when
    entries = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "forum.delete_post")
    ).all()
    assert len(entries) == 1
    thread_page = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert address not in thread_page


def test_delete_through_htmx_swaps_the_post_in_place(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    client = login_as(teacher)
    response = client.post(
        url("forum.delete_post", post_id=post.id),
        data={"form_token": "htmx-delete-00001"},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<article class="post card"')
    assert "This post was deleted by its author." in html


def test_moderator_hides_a_post_members_see_a_placeholder(login_as, factory, teacher, site):
    thread = thread_with_posts(site, teacher, 2)
    post = post_number(thread, 2)
    moderator = login_as(Role.MODERATOR)
    response = moderator.post(
        url("forum.hide_post", post_id=post.id),
        data={"reason": "Сыйластық ережесі бұзылды", "form_token": "j" * 24},
        headers=HX,
    )
    assert "Сыйластық ережесі бұзылды" in response.get_data(as_text=True)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "forum.hide_post"))
    assert entry.reason == "Сыйластық ережесі бұзылды" and entry.target_id == post.id

    member_page = login_as(factory.user()).get(url("forum.view_thread", thread_id=thread.id))
    member_html = member_page.get_data(as_text=True)
    assert "This post was hidden by a moderator" in member_html
    assert "Сыйластық" not in member_html and member_html.count("Сыни тұрғыдан") == 1

    moderator.post(
        url("forum.unhide_post", post_id=post.id), data={"reason": "Қате", "form_token": "k" * 24}
    )
    db.session.expire_all()
    assert post.hidden_at is None


def test_hiding_needs_a_reason(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    login_as(Role.MODERATOR).post(
        url("forum.hide_post", post_id=post.id), data={"form_token": "l" * 24}
    )
    db.session.expire_all()
    assert post.hidden_at is None


def test_teacher_cannot_moderate(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    data = {"reason": "x", "form_token": "m" * 24, "action": "lock"}
    assert (
        login_as(teacher).post(url("forum.hide_post", post_id=post.id), data=data).status_code
        == 403
    )
    assert (
        login_as(teacher)
        .post(url("forum.moderate_thread", thread_id=thread.id), data=data)
        .status_code
        == 403
    )
    assert "Moderate" not in login_as(teacher).get(
        url("forum.view_thread", thread_id=thread.id)
    ).get_data(as_text=True)


def test_moderator_locks_and_pins_in_place(login_as, teacher, site):
    older = thread_with_posts(site, teacher, 1, title="Ескі тақырып")
    thread_with_posts(site, teacher, 1, title="Жаңа тақырып")
    moderator = login_as(Role.COORDINATOR)
    for action, token in (("lock", "n"), ("pin", "o")):
        response = moderator.post(
            url("forum.moderate_thread", thread_id=older.id),
            data={"action": action, "reason": "Ереже", "form_token": token * 24},
            headers=HX,
        )
        assert response.status_code == 200 and 'id="thread-head"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert older.locked and older.pinned
    listing = (
        login_as(teacher)
        .get(url("forum.view_category", category_id=site.id))
        .get_data(as_text=True)
    )
    assert listing.index("Ескі тақырып") < listing.index("Жаңа тақырып")
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"forum.lock_thread", "forum.pin_thread"} <= actions


def test_unread_marks_move_after_reading(login_as, factory, teacher, site):
    thread = thread_with_posts(site, teacher, 45)
    reader = login_as(factory.user())
    index = reader.get(url("forum.index")).get_data(as_text=True)
    assert "1 new" in index
    page = reader.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert 'hx-trigger="load"' in page and '{"number": 20}' in page
    assert db.session.scalar(db.select(ThreadRead)) is None  # no writes on GET
    assert (
        reader.post(url("forum.mark_read", thread_id=thread.id), data={"number": 20}).status_code
        == 204
    )

    page = reader.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    jump = url("forum.view_thread", thread_id=thread.id, page=2, _anchor="p21")
    assert f'href="{jump}"' in page
    reader.post(url("forum.mark_read", thread_id=thread.id), data={"number": 10})  # never backwards
    reader.post(url("forum.mark_read", thread_id=thread.id), data={"number": 999})  # capped
    assert db.session.scalar(db.select(ThreadRead.last_read_number)) == 45
    assert "new" not in reader.get(url("forum.index")).get_data(as_text=True).split("<main")[1]
    listing = reader.get(url("forum.view_category", category_id=site.id)).get_data(as_text=True)
    assert "badge-new" not in listing


def test_replying_records_reading_without_js(login_as, factory, teacher, site):
    thread = thread_with_posts(site, teacher, 5)
    reader = factory.user()
    login_as(reader).post(
        url("forum.reply", thread_id=thread.id), data={"body": "Иә", "form_token": "p" * 24}
    )
    assert (
        db.session.scalar(
            db.select(ThreadRead.last_read_number).where(ThreadRead.user_id == reader.id)
        )
        == 6
    )


def test_coordinator_manages_categories(login_as, teacher):
    coordinator = login_as(Role.COORDINATOR)
    page = coordinator.get(url("forum.manage_categories")).get_data(as_text=True)
    response = coordinator.post(
        url("forum.manage_categories"),
        data={
            "title": "Lesson Study",
            "description": "",
            "owner": "",
            "position": "2",
            "form_token": token_in(page),
        },
    )
    assert response.status_code == 302
    cat = db.session.scalar(db.select(Category))
    page = coordinator.get(url("forum.edit_category", category_id=cat.id)).get_data(as_text=True)
    coordinator.post(
        url("forum.edit_category", category_id=cat.id),
        data={
            "title": "Lesson Study",
            "owner": "",
            "position": "1",
            "archived": "y",
            "form_token": token_in(page),
        },
    )
    db.session.expire_all()
    assert cat.archived and cat.position == 1
    assert login_as(teacher).get(url("forum.create_thread", category_id=cat.id)).status_code == 403


def test_teacher_cannot_manage_categories(login_as, teacher):
    assert login_as(teacher).get(url("forum.manage_categories")).status_code == 403


def test_the_index_counts_threads_as_they_come_and_move(login_as, factory, teacher, site):
    """The counts are kept, not counted: a new thread adds one, a move shifts one."""
    from intranet.forum import moderation

    other = category("Сабақ жоспарлары")
    first = services.create_thread(site, teacher, "Сыни ойлау", "Сұрақ қоямыз")
    services.create_thread(site, teacher, "Рубрика", "Бағалау")
    db.session.commit()
    counts = {cat.title: threads for cat, threads, _unread in services.list_categories(teacher)}
    assert (counts[site.title], counts[other.title]) == (2, 0)
    moderation.move_thread(first, other, factory.user(Role.MODERATOR), "Орны осында")
    db.session.commit()
    counts = {cat.title: threads for cat, threads, _unread in services.list_categories(teacher)}
    assert (counts[site.title], counts[other.title]) == (1, 1)
    index = login_as(factory.user()).get(url("forum.index")).get_data(as_text=True)
    assert index.count("1 thread") == 2


def test_the_index_counts_as_new_only_threads_active_lately(login_as, factory, teacher, site):
    """A thread unread for two months is not news on the index; its category still marks it."""
    recent = thread_with_posts(site, teacher, 3, title="Жаңа тақырып")
    old = thread_with_posts(site, teacher, 3, title="Ескі тақырып")
    old.last_post_at = utcnow() - services.UNREAD_WINDOW - timedelta(days=30)
    db.session.commit()
    reader = login_as(factory.user())
    assert "1 new" in reader.get(url("forum.index")).get_data(as_text=True)
    listing = reader.get(url("forum.view_category", category_id=site.id)).get_data(as_text=True)
    assert listing.count("badge-new") == 2
    recent.last_post_at = old.last_post_at
    db.session.commit()
    assert "new" not in reader.get(url("forum.index")).get_data(as_text=True).split("<main")[1]

"""Notifications: replies, hidden posts, the header badge (a conditional request answered 304),
the list page, reading them, and their budgets."""

from __future__ import annotations

import itertools
import re

import pytest

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum import services
from intranet.forum.models import Post
from intranet.notifications.models import Notification, NotificationKind
from tests.forum_data import category, network_with_school, url
from tests.measure import gzip_size

MAX_QUERIES = 12
_tokens = itertools.count(1)


def form_token() -> str:
    return f"notification-test-token-{next(_tokens):06d}"


def notes(user, kind=None) -> list[Notification]:
    query = db.select(Notification).where(Notification.user_id == user.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def add_notifications(user, actor, post, count: int) -> None:
    db.session.add_all(
        Notification(
            user_id=user.id,
            kind=NotificationKind.REPLY,
            actor_id=actor.id,
            target_type="forum_post",
            target_id=post.id,
            subject=f"Тақырып {n}",
        )
        for n in range(count)
    )
    db.session.commit()


@pytest.fixture
def people(factory):
    school = factory.school()
    return [factory.user(Role.TEACHER, school=school, full_name=f"Мұғалім {n}") for n in range(3)]


@pytest.fixture
def site():
    return category("Жалпы талқылау")


def test_a_reply_notifies_the_other_participants_once(people, site):
    aigul, bolat, dana = people
    thread = services.create_thread(site, aigul, "Циклограмма", "Екі апта сайын кездесеміз.")
    db.session.commit()
    assert notes(aigul) == []  # starting a thread tells nobody
    first = services.reply(thread, bolat, "Келісемін.")
    db.session.commit()
    assert [(n.kind, n.target_id, n.actor_id) for n in notes(aigul)] == [
        (NotificationKind.REPLY, first.id, bolat.id)
    ]
    assert notes(bolat) == [] and notes(dana) == []
    services.reply(thread, dana, "Мен де.")
    db.session.commit()
    assert len(notes(aigul)) == 2 and len(notes(bolat)) == 1 and notes(dana) == []
    services.reply(thread, aigul, "Рахмет!")
    db.session.commit()
    assert len(notes(aigul)) == 2  # never about one's own reply
    assert len(notes(bolat)) == 2 and len(notes(dana)) == 1
    assert notes(dana)[0].subject == "Циклограмма"


def test_a_participant_who_can_no_longer_read_the_category_is_not_told(factory):
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    member = factory.user(Role.TEACHER, school=school)
    leaver = factory.user(Role.TEACHER, school=school)
    private = category("ШЫҢ: сыни ойлау", network=network)
    thread = services.create_thread(private, leaver, "Жабық талқылау", "Сәлем")
    db.session.commit()
    leaver.school = factory.school()  # moved to a school outside the network
    db.session.commit()
    services.reply(thread, member, "Жауап")
    db.session.commit()
    assert notes(leaver) == []


def test_hiding_a_post_tells_its_author_why(login_as, people, site):
    author = people[0]
    thread = services.create_thread(site, author, "Ереже", "Бірінші хабар")
    db.session.commit()
    moderator = login_as(Role.MODERATOR)
    response = moderator.post(
        url("forum.hide_post", post_id=thread.first_post_id),
        data={"reason": "Сыпайылық ережесі <b>бұзылды</b>", "form_token": form_token()},
    )
    assert response.status_code == 302
    [note] = notes(author)
    assert note.kind == NotificationKind.HIDDEN and note.actor_id == moderator.user.id
    assert note.detail == "Сыпайылық ережесі <b>бұзылды</b>"
    page = login_as(author).get(url("notifications.list_notifications")).get_data(as_text=True)
    assert "Сыпайылық ережесі &lt;b&gt;бұзылды&lt;/b&gt;" in page
    assert "<b>бұзылды" not in page
    post = db.session.get(Post, thread.first_post_id)
    services.unhide_post(post, moderator.user, "")
    services.hide_post(post, moderator.user, "Тағы да")
    db.session.commit()
    assert len(notes(author, NotificationKind.HIDDEN)) == 2  # each hiding is news


def test_a_moderator_hiding_their_own_post_is_not_told(factory, site):
    moderator = factory.user(Role.MODERATOR)
    thread = services.create_thread(site, moderator, "Өз хабарым", "Мәтін")
    services.hide_post(db.session.get(Post, thread.first_post_id), moderator, "Қате")
    db.session.commit()
    assert notes(moderator) == []


def test_the_header_badge_shows_the_unread_count(login_as, people, site):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    services.reply(thread, bolat, "Жауап")
    db.session.commit()
    page = login_as(aigul).get(url("forum.index")).get_data(as_text=True)
    assert 'id="notifications-badge"' in page and 'hx-trigger="every 60s, zheli:refresh"' in page
    assert f'hx-get="{url("notifications.unread_count")}"' in page
    assert '<span class="badge badge-count">1<' in page
    visitor = login_as(bolat).application.test_client()
    assert 'id="notifications-badge"' not in visitor.get("/").get_data(as_text=True)


def test_the_count_answers_304_until_something_changes(login_as, people, site):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    db.session.commit()
    client = login_as(aigul)
    address = url("notifications.unread_count")
    first = client.get(address, headers={"HX-Request": "true"})
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    assert len(first.get_data()) <= 3 * 1024
    again = client.get(address, headers={"If-None-Match": etag, "HX-Request": "true"})
    assert again.status_code == 304 and again.get_data() == b""
    services.reply(thread, bolat, "Жаңа жауап")
    db.session.commit()
    changed = client.get(address, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert '<span class="badge badge-count">1<' in changed.get_data(as_text=True)
    # Reading it changes the count back to 0: a third ETag, not the first one's "0" either way.
    note = notes(aigul)[0]
    client.post(
        url("notifications.open_notification", notification_id=note.id),
        data={"form_token": form_token()},
    )
    read = client.get(address, headers={"If-None-Match": changed.headers["ETag"]})
    assert read.status_code == 200 and "badge-count" not in read.get_data(as_text=True)


def test_someone_elses_count_is_never_shared(login_as, people, site):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    services.reply(thread, bolat, "Жауап")
    db.session.commit()
    seen_by_aigul = login_as(aigul).get(url("notifications.unread_count"))
    seen_by_bolat = login_as(bolat).get(
        url("notifications.unread_count"), headers={"If-None-Match": seen_by_aigul.headers["ETag"]}
    )
    assert seen_by_bolat.status_code == 200
    assert "badge-count" not in seen_by_bolat.get_data(as_text=True)


def test_the_base_page_spends_one_query_on_the_count(login_as, people, site, query_counter):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    services.reply(thread, bolat, "Жауап")
    db.session.commit()
    client = login_as(aigul)
    with query_counter() as log:
        response = client.get(url("forum.view_thread", thread_id=thread.id))
    assert response.status_code == 200
    assert sum("FROM notification" in statement for statement in log.statements) == 1
    assert log.count <= MAX_QUERIES


def test_the_list_is_newest_first_paginated_and_marks_unread(login_as, people, site):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    db.session.commit()
    post = db.session.get(Post, thread.first_post_id)
    add_notifications(aigul, bolat, post, 25)
    newest = notes(aigul)[-1]
    newest.subject = "Ең жаңа"
    oldest = notes(aigul)[0]
    oldest.subject = "Ең ескі"
    db.session.commit()
    client = login_as(aigul)
    first = client.get(url("notifications.list_notifications")).get_data(as_text=True)
    assert "Ең жаңа" in first and "Ең ескі" not in first
    assert first.count('class="unread"') == 20
    assert "Мұғалім 1 replied in “Ең жаңа”" in first
    second = client.get(url("notifications.list_notifications", page=2)).get_data(as_text=True)
    assert "Ең ескі" in second and second.count('class="unread"') == 5


def test_the_list_costs_the_same_queries_however_many_there_are(
    login_as, people, site, query_counter
):
    aigul, bolat, dana = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    db.session.commit()
    post = db.session.get(Post, thread.first_post_id)
    client = login_as(aigul)
    counts = []
    for actor, extra in ((bolat, 3), (dana, 60)):
        add_notifications(aigul, actor, post, extra)
        with query_counter() as log:
            response = client.get(url("notifications.list_notifications"))
        assert response.status_code == 200
        assert gzip_size(response.get_data()) <= 14 * 1024
        counts.append(log.count)
    assert counts[0] == counts[1] and counts[0] <= MAX_QUERIES, counts


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(login_as, people, site):
    aigul, bolat, _ = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    reply = services.reply(thread, bolat, "Жауап")
    db.session.commit()
    [note] = notes(aigul)
    page = login_as(aigul).get(url("notifications.list_notifications")).get_data(as_text=True)
    assert url("notifications.open_notification", notification_id=note.id) in page
    client = login_as(aigul)
    response = client.post(
        url("notifications.open_notification", notification_id=note.id),
        data={"form_token": form_token()},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == url("forum.view_post", post_id=reply.id)
    db.session.refresh(note)
    assert note.read_at is not None
    other = login_as(bolat).post(
        url("notifications.open_notification", notification_id=note.id),
        data={"form_token": form_token()},
    )
    assert other.status_code == 404


def test_mark_all_read(login_as, people, site):
    aigul, bolat, dana = people
    thread = services.create_thread(site, aigul, "Тақырып", "Мәтін")
    services.reply(thread, bolat, "Бір")
    services.reply(thread, dana, "Екі")
    db.session.commit()
    client = login_as(aigul)
    response = client.post(url("notifications.mark_all_read"), data={"form_token": form_token()})
    assert response.status_code == 302
    assert all(n.read_at is not None for n in notes(aigul))
    assert all(n.read_at is None for n in notes(bolat))
    page = client.get(url("notifications.list_notifications")).get_data(as_text=True)
    assert 'class="unread"' not in page and "badge-count" not in page


def test_names_and_titles_in_the_list_are_escaped(login_as, factory, site):
    author = factory.user(Role.TEACHER)
    attacker = factory.user(Role.TEACHER, full_name='<img src=x onerror="alert(1)">')
    thread = services.create_thread(site, author, "<script>alert(2)</script>", "Мәтін")
    services.reply(thread, attacker, "Жауап")
    db.session.commit()
    page = login_as(author).get(url("notifications.list_notifications")).get_data(as_text=True)
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=" in page and "&lt;script&gt;alert(2)" in page


@pytest.mark.locale("kk")
def test_the_list_page_renders_in_kazakh(login_as, people):
    page = login_as(people[0]).get(url("notifications.list_notifications"))
    assert page.status_code == 200
    assert '<html lang="kk">' in page.get_data(as_text=True)


def test_every_kind_has_its_own_sentence_in_the_list(login_as, factory):
    """A new kind that forgets its line in the list would read as someone else's event."""
    client = login_as(Role.TEACHER)
    actor = factory.user(Role.TEACHER, full_name="Айжан Байғали")
    for kind in NotificationKind:
        db.session.add(
            Notification(
                user_id=client.user.id,
                kind=kind,
                actor_id=actor.id,
                target_type="forum_post",
                target_id=1,
                subject=f"[{kind.value}]",
                detail="a reason",
            )
        )
    db.session.commit()
    page = client.get(url("notifications.list_notifications")).get_data(as_text=True)
    items = re.findall(r"<li[ >].*?</li>", page, flags=re.S)
    assert len(items) == len(NotificationKind)
    hidden_text = "A moderator hid your post"
    for kind in NotificationKind:
        (item,) = [item for item in items if f"[{kind.value}]" in item]
        assert (hidden_text in item) == (kind == NotificationKind.HIDDEN), kind
        assert f"{kind.label}: [" not in item, f"{kind} has no sentence"

"""Following threads, quoting posts and @mentioning colleagues: who is told, once, and who is
never told (people who cannot read the category); the pages and fragments that do it."""

from __future__ import annotations

import itertools
import re
from html import unescape

import pytest
from flask import current_app, url_for

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum import follows, mentions, services
from intranet.forum.access import reader_clause, scope_for
from intranet.forum.models import Post, ThreadFollow
from intranet.network.models import Membership
from intranet.notifications.models import Notification, NotificationKind
from tests.forum_data import category, network_with_school, url, working_group
from tests.measure import gzip_size

HX = {"HX-Request": "true"}
_tokens = itertools.count(1)


def form_token() -> str:
    return f"follow-mention-test-token-{next(_tokens):06d}"


def kinds(user) -> list[NotificationKind]:
    return list(
        db.session.scalars(
            db.select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def mention(user) -> str:
    with current_app.test_request_context():
        return mentions.mention_markdown(user)


def quote(post) -> str:
    with current_app.test_request_context():
        return mentions.quote_markdown(post)


@pytest.fixture
def shyn(factory):
    """A network category, two of its teachers, and a teacher of another network's school."""
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    _, other_school = network_with_school(factory, "Лига: 20 бағыт")
    members = [
        factory.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов"),
        factory.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова"),
    ]
    outsider = factory.user(Role.TEACHER, school=other_school, full_name="Ерлан Сейітов")
    return network, category("ШЫҢ: сыни ойлау", network=network), members, outsider


# --- Following --------------------------------------------------------------------------------


def test_follow_and_unfollow_with_htmx_and_without(login_as, shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Сәлем")
    db.session.commit()
    client = login_as(gulzhan)
    page = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert 'hx-target="this" hx-swap="outerHTML"' in page and ">Follow</button>" in page
    address = url("forum.toggle_follow", thread_id=thread.id)
    token = form_token()
    fragment = client.post(address, data={"following": "1", "form_token": token}, headers=HX)
    assert fragment.status_code == 200 and len(fragment.get_data()) <= 3 * 1024
    assert ">Unfollow</button>" in fragment.get_data(as_text=True)
    services.reply(thread, erlan, "Бірінші жауап")
    db.session.commit()
    assert kinds(gulzhan) == [NotificationKind.REPLY]
    # The same form sent again changes nothing; a fresh one without JS unfollows.
    client.post(address, data={"following": "0", "form_token": token})
    assert (
        db.session.scalar(
            db.select(ThreadFollow.following).where(ThreadFollow.user_id == gulzhan.id)
        )
        is True
    )
    response = client.post(address, data={"following": "0", "form_token": form_token()})
    assert response.status_code == 302
    assert response.headers["Location"] == url("forum.view_thread", thread_id=thread.id)
    services.reply(thread, erlan, "Екінші жауап")
    db.session.commit()
    assert kinds(gulzhan) == [NotificationKind.REPLY]


def test_a_participant_who_unfollowed_hears_nothing_even_after_posting_again(shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Сәлем")
    services.reply(thread, gulzhan, "Жауап")
    db.session.commit()
    follows.set_following(gulzhan, thread, False)
    services.reply(thread, gulzhan, "Тағы бір жауап")
    services.reply(thread, erlan, "Рахмет")
    db.session.commit()
    assert kinds(gulzhan) == []
    assert kinds(erlan) == [NotificationKind.REPLY, NotificationKind.REPLY]


def test_an_outsider_cannot_follow_or_list_people(login_as, shyn):
    _, cat, (erlan, _), outsider = shyn
    thread = services.create_thread(cat, erlan, "Жабық", "Сәлем")
    db.session.commit()
    client = login_as(outsider)
    follow = client.post(
        url("forum.toggle_follow", thread_id=thread.id),
        data={"following": "1", "form_token": form_token()},
    )
    assert follow.status_code == 404
    people = client.get(url("forum.mention_candidates", thread_id=thread.id, q="Ер"))
    assert people.status_code == 404
    assert (
        db.session.scalar(db.select(ThreadFollow).where(ThreadFollow.user_id == outsider.id))
        is None
    )


def reply_box(html: str) -> str:
    return unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)).strip()


# --- Quotes -----------------------------------------------------------------------------------


def test_quote_fills_the_reply_box_without_js(login_as, shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(
        cat, erlan, "Сыни сұрақтар", "> ескі дәйексөз\n\nБірінші жол\nЕкінші жол"
    )
    db.session.commit()
    post = db.session.get(Post, thread.first_post_id)
    client = login_as(gulzhan)
    page = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    link = url("forum.view_thread", thread_id=thread.id, page=1, quote=post.id)
    assert f'href="{link}#reply-form"'.replace("&", "&amp;") in page
    filled = client.get(link).get_data(as_text=True)
    box = reply_box(filled)
    header = f"> **Ерлан Мұқанов** [#1]({url('forum.view_post', post_id=post.id)}):"
    assert box.strip() == f"{header}\n> Бірінші жол\n> Екінші жол"  # the old quote left out


def test_hidden_posts_and_other_threads_posts_are_not_quoted(login_as, shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Бір", "Мәтін")
    other = services.create_thread(cat, erlan, "Екі", "Басқа мәтін")
    hidden = services.reply(thread, erlan, "Жасырын")
    services.hide_post(hidden, gulzhan, "Ереже")
    db.session.commit()
    client = login_as(gulzhan)
    for post_id in (other.first_post_id, hidden.id):
        page = client.get(url("forum.view_thread", thread_id=thread.id, quote=post_id))
        assert reply_box(page.get_data(as_text=True)) == ""


def quote_of(thread, post_id: int) -> str:
    with current_app.test_request_context():
        return mentions.quote_markdown(mentions.quotable_post(thread, post_id))


def test_a_quote_tells_the_quoted_author_once(shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Сұрақ қою тәсілі")
    db.session.commit()
    services.reply(thread, gulzhan, quote_of(thread, thread.first_post_id) + "Келісемін!")
    db.session.commit()
    assert kinds(erlan) == [NotificationKind.QUOTE]  # a quote, not also a reply
    services.reply(thread, erlan, quote_of(thread, thread.first_post_id) + "Өзімді келтіремін")
    db.session.commit()
    assert kinds(erlan) == [NotificationKind.QUOTE]  # quoting oneself tells nobody new
    assert kinds(gulzhan) == [NotificationKind.REPLY]


def test_quoting_a_post_that_quotes_others_does_not_tell_them(factory, shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    third = factory.user(Role.TEACHER, school=erlan.school)
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Бастама")
    db.session.commit()
    second = services.reply(thread, gulzhan, quote_of(thread, thread.first_post_id) + "Иә")
    db.session.commit()
    follows.set_following(erlan, thread, False)
    services.reply(thread, third, quote_of(thread, second.id) + "Мен де")
    db.session.commit()
    assert kinds(erlan) == [NotificationKind.QUOTE]  # only the first quote, by Gulzhan
    assert kinds(gulzhan)[-1] == NotificationKind.QUOTE


# --- Mentions ---------------------------------------------------------------------------------


def test_references_finds_mentions_outside_quotes_and_quotes_inside():
    body = (
        "> **Ерлан** [#2](/forum/p/45):\n> [@Гүлжан](/people/7) айтқандай\n\n"
        "[@Ерлан](/people/3) және [@Ерлан](/people/3), `[@код](/people/9)`, "
        '[@Дана](/people/8 "тақырып") [жай сілтеме](/people/5) [#4](/forum/p/46)'
    )
    refs = mentions.references(body)
    assert refs.mentioned == [3, 8]
    assert refs.quoted == [45]


def test_mention_links_match_the_routes(app):
    with app.test_request_context():
        assert mentions.PERSON_HREF.match(url_for("accounts.view_user", user_id=12))
        assert mentions.POST_HREF.match(url_for("forum.view_post", post_id=345))


def test_a_mention_tells_a_reader_once_and_shows_the_real_name(shyn):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Сәлем")
    db.session.commit()
    spoofed = f"[@Директор](/people/{gulzhan.id})"
    post = services.reply(thread, erlan, f"{mention(gulzhan)} қараңызшы, {spoofed} тағы да")
    db.session.commit()
    assert kinds(gulzhan) == [NotificationKind.MENTION]
    assert "Директор" not in post.body_html
    assert post.body_html.count(f'<a href="/people/{gulzhan.id}"') == 2
    assert "@Гүлжан Әбенова</a>" in post.body_html
    # A reply from a participant who is also mentioned: one notification, a mention.
    services.reply(thread, gulzhan, "Жауап")
    services.reply(thread, erlan, f"Тағы {mention(gulzhan)}")
    db.session.commit()
    assert kinds(gulzhan) == [NotificationKind.MENTION, NotificationKind.MENTION]


def test_a_mention_of_someone_who_cannot_read_tells_them_nothing(factory, shyn):
    _, cat, (erlan, _), outsider = shyn
    suspended = factory.user(Role.TEACHER, school=erlan.school)
    suspended.status = "suspended"
    db.session.commit()
    thread = services.create_thread(
        cat, erlan, "Жабық", f"{mention(outsider)} және {mention(suspended)}"
    )
    services.reply(thread, erlan, mention(outsider))
    db.session.commit()
    assert kinds(outsider) == [] and kinds(suspended) == []


def test_an_edit_that_adds_a_mention_tells_only_the_new_person(login_as, shyn, factory):
    _, cat, (erlan, gulzhan), _ = shyn
    dana = factory.user(Role.TEACHER, school=erlan.school, full_name="Дана Серікова")
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", f"Сәлем {mention(gulzhan)}")
    db.session.commit()
    client = login_as(erlan)
    response = client.post(
        url("forum.edit_post", post_id=thread.first_post_id),
        data={
            "body": f"Сәлем {mention(gulzhan)} және {mention(dana)}",
            "form_token": form_token(),
        },
    )
    assert response.status_code == 302
    assert kinds(gulzhan) == [NotificationKind.MENTION]
    assert kinds(dana) == [NotificationKind.MENTION]


def test_the_autocomplete_offers_only_readers(login_as, shyn, factory):
    network, cat, (_, gulzhan), _ = shyn
    factory.user(Role.COORDINATOR, full_name="Ерболат Координатор")
    guest = factory.user(Role.TEACHER, full_name="Ержан Қонақ")
    db.session.add(Membership(user_id=guest.id, network_id=network.id))
    db.session.commit()
    thread = services.create_thread(cat, gulzhan, "Сыни сұрақтар", "Сәлем")
    db.session.commit()
    client = login_as(gulzhan)
    response = client.get(url("forum.mention_candidates", thread_id=thread.id, q="ер"), headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and len(response.get_data()) <= 3 * 1024
    assert "Ерлан Мұқанов" in html and "Ерболат Координатор" in html and "Ержан Қонақ" in html
    assert "Сейітов" not in html  # the other network's Erlan
    assert unescape(re.search(r'data-mention="([^"]+)"', html).group(1)).startswith("[@Е")
    assert "Гүлжан" not in client.get(
        url("forum.mention_candidates", thread_id=thread.id, q="Гүл")
    ).get_data(as_text=True)  # not oneself
    empty = client.get(url("forum.mention_candidates", thread_id=thread.id, q=""))
    assert "mention-pick" not in empty.get_data(as_text=True)


def test_reader_clause_agrees_with_the_visibility_rule(factory, shyn):
    network, cat, (erlan, gulzhan), outsider = shyn
    group = working_group(network, members=[gulzhan])
    group_cat = category("Топ", group=group)
    site = category("Жалпы")
    staff = factory.user(Role.ADMIN, school=outsider.school)
    guest = factory.user(Role.TEACHER)
    db.session.add(Membership(user_id=guest.id, network_id=network.id))
    db.session.commit()
    people = [erlan, gulzhan, outsider, staff, guest]
    from intranet.accounts.models import User

    for cat_ in (cat, group_cat, site):
        readers = set(db.session.scalars(db.select(User.id).where(reader_clause(cat_)))) & {
            p.id for p in people
        }
        expected = {p.id for p in people if scope_for(p).allows(cat_)}
        assert readers == expected, cat_.title
    assert {gulzhan.id, staff.id} <= set(
        db.session.scalars(db.select(User.id).where(reader_clause(group_cat)))
    )


XSS_NAMES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "](javascript:alert(1)) [x",
    "<a href='javascript:alert(1)'>x</a>",
    "*__`[@evil](http://evil.example)`__*",
]


@pytest.mark.parametrize("name", XSS_NAMES)
def test_names_in_mentions_and_quotes_are_never_markup(login_as, factory, shyn, name):
    _, cat, (erlan, _), _ = shyn
    evil = factory.user(Role.TEACHER, school=erlan.school, full_name=name)
    thread = services.create_thread(cat, evil, "Тақырып", "Менің хабарым")
    db.session.commit()
    body = (
        quote_of(thread, thread.first_post_id)
        + f"{mention(evil)} және [@{name}](/people/{evil.id})"
    )
    post = services.reply(thread, erlan, body)
    db.session.commit()
    html = post.body_html
    assert "<script" not in html and "<img" not in html and "<a href='" not in html
    assert 'href="javascript' not in html and 'href="http://evil' not in html
    client = login_as(erlan)
    page = client.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert '<a href="javascript' not in page and "<a href='javascript" not in page
    people = client.get(url("forum.mention_candidates", thread_id=thread.id, q=name[:5]))
    fragment = people.get_data(as_text=True)
    assert "<script>alert" not in fragment and "<img src=x" not in fragment
    assert kinds(evil) == [NotificationKind.MENTION]  # quoted and mentioned: told once


def test_the_thread_page_stays_in_budget_with_follow_and_quotes(
    login_as, shyn, query_counter, factory
):
    _, cat, (erlan, gulzhan), _ = shyn
    thread = services.create_thread(cat, erlan, "Сыни сұрақтар", "Сәлем")
    for n in range(24):
        services.reply(thread, gulzhan if n % 2 else erlan, f"{mention(erlan)} жауап {n}")
    db.session.commit()
    client = login_as(gulzhan)
    with query_counter() as log:
        response = client.get(url("forum.view_thread", thread_id=thread.id, page=2))
    assert response.status_code == 200 and log.count <= 12, log.statements
    assert gzip_size(response.get_data()) <= 14 * 1024
    html = response.get_data(as_text=True)
    assert html.count('class="button quote"') == 5 and ">Unfollow</button>" in html
    assert 'data-mentions="' in html

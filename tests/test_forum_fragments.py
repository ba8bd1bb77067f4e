"""Kept fragments (``core.fragments``): a thread page served from kept posts, menu and reply box
is the page rendered afresh, for every kind of reader and state of the posts; each response
gets its own tokens; and any change to what the posts show, a changed permission rule included,
is seen at once, because the key is the printed view."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import fields, replace

import pytest
from flask import template_rendered
from jinja2 import nodes

from intranet.accounts import permissions
from intranet.accounts.models import Role
from intranet.core.fragments import HOLES, FragmentCache, fragments
from intranet.extensions import db
from intranet.forum import services
from intranet.forum.models import ThreadRead
from intranet.forum.pages import PostView, post_labels, posts_key
from tests.conftest import PASSWORD
from tests.forum_data import category, post_number, thread_with_posts, url

_TOKENS = re.compile(
    r'((?:name="(?:csrf_token|form_token)"[^>]*? value|data-form-token)=")[^"]+(")'
)
#: A one-time token in a page: a form's hidden field, or a confirm button's (``_confirm.html``).
FORM_TOKEN = re.compile(r'(?:name="form_token" value|data-form-token)="([^"]+)"')
_HX_CSRF = re.compile(r'("X-CSRFToken": ")[^"]+(")')


def _same_tokens(html: str) -> str:
    return _HX_CSRF.sub(r"\1…\2", _TOKENS.sub(r"\1…\2", html))


@contextmanager
def rendered_templates(app):
    names: list[str] = []

    def record(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


@contextmanager
def no_kept_fragments(app):
    kept = app.extensions["fragments"]
    app.extensions["fragments"] = FragmentCache(0)
    try:
        yield
    finally:
        app.extensions["fragments"] = kept


@pytest.fixture
def people(factory):
    school = factory.school()
    return {
        "author": factory.user(Role.TEACHER, school=school, full_name="Айгүл Серікова"),
        "colleague": factory.user(Role.TEACHER, school=school, full_name="Бақыт Сейтқали"),
        "reader": factory.user(Role.TEACHER, school=school, full_name="Дина Омарова"),
        "moderator": factory.user(Role.MODERATOR, full_name="Марат Әлиев"),
        "leader": factory.user(Role.SCHOOL_LEADER, school=school, full_name="Сәуле Жұмабаева"),
    }


@pytest.fixture
def thread(people):
    """45 posts over three pages; on page 2 one is edited, one hidden, one deleted, one the
    colleague's, and one by a former member."""
    thread = thread_with_posts(category(), people["author"], 45)
    services.edit_post(post_number(thread, 21), "Түзетілген мәтін: **рубрика**")
    services.hide_post(post_number(thread, 22), people["moderator"], "Қорлау")
    services.delete_post(post_number(thread, 23), people["author"])
    post_number(thread, 24).author_id = people["colleague"].id
    post_number(thread, 25).author_id = None
    db.session.commit()
    return thread


def _page(client, thread, page=2) -> str:
    response = client.get(url("forum.view_thread", thread_id=thread.id, page=page))
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["author", "colleague", "reader", "moderator"])
@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_a_kept_page_is_the_page_rendered_afresh(app, login_as, people, thread, who, locale):
    client = login_as(people[who])
    client.post(url("accounts.switch_language", code=locale), data={"next": "/"})
    with no_kept_fragments(app):
        fresh = _page(client, thread)
    first, kept = _page(client, thread), _page(client, thread)
    assert len(fragments()) >= 3  # posts, menu, reply box
    assert _same_tokens(first) == _same_tokens(fresh)
    assert _same_tokens(kept) == _same_tokens(fresh)


def test_a_locked_thread_and_read_marks_are_seen_as_afresh(app, login_as, people, thread):
    client = login_as(people["reader"])
    _page(client, thread)  # keeps the page as unread
    reader_id = people["reader"].id
    db.session.add(ThreadRead(user_id=reader_id, thread_id=thread.id, last_read_number=30))
    thread.locked = True
    db.session.commit()
    with no_kept_fragments(app):
        fresh = _page(client, thread)
    kept = _page(client, thread)
    assert _same_tokens(kept) == _same_tokens(fresh)
    assert kept.count('class="badge badge-new"') == 10  # posts 31-40
    assert "Quote" not in kept


def test_readers_alike_share_the_rendering_and_others_get_their_own(app, login_as, people, thread):
    reader, colleague = people["reader"], people["colleague"]
    other = login_as(Role.TEACHER, school=reader.school)
    with rendered_templates(app) as names:
        _page(login_as(reader), thread, page=3)
        _page(other, thread, page=3)  # nothing of theirs on page 3 either, the same read mark
        _page(login_as(colleague), thread, page=3)
    assert names.count("forum/_posts.html") == 1
    assert names.count("_menu.html") == 1
    assert names.count("forum/_reply_form.html") == 1
    with rendered_templates(app) as names:
        _page(login_as(colleague), thread, page=2)  # wrote post 24: their own Edit and Delete
        _page(login_as(people["moderator"]), thread, page=2)
        _page(login_as(reader), thread, page=2)
    assert names.count("forum/_posts.html") == 3
    assert names.count("_menu.html") == 1  # the moderator's menu was kept on page 3


def test_every_response_gets_its_own_tokens(login_as, people, thread):
    client = login_as(people["author"])
    first, second = _page(client, thread), _page(client, thread)
    tokens = re.findall(FORM_TOKEN, second)
    assert len(tokens) >= 4  # delete forms of the author's own posts, and the reply box
    assert len(set(tokens)) == len(tokens)
    assert not set(tokens) & set(re.findall(FORM_TOKEN, first))
    (session_token,) = set(re.findall(r'"X-CSRFToken": "([^"]+)"', second))
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', second)) == {session_token}
    for hole in HOLES.values():
        assert hole() not in second


def test_a_kept_page_takes_a_token_that_works(make_app, people, thread):
    """With CSRF checked: the tokens filled into a kept reply box are accepted."""
    email, thread_id = people["author"].email, thread.id
    db.session.close()  # the other app writes: leave SQLite's lock free
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page_3 = url("forum.view_thread", thread_id=thread_id, page=3)
    with app.app_context():
        login = client.get(url("accounts.login")).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        form = {"csrf_token": csrf, "email": email, "password": PASSWORD}
        assert client.post(url("accounts.login"), data=form).status_code == 302
        client.get(page_3)
        html = client.get(page_3).get_data(as_text=True)  # the posts and the reply box kept
        assert len(app.extensions["fragments"]) >= 3
        box = html[html.index('id="reply-form"') :]
        form = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', box).group(1),
            "form_token": re.search(r'name="form_token" value="([^"]+)"', box).group(1),
            "body": "Келісемін, рубрика керек.",
        }
        response = client.post(url("forum.reply", thread_id=thread_id), data=form)
        db.session.remove()
    assert response.status_code == 302
    assert db.session.get(type(thread), thread_id).post_count == 46


HIDDEN = "This post was hidden by a moderator."
DELETED = "This post was deleted by its author."


@pytest.mark.parametrize(
    "change, text, more",
    [
        (lambda t, p: services.edit_post(post_number(t, 26), "Жаңа нұсқа"), "Жаңа нұсқа", 1),
        (lambda t, p: services.hide_post(post_number(t, 27), p["moderator"], "Спам"), HIDDEN, 1),
        (lambda t, p: services.unhide_post(post_number(t, 22), p["moderator"], "Қате"), HIDDEN, -1),
        (lambda t, p: services.delete_post(post_number(t, 28), p["author"]), DELETED, 1),
        (lambda t, p: setattr(p["colleague"], "full_name", "Бақыт Нұрланқызы"), "Нұрланқызы", 2),
    ],
    ids=["edited", "hidden", "shown again", "deleted", "author renamed"],
)
def test_a_change_to_a_post_is_seen_at_once(login_as, people, thread, change, text, more):
    client = login_as(people["reader"])
    _page(client, thread)
    before = _page(client, thread)  # from the kept posts
    change(thread, people)
    db.session.commit()
    assert _page(client, thread).count(text) == before.count(text) + more


def test_a_new_reply_is_on_the_last_page_at_once(login_as, people, thread):
    client = login_as(people["reader"])
    assert "Соңғы жауап" not in _page(client, thread, page=3)
    services.reply(thread, people["colleague"], "Соңғы жауап")
    db.session.commit()
    assert "Соңғы жауап" in _page(client, thread, page=3)


def test_the_store_keeps_only_its_size(app, login_as, people, thread):
    app.extensions["fragments"] = FragmentCache(2)
    client = login_as(people["reader"])
    for page in (1, 2, 3):
        _page(client, thread, page)
    assert len(fragments()) == 2


# --- The key is the printed view --------------------------------------------------------------


def _linked_posts(html: str, endpoint: str) -> set[int]:
    """The ids of the posts that ``html`` links to ``endpoint`` (a button of each post)."""
    head, tail = url(endpoint, post_id=987654321).split("987654321")
    return {int(found) for found in re.findall(re.escape(head) + r"(\d+)" + re.escape(tail), html)}


def _leaders_too(rule):
    """The rule, changed so that school leaders may do it to any post."""
    return lambda user, obj: rule(user, obj) or user.role == Role.SCHOOL_LEADER


@pytest.mark.parametrize(
    "action, endpoint, change",
    [
        ("forum.edit_post", "forum.edit_post", _leaders_too),
        ("forum.delete_post", "forum.delete_post", _leaders_too),
        ("forum.moderate", "forum.hide_post", _leaders_too),
        ("forum.report_post", "forum.report_post", lambda rule: lambda user, obj: False),
    ],
    ids=["edit", "delete", "moderate", "report"],
)
def test_a_changed_rule_is_seen_at_once(
    app, login_as, people, thread, monkeypatch, action, endpoint, change
):
    """Nothing in the forum knows how the rules decide: change one in the registry that ``can``
    asks, and the kept page of posts follows."""
    client = login_as(people["leader"])
    with rendered_templates(app) as names:
        _page(client, thread)
        before = _page(client, thread)  # from the kept posts
        monkeypatch.setitem(
            permissions._PERMISSIONS, action, change(permissions._PERMISSIONS[action])
        )
        after = _page(client, thread)
    assert names.count("forum/_posts.html") == 2  # once before the change, once after
    assert _linked_posts(after, endpoint) != _linked_posts(before, endpoint)
    with no_kept_fragments(app):
        assert _same_tokens(_page(client, thread)) == _same_tokens(after)


def test_a_school_leader_allowed_to_edit_gets_the_edit_buttons(
    app, login_as, people, thread, monkeypatch
):
    client = login_as(people["leader"])
    _page(client, thread)
    assert _linked_posts(_page(client, thread), "forum.edit_post") == set()
    edit = permissions._PERMISSIONS["forum.edit_post"]
    monkeypatch.setitem(permissions._PERMISSIONS, "forum.edit_post", _leaders_too(edit))
    page_2 = {post_number(thread, number).id for number in range(21, 41)}
    assert _linked_posts(_page(client, thread), "forum.edit_post") == page_2
    monkeypatch.undo()
    assert _linked_posts(_page(client, thread), "forum.edit_post") == set()


_VIEW = PostView(
    id=7,
    number=3,
    author="Айгүл Серікова",
    created="12.03.2026, 10:15",
    edited=False,
    new=False,
    deleted=False,
    hidden=False,
    body_html="<p>Рубрика</p>",
    hidden_reason="Спам",
    history_url="/forum/p/7/history",
    quote_url="/forum/t/1?page=1&quote=7#reply-form",
    quote_head="> **Айгүл Серікова** [#3](/forum/p/7):",
    edit_url="/forum/p/7/edit",
    delete_url="/forum/p/7/delete",
    moderate_url="/forum/p/7/hide",
    report_url="/forum/p/7/report",
)


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return f"{value}!"


@pytest.mark.parametrize("name", [field.name for field in fields(PostView)])
def test_every_printed_value_is_part_of_the_key(name):
    """Two posts that differ in one printed value, or in whether it is printed, differ in key
    (one field at a time, so a field added to the view is checked too)."""
    page = [_VIEW, replace(_VIEW, id=8, number=4)]
    key = posts_key(page)
    assert posts_key([_VIEW, replace(_VIEW, id=8, number=4)]) == key
    changed = replace(page[1], **{name: _other(getattr(page[1], name))})
    assert posts_key([page[0], changed]) != key
    if isinstance(getattr(_VIEW, name), str):
        assert posts_key([page[0], replace(page[1], **{name: None})]) != key


def test_the_template_prints_the_view_and_nothing_else(app):
    """``forum/_posts.html`` reads only its views' fields, the words of the language and the
    token holes: a value it printed from anywhere else would be missing from the key."""
    env = app.jinja_env
    source = env.loader.get_source(env, "forum/_posts.html")[0]
    tree = env.parse(source)
    loaded = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
    macros = {  # shared macros print only what they are given
        name if isinstance(name, str) else name[-1]
        for node in tree.find_all(nodes.FromImport)
        for name in node.names
    }
    assert macros == {"confirm_button"}
    assert loaded - macros == {"views", "view", "labels", "csrf_token", "token", "_"}
    read = {
        (node.node.name, node.attr)
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name)
    }
    assert {attr for name, attr in read if name == "view"} == {f.name for f in fields(PostView)}
    with app.test_request_context():
        assert {attr for name, attr in read if name == "labels"} <= set(post_labels())
    assert {name for name, _attr in read} == {"view", "labels"}

"""Forum visibility: a network's and a working group's categories are invisible (404) to others,
in pages, in POSTs and in the category index; site-wide ones are open to every member."""

from __future__ import annotations

import re

import pytest

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Post
from intranet.forum.services import visible_category_ids
from tests.forum_data import (
    thread_with_posts,
    two_networks,
    url,
)


@pytest.fixture
def world(factory):
    return two_networks(factory)


def _urls(cat, thread, post_id):
    return {
        "category": url("forum.view_category", category_id=cat.id),
        "new": url("forum.create_thread", category_id=cat.id),
        "thread": url("forum.view_thread", thread_id=thread.id),
        "post": url("forum.view_post", post_id=post_id),
        "edit": url("forum.edit_post", post_id=post_id),
    }


def test_outsider_gets_404_for_everything_in_a_network_category(world, login_as):
    cat = world["network"]
    thread = thread_with_posts(cat, world["member"], 3)
    post_id = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread.id))
    client = login_as(world["outsider"])
    for name, address in _urls(cat, thread, post_id).items():
        assert client.get(address).status_code == 404, name
    posts = {
        "reply": url("forum.reply", thread_id=thread.id),
        "read": url("forum.mark_read", thread_id=thread.id),
        "new": url("forum.create_thread", category_id=cat.id),
        "delete": url("forum.delete_post", post_id=post_id),
        "hide": url("forum.hide_post", post_id=post_id),
    }
    data = {"body": "I am not here", "title": "x", "number": "3", "form_token": "t" * 24}
    for name, address in posts.items():
        assert client.post(address, data=data).status_code == 404, name
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 3


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken"', html)


def test_404_page_gives_no_hint_of_the_category(world, login_as):
    client = login_as(world["outsider"])
    hidden_url = url("forum.view_category", category_id=world["network"].id)
    missing_url = url("forum.view_category", category_id=999_999)
    hidden = client.get(hidden_url).get_data(as_text=True)
    missing = client.get(missing_url).get_data(as_text=True)
    # The pages differ only in the address they echo (the language switcher's "next") and in
    # their CSRF tokens, which carry the second they were signed in.
    assert _without_tokens(hidden.replace(hidden_url, "")) == _without_tokens(
        missing.replace(missing_url, "")
    )
    assert "ШЫҢ" not in hidden


def test_index_lists_only_what_the_reader_may_see(world, login_as):
    outsider = login_as(world["outsider"]).get(url("forum.index")).get_data(as_text=True)
    assert "Жалпы сұрақтар" in outsider and "Лига жобалары" in outsider
    assert "ШЫҢ: сыни ойлау" not in outsider and "Бастауыш сынып" not in outsider

    member = login_as(world["member"]).get(url("forum.index")).get_data(as_text=True)
    assert "ШЫҢ: сыни ойлау" in member and "Жалпы сұрақтар" in member
    assert "Бастауыш сынып" not in member and "Лига жобалары" not in member


def test_working_group_category_is_for_its_members_only(world, login_as):
    address = url("forum.view_category", category_id=world["group"].id)
    assert login_as(world["member"]).get(address).status_code == 404
    assert login_as(world["group_member"]).get(address).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_see_every_category(world, login_as, role):
    client = login_as(role)
    for key in ("site", "network", "group", "other"):
        address = url("forum.view_category", category_id=world[key].id)
        assert client.get(address).status_code == 200, key


def test_moderator_of_another_network_does_not_see_it(world, login_as, factory):
    moderator = factory.user(Role.MODERATOR, school=world["outsider"].school)
    address = url("forum.view_category", category_id=world["network"].id)
    assert login_as(moderator).get(address).status_code == 404


def test_visible_ids_query_matches_the_rule(world, app):
    with app.test_request_context():
        ids = set(db.session.scalars(visible_category_ids(world["member"])))
    assert ids == {world["site"].id, world["network"].id}


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(url("forum.index"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]

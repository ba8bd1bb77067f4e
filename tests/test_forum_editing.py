"""Writing in the forum: edit history (kept, shown to moderators only), the server-side Markdown
preview with and without JS, the draft markup of the reply box, replies that fail keep their
text, and "Load more" on a category's thread list."""

from __future__ import annotations

import re

import pytest

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import THREADS_PER_PAGE, Post
from intranet.forum.moderation_models import PostRevision
from tests.forum_data import (
    KAZAKH_BODY,
    RUSSIAN_BODY,
    category,
    network_with_school,
    post_number,
    thread_with_posts,
    url,
)
from tests.measure import gzip_size

HX = {"HX-Request": "true"}


@pytest.fixture
def teacher(factory):
    return factory.user(Role.TEACHER)


@pytest.fixture
def site(teacher):
    return category("Жалпы талқылау")


def _edit(client, post, body, token):
    return client.post(
        url("forum.edit_post", post_id=post.id), data={"body": body, "form_token": token}
    )


# --- Edit history -----------------------------------------------------------------------------


def test_every_edit_keeps_the_previous_version(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    client = login_as(teacher)
    assert _edit(client, post, "Екінші нұсқа", "a" * 24).status_code == 302
    assert _edit(client, post, "Үшінші **нұсқа**", "b" * 24).status_code == 302
    revisions = db.session.scalars(
        db.select(PostRevision).order_by(PostRevision.edited_at, PostRevision.id)
    ).all()
    assert [r.body for r in revisions] == [KAZAKH_BODY, "Екінші нұсқа"]
    assert revisions[1].body_html == "<p>Екінші нұсқа</p>\n"
    assert all(r.editor_id == teacher.id and r.post_id == post.id for r in revisions)
    db.session.expire_all()
    assert post.body == "Үшінші **нұсқа**" and post.edited_at is not None


def test_history_is_shown_to_moderators_only_and_everyone_sees_edited(
    login_as, teacher, site, factory
):
    thread = thread_with_posts(site, teacher, 1)
    post = post_number(thread, 1)
    _edit(login_as(teacher), post, "Жаңартылған мәтін", "c" * 24)
    history = url("forum.post_history", post_id=post.id)
    thread_page = url("forum.view_thread", thread_id=thread.id)

    moderator = login_as(Role.MODERATOR)
    page = moderator.get(history)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert KAZAKH_BODY in html and "Жаңартылған мәтін" in html
    assert moderator.user.display_name not in html  # the editor shown is the author
    assert teacher.display_name in html
    assert f'href="{history}"' in moderator.get(thread_page).get_data(as_text=True)

    for reader in (login_as(teacher), login_as(factory.user(Role.TEACHER))):
        assert reader.get(history).status_code == 403
        shown = reader.get(thread_page).get_data(as_text=True)
        assert "edited" in shown and history not in shown


def test_history_of_a_post_in_a_hidden_category_is_404(login_as, factory):
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    author = factory.user(Role.TEACHER, school=school)
    thread = thread_with_posts(category("ШЫҢ", network=network), author, 1)
    moderator = login_as(Role.MODERATOR)  # of another school, outside the network
    post = post_number(thread, 1)
    assert moderator.get(url("forum.post_history", post_id=post.id)).status_code == 404


# --- Preview ----------------------------------------------------------------------------------

XSS = "<script>alert(1)</script> **bold** [x](javascript:alert(2)) <img src=x onerror=alert(3)>"


def test_preview_renders_sanitised_markdown_as_a_small_fragment(login_as, teacher):
    response = login_as(teacher).post(url("forum.preview_markdown"), data={"body": XSS}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert "<img" not in html and not re.search(r"<[^>]*onerror", html)
    assert "&lt;script&gt;" in html  # shown as text, not run
    assert len(response.get_data()) <= 3 * 1024
    long = login_as(teacher).post(url("forum.preview_markdown"), data={"body": RUSSIAN_BODY * 10})
    assert gzip_size(long.get_data()) <= 3 * 1024


@pytest.mark.parametrize("where", ["reply", "new_thread", "edit"])
def test_preview_without_js_shows_the_page_again_with_the_text_kept(login_as, teacher, site, where):
    thread = thread_with_posts(site, teacher, 2)
    post = post_number(thread, 2)
    address, data = {
        "reply": (url("forum.reply", thread_id=thread.id), {}),
        "new_thread": (url("forum.create_thread", category_id=site.id), {"title": "Тақырып"}),
        "edit": (url("forum.edit_post", post_id=post.id), {}),
    }[where]
    client = login_as(teacher)
    response = client.post(
        address, data={**data, "body": XSS, "form_token": "p" * 24, "preview": "1"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    preview = html.split('class="preview card"')[1].split("</textarea>")[0]
    assert "<strong>bold</strong>" in preview and "<script" not in preview
    assert html.index('class="preview card"') < html.index("<textarea")
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in textarea
    assert "<script>alert" not in html
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 2  # nothing was posted
    assert db.session.scalar(db.select(db.func.count(PostRevision.id))) == 0
    assert 'name="preview"' in html and url("forum.preview_markdown") in html


# --- Drafts and failed replies ----------------------------------------------------------------


def test_reply_box_carries_the_draft_markup(login_as, teacher, site):
    thread = thread_with_posts(site, teacher, 1)
    html = login_as(teacher).get(url("forum.view_thread", thread_id=thread.id)).get_data(True)
    form = html.split('id="reply-form"')[1].split("</form>")[0]
    assert f'data-draft="{thread.id}"' in form
    restore = re.search(r'<button type="button" class="draft-restore"[^>]*>', form).group(0)
    assert " hidden" in restore
    assert "Restore your unsent text?" in form
    assert "js/forum.js" in html and "<script>" not in html and "style=" not in html


def test_forum_script_keeps_drafts_per_thread(client):
    script = client.get("/static/js/forum.js").get_data(as_text=True)
    for piece in ("localStorage", "data-draft", "htmx:afterRequest", "draft-restore", "hidden"):
        assert piece in script


@pytest.mark.parametrize("htmx", [True, False])
def test_a_refused_reply_comes_back_with_its_text(login_as, teacher, site, htmx):
    thread = thread_with_posts(site, teacher, 1)
    client = login_as(teacher)
    headers = HX if htmx else {}
    too_long = "Сыни ойлау " * 2000
    refused = client.post(
        url("forum.reply", thread_id=thread.id),
        data={"body": too_long, "form_token": "t" * 24},
        headers=headers,
    )
    assert refused.status_code == 200
    assert too_long.strip() in refused.get_data(as_text=True)
    thread.locked = True
    db.session.commit()
    locked = client.post(
        url("forum.reply", thread_id=thread.id),
        data={"body": "Жоғалмайтын мәтін", "form_token": "u" * 24},
        headers=headers,
    )
    html = locked.get_data(as_text=True)
    assert locked.status_code == 200 and "This thread is locked" in html
    assert "Жоғалмайтын мәтін</textarea>" in html
    if htmx:
        assert locked.headers["HX-Retarget"] == "#reply-form"
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 1


# --- Load more --------------------------------------------------------------------------------


def test_load_more_appends_the_next_page_as_a_small_fragment(login_as, teacher, site):
    for n in range(THREADS_PER_PAGE * 2 + 3):
        thread_with_posts(site, teacher, 1, title=f"Тақырып {n:02d}")
    client = login_as(teacher)
    first = client.get(url("forum.view_category", category_id=site.id)).get_data(as_text=True)
    second_url = url("forum.view_category", category_id=site.id, page=2)
    assert f'hx-get="{second_url}"' in first and 'class="pager"' in first  # both ways to page
    fragment = client.get(second_url, headers=HX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert html.count("<li>") == THREADS_PER_PAGE
    assert url("forum.view_category", category_id=site.id, page=3) in html  # the next button
    assert gzip_size(fragment.get_data()) <= 3 * 1024
    last = client.get(url("forum.view_category", category_id=site.id, page=3), headers=HX)
    assert "Load more" not in last.get_data(as_text=True)
    assert last.get_data(as_text=True).count("<li>") == 3

"""Moderation: members report posts under the community rules, moderators work through the
queue in place (hide or dismiss, each audited), and move threads between categories."""

from __future__ import annotations

import re

import pytest

from intranet.accounts.forms import COMMUNITY_RULES
from intranet.accounts.models import Role
from intranet.core.models import AuditEntry
from intranet.extensions import db
from intranet.forum.models import Thread
from intranet.forum.moderation_models import PostReport, ReportStatus
from tests.forum_data import category, network_with_school, post_number, thread_with_posts, url
from tests.measure import gzip_size

HX = {"HX-Request": "true"}
_sequence = iter(range(10**6))


def token() -> str:
    return f"moderation-token-{next(_sequence):08d}"


@pytest.fixture
def author(factory):
    return factory.user(Role.TEACHER, full_name="Гүлжан Әбенова")


@pytest.fixture
def site(author):
    return category("Жалпы талқылау")


@pytest.fixture
def thread(site, author):
    return thread_with_posts(site, author, 3)


def report(client, post, reason="3", comment="", headers=None):
    return client.post(
        url("forum.report_post", post_id=post.id),
        data={"reason": reason, "comment": comment, "form_token": token()},
        headers=headers or {},
    )


def open_reports():
    return db.session.scalars(
        db.select(PostReport).where(PostReport.status == ReportStatus.OPEN)
    ).all()


def audit(action):
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)).all()


# --- Reporting --------------------------------------------------------------------------------


def test_the_reasons_are_the_community_rules_plus_other(login_as, thread):
    post = post_number(thread, 2)
    html = login_as(Role.TEACHER).get(url("forum.report_post", post_id=post.id)).get_data(True)
    values = re.findall(r'name="reason" type="radio" value="([^"]+)"', html) or re.findall(
        r'type="radio"[^>]*value="([^"]+)"', html
    )
    assert values == [str(n) for n in range(1, len(COMMUNITY_RULES) + 1)] + ["other"]
    for rule in COMMUNITY_RULES:
        assert str(rule) in html
    assert "<html" in html  # without JS: a page of its own


@pytest.mark.locale("kk")
def test_the_reasons_read_in_kazakh(login_as, thread):
    post = post_number(thread, 2)
    html = login_as(Role.TEACHER).get(url("forum.report_post", post_id=post.id)).get_data(True)
    assert "Қауымдастықтың әрбір мүшесі" in html or str(COMMUNITY_RULES[0]) in html


def test_reporting_in_place_and_a_second_report_is_refused(login_as, thread):
    post = post_number(thread, 2)
    client = login_as(Role.TEACHER)
    dialog = client.get(url("forum.report_post", post_id=post.id), headers=HX)
    html = dialog.get_data(as_text=True)
    assert "<dialog open" in html and 'method="dialog"' in html and "<html" not in html
    assert f'hx-target="#report-{post.id}"' in html
    assert len(dialog.get_data()) <= 3 * 1024 or gzip_size(dialog.get_data()) <= 3 * 1024

    sent = report(client, post, "4", headers=HX)
    assert sent.status_code == 200 and "Moderators will look" in sent.get_data(as_text=True)
    again = report(client, post, "5", headers=HX)
    assert "You already reported this post" in again.get_data(as_text=True)
    page = client.get(url("forum.report_post", post_id=post.id)).get_data(as_text=True)
    assert "You already reported this post" in page and 'type="radio"' not in page
    [only] = open_reports()
    assert (only.reason, only.reporter_id) == ("4", client.user.id)
    assert [e.actor_id for e in audit("forum.report_post")] == [client.user.id]


def test_report_without_js_redirects_to_the_post(login_as, thread):
    post = post_number(thread, 2)
    response = report(login_as(Role.TEACHER), post, "8")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        url("forum.view_thread", thread_id=thread.id, page=1, _anchor="p2")
    )
    assert len(open_reports()) == 1


def test_other_needs_a_comment_and_an_unknown_reason_is_refused(login_as, thread):
    post = post_number(thread, 1)
    client = login_as(Role.TEACHER)
    bare = report(client, post, "other", headers=HX)
    assert bare.status_code == 200 and "Say what is wrong" in bare.get_data(as_text=True)
    assert report(client, post, "99", headers=HX).status_code == 200
    assert not open_reports()
    assert report(client, post, "other", "Жарнама", headers=HX).status_code == 200
    assert [(r.reason, r.comment) for r in open_reports()] == [("other", "Жарнама")]


def test_nobody_reports_their_own_post_and_the_button_shows_for_others(login_as, thread, author):
    post = post_number(thread, 1)
    mine = login_as(author)
    assert mine.get(url("forum.report_post", post_id=post.id)).status_code == 403
    assert report(mine, post).status_code == 403
    own_page = mine.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert url("forum.report_post", post_id=post.id) not in own_page
    other_page = login_as(Role.TEACHER).get(url("forum.view_thread", thread_id=thread.id))
    html = other_page.get_data(as_text=True)
    assert f'hx-get="{url("forum.report_post", post_id=post.id)}"' in html
    assert f'id="report-{post.id}"' in html


def test_posts_of_a_category_one_cannot_read_cannot_be_reported(login_as, factory):
    network, school = network_with_school(factory, "Лига")
    member = factory.user(Role.TEACHER, school=school)
    post = post_number(thread_with_posts(category("Лига", network=network), member, 1), 1)
    assert report(login_as(Role.TEACHER), post).status_code == 404


# --- The queue --------------------------------------------------------------------------------


def _reports_on(login_as, posts_and_reasons):
    for post, reasons in posts_and_reasons:
        for reason in reasons:
            assert report(login_as(Role.TEACHER), post, reason, "Дөрекі сөз").status_code == 302


def test_queue_groups_reports_per_post_oldest_first(login_as, thread):
    first, second = post_number(thread, 3), post_number(thread, 1)
    _reports_on(login_as, [(first, ["8", "3"]), (second, ["1"])])
    _reports_on(login_as, [(first, ["other"])])
    html = login_as(Role.MODERATOR).get(url("forum.report_queue")).get_data(as_text=True)
    rows = re.findall(r'<li id="report-post-(\d+)"', html)
    assert rows == [str(first.id), str(second.id)]
    first_row = html.split(f'id="report-post-{first.id}"')[1].split("</li>\n</ul>")[0]
    assert "3 reports" in first_row
    assert str(COMMUNITY_RULES[7]) in first_row and str(COMMUNITY_RULES[2]) in first_row
    assert "Other" in first_row and "Дөрекі сөз" in first_row
    assert "1 report" in html.split(f'id="report-post-{second.id}"')[1]


def test_queue_is_for_moderators_and_shows_only_what_they_may_read(login_as, factory, thread):
    network, school = network_with_school(factory, "«ШЫҢ»")
    member = factory.user(Role.TEACHER, school=school)
    hidden_post = post_number(thread_with_posts(category("ШЫҢ", network=network), member, 1), 1)
    open_post = post_number(thread, 2)
    for post in (hidden_post, open_post):
        assert report(login_as(factory.user(Role.TEACHER, school=school)), post).status_code == 302
    assert login_as(Role.TEACHER).get(url("forum.report_queue")).status_code == 403
    assert login_as(Role.SCHOOL_LEADER).get(url("forum.report_queue")).status_code == 403
    outsider = login_as(Role.MODERATOR).get(url("forum.report_queue")).get_data(as_text=True)
    assert f"report-post-{open_post.id}" in outsider
    assert f"report-post-{hidden_post.id}" not in outsider
    coordinator = login_as(Role.COORDINATOR).get(url("forum.report_queue")).get_data(True)
    assert f"report-post-{hidden_post.id}" in coordinator
    assert login_as(Role.ADMIN).get(url("forum.report_queue")).status_code == 200
    moderator = login_as(Role.MODERATOR)
    decide = url("forum.dismiss_reports", post_id=hidden_post.id)
    assert moderator.post(decide, data={"form_token": token()}).status_code == 404


def test_hiding_from_the_queue_swaps_the_row_and_is_audited(login_as, thread):
    post = post_number(thread, 2)
    _reports_on(login_as, [(post, ["3", "7"])])
    moderator = login_as(Role.MODERATOR)
    queue = moderator.get(url("forum.report_queue")).get_data(as_text=True)
    assert f'hx-post="{url("forum.hide_reported_post", post_id=post.id)}"' in queue
    response = moderator.post(
        url("forum.hide_reported_post", post_id=post.id),
        data={"reason": "Ереже 3: құрмет", "form_token": token()},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith(f'<li id="report-post-{post.id}"') and "2 reports are closed" in html
    db.session.expire_all()
    assert post.hidden_at is not None and post.hidden_reason == "Ереже 3: құрмет"
    statuses = db.session.scalars(db.select(PostReport.status)).all()
    assert statuses == [ReportStatus.UPHELD] * 2
    [hidden] = audit("forum.hide_post")
    assert (hidden.actor_id, hidden.reason, hidden.target_id) == (
        moderator.user.id,
        "Ереже 3: құрмет",
        post.id,
    )
    [upheld] = audit("forum.uphold_reports")
    assert upheld.actor_id == moderator.user.id and upheld.detail == "2"
    after = moderator.get(url("forum.report_queue")).get_data(as_text=True)
    assert f"report-post-{post.id}" not in after and "No open reports." in after


def test_hiding_needs_a_reason_and_the_row_comes_back_with_the_error(login_as, thread):
    post = post_number(thread, 2)
    _reports_on(login_as, [(post, ["2"])])
    moderator = login_as(Role.MODERATOR)
    response = moderator.post(
        url("forum.hide_reported_post", post_id=post.id),
        data={"reason": "", "form_token": token()},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Say which rule was broken." in html
    assert "Hide the post" in html
    db.session.expire_all()
    assert post.hidden_at is None and len(open_reports()) == 1


def test_dismissing_closes_the_reports_and_leaves_the_post(login_as, thread):
    post = post_number(thread, 3)
    _reports_on(login_as, [(post, ["5"])])
    moderator = login_as(Role.COORDINATOR)
    data = {"reason": "Ереже бұзылмаған", "form_token": token()}
    response = moderator.post(url("forum.dismiss_reports", post_id=post.id), data=data, headers=HX)
    assert response.status_code == 200 and "1 report is dismissed." in response.get_data(True)
    again = moderator.post(url("forum.dismiss_reports", post_id=post.id), data=data)
    assert again.status_code == 302  # a second tap changes nothing
    db.session.expire_all()
    assert post.hidden_at is None and not open_reports()
    [entry] = audit("forum.dismiss_reports")
    assert (entry.actor_id, entry.reason, entry.detail) == (
        moderator.user.id,
        "Ереже бұзылмаған",
        "1",
    )
    # the same person may report it again later: a new open report
    assert report(login_as(Role.TEACHER), post).status_code == 302


def test_queue_queries_stay_constant_from_3_to_30_reports(
    login_as, factory, thread, site, author, query_counter
):
    moderator = login_as(Role.MODERATOR)
    reporters = [factory.user(Role.TEACHER) for _ in range(30)]
    other = thread_with_posts(site, author, 20, title="Екінші тақырып")
    counts = []
    for total in (3, 30):
        db.session.execute(db.delete(PostReport))
        db.session.commit()
        for n in range(total):
            source = thread if n % 2 else other
            post = post_number(source, n % 3 + 1 if source is thread else n % 20 + 1)
            db.session.add(PostReport(post_id=post.id, reporter_id=reporters[n].id, reason="3"))
            db.session.flush()
        db.session.commit()
        with query_counter() as log:
            response = moderator.get(url("forum.report_queue"))
        assert response.status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] and counts[1] <= 12, counts
    assert gzip_size(response.get_data()) <= 14 * 1024


# --- Moving threads ---------------------------------------------------------------------------


def test_moderator_moves_a_thread_and_it_is_audited(login_as, thread, site):
    target = category("Эссе және рефлексия", position=3)
    category("Мұрағат", archived=True)
    moderator = login_as(Role.MODERATOR)
    page = moderator.get(url("forum.move_thread", thread_id=thread.id)).get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="(\d+)"', page)
    assert options == [str(target.id)]  # neither its own category nor an archived one
    response = moderator.post(
        url("forum.move_thread", thread_id=thread.id),
        data={"category": target.id, "reason": "Тақырыбы эссеге қатысты", "form_token": token()},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).category_id == target.id
    [entry] = audit("forum.move_thread")
    assert entry.actor_id == moderator.user.id and entry.reason == "Тақырыбы эссеге қатысты"
    assert f"{site.id} → {target.id}" in entry.detail
    head = moderator.get(url("forum.view_thread", thread_id=thread.id)).get_data(as_text=True)
    assert url("forum.move_thread", thread_id=thread.id) in head


def test_moving_is_for_moderators_and_only_into_categories_they_can_read(
    login_as, factory, thread, site
):
    target = category("Эссе")
    network, _school = network_with_school(factory, "Лига")
    private = category("Лига", network=network)
    archived = category("Мұрағат", archived=True)
    move = url("forum.move_thread", thread_id=thread.id)

    teacher = login_as(Role.TEACHER)
    assert teacher.get(move).status_code == 403
    data = {"category": target.id, "form_token": token()}
    assert teacher.post(move, data=data).status_code == 403

    moderator = login_as(Role.MODERATOR)
    assert f'value="{private.id}"' not in moderator.get(move).get_data(as_text=True)
    hidden = moderator.post(move, data={"category": private.id, "form_token": token()})
    assert hidden.status_code == 404
    missing = moderator.post(move, data={"category": 999_999, "form_token": token()})
    assert missing.status_code == 404
    refused = moderator.post(move, data={"category": archived.id, "form_token": token()})
    assert refused.status_code == 200 and "archived" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).category_id == site.id
    assert not audit("forum.move_thread")
    coordinator = login_as(Role.COORDINATOR)  # staff read every category
    moved = coordinator.post(move, data={"category": private.id, "form_token": token()})
    assert moved.status_code == 302

"""Shared mechanisms: htmx decisions, one-time form tokens, SQLite settings, safe redirects,
Markdown sanitising, the audit log."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import text

from intranet.accounts.models import AccountAction
from intranet.core import audit
from intranet.core.forms import DuplicateSubmission, spend_form_token
from intranet.core.htmx import wants_fragment
from intranet.core.markdown import render_markdown
from intranet.core.models import AuditEntry, UsedFormToken
from intranet.core.navigation import UrlPattern, page_url, safe_next_url
from intranet.core.params import (
    MAX_PAGE,
    MAX_SEARCH_LENGTH,
    has_forbidden_characters,
    int_arg,
    parse_int,
    search_text,
)
from intranet.extensions import db


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
    ],
)
def test_fragment_only_for_real_htmx_requests(app, headers, expected):
    with app.test_request_context("/", headers=headers):
        assert wants_fragment() is expected


def test_expired_session_sends_htmx_to_the_sign_in_page(client):
    response = client.get("/networks/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_expired_session_redirects_a_plain_request(client):
    response = client.get("/networks/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_form_token_is_spent_once(app):
    spend_form_token("a" * 32)
    db.session.commit()
    with pytest.raises(DuplicateSubmission):
        spend_form_token("a" * 32)
    # The outer transaction survives the conflict.
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(UsedFormToken)) == 1


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/networks/?page=2", "/networks/?page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("/\t/evil.example", "/"),
        ("/forum/\x00", "/"),
        ("/forum/?q=сабақ", "/forum/?q=сабақ"),
    ],
)
def test_next_urls_stay_on_the_site(app, candidate, expected):
    with app.test_request_context("/"):
        assert safe_next_url(candidate) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        (str(10**20), None),
        ("0", None),
        ("-1", None),
        ("1_000", None),
        ("١٢", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_integers_are_read_within_bounds(value, expected):
    assert parse_int(value) == expected


def test_an_integer_argument_falls_back_to_its_default(app):
    with app.test_request_context("/?page=99999999999999999999&grade=12&year=2026"):
        assert int_arg("page", 1, high=MAX_PAGE) == 1
        assert int_arg("grade", high=11) is None
        assert int_arg("year") == 2026
        assert int_arg("missing", 5) == 5


def test_search_text_is_capped_and_cleaned():
    assert search_text("  сабақ\x00жоспары  ") == "сабақ жоспары"
    assert search_text("я" * 60_000) == "я" * MAX_SEARCH_LENGTH
    assert search_text(None) == ""
    assert has_forbidden_characters("a\x00b") and has_forbidden_characters("\x1b[31m")
    assert not has_forbidden_characters("жол\r\n\tжол")


def test_pager_links_keep_filters_but_not_names_url_for_would_misread(app):
    with app.test_request_context("/forum/t/5?page=2&q=x&thread_id=9&_external=1"):
        link = page_url(3)
    assert link.startswith("/forum/t/5?")
    assert "page=3" in link and "q=x" in link
    assert "thread_id" not in link and "http" not in link


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "![a](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="https://x" onclick="alert(1)">x</a>',
    ],
)
def test_markdown_never_lets_script_through(source):
    elements = _elements(render_markdown(source))
    assert "script" not in [tag for tag, _ in elements]
    for _tag, attributes in elements:
        assert not [name for name in attributes if name.startswith("on")]
        for name in ("href", "src"):
            value = (attributes.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), value


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_markdown_images_come_from_this_site_only():
    html = render_markdown("![a](/resources/files/1.png) ![b](https://tracker.example/p.png)")
    sources = [attributes.get("src") for tag, attributes in _elements(html) if tag == "img"]
    assert sources == ["/resources/files/1.png", None]


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("**Сыни ойлау** — [сілтеме](https://example.kz)\n\n- бір\n- екі")
    assert "<strong>Сыни ойлау</strong>" in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>бір</li>" in html


@pytest.mark.parametrize(
    ("source", "levels"),
    [
        ("### Мақсаты\n\nмәтін\n\n### Ережесі", ["h2", "h2"]),
        ("# Бөлім\n\n### Тарау\n\n# Бөлім", ["h2", "h3", "h2"]),
        ("## А\n\n#### Ә\n\n###### Б", ["h2", "h3", "h4"]),
    ],
)
def test_markdown_headings_sit_under_the_page_heading_without_skipping(source, levels):
    html = render_markdown(source)
    assert [tag for tag, _attributes in _elements(html) if tag[0] == "h"] == levels


def test_audit_entries_record_who_what_and_why(app, factory):
    actor = factory.user()
    target = factory.user()
    audit.record(AccountAction.ROLE_CHANGED, target, actor=actor, reason="тест", detail="a→b")
    db.session.commit()
    entry = db.session.scalar(db.select(AuditEntry))
    assert entry.action == "account.role_changed"
    assert (entry.actor_id, entry.target_type, entry.target_id) == (actor.id, "user", target.id)
    assert entry.reason == "тест"


def test_only_a_labelled_action_reaches_the_audit_log(app, factory):
    with pytest.raises(TypeError):
        audit.record("account.role_changed", factory.user())


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.name == "postgresql"
        return
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_writing_requests_take_the_sqlite_write_lock_up_front(app):
    if db.engine.dialect.name != "sqlite":
        return
    seen = []

    from sqlalchemy import event

    def remember(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        with app.test_request_context("/x", method="POST"), db.engine.begin() as connection:
            connection.execute(text("SELECT 1"))
        with app.test_request_context("/x", method="GET"), db.engine.begin() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    begins = [statement for statement in seen if statement.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


@pytest.mark.parametrize(
    ("endpoint", "argument", "values"),
    [
        ("forum.edit_post", "post_id", {}),
        ("forum.view_thread", "quote", {"thread_id": 7, "page": 3, "_anchor": "reply-form"}),
        ("forum.view_thread", "page", {"thread_id": 12}),
    ],
)
def test_a_url_pattern_builds_what_url_for_builds(app, endpoint, argument, values):
    from flask import url_for

    with app.test_request_context("/"):
        pattern = UrlPattern(endpoint, argument, **values)
        for value in (1, 9, 10, 98765, 2_000_000_001):
            assert pattern(value) == url_for(endpoint, **values, **{argument: value})


def test_a_url_pattern_refuses_an_argument_it_cannot_stand_for(app):
    """The placeholder number printed twice (here also as the page) cannot be told apart."""
    with app.test_request_context("/"), pytest.raises(ValueError, match=r"forum\.search"):
        UrlPattern("forum.search", "q", page=9876543210)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_remembered_date_formats_match_flask_babel(make_app, locale):
    from datetime import UTC, date, datetime

    import flask_babel

    from intranet.core import localformat

    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    values = [datetime(2026, 12, 1, 19, 30), datetime(2026, 6, 30, 20, 5, tzinfo=UTC)]
    with app.test_request_context("/"):
        for value in values:
            for format in localformat.WIDTHS:
                assert localformat.format_datetime(value, format) == (
                    flask_babel.format_datetime(value, format)
                )
                assert localformat.format_date(value, format) == (
                    flask_babel.format_date(value, format)
                )
        assert localformat.format_date(date(2027, 3, 22), "long") == flask_babel.format_date(
            date(2027, 3, 22), "long"
        )

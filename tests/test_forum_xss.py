"""User text never reaches a forum page as markup: dozens of XSS payloads, in thread titles, in
Markdown bodies, as raw HTML and as link and image targets, are checked in the parsed pages."""

from __future__ import annotations

from html.parser import HTMLParser

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Thread
from tests.forum_data import (
    category,
    url,
)

RAW_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<div hx-get="/logout" hx-trigger="load">x</div>',
]
QUOTE_BREAKING = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '{{ 7*7 }}"><svg/onload=alert(1)>',
]
MARKDOWN = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[x](<javascript:alert(1)>)",
    '[a](https://example.kz "t\\" onmouseover=\\"alert(1)")',
    '![a](https://example.kz/a.png "t\\" onerror=\\"alert(1)")',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "[x]: javascript:alert(1)\n\n[y][x]",
    '<https://x.kz/"onmouseover="alert(1)>',
    "> <img src=x onerror=alert(1)>",
    "* [list](javascript:alert(1))",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "![x](//evil.example/track.png)",
    "[@Ерлан](javascript:alert(1))",
]
PAYLOADS = RAW_HTML + QUOTE_BREAKING + MARKDOWN

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
FORBIDDEN_TAGS = {"iframe", "svg", "math", "style", "object", "embed", "base", "meta", "frame"}


class Inspector(HTMLParser):
    """Collects everything executable that a page contains."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "body":
            self.in_body = True  # <meta> and the like are the layout's own in <head>
            return
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append(f"script element {attrs}")
        if tag in FORBIDDEN_TAGS and (self.in_body or tag not in {"meta"}):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name == "srcdoc":
                self.problems.append(f"{name} on <{tag}>")
            if name in {"href", "src", "action", "formaction", "data"} and value:
                compact = "".join(value.split()).lower()
                if compact.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value} on <{tag}>")
            if name.startswith("hx-") and tag == "div" and "logout" in (value or ""):
                self.problems.append("user text became an htmx element")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


def test_there_are_more_than_fifty_payloads():
    assert len(PAYLOADS) >= 50


def test_payloads_never_reach_a_page_unescaped(login_as):
    """Each payload as a thread title, an opening post and an htmx reply; every page parsed."""
    cat = category("Ашық алаң")
    writer = login_as(Role.TEACHER)
    found = []
    for n, payload in enumerate(PAYLOADS):
        create = writer.post(
            url("forum.create_thread", category_id=cat.id),
            data={"title": payload[:200], "body": payload, "form_token": f"new-thread-{n:06d}"},
        )
        assert create.status_code == 302, payload
        thread_id = db.session.scalar(db.select(Thread.id).order_by(Thread.id.desc()))
        pages = {
            "reply fragment": writer.post(
                url("forum.reply", thread_id=thread_id),
                data={"body": payload, "form_token": f"reply-token-{n:06d}"},
                headers={"HX-Request": "true"},
            ),
            "thread": writer.get(url("forum.view_thread", thread_id=thread_id)),
        }
        for name, response in pages.items():
            assert response.status_code == 200, (name, payload)
            found += [
                (name, payload, problem) for problem in problems_in(response.get_data(as_text=True))
            ]
    for name in ("index", "category"):
        address = (
            url("forum.index")
            if name == "index"
            else url("forum.view_category", category_id=cat.id)
        )
        found += [
            (name, "*", problem)
            for problem in problems_in(writer.get(address).get_data(as_text=True))
        ]
    assert found == []
    assert db.session.scalar(db.select(db.func.count(Thread.id))) == len(PAYLOADS)


def test_the_inspector_catches_what_it_looks_for():
    bad = '<body><script>x</script><a href=" JavaScript:x" onclick="y">a</a><svg></svg></body>'
    assert len(problems_in(bad)) == 4

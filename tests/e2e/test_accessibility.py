"""axe-core over every kind of page, in Kazakh, at 360 and 1280 px (issue #17, Accessibility).

The demo network (``seed_demo``: the league, «ШЫҢ», the leading school, forum threads with
replies and a quote, essay cycles and essays, resources published and in review, a Lesson Study
with a research lesson and notes, the school year's events) is built on the live server's
database, and every person reads Kazakh. Each role then opens its pages in one browser context
per screen width, and axe-core (the copy bundled with ``axe-playwright-python``) checks each.

The test fails on any serious or critical violation and names its rule, page and elements.
Moderate and minor findings are written to ``test-artifacts/axe-<width>.txt`` for people to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from sqlalchemy import func, update

from intranet.accounts.models import User
from intranet.demo import seed_demo
from intranet.demo.people import DEMO_DOMAIN
from intranet.directions.models import Direction
from intranet.essays.models import Essay, EssayCycle, EssayStatus
from intranet.events.models import Event
from intranet.extensions import db
from intranet.forum.models import Category, Post, Thread
from intranet.lessonstudy.models import LessonStudy, ResearchLesson
from intranet.network.models import Network, NetworkKind
from intranet.resources.models import Resource, ResourceStatus
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import PROJECT_ROOT, sign_in

#: Findings of these impacts fail the test; the others are listed in the report file.
FAILING_IMPACTS = ("serious", "critical")
REPORT_DIR = PROJECT_ROOT / "test-artifacts"

_axe = Axe()


@dataclass
class Visit:
    """One page to check: a name for the messages, its path, and its expected status."""

    name: str
    path: str
    status: int = 200
    prepare: Callable[[Page], None] | None = None


@dataclass
class Tour:
    """The pages one person (or a visitor, ``login`` None) opens, in order."""

    login: str | None
    visits: list[Visit] = field(default_factory=list)


def _first(statement):
    """The first row ``statement`` selects; the demo must have one."""
    row = db.session.scalar(statement.limit(1))
    assert row is not None, f"the demo has no row for {statement}"
    return row


def _refused_sign_in(page: Page) -> None:
    """The sign-in form as it comes back after a wrong password."""
    page.fill("main input[name=email]", f"teacher@{DEMO_DOMAIN}")
    page.fill("main input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _send_empty(page: Page) -> None:
    """The page's form sent empty past the browser's own checks: the server's errors shown."""
    page.evaluate("() => document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    with page.expect_navigation():
        page.locator("main form button.primary").last.click()
    page.locator("main .error").first.wait_for()


def _open_note(page: Page) -> None:
    """The observation composer, opened by tapping the first case pupil."""
    page.locator(".tap-pupil").first.click()
    page.locator(".composer").wait_for()


def _open_delete_dialog(page: Page) -> None:
    """The dialog that asks before a post of one's own is deleted."""
    page.locator("main form[data-confirm] button").first.click()
    page.locator("dialog[open]").wait_for()


def _open_menu(page: Page) -> None:
    """The phone's menu, opened, so that axe reads its links too."""
    summary = page.locator("header details summary")
    if summary.count() and summary.first.is_visible():
        summary.first.click()


def _tours(live_server) -> list[Tour]:
    """Every page kind, each opened by a role that may see it, on the demo's rows."""
    path = live_server.path_for
    leading = _first(db.select(Network).where(Network.kind == NetworkKind.LEADING_SCHOOL))
    shyn = _first(db.select(Network).where(Network.kind == NetworkKind.COMMUNITY))
    league = _first(db.select(Network).where(Network.kind == NetworkKind.LEAGUE))
    category = _first(db.select(Category).where(Category.network_id.is_(None)))
    quoted = _first(db.select(Post).where(Post.body.like("> %")))
    thread_id = quoted.thread_id
    open_post = _first(
        db.select(Post).join(Thread).where(Thread.category_id == category.id).order_by(Post.id)
    )
    study = _first(db.select(LessonStudy).order_by(LessonStudy.id))
    lesson = _first(db.select(ResearchLesson).where(ResearchLesson.study_id == study.id))
    lead = db.session.get(User, study.lead_id)
    own_post = _first(db.select(Post).where(Post.author_id == lead.id).order_by(Post.id))
    teacher = _first(db.select(User).where(User.email == f"teacher@{DEMO_DOMAIN}"))
    open_cycle = _first(
        db.select(EssayCycle).where(EssayCycle.network_id == leading.id).order_by(EssayCycle.id)
    )
    sent_essay = _first(
        db.select(Essay).where(
            Essay.cycle_id == open_cycle.id, Essay.status == EssayStatus.SUBMITTED
        )
    )
    published = _first(
        db.select(Resource)
        .where(Resource.status == ResourceStatus.APPROVED, Resource.author_id == lead.id)
        .order_by(Resource.id)
    )
    in_review = _first(db.select(Resource).where(Resource.status == ResourceStatus.PENDING))
    event = _first(db.select(Event).where(Event.network_id == leading.id).order_by(Event.starts_at))
    direction = _first(db.select(Direction).where(Direction.network_id == league.id))
    db.session.commit()  # no read transaction may hold SQLite's lock while the server writes

    return [
        Tour(
            None,
            [
                Visit("login", path("accounts.login")),
                Visit("login refused", path("accounts.login"), prepare=_refused_sign_in),
                Visit("signup", path("accounts.signup")),
                Visit("signup sent", path("accounts.signup_sent")),
                Visit("certificate check", path("resources.verify_certificate", code="X1")),
                Visit("error 404", "/no-such-page", status=404),
            ],
        ),
        Tour(
            "teacher",
            [
                Visit("home", path("home.home")),
                Visit("home, menu open", path("home.home"), prepare=_open_menu),
                Visit("forum index", path("forum.index")),
                Visit("forum category", path("forum.view_category", category_id=category.id)),
                Visit("new thread", path("forum.create_thread", category_id=category.id)),
                Visit(
                    "new thread, refused",
                    path("forum.create_thread", category_id=category.id),
                    prepare=_send_empty,
                ),
                Visit("forum search", path("forum.search", q="сабақ")),
                Visit("notifications", path("notifications.list_notifications")),
                Visit("profile", path("accounts.profile")),
                Visit("change password", path("accounts.change_password")),
                Visit("person", path("accounts.view_user", user_id=lead.id)),
                Visit("essays index", path("essays.index")),
                Visit("my essays", path("essays.my_history")),
                Visit("essay cycle", path("essays.view_cycle", cycle_id=open_cycle.id)),
                Visit("essay write", path("essays.write_essay", cycle_id=open_cycle.id)),
                Visit("resources library", path("resources.list_resources")),
                Visit("upload", path("resources.upload_resource")),
                Visit("my resources", path("resources.my_resources")),
                Visit("events list", path("events.list_events")),
                Visit("events month", path("events.view_month")),
                Visit("event", path("events.view_event", event_id=event.id)),
                Visit("calendar feed", path("events.view_feed")),
                Visit("networks list", path("network.list_networks")),
                Visit("network", path("network.view_network", network_id=leading.id)),
                Visit("school", path("network.view_school", school_id=teacher.school_id)),
                Visit("leagues", path("directions.list_leagues")),
                Visit("league", path("directions.view_league", league_id=league.id)),
                Visit("direction", path("directions.view_direction", direction_id=direction.id)),
                Visit("lesson studies of the network", path("lessonstudy.list_studies_network")),
                Visit("new lesson study", path("lessonstudy.create_study")),
            ],
        ),
        Tour(
            lead.email.split("@")[0],
            [
                Visit("forum thread with a quote", path("forum.view_thread", thread_id=thread_id)),
                Visit(
                    "forum thread, delete dialog open",
                    path("forum.view_thread", thread_id=own_post.thread_id),
                    prepare=_open_delete_dialog,
                ),
                Visit("delete confirmation", path("forum.delete_post", post_id=own_post.id)),
                Visit("report a post", path("forum.report_post", post_id=quoted.id)),
                Visit(
                    "network with a description",
                    path("network.view_network", network_id=shyn.id),
                ),
                Visit("resource page", path("resources.view_resource", resource_id=published.id)),
                Visit(
                    "publication certificate",
                    path("resources.view_certificate", resource_id=published.id),
                ),
                Visit("lesson study list", path("lessonstudy.list_studies_mine")),
                Visit("lesson study", path("lessonstudy.view_study", study_id=study.id)),
                Visit("edit lesson study", path("lessonstudy.edit_study", study_id=study.id)),
                Visit("new lesson", path("lessonstudy.create_lesson", study_id=study.id)),
                Visit("research lesson", path("lessonstudy.view_lesson", lesson_id=lesson.id)),
                Visit("edit lesson", path("lessonstudy.edit_lesson", lesson_id=lesson.id)),
                Visit("predictions", path("lessonstudy.edit_predictions", lesson_id=lesson.id)),
                Visit("observe", path("lessonstudy.observe_lesson", lesson_id=lesson.id)),
                Visit(
                    "observe, note open",
                    path("lessonstudy.observe_lesson", lesson_id=lesson.id),
                    prepare=_open_note,
                ),
                Visit("debrief", path("lessonstudy.edit_debrief", lesson_id=lesson.id)),
                Visit("lesson study report", path("lessonstudy.view_report", study_id=study.id)),
            ],
        ),
        Tour(
            "coordinator",
            [
                Visit("home of a coordinator", path("home.home")),
                Visit("essay tracking", path("essays.track_cycle", cycle_id=open_cycle.id)),
                Visit("essay", path("essays.view_essay", essay_id=sent_essay.id)),
                Visit("new essay cycle", path("essays.create_cycle")),
                Visit("new essay series", path("essays.create_series")),
                Visit("monitoring overview", path("monitoring.view_overview")),
                Visit("monitoring network", path("monitoring.view_network", network_id=shyn.id)),
                Visit(
                    "monitoring school",
                    path("monitoring.view_school", school_id=teacher.school_id),
                ),
                Visit("events plan", path("events.view_plan", network_id=leading.id)),
                Visit("cyclogram", path("events.view_cyclogram", network_id=leading.id)),
                Visit("school years", path("events.manage_years")),
                Visit("new event", path("events.create_event")),
                Visit("new event, refused", path("events.create_event"), prepare=_send_empty),
                Visit("event of an organiser", path("events.view_event", event_id=event.id)),
                Visit("network for staff", path("network.view_network", network_id=leading.id)),
                Visit("school for staff", path("network.view_school", school_id=teacher.school_id)),
                Visit("edit event", path("events.edit_event", event_id=event.id)),
                Visit("people list", path("accounts.list_users")),
                Visit("person for staff", path("accounts.view_user", user_id=teacher.id)),
                Visit("sign-up requests", path("accounts.signup_queue")),
                Visit("audit log", path("accounts.audit_log")),
                Visit("places", path("network.list_places")),
                Visit("schools", path("network.list_schools")),
                Visit("universities", path("network.list_universities")),
                Visit("new school", path("network.create_school")),
                Visit("edit network", path("network.edit_network", network_id=leading.id)),
                Visit("new working group", path("network.create_group", network_id=leading.id)),
                Visit("forum categories", path("forum.manage_categories")),
                Visit("new direction", path("directions.create_direction", league_id=league.id)),
            ],
        ),
        Tour(
            "moderator",
            [
                Visit("home of a moderator", path("home.home")),
                Visit(
                    "forum thread for a moderator",
                    path("forum.view_thread", thread_id=open_post.thread_id),
                ),
                Visit("review queue", path("resources.review_queue")),
                Visit(
                    "resource in review",
                    path("resources.view_resource", resource_id=in_review.id),
                ),
                Visit("forum reports", path("forum.report_queue")),
                Visit("post history", path("forum.post_history", post_id=open_post.id)),
                Visit("move thread", path("forum.move_thread", thread_id=open_post.thread_id)),
            ],
        ),
        Tour(
            "director",
            [
                Visit("home of a director", path("home.home")),
                Visit("sign-up requests of a school", path("accounts.signup_queue")),
                Visit(
                    "essay tracking of a school",
                    path("essays.track_school", cycle_id=open_cycle.id, school=teacher.school_id),
                ),
                Visit("error 404 signed in", "/no-such-page", status=404),
            ],
        ),
    ]


def _build_demo_in_kazakh() -> None:
    """The demo network on the live server's database (the ``seed`` fixture's app context),
    everyone reading Kazakh."""
    seed_demo()
    db.session.execute(update(User).values(locale="kk"))
    db.session.commit()
    assert db.session.scalar(db.select(func.count(User.id))) > 6


def _findings(page: Page, visit: Visit) -> list[dict]:
    """axe-core's violations on the page, one dict per rule and element."""
    results = _axe.run(page)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                {
                    "impact": violation["impact"],
                    "rule": violation["id"],
                    "page": visit.name,
                    "url": page.url,
                    "target": " ".join(str(part) for part in node["target"]),
                    "summary": node.get("failureSummary", "").replace("\n", " "),
                }
            )
    return found


#: Ids used by more than one element: axe-core 4.12 no longer checks them (only ids that ARIA
#: refers to), yet a label or a hint that points at a repeated id names the wrong control.
_DUPLICATE_IDS_JS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ×${n}`);
}"""


def _duplicate_ids(page: Page, visit: Visit) -> list[dict]:
    """Repeated ids on the page, as findings of their own rule (serious: they fail the test)."""
    return [
        {
            "impact": "serious",
            "rule": "duplicate-id",
            "page": visit.name,
            "url": page.url,
            "target": target,
            "summary": "Fix: give every element its own id",
        }
        for target in page.evaluate(_DUPLICATE_IDS_JS)
    ]


def _write_report(width: int, findings: list[dict]) -> Path:
    """Every finding of one screen width, one line each, in ``test-artifacts/axe-<width>.txt``."""
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    report = REPORT_DIR / f"axe-{width}.txt"
    lines = [
        f"{f['impact']:<9} {f['rule']:<28} {f['page']:<22} {f['target']}  — {f['summary']}"
        for f in sorted(findings, key=lambda f: (f["impact"], f["rule"], f["page"]))
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["360", "1280"])
def test_no_serious_or_critical_violations_on_any_page(live_server, open_page, seed, screen):
    _build_demo_in_kazakh()
    findings: list[dict] = []
    for tour in _tours(live_server):
        page = open_page(screen)
        if tour.login:
            sign_in(page, f"{tour.login}@{DEMO_DOMAIN}", live_server.app.config["DEMO_PASSWORD"])
        for visit in tour.visits:
            response = page.goto(visit.path)
            assert response is not None and response.status == visit.status, (
                f"{visit.name} ({visit.path}) answered {response and response.status}"
            )
            assert page.locator("html").get_attribute("lang") == "kk"
            if visit.prepare:
                visit.prepare(page)
            findings.extend(_findings(page, visit))
            findings.extend(_duplicate_ids(page, visit))
    report = _write_report(screen["viewport"]["width"], findings)
    failing = [f for f in findings if f["impact"] in FAILING_IMPACTS]
    assert not failing, (
        f"{len(failing)} serious or critical axe violations (all in {report}):\n"
        + ("\n".join(f"{f['impact']} {f['rule']} on {f['page']}: {f['target']}" for f in failing))
    )

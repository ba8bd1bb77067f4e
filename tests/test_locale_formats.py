"""Dates, times and numbers by locale (issue #17).

Two halves:

- a check of the source: no template, module or script spells a date pattern (``d.MM.y``,
  ``HH:mm``...), calls ``strftime`` or hard-codes a language tag for the browser's clock; every
  format passed to a date filter is one of ``core.localformat``'s names;
- pages rendered in Kazakh, Russian and English, whose dates are compared with what Babel writes
  for the same value in that language (never with literal strings, which would age).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from babel import dates
from flask import render_template_string, url_for

from intranet.accounts.models import Role
from intranet.config import TIMEZONE
from intranet.core import localformat
from intranet.events import cyclogram
from intranet.events.models import Event, EventKind, SchoolYear
from intranet.extensions import db
from tests import clock
from tests.events_data import community

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("kk", "ru", "en")
ALMATY = ZoneInfo(TIMEZONE)

# --- The source check -------------------------------------------------------------------------

#: A filter given a format: ``|date("long")``, ``|datetime("full", time="short")``, ``|time``.
_FILTER_CALL = re.compile(r"\|\s*(date|datetime|time)\s*\(([^()]*)\)")
#: A Python call of a formatter with a literal format: ``format_date(day, "LLLL y")``.
_PYTHON_CALL = re.compile(r"\bformat_(date|datetime|time)\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_LITERAL = re.compile(r"""["']([^"']*)["']""")
#: The browser's own formatters, whose arguments must give no language tag of their own and
#: must give the schools' time zone.
_JS_CALL = re.compile(r"\b(toLocaleTimeString|toLocaleDateString|toLocaleString|DateTimeFormat)\(")
_LANGUAGE_TAG = re.compile(r"""\(\s*["'][a-z]{2}(-[A-Za-z]+)?["']""")


def _allowed(kind: str) -> frozenset[str]:
    return frozenset(localformat.WIDTHS) if kind == "time" else localformat.DATE_FORMATS


def _call_arguments(text: str, start: int) -> str:
    """The text between the parenthesis opened just before ``start`` and its closing one."""
    depth, position = 1, start
    while depth and position < len(text):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        position += 1
    return text[start : position - 1]


def template_problems(text: str) -> list[str]:
    problems = [f"strftime: {line.strip()}" for line in text.splitlines() if "strftime(" in line]
    for call in _FILTER_CALL.finditer(text):
        kind = call.group(1)
        for literal in _LITERAL.findall(call.group(2)):
            if literal not in _allowed(kind):
                problems.append(f"|{kind}({literal!r})")
    return problems


def python_problems(text: str) -> list[str]:
    problems = [f"strftime: {line.strip()}" for line in text.splitlines() if "strftime(" in line]
    problems += [f"format_skeleton: {line.strip()}" for line in text.splitlines()
                 if "format_skeleton(" in line]  # fmt: skip
    for call in _PYTHON_CALL.finditer(text):
        kind = call.group(1)
        for literal in _LITERAL.findall(call.group(2)):
            if literal not in _allowed(kind):
                problems.append(f"format_{kind}(..., {literal!r})")
    return problems


def script_problems(text: str) -> list[str]:
    problems = []
    for call in _JS_CALL.finditer(text):
        arguments = _call_arguments(text, call.end())
        if _LANGUAGE_TAG.match("(" + arguments):
            problems.append(f"{call.group(1)} with a fixed language: {arguments[:40]}")
        if "timeZone" not in arguments:
            problems.append(f"{call.group(1)} without the schools' time zone: {arguments[:40]}")
    return problems


def _sources(folder: str, suffix: str, *, skip: tuple[str, ...] = ()) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / folder).rglob(f"*{suffix}"))
        if not any(part in path.parts for part in skip)
    ]


def test_no_template_module_or_script_spells_a_date_pattern():
    problems = []
    for path in _sources("templates", ".html"):
        problems += [f"{path.relative_to(ROOT)}: {p}" for p in template_problems(path.read_text())]
    for path in _sources("intranet", ".py"):
        if path.name == "localformat.py":  # the one place that turns names into patterns
            continue
        problems += [f"{path.relative_to(ROOT)}: {p}" for p in python_problems(path.read_text())]
    for path in _sources("intranet/static/js", ".js", skip=("vendor",)):
        problems += [f"{path.relative_to(ROOT)}: {p}" for p in script_problems(path.read_text())]
    assert problems == []


@pytest.mark.parametrize(
    ("check", "source"),
    [
        (template_problems, '{{ year.starts_on|date("d.MM.y") }}'),
        (template_problems, "{{ event.starts_at|datetime('EEEE, d MMMM y, HH:mm') }}"),
        (template_problems, '{{ e.starts_at|datetime("full", time="HH:mm") }}'),
        (template_problems, '{{ rule.start_time.strftime("%H:%M") }}'),
        (template_problems, "{{ url_for('x', m=day.strftime('%Y-%m')) }}"),
        (python_problems, 'format_date(month_date(month), "LLLL y")'),
        (python_problems, 'format_datetime(essay.submitted_at, "yyyy-MM-dd HH:mm")'),
        (python_problems, 'dates.format_skeleton("MMMd", day, locale="kk")'),
        (python_problems, 'f"{day:%d.%m}" + day.strftime("%d.%m")'),
        (script_problems, 'd.toLocaleTimeString("en-GB", { timeZone: zone, hour: "2-digit" })'),
        (script_problems, 'stamp.toLocaleTimeString(locale, { hour: "2-digit" })'),
        (script_problems, 'new Intl.DateTimeFormat("ru", { timeZone: zone })'),
    ],
)
def test_the_check_finds_a_fixed_pattern(check, source):
    assert check(source)


@pytest.mark.parametrize(
    ("check", "source"),
    [
        (template_problems, '{{ d|date("long") }} {{ d|date }} {{ m|date("month_year") }}'),
        (
            template_problems,
            '{{ e.starts_at|datetime("full", time="short") }} {{ e.ends_at|time }}',
        ),
        (template_problems, "{{ url_for('events.view_month', m=previous|month_param) }}"),
        (python_problems, 'format_date(cycle.opens_on, "long") + format_time(moment, "short")'),
        (script_problems, "d.toLocaleTimeString(lang, { timeZone: zone, hour: 'numeric' })"),
    ],
)
def test_the_check_lets_named_formats_pass(check, source):
    assert check(source) == []


def test_a_pattern_given_at_run_time_is_refused(app):
    with app.test_request_context("/"):
        for call in (
            lambda: localformat.format_date(date(2026, 9, 7), "d.MM.y"),
            lambda: localformat.format_datetime(datetime(2026, 9, 7, 9), "EEEE, d MMMM y"),
            lambda: localformat.format_datetime(datetime(2026, 9, 7, 9), "full", time="HH:mm"),
            lambda: localformat.format_time(time(9, 30), "HH:mm"),
        ):
            with pytest.raises(ValueError, match="unknown format"):
                call()


# --- What the named formats write -------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_named_formats_follow_each_locales_cldr_data(make_app, locale):
    """Skeletons come out as Babel writes them, and the month and weekday asked for in full are
    whole words (CLDR's Kazakh month-day-weekday pattern abbreviates the weekday)."""
    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    day = clock.today()
    with app.test_request_context("/"):
        assert localformat.format_date(day, "month_year") == dates.format_skeleton(
            "yMMMM", day, locale=locale
        )
        assert localformat.format_date(day, "numeric") == dates.format_skeleton(
            "yMd", day, locale=locale
        )
        weekday = dates.get_day_names("wide", locale=locale)[day.weekday()]
        month = dates.get_month_names("wide", locale=locale)[day.month]
        alone = dates.get_month_names("wide", context="stand-alone", locale=locale)[day.month]
        full_day = localformat.format_date(day, "weekday_day_month")
        assert weekday in full_day and month in full_day and str(day.year) not in full_day
        assert localformat.format_date(day, "month") == alone
        assert localformat.format_time(time(16, 5)) == dates.format_time(
            time(16, 5), "short", locale=locale
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_a_moment_is_written_in_almaty_whatever_the_servers_zone(make_app, locale):
    """A naive value is UTC; the page shows it in Asia/Almaty."""
    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    moment = clock.now()
    local = moment.replace(tzinfo=UTC).astimezone(ALMATY)
    with app.test_request_context("/"):
        assert localformat.format_time(moment) == dates.format_time(local, "short", locale=locale)
        assert localformat.format_date(moment, "long") == dates.format_date(
            local.date(), "long", locale=locale
        )
        assert localformat.spreadsheet_moment(moment) == local.strftime("%Y-%m-%d %H:%M")


# --- Pages in kk, ru and en -------------------------------------------------------------------


@pytest.fixture
def in_request(app):
    """``url_for`` for the page tests."""
    with app.test_request_context():
        yield


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(ALMATY)


def _world(factory, locale: str):
    """A community whose lead reads ``locale``, a school year around today with one holiday,
    and an event of the network three days ahead."""
    world = community(factory)
    world.lead.locale = locale
    today = clock.today()
    year = cyclogram.create_year(
        "Оқу жылы", today - timedelta(days=60), today + timedelta(days=240)
    )
    cyclogram.add_holiday(year, "Демалыс", today + timedelta(days=10), today + timedelta(days=16))
    start = clock.now().replace(second=0, microsecond=0) + timedelta(days=3)
    event = Event(
        network_id=world.network.id,
        kind=EventKind.MEETING,
        title="Бетпе-бет кездесу",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        organiser_id=world.lead.id,
    )
    db.session.add(event)
    db.session.commit()
    return world, year, event


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize("locale", LOCALES)
def test_the_event_page_writes_the_date_and_times_the_locales_way(factory, login_as, locale):
    world, _year, event = _world(factory, locale)
    client = login_as(world.lead)
    page = client.get(url_for("events.view_event", event_id=event.id)).get_data(as_text=True)
    starts, ends = _local(event.starts_at), _local(event.ends_at)
    assert f'<html lang="{locale}">' in page
    assert dates.format_date(starts.date(), "full", locale=locale) in page
    assert dates.format_time(starts, "short", locale=locale) in page
    assert "–" + dates.format_time(ends, "short", locale=locale) in page


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize("locale", LOCALES)
def test_the_years_page_writes_ranges_the_locales_way(factory, login_as, locale):
    _world(factory, locale)
    year = db.session.scalars(db.select(SchoolYear)).one()
    client = login_as(Role.COORDINATOR, locale=locale)
    page = client.get(url_for("events.manage_years")).get_data(as_text=True)
    assert dates.format_interval(
        year.starts_on, year.ends_on, "yMMMd", locale=locale
    ) in page  # fmt: skip
    holiday = year.holidays[0]
    assert dates.format_interval(holiday.starts_on, holiday.ends_on, "yMMMd", locale=locale) in page
    for term in cyclogram.terms_of(year):
        assert dates.format_interval(term.starts_on, term.ends_on, "yMMMd", locale=locale) in page


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize("locale", LOCALES)
def test_the_plan_page_writes_dates_the_locales_way(factory, login_as, locale):
    world, year, event = _world(factory, locale)
    client = login_as(world.lead)
    page = client.get(
        url_for("events.view_plan", network_id=world.network.id, year=year.id)
    ).get_data(as_text=True)
    shown = dates.format_skeleton("yMd", _local(event.starts_at).date(), locale=locale)
    assert f">{shown}</td>" in page


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize("locale", LOCALES)
def test_the_month_page_names_the_month_the_locales_way(factory, login_as, locale):
    world, _year, _event = _world(factory, locale)
    page = login_as(world.lead).get(url_for("events.view_month")).get_data(as_text=True)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert heading == dates.format_skeleton("yMMMM", clock.today(), locale=locale)


# --- Numbers ----------------------------------------------------------------------------------

_FIGURES = '{% include "monitoring/_figures.html" %}'


@pytest.mark.parametrize(
    ("locale", "grouped"), [("kk", "12\N{NO-BREAK SPACE}000"), ("ru", "12\N{NO-BREAK SPACE}000")]
)
def test_monitoring_figures_are_grouped_as_kazakh_and_russian_write_them(make_app, locale, grouped):
    """CLDR groups thousands with a no-break space in both languages: «12 000», not 12000."""
    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    report = SimpleNamespace(metrics=[SimpleNamespace(label="Forum posts")], totals=[12000])
    report.charts = []
    with app.test_request_context("/"):
        html = render_template_string(_FIGURES, report=report)
        counted = render_template_string(
            '{{ ngettext("%(num)d download", "%(num)d downloads", 12000) }}'
        )
    assert f"<strong>{grouped}</strong>" in html and "12000" not in html
    assert grouped in counted and "12000" not in counted


def test_shares_are_written_with_the_locales_percent_sign(make_app):
    """Russian puts a no-break space before the sign, Kazakh does not."""
    tally = SimpleNamespace(members=4, share=lambda value: value / 4)
    shown = {}
    for locale in ("kk", "ru"):
        app = make_app(BABEL_DEFAULT_LOCALE=locale)
        with app.test_request_context("/"):
            shown[locale] = render_template_string(
                '{% from "_macros/_essays.html" import share %}{{ share(tally, 1) }}', tally=tally
            )
    assert ">25%<" in shown["kk"]
    assert ">25\N{NO-BREAK SPACE}%<" in shown["ru"]

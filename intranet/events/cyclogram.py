"""The cyclogram: school years and holidays, a network's rhythm, and generating its events.

``generate(network, year, term)`` turns the rules into events for one term (or the whole year
when ``term`` is None), skipping the holidays (dates in ``calendar.py``). Each generated event
keeps ``(rule_id, rule_date)``, unique in the table: a second run creates nothing new, and
events already generated (and perhaps edited, or moved) are left alone.

Other features put their own rhythm into the same action through ``register_generator``: the
monthly essay cycle of the cyclogram belongs to the essays feature, which registers a function
``(network, period: Span, holidays: list[Span], actor) -> int`` (the number of things it
created, idempotent like ours); ``generate`` calls every registered generator with the same
period and reports their counts beside its own. A rule of the kind ``MONTHLY_ESSAY`` is the
row that says the network writes the monthly essay: it makes no events here, and the essays
generator (``intranet/essays/cyclogram.py``) turns it into the period's essay cycles. A
cyclogram has at most one such row (``add_essay_rule``).

Dates before today (in Almaty) are skipped unless the planner asks for them (``include_past``):
generating the year in December creates no events for September to November, and hands the
other generators the period from today on (or does not call them when the period is over). The
run counts the event dates it skipped so the planner is told.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from flask_babel import gettext as _

from ..accounts.models import User
from ..core import audit
from ..core.i18n import local_today
from ..core.rules import RuleError
from ..extensions import db
from ..network.models import Network, NetworkSchool
from .calendar import Span, occurrences, terms_between, to_utc, weekly_occurrences
from .models import (
    CyclogramHost,
    CyclogramRule,
    Event,
    EventAction,
    EventKind,
    Frequency,
    Holiday,
    SchoolYear,
)


class CyclogramError(RuleError):
    """A cyclogram rule refused the change."""


Generator = Callable[[Network, Span, list[Span], User | None], int]
_GENERATORS: dict[str, Generator] = {}


def register_generator(name: str, generator: Generator) -> None:
    """Let another feature generate its own part of the cyclogram (e.g. monthly essay cycles)."""
    _GENERATORS[name] = generator


def registered_generators() -> dict[str, Generator]:
    return dict(_GENERATORS)


# --- School years and holidays -----------------------------------------------------------------


def school_years() -> list[SchoolYear]:
    return list(db.session.scalars(db.select(SchoolYear).order_by(SchoolYear.starts_on.desc())))


def _check_year(name: str, starts_on: date, ends_on: date, year: SchoolYear | None = None) -> str:
    """The year's cleaned name, or the rule it breaks; ``year`` is the one being edited."""
    name = name.strip()
    if not name:
        raise CyclogramError(_("Name the school year."), "name")
    if ends_on <= starts_on:
        raise CyclogramError(_("The year must end after it starts."), "ends_on")
    same_name = db.select(SchoolYear.id).where(SchoolYear.name == name)
    if year is not None:
        same_name = same_name.where(SchoolYear.id != year.id)
    if db.session.scalar(same_name):
        raise CyclogramError(_("A school year with this name exists already."), "name")
    return name


def create_year(name: str, starts_on: date, ends_on: date, actor: User | None = None):
    name = _check_year(name, starts_on, ends_on)
    year = SchoolYear(name=name, starts_on=starts_on, ends_on=ends_on)
    db.session.add(year)
    db.session.flush()
    audit.record(EventAction.YEAR_CREATE, year, actor=actor, detail=name)
    return year


def edit_year(
    year: SchoolYear, name: str, starts_on: date, ends_on: date, actor: User | None = None
) -> SchoolYear:
    """Rename the year or move its dates; its holidays must still lie inside it. Events already
    generated keep their dates: generating again adds only what is missing."""
    name = _check_year(name, starts_on, ends_on, year)
    outside = [h.name for h in year.holidays if h.starts_on < starts_on or h.ends_on > ends_on]
    if outside:
        raise CyclogramError(
            _(
                "These holidays would fall outside the year: %(names)s. Change them first.",
                names=", ".join(outside),
            ),
            "starts_on",
        )
    before = f"{year.name}: {year.starts_on}–{year.ends_on}"
    year.name, year.starts_on, year.ends_on = name, starts_on, ends_on
    db.session.flush()
    audit.record(
        EventAction.YEAR_EDIT, year, actor=actor, detail=f"{before} → {starts_on}–{ends_on}"
    )
    return year


def _check_holiday(
    year: SchoolYear, name: str, starts_on: date, ends_on: date, holiday: Holiday | None = None
) -> str:
    """The holidays' cleaned name, or the rule they break; ``holiday`` is the one being edited."""
    name = name.strip()
    if not name:
        raise CyclogramError(_("Name the holidays."), "name")
    if ends_on < starts_on:
        raise CyclogramError(_("The holidays must end on or after their first day."), "ends_on")
    if starts_on < year.starts_on or ends_on > year.ends_on:
        raise CyclogramError(_("The holidays must lie inside the school year."), "starts_on")
    for other in year.holidays:
        if other is not holiday and starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise CyclogramError(_("These dates overlap other holidays."), "starts_on")
    return name


def add_holiday(
    year: SchoolYear, name: str, starts_on: date, ends_on: date, actor: User | None = None
) -> Holiday:
    name = _check_holiday(year, name, starts_on, ends_on)
    holiday = Holiday(year_id=year.id, name=name, starts_on=starts_on, ends_on=ends_on)
    db.session.add(holiday)
    db.session.flush()
    db.session.refresh(year, ["holidays"])
    audit.record(EventAction.HOLIDAY_CREATE, year, actor=actor, detail=name)
    return holiday


def edit_holiday(
    holiday: Holiday, name: str, starts_on: date, ends_on: date, actor: User | None = None
) -> Holiday:
    """Rename the holidays or move their dates, under the rules of ``add_holiday``."""
    year = db.session.get(SchoolYear, holiday.year_id)
    name = _check_holiday(year, name, starts_on, ends_on, holiday)
    before = f"{holiday.name}: {holiday.starts_on}–{holiday.ends_on}"
    holiday.name, holiday.starts_on, holiday.ends_on = name, starts_on, ends_on
    db.session.flush()
    audit.record(
        EventAction.HOLIDAY_EDIT,
        year,
        actor=actor,
        detail=f"{before} → {name}: {starts_on}–{ends_on}",
    )
    return holiday


def remove_holiday(holiday: Holiday, actor: User | None = None) -> None:
    year = db.session.get(SchoolYear, holiday.year_id)
    detail = f"{holiday.name}: {holiday.starts_on}–{holiday.ends_on}"
    db.session.delete(holiday)
    db.session.flush()
    db.session.refresh(year, ["holidays"])
    audit.record(EventAction.HOLIDAY_REMOVE, year, actor=actor, detail=detail)


def year_span(year: SchoolYear) -> Span:
    return Span(year.starts_on, year.ends_on)


def holiday_spans(year: SchoolYear) -> list[Span]:
    return [Span(holiday.starts_on, holiday.ends_on) for holiday in year.holidays]


def terms_of(year: SchoolYear) -> list[Span]:
    return terms_between(year_span(year), holiday_spans(year))


def year_for(day: date) -> SchoolYear | None:
    """The school year a date falls in, else the next one to start."""
    return db.session.scalar(
        db.select(SchoolYear)
        .where(SchoolYear.ends_on >= day)
        .order_by(SchoolYear.starts_on)
        .limit(1)
    )


# --- Rules ---------------------------------------------------------------------------------


@dataclass
class RuleFields:
    kind: EventKind
    title: str
    frequency: Frequency
    weekday: int
    start_time: time
    duration_minutes: int
    week_of_month: int = 1
    purpose: str = ""
    expected_result: str = ""
    resources: str = ""
    responsible: str = ""
    place: str = ""
    online_link: str = ""
    host_school_ids: list[int] = field(default_factory=list)


def rules_of(network: Network) -> list[CyclogramRule]:
    return list(
        db.session.scalars(
            db.select(CyclogramRule)
            .where(CyclogramRule.network_id == network.id)
            .order_by(CyclogramRule.created_at, CyclogramRule.id)
        )
    )


def add_rule(network: Network, fields: RuleFields, actor: User | None = None) -> CyclogramRule:
    if not fields.title.strip():
        raise CyclogramError(_("Give the rule a title."), "title")
    if not 0 <= fields.weekday <= 6:
        raise CyclogramError(_("Choose a weekday."), "weekday")
    if not 1 <= fields.week_of_month <= 5:
        raise CyclogramError(_("Choose a week of the month."), "week_of_month")
    if not 10 <= fields.duration_minutes <= 600:
        raise CyclogramError(_("An event lasts from 10 minutes to 10 hours."), "duration_minutes")
    if fields.online_link and not fields.online_link.startswith(("https://", "http://")):
        raise CyclogramError(_("An online link starts with https://."), "online_link")
    school_ids = set(
        db.session.scalars(
            db.select(NetworkSchool.school_id).where(NetworkSchool.network_id == network.id)
        )
    )
    if any(school_id not in school_ids for school_id in fields.host_school_ids):
        raise CyclogramError(_("The host school must be a school of the network."), "hosts")
    rule = CyclogramRule(
        network_id=network.id,
        kind=fields.kind,
        title=fields.title.strip(),
        purpose=fields.purpose.strip(),
        expected_result=fields.expected_result.strip(),
        resources=fields.resources.strip(),
        responsible=fields.responsible.strip(),
        frequency=fields.frequency,
        weekday=fields.weekday,
        week_of_month=fields.week_of_month,
        start_time=fields.start_time,
        duration_minutes=fields.duration_minutes,
        place=fields.place.strip(),
        online_link=fields.online_link.strip(),
    )
    rule.hosts = [
        CyclogramHost(school_id=school_id, position=position)
        for position, school_id in enumerate(dict.fromkeys(fields.host_school_ids))
    ]
    db.session.add(rule)
    db.session.flush()
    audit.record(EventAction.ADD_RULE, rule, actor=actor, detail=rule.title)
    return rule


def essay_rule_of(network: Network) -> CyclogramRule | None:
    """The network's monthly essay row, if its cyclogram has one."""
    return db.session.scalar(
        db.select(CyclogramRule)
        .where(
            CyclogramRule.network_id == network.id,
            CyclogramRule.kind == EventKind.MONTHLY_ESSAY,
        )
        .order_by(CyclogramRule.id)
        .limit(1)
    )


def add_essay_rule(
    network: Network, title: str, prompt: str, actor: User | None = None
) -> CyclogramRule:
    """Put the monthly essay into the cyclogram: ``title`` and ``prompt`` of its cycles (the
    weekday and time are unused: the essays feature sets the due dates)."""
    if essay_rule_of(network) is not None:
        raise CyclogramError(_("The cyclogram has the monthly essay already."), "title")
    fields = RuleFields(
        kind=EventKind.MONTHLY_ESSAY,
        title=title,
        frequency=Frequency.MONTHLY,
        weekday=0,
        start_time=time(0, 0),
        duration_minutes=60,
        purpose=prompt,
    )
    return add_rule(network, fields, actor)


def delete_rule(rule: CyclogramRule, actor: User | None = None) -> None:
    """Remove a rule; the events it generated stay (they forget the rule)."""
    audit.record(EventAction.DELETE_RULE, rule, actor=actor, detail=rule.title)
    db.session.delete(rule)
    db.session.flush()


def rule_dates(rule: CyclogramRule, year: SchoolYear) -> list[date]:
    """Every date ``rule`` gives in ``year`` (see ``calendar.py`` for the rhythms)."""
    span, holidays = year_span(year), holiday_spans(year)
    frequency = Frequency(rule.frequency)
    if frequency.months == 0:
        step = 1 if frequency == Frequency.WEEKLY else 2
        return weekly_occurrences(
            step_weeks=step, weekday=rule.weekday, year=span, holidays=holidays
        )
    return occurrences(
        months=frequency.months,
        weekday=rule.weekday,
        week_of_month=rule.week_of_month,
        year=span,
        holidays=holidays,
    )


# --- Generating --------------------------------------------------------------------------------


@dataclass
class Generated:
    """What a run made: its events, the event dates it skipped as past, the other generators'
    counts by name, and the period asked for."""

    events: list[Event]
    period: Span
    others: dict[str, int] = field(default_factory=dict)
    skipped_past: int = 0


def period_of(year: SchoolYear, term: int | None) -> Span:
    """The whole year (``term`` None) or its ``term``-th term, counting from 1."""
    if term is None:
        return year_span(year)
    terms = terms_of(year)
    if not 1 <= term <= len(terms):
        raise CyclogramError(_("This school year has no such term."), "period")
    return terms[term - 1]


def generate(
    network: Network,
    year: SchoolYear,
    term: int | None = None,
    actor: User | None = None,
    *,
    include_past: bool = False,
) -> Generated:
    """Create the events of ``network``'s rules for a term or a year; idempotent.

    Dates before today (Almaty) are skipped and counted unless ``include_past``; today's are
    created. The network's row is locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; on
    SQLite the request holds the write lock already), so two runs at once create each event once.
    """
    # The id alone: the network's eager outer joins cannot be locked on PostgreSQL.
    db.session.execute(db.select(Network.id).where(Network.id == network.id).with_for_update())
    if network.archived:
        raise CyclogramError(_("This network is archived."))
    period = period_of(year, term)
    rules = [rule for rule in rules_of(network) if rule.kind != EventKind.MONTHLY_ESSAY]
    first_day = period.starts_on if include_past else max(period.starts_on, local_today())
    existing = set(
        db.session.execute(
            db.select(Event.rule_id, Event.rule_date).where(
                Event.rule_id.in_([rule.id for rule in rules])
            )
        )
    )
    created, skipped_past = [], 0
    for rule in rules:
        hosts = [host.school_id for host in rule.hosts]
        for number, day in enumerate(rule_dates(rule, year)):
            if day not in period or (rule.id, day) in existing:
                continue
            if day < first_day:
                skipped_past += 1
                continue
            starts_at = to_utc(day, rule.start_time)
            event = Event(
                network_id=network.id,
                kind=rule.kind,
                title=rule.title,
                purpose=rule.purpose,
                expected_result=rule.expected_result,
                resources=rule.resources,
                responsible=rule.responsible,
                host_school_id=hosts[number % len(hosts)] if hosts else None,
                place=rule.place,
                online_link=rule.online_link,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=rule.duration_minutes),
                organiser_id=getattr(actor, "id", None),
                rule_id=rule.id,
                rule_date=day,
            )
            db.session.add(event)
            created.append(event)
    db.session.flush()
    others = _run_other_generators(network, Span(first_day, period.ends_on), year, actor)
    if created or any(others.values()):  # a run that adds nothing leaves no trace
        audit.record(
            EventAction.GENERATE,
            network,
            actor=actor,
            detail=f"{year.name} {term or 'year'}: {len(created)}",
        )
    return Generated(created, period, others, skipped_past)


def _run_other_generators(
    network: Network, period: Span, year: SchoolYear, actor: User | None
) -> dict[str, int]:
    """Every registered generator's count for ``period``; nothing when the period is over."""
    generators = registered_generators()
    if period.ends_on < period.starts_on:
        return dict.fromkeys(generators, 0)
    holidays = holiday_spans(year)
    return {
        name: generator(network, period, holidays, actor) for name, generator in generators.items()
    }

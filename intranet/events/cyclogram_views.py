"""A network's cyclogram (its rules and the "generate" action), its plan table, and the school
years with their holidays (shared by every network)."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.i18n import local_today
from ..core.pages import render_confirm_page, render_form_page
from ..core.params import int_arg
from ..extensions import db
from . import cyclogram, services
from .access import network_or_404
from .forms import (
    EssayRuleForm,
    GenerateForm,
    HolidayForm,
    RemoveForm,
    RuleForm,
    YearForm,
    choices,
)
from .models import (
    CyclogramRule,
    EventKind,
    Frequency,
    Holiday,
    SchoolYear,
)


def _period_choices():
    return choices(
        [("year", _("The whole year"))]
        + [(str(n), _("Term %(number)d", number=n)) for n in range(1, 5)]
    )


def _rule_form(network, formdata=True) -> RuleForm:
    form = RuleForm() if formdata else RuleForm(formdata=None)
    form.hosts.choices = choices(
        (school.id, school.name) for school in services.network_schools(network)
    )
    return form


def _generate_form(years, formdata=True) -> GenerateForm:
    form = GenerateForm() if formdata else GenerateForm(formdata=None)
    form.year.choices = choices((year.id, year.name) for year in years)
    form.period.choices = _period_choices()
    return form


def _render_cyclogram(network, rule_form=None, generate_form=None, essay_form=None):
    years = cyclogram.school_years()
    rules = cyclogram.rules_of(network)
    essay_rule = next((rule for rule in rules if rule.kind == EventKind.MONTHLY_ESSAY), None)
    return render_template(
        "events/cyclogram.html",
        network=network,
        rules=[rule for rule in rules if rule is not essay_rule],
        essay_rule=essay_rule,
        essay_form=essay_form or EssayRuleForm(formdata=None),
        rule_form=rule_form or _rule_form(network, formdata=False),
        generate_form=generate_form or _generate_form(years, formdata=False),
        years=years,
        can_manage_years=can(current_user, "events.manage_years"),
        token=new_form_token,
    )


def view_cyclogram(network_id: int):
    network = network_or_404(network_id)
    require(current_user, "events.manage", network)
    return _render_cyclogram(network)


def _rule_fields(form) -> cyclogram.RuleFields:
    return cyclogram.RuleFields(
        kind=EventKind(form.kind.data),
        title=form.title.data or "",
        frequency=Frequency(form.frequency.data),
        weekday=form.weekday.data,
        week_of_month=form.week_of_month.data,
        start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data,
        purpose=form.purpose.data or "",
        expected_result=form.expected_result.data or "",
        resources=form.resources.data or "",
        responsible=form.responsible.data or "",
        place=form.place.data or "",
        online_link=form.online_link.data or "",
        host_school_ids=list(form.hosts.data or []),
    )


def add_rule(network_id: int):
    network = network_or_404(network_id)
    require(current_user, "events.manage", network)
    form = _rule_form(network)
    outcome, _rule = perform(
        form, lambda: cyclogram.add_rule(network, _rule_fields(form), current_user)
    )
    if outcome is not Outcome.INVALID:
        return redirect(url_for("events.view_cyclogram", network_id=network.id))
    return _render_cyclogram(network, rule_form=form)


def add_essay_rule(network_id: int):
    network = network_or_404(network_id)
    require(current_user, "events.manage", network)
    form = EssayRuleForm()
    outcome, _rule = perform(
        form,
        lambda: cyclogram.add_essay_rule(
            network, form.title.data or "", form.prompt.data or "", current_user
        ),
    )
    if outcome is Outcome.DONE:
        return redirect(url_for("events.view_cyclogram", network_id=network.id) + "#essay")
    if outcome is Outcome.REPEATED:
        return redirect(url_for("events.view_cyclogram", network_id=network.id))
    return _render_cyclogram(network, essay_form=form)


def _generated_message(generated) -> str:
    """What a run created: events, and the essay cycles when the cyclogram has the essay; and
    how many event dates it skipped because they have passed."""
    count = len(generated.events)
    cycles = generated.others.get("essays", 0)
    skipped = generated.skipped_past
    if not count and not cycles and not skipped:
        return _("Nothing new: these events exist already.")
    parts = [
        ngettext("%(num)d event generated.", "%(num)d events generated.", count) % {"num": count}
    ]
    if cycles:
        parts.append(
            ngettext("%(num)d essay cycle opened.", "%(num)d essay cycles opened.", cycles)
            % {"num": cycles}
        )
    if skipped:
        parts.append(
            ngettext(
                "%(num)d event on a date that has passed was skipped.",
                "%(num)d events on dates that have passed were skipped.",
                skipped,
            )
            % {"num": skipped}
        )
    return " ".join(parts)


def delete_rule(network_id: int, rule_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes. A
    rule removed already is simply gone: a second tap lands back on the cyclogram."""
    network = network_or_404(network_id)
    require(current_user, "events.manage", network)
    back = url_for("events.view_cyclogram", network_id=network.id)
    rule = db.session.get(CyclogramRule, rule_id)
    if rule is None:
        return redirect(back)
    if rule.network_id != network.id:
        abort(404)
    form = RemoveForm()
    if request.method == "GET":
        return render_confirm_page(
            form,
            question=_("Remove this rule from the cyclogram?"),
            confirm_label=_("Remove"),
            cancel_url=back,
            excerpt=rule.title,
        )
    perform(form, lambda: cyclogram.delete_rule(rule, current_user))
    return redirect(back)


def generate_events(network_id: int):
    network = network_or_404(network_id)
    require(current_user, "events.manage", network)
    form = _generate_form(cyclogram.school_years())

    def generate():
        year = db.session.get(SchoolYear, form.year.data)
        term = None if form.period.data == "year" else int(form.period.data)
        generated = cyclogram.generate(
            network, year, term, current_user, include_past=form.include_past.data
        )
        return year, generated

    outcome, result = perform(form, generate)
    if outcome is Outcome.DONE:
        year, generated = result
        flash(_generated_message(generated), "success")
        return redirect(url_for("events.view_plan", network_id=network.id, year=year.id))
    if outcome is Outcome.REPEATED:
        return redirect(url_for("events.view_cyclogram", network_id=network.id))
    return _render_cyclogram(network, generate_form=form)


def view_plan(network_id: int):
    network = network_or_404(network_id)
    years = cyclogram.school_years()
    wanted = int_arg("year")
    year = next((y for y in years if y.id == wanted), None) or cyclogram.year_for(local_today())
    events = services.network_plan(network, year.starts_on, year.ends_on) if year else []
    return render_template(
        "events/plan.html",
        network=network,
        year=year,
        years=years,
        events=events,
        month_openers=services.month_openers(events),
        can_manage=can(current_user, "events.manage", network),
    )


def _render_years(year_form=None, holiday_form=None, holiday_year_id=None):
    return render_template(
        "events/years.html",
        years=cyclogram.school_years(),
        year_form=year_form or YearForm(formdata=None),
        holiday_form=holiday_form,
        holiday_year_id=holiday_year_id,
        cyclogram=cyclogram,
        holiday_form_for=lambda _year: HolidayForm(formdata=None),
        token=new_form_token,
    )


def manage_years():
    require(current_user, "events.manage_years")
    form = YearForm()
    outcome, _year = perform(
        form,
        lambda: cyclogram.create_year(
            form.name.data, form.starts_on.data, form.ends_on.data, current_user
        ),
    )
    if outcome is not Outcome.INVALID:
        return redirect(url_for("events.manage_years"))
    return _render_years(year_form=form if request.method == "POST" else None)


def add_holiday(year_id: int):
    require(current_user, "events.manage_years")
    year = db.get_or_404(SchoolYear, year_id)
    form = HolidayForm()
    outcome, _holiday = perform(
        form,
        lambda: cyclogram.add_holiday(
            year, form.name.data, form.starts_on.data, form.ends_on.data, current_user
        ),
    )
    if outcome is not Outcome.INVALID:
        return redirect(_years_url(year.id))
    return _render_years(holiday_form=form, holiday_year_id=year.id)


def _years_url(year_id: int) -> str:
    return url_for("events.manage_years") + f"#year-{year_id}"


def _edit_dates(form, change, *, saved: str, title: str, back_url: str):
    """Correct a school year or holidays: ``change(name, starts_on, ends_on, actor)``."""
    outcome, _result = perform(
        form,
        lambda: change(form.name.data, form.starts_on.data, form.ends_on.data, current_user),
    )
    if outcome is Outcome.DONE:
        flash(saved, "success")
    if outcome is not Outcome.INVALID:
        return redirect(back_url)
    return render_form_page(
        form,
        title=title,
        subtitle=_("Events generated already keep their dates."),
        cancel_url=back_url,
        submit_label=_("Save"),
    )


def edit_year(year_id: int):
    require(current_user, "events.manage_years")
    year = db.get_or_404(SchoolYear, year_id)
    return _edit_dates(
        YearForm(obj=year),
        partial(cyclogram.edit_year, year),
        saved=_("The school year is saved."),
        title=_("Edit the school year"),
        back_url=_years_url(year.id),
    )


def edit_holiday(holiday_id: int):
    require(current_user, "events.manage_years")
    holiday = db.get_or_404(Holiday, holiday_id)
    return _edit_dates(
        HolidayForm(obj=holiday),
        partial(cyclogram.edit_holiday, holiday),
        saved=_("The holidays are saved."),
        title=_("Edit the holidays"),
        back_url=_years_url(holiday.year_id),
    )


def remove_holiday(holiday_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes."""
    require(current_user, "events.manage_years")
    holiday = db.get_or_404(Holiday, holiday_id)
    year_id = holiday.year_id
    form = RemoveForm()
    if request.method == "GET":
        return render_confirm_page(
            form,
            question=_("Remove these holidays?"),
            confirm_label=_("Remove"),
            cancel_url=_years_url(year_id),
            excerpt=holiday.name,
        )
    outcome, _result = perform(form, lambda: cyclogram.remove_holiday(holiday, current_user))
    if outcome is Outcome.DONE:
        flash(_("The holidays are removed."), "success")
    return redirect(_years_url(year_id))

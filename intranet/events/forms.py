"""Event forms. Every one that changes something is a ``OnceForm``: a second tap does nothing.

Choices that depend on the data (networks, schools, years, people) are filled in by the view.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ..core.forms import OnceForm
from .models import EventKind, Frequency, OutcomeKind, Weekday, WeekOfMonth

TEXT = [Optional(), Length(max=4000)]


def choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs from the database as the choices of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


def _kind_choices():
    """The kinds of events (the monthly essay is a cyclogram row of its own, not an event)."""
    return EventKind.choices(kind for kind in EventKind if kind != EventKind.MONTHLY_ESSAY)


class EventForm(OnceForm):
    network = SelectField(_l("Network"), coerce=int, choices=[], validate_choice=True)
    kind = SelectField(_l("Form"), choices=_kind_choices())
    title = StringField(
        _l("Topic"), validators=[DataRequired(_l("Give the event a title.")), Length(max=200)]
    )
    day = DateField(_l("Date"), validators=[DataRequired(_l("Choose the date."))])
    start = TimeField(_l("Starts at"), validators=[DataRequired(_l("Choose the time."))])
    end = TimeField(_l("Ends at"), validators=[DataRequired(_l("Choose the time."))])
    purpose = TextAreaField(_l("Purpose"), validators=TEXT)
    expected_result = TextAreaField(_l("Expected result"), validators=TEXT)
    resources = TextAreaField(_l("Resources needed"), validators=TEXT)
    responsible = StringField(_l("Responsible"), validators=[Optional(), Length(max=300)])
    host_school = SelectField(_l("Host school"), coerce=int, choices=[], validate_choice=True)
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])


class RsvpForm(OnceForm):
    """Going (1) or not going (0): the wanted state, so a stale tab cannot flip it."""

    going = HiddenField(validators=[AnyOf(["0", "1"])])


class AttendanceForm(OnceForm):
    attended = SelectMultipleField(_l("Present"), coerce=int, choices=[], validate_choice=False)


class OutcomeForm(OnceForm):
    kind = SelectField(
        _l("Kind"),
        choices=OutcomeKind.choices(),
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the outcome a title.")), Length(max=200)]
    )
    url = StringField(_l("Link"), validators=[Optional(), Length(max=500)])
    note = TextAreaField(_l("Note"), validators=TEXT)


class RuleForm(OnceForm):
    kind = SelectField(_l("Form"), choices=_kind_choices())
    title = StringField(
        _l("Topic"), validators=[DataRequired(_l("Give the rule a title.")), Length(max=200)]
    )
    frequency = SelectField(
        _l("How often"),
        choices=Frequency.choices(),
    )
    weekday = SelectField(_l("Weekday"), coerce=int, choices=Weekday.choices())
    week_of_month = SelectField(
        _l("Week of the month (monthly rhythms)"),
        coerce=int,
        choices=WeekOfMonth.choices(),
    )
    start_time = TimeField(_l("Starts at"), validators=[DataRequired(_l("Choose the time."))])
    duration_minutes = IntegerField(
        _l("Duration, minutes"), default=60, validators=[DataRequired(), NumberRange(10, 600)]
    )
    purpose = TextAreaField(_l("Purpose"), validators=TEXT)
    expected_result = TextAreaField(_l("Expected result"), validators=TEXT)
    resources = TextAreaField(_l("Resources needed"), validators=TEXT)
    responsible = StringField(_l("Responsible"), validators=[Optional(), Length(max=300)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    hosts = SelectMultipleField(
        _l("Host schools, in turn"), coerce=int, choices=[], validate_choice=True
    )


class CancelEventForm(OnceForm):
    """Call the event off: ``confirm`` says so, so an empty POST does nothing."""

    confirm = HiddenField(validators=[AnyOf(["1"])])


class RemoveForm(OnceForm):
    """Only the one-time token: what is removed (a cyclogram rule, holidays) is in the URL."""


class EssayRuleForm(OnceForm):
    """The monthly essay row of a cyclogram: the cycles' title and their prompt."""

    title = StringField(
        _l("Essay title"),
        validators=[DataRequired(_l("Give the rule a title.")), Length(max=150)],
    )
    prompt = TextAreaField(_l("Prompt"), validators=TEXT)


class GenerateForm(OnceForm):
    """The period to generate; dates that have passed only when ``include_past`` is ticked."""

    year = SelectField(_l("School year"), coerce=int, choices=[], validate_choice=True)
    period = SelectField(_l("Period"), choices=[], validate_choice=True)
    include_past = BooleanField(_l("Also create events on dates that have passed"))


class YearForm(OnceForm):
    name = StringField(
        _l("School year"), validators=[DataRequired(_l("Name the school year.")), Length(max=40)]
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Choose the date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Choose the date."))])


class HolidayForm(OnceForm):
    name = StringField(
        _l("Name of the holidays"),
        validators=[DataRequired(_l("Name the holidays.")), Length(max=120)],
    )
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("Choose the date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Choose the date."))])


class FeedForm(OnceForm):
    """Make a new feed address, or revoke it: which one is said, so an empty POST does nothing."""

    action = HiddenField(validators=[AnyOf(["issue", "revoke"])])

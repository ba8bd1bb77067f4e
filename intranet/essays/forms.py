"""Essay forms. Every one that changes something is a ``OnceForm``: a second tap does nothing.

The essay form is the exception that proves the rule: saving a draft sets the text, so a
repeated save is harmless and autosave reuses the page's token; only a submission spends it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.forms import OnceForm
from ..core.i18n import local_today
from .models import (
    DEFAULT_EXPECTED_SENTENCES,
    MAX_ESSAY_LENGTH,
    CycleVisibility,
    EssayLanguage,
    Standing,
)
from .schoolyear import planned_school_year


class _CycleFields(OnceForm):
    network = SelectField(_l("Network"), choices=[], coerce=int, validate_choice=True)
    prompt = TextAreaField(
        _l("Prompt"), validators=[DataRequired(_l("Write the prompt.")), Length(max=5000)]
    )
    expected_sentences = IntegerField(
        _l("Expected length (sentences)"),
        default=DEFAULT_EXPECTED_SENTENCES,
        validators=[DataRequired(), NumberRange(1, 100)],
    )
    visibility = SelectField(
        _l("Who reads the submitted essays"),
        choices=CycleVisibility.choices(),
        default=CycleVisibility.COMMUNITY.value,
    )


class CycleForm(_CycleFields):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the cycle a title.")), Length(max=200)]
    )
    opens_on = DateField(_l("Opens on"), validators=[DataRequired(_l("Choose a date."))])
    due_on = DateField(_l("Due date"), validators=[DataRequired(_l("Choose a date."))])
    cutoff_on = DateField(
        _l("Cut-off date (late essays accepted until then)"),
        validators=[DataRequired(_l("Choose a date."))],
    )


def _school_years():
    year = local_today().year
    return [SelectChoice(start, f"{start}–{start + 1}") for start in range(year - 1, year + 2)]


class SeriesForm(_CycleFields):
    title = StringField(
        _l("Title (the month is added)"),
        validators=[DataRequired(_l("Give the cycles a title.")), Length(max=160)],
    )
    first_year = SelectField(_l("School year"), choices=[], coerce=int, validate_choice=True)
    due_day = IntegerField(
        _l("Due day of each month"), default=25, validators=[DataRequired(), NumberRange(1, 31)]
    )
    grace_days = IntegerField(
        _l("Days after the due date when late essays are still accepted"),
        default=5,
        validators=[Optional(), NumberRange(0, 60)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_year.choices = _school_years()
        if self.first_year.data is None:
            self.first_year.data = planned_school_year(local_today())


class EssayForm(OnceForm):
    body = TextAreaField(_l("Your essay"), validators=[Length(max=MAX_ESSAY_LENGTH)])
    own_work = BooleanField(_l("I confirm that this essay is my own work."))


class ResponseForm(OnceForm):
    body = TextAreaField(
        _l("Message"), validators=[DataRequired(_l("Write something first.")), Length(max=5000)]
    )


class WithdrawForm(OnceForm):
    """Only the one-time token: the essay comes from the URL."""


class FilterForm:
    """The choices of a cycle's list filters (read from the query string, never saved)."""

    @staticmethod
    def standing_choices():
        return Standing.choices((Standing.ON_TIME, Standing.LATE))

    @staticmethod
    def language_choices():
        return EssayLanguage.choices()

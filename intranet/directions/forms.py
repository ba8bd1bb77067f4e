"""Forms of the league's directions; every one that changes something is a one-time form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.forms import OnceForm


class DirectionForm(OnceForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    school_id = SelectField(_l("Owning school"), coerce=int, validators=[InputRequired()])
    description = TextAreaField(
        _l("Description (Markdown)"), validators=[Optional(), Length(max=20_000)]
    )


class TargetForm(OnceForm):
    directions = IntegerField(
        _l("Directions"), validators=[InputRequired(), NumberRange(min=1, max=1000)]
    )
    schools = IntegerField(
        _l("Schools that adopt them"), validators=[InputRequired(), NumberRange(min=1, max=100_000)]
    )
    due_on = DateField(_l("By"), validators=[InputRequired()])


class AdoptionForm(OnceForm):
    """``school_id`` comes from the radio buttons of the school picker."""

    school_id = IntegerField(_l("School"), validators=[Optional()])
    adopted_on = DateField(_l("Adopted on"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class ActionForm(OnceForm):
    """A button that changes something (take back an adoption): CSRF and the one-time token."""

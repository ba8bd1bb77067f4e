"""Forms of the resource library: upload and revise, review decisions, downloads, filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.forms import OnceForm
from .models import Decision, Licence, ResourceKind, ResourceLanguage, Subject

MAX_DESCRIPTION = 20_000


class ResourceForm(OnceForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the resource a title.")), Length(max=200)]
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=MAX_DESCRIPTION)]
    )
    subject = SelectField(_l("Subject"), validators=[DataRequired()])
    grade_from = IntegerField(
        _l("From grade"),
        default=1,
        validators=[InputRequired(), NumberRange(1, 11, _l("Grades go from 1 to 11."))],
    )
    grade_to = IntegerField(
        _l("To grade"),
        default=11,
        validators=[InputRequired(), NumberRange(1, 11, _l("Grades go from 1 to 11."))],
    )
    language = SelectField(_l("Language"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    network_id = SelectField(_l("Direction or network"), coerce=int, validate_choice=True)
    licence = SelectField(_l("Licence"), default=Licence.CC_BY.value, validators=[DataRequired()])
    files = MultipleFileField(_l("Files"))

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subject.choices = Subject.choices()
        self.language.choices = ResourceLanguage.choices()
        self.kind.choices = ResourceKind.choices()
        self.licence.choices = Licence.choices()
        self.network_id.choices = [SelectChoice(0, _l("None"))] + [
            SelectChoice(network.id, network.name) for network in networks
        ]


class ReviseForm(ResourceForm):
    note = TextAreaField(_l("What did you change?"), validators=[Optional(), Length(max=2000)])


class DecisionForm(OnceForm):
    decision = SelectField(
        choices=Decision.choices(),
        validators=[DataRequired()],
    )
    comment = TextAreaField(_l("Reason or comment"), validators=[Optional(), Length(max=2000)])


class DownloadForm(OnceForm):
    """A download counts once per form: a second tap still gets the file, uncounted."""

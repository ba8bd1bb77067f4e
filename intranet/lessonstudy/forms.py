"""Lesson Study forms. Every one that changes something is a ``OnceForm``. The prediction grid
and the after-lesson form have one field per stage and case pupil, so they are built per
lesson by ``predictions_form`` and ``debrief_form``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, Regexp

from ..core.forms import OnceForm

MAX_TEXT = 20_000
TEXT = [Optional(), Length(max=MAX_TEXT)]


class StudyForm(OnceForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the study a title.")), Length(max=200)]
    )
    subject = StringField(
        _l("Subject"), validators=[DataRequired(_l("Name the subject.")), Length(max=120)]
    )
    grade = StringField(
        _l("Grade"), validators=[DataRequired(_l("Name the grade.")), Length(max=20)]
    )
    focus = TextAreaField(
        _l("Research focus"),
        validators=[DataRequired(_l("Say what the team researches.")), Length(max=MAX_TEXT)],
    )
    research_question = TextAreaField(
        _l("Research question"),
        validators=[DataRequired(_l("Ask the research question.")), Length(max=MAX_TEXT)],
    )
    objective = TextAreaField(
        _l("Learning objective"),
        validators=[DataRequired(_l("State the learning objective.")), Length(max=MAX_TEXT)],
    )
    network = SelectField(_l("Network"), coerce=int, choices=[], validate_choice=True)
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(_l("Give a date."))])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])


class MemberForm(OnceForm):
    email = StringField(
        _l("Colleague's e-mail"),
        validators=[
            DataRequired(_l("Give the e-mail address.")),
            Email(_l("Give a valid e-mail address.")),
            Length(max=254),
        ],
    )


class ConfirmForm(OnceForm):
    """Only the one-time token: the object comes from the URL."""


class PupilForm(OnceForm):
    reason = StringField(
        _l("Why this pupil was chosen"),
        validators=[DataRequired(_l("Say why this pupil was chosen.")), Length(max=300)],
    )


class StatusForm(OnceForm):
    status = HiddenField(validators=[DataRequired()])
    reflection = TextAreaField(_l("Final reflection"), validators=TEXT)


class ShareForm(OnceForm):
    """Share (1) or stop sharing (0): the wanted state, so a stale tab cannot flip it."""

    shared = HiddenField(validators=[AnyOf(["0", "1"])])


class LessonForm(OnceForm):
    taught_on = DateField(_l("Date"), validators=[DataRequired(_l("Give a date."))])
    teacher = SelectField(_l("Teacher"), coerce=int, choices=[], validate_choice=True)
    class_name = StringField(
        _l("Class"), validators=[DataRequired(_l("Name the class.")), Length(max=40)]
    )
    stages = TextAreaField(
        _l("Stages of the lesson"),
        validators=[DataRequired(_l("Name the stages of the lesson, one per line."))],
    )
    plan = TextAreaField(_l("Lesson plan"), validators=TEXT)


class LessonEditForm(LessonForm):
    """The lesson's details and plan; the stages are fixed once the lesson exists."""

    stages = None


UUID_RE = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class ObservationForm(OnceForm):
    """One note. The browser's UUID is also the one-time token, so a resend is recognised."""

    client_uuid = HiddenField(validators=[DataRequired(), Regexp(UUID_RE)])
    noted_at = HiddenField(validators=[Optional(), Length(max=40)])
    pupil = SelectField(_l("Case pupil"), coerce=int, choices=[], validate_choice=True)
    stage = SelectField(_l("Stage"), coerce=int, choices=[], validate_choice=True)
    body = TextAreaField(
        _l("What you saw"),
        validators=[DataRequired(_l("Write what you saw.")), Length(max=4000)],
    )


def predictions_form(stages, pupils, data=None, **kwargs) -> OnceForm:
    """A form with one box per stage and case pupil, named ``p_<stage id>_<pupil id>``."""

    class PredictionsForm(OnceForm):
        pass

    for stage in stages:
        for pupil in pupils:
            setattr(
                PredictionsForm,
                f"p_{stage.id}_{pupil.id}",
                TextAreaField(pupil.code, validators=[Optional(), Length(max=4000)]),
            )
    return PredictionsForm(data=data, **kwargs)


def debrief_form(pupils, data=None, **kwargs) -> OnceForm:
    """Interviews (``i_<pupil id>``), the team's discussion and the agreed changes."""

    class DebriefForm(OnceForm):
        discussion = TextAreaField(_l("Team discussion"), validators=TEXT)
        changes = TextAreaField(_l("Changes agreed for the next lesson"), validators=TEXT)

    for pupil in pupils:
        setattr(
            DebriefForm,
            f"i_{pupil.id}",
            TextAreaField(pupil.code, validators=[Optional(), Length(max=MAX_TEXT)]),
        )
    return DebriefForm(data=data, **kwargs)


class PlanFileForm(OnceForm):
    """The file of a research lesson's plan (the library's types and size limit)."""

    file = FileField(_l("Lesson plan file"))


class PublishForm(OnceForm):
    """How the study appears in the resource library (its vocabulary, not the study's)."""

    subject = SelectField(_l("Subject"), choices=[], validate_choice=True)
    kind = SelectField(_l("Kind"), choices=[], validate_choice=True)
    language = SelectField(_l("Language"), choices=[], validate_choice=True)
    grade_from = SelectField(_l("From grade"), coerce=int, choices=[], validate_choice=True)
    grade_to = SelectField(_l("To grade"), coerce=int, choices=[], validate_choice=True)

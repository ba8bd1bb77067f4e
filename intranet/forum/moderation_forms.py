"""Forms for reports, the moderators' queue, moving threads and the Markdown preview."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.forms import CsrfForm, OnceForm
from .forms import MAX_BODY
from .moderation import reason_choices
from .moderation_models import OTHER_REASON


class ReportForm(OnceForm):
    reason = RadioField(
        _l("Which community rule does it break?"),
        choices=[],
        validators=[DataRequired(_l("Choose a reason from the list."))],
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = reason_choices()

    def validate_comment(self, field):
        if self.reason.data == OTHER_REASON and not (field.data or "").strip():
            raise ValueError(_l("Say what is wrong in the comment."))


class QueueHideForm(OnceForm):
    reason = StringField(
        _l("Reason"), validators=[DataRequired(_l("Say which rule was broken.")), Length(max=500)]
    )


class QueueDismissForm(OnceForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class MoveThreadForm(OnceForm):
    #: Choices are the categories the moderator may read; any other id answers 404 in the view.
    category = SelectField(
        _l("Move to"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose a category."))],
    )
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class PreviewForm(CsrfForm):
    """Only CSRF: a preview changes nothing."""

    body = TextAreaField(validators=[Optional(), Length(max=MAX_BODY)])

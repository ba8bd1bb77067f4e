"""Forum forms. Every one that changes something is a ``OnceForm``: a second tap does nothing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ..core.forms import OnceForm

MAX_BODY = 20_000

BODY_VALIDATORS = [DataRequired(_l("Write something first.")), Length(max=MAX_BODY)]


class ThreadForm(OnceForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the thread a title.")), Length(max=200)]
    )
    body = TextAreaField(_l("Message"), validators=BODY_VALIDATORS)


class ReplyForm(OnceForm):
    body = TextAreaField(_l("Your reply"), validators=BODY_VALIDATORS)


class EditPostForm(OnceForm):
    body = TextAreaField(_l("Message"), validators=BODY_VALIDATORS)


class DeletePostForm(OnceForm):
    """Only the one-time token: the post comes from the URL."""


class HideForm(OnceForm):
    reason = StringField(
        _l("Reason"), validators=[DataRequired(_l("Say which rule was broken.")), Length(max=500)]
    )


class ModerationForm(OnceForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class CategoryForm(OnceForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the category a title.")), Length(max=200)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    owner = SelectField(_l("Who may read it"), choices=[], validate_choice=True)
    position = IntegerField(
        _l("Position in the list"), default=0, validators=[Optional(), NumberRange(0, 10_000)]
    )
    archived = BooleanField(_l("Archived (read only)"))


class FollowForm(OnceForm):
    """Follow (1) or unfollow (0) a thread: the wanted state, so a stale tab cannot flip it."""

    following = HiddenField(validators=[AnyOf(["0", "1"])])

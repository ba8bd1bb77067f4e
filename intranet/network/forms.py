"""Forms of the network map. Labels are lazy so they follow the visitor's language.

Select fields whose choices come from the database (regions, districts, universities, groups)
get their choices from the view, through the ``*_choices`` helpers at the end of this module.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from ..core.forms import OnceForm
from .models import (
    GroupKind,
    InstructionLanguage,
    MembershipRole,
    NetworkKind,
    NetworkSchoolRole,
    Region,
    University,
    WorkingGroup,
)

NAME_REQUIRED = _l("Enter a name.")


def _name(max_length: int = 200, label=None) -> StringField:
    return StringField(
        label or _l("Name"),
        validators=[DataRequired(NAME_REQUIRED), Length(max=max_length)],
    )


class ActionForm(OnceForm):
    """A button that changes something (archive, remove): CSRF and the one-time token only."""


class RegionForm(OnceForm):
    name = _name(120)


class DistrictForm(OnceForm):
    name = _name(120)


class SchoolForm(OnceForm):
    number = StringField(_l("Number"), validators=[Optional(), Length(max=16)])
    name = _name()
    district_id = SelectField(
        _l("District"), coerce=int, validators=[DataRequired(_l("Choose a district."))]
    )
    is_rural = BooleanField(_l("Rural school"))
    instruction_language = SelectField(
        _l("Language of instruction"),
        choices=InstructionLanguage.choices(),
        coerce=InstructionLanguage,
    )


class UniversityForm(OnceForm):
    name = _name()
    region_id = SelectField(_l("Region"), coerce=int)


class NetworkForm(OnceForm):
    name = _name()
    kind = SelectField(_l("Kind"), choices=NetworkKind.choices(), coerce=NetworkKind)
    description = TextAreaField(
        _l("Description"), validators=[Length(max=20_000)], render_kw={"rows": 8}
    )
    region_id = SelectField(_l("Region"), coerce=int)
    university_id = SelectField(_l("University"), coerce=int)


class AddSchoolForm(OnceForm):
    school_id = IntegerField(
        _l("School"), validators=[DataRequired(_l("Choose a school from the search results."))]
    )
    role = SelectField(_l("Role"), coerce=NetworkSchoolRole)


class GroupForm(OnceForm):
    name = _name()
    kind = SelectField(_l("Kind"), choices=GroupKind.choices(), coerce=GroupKind)


class MemberForm(OnceForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter the person's e-mail.")),
            Email(_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = SelectField(_l("Role"), choices=MembershipRole.choices(), coerce=MembershipRole)
    group_id = SelectField(_l("Where"), coerce=int)


class SchoolFilterForm(Form):
    """The schools list's filter: a GET form, so no CSRF and no token."""

    q = StringField(_l("Number, name or district"), validators=[Optional(), Length(max=100)])
    region = SelectField(_l("Region"), coerce=int, validate_choice=False)
    district = SelectField(_l("District"), coerce=int, validate_choice=False)
    setting = SelectField(
        _l("Rural or urban"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("rural", _l("Rural")),
            SelectChoice("urban", _l("Urban")),
        ],
        validate_choice=False,
    )
    language = SelectField(
        _l("Language of instruction"),
        choices=[SelectChoice("", _l("Any")), *InstructionLanguage.choices()],
        validate_choice=False,
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("open", _lp("school status", "Open")),
            SelectChoice("archived", _l("Archived")),
            SelectChoice("all", _l("All")),
        ],
        validate_choice=False,
    )


# --- Choices from the database --------------------------------------------------------------


def region_choices(regions: list[Region], empty_label) -> list[SelectChoice]:
    return [SelectChoice(0, empty_label), *(SelectChoice(r.id, r.name) for r in regions)]


def district_choices(regions: list[Region], empty_label) -> list[SelectChoice]:
    """Districts grouped by region (``<optgroup>``), after an ungrouped first choice."""
    choices = [SelectChoice(0, empty_label)]
    for region in regions:
        choices.extend(
            SelectChoice(district.id, district.name, optgroup=region.name)
            for district in region.districts
        )
    return choices


def university_choices(universities: list[University], empty_label) -> list[SelectChoice]:
    return [SelectChoice(0, empty_label), *(SelectChoice(u.id, u.name) for u in universities)]


def group_choices(groups: list[WorkingGroup], network_label) -> list[SelectChoice]:
    return [
        SelectChoice(0, network_label),
        *(SelectChoice(group.id, group.name) for group in groups if not group.archived),
    ]

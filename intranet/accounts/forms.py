"""Account forms. Labels are lazy so they follow the visitor's language.

Forms check the shape of what was typed (required, lengths, matching passwords, password
strength); the rules that need the database (a free e-mail, an open school) live in
``services`` and come back as field errors.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..config import LOCALES
from ..core.forms import CsrfForm, OnceForm
from ..core.i18n import LANGUAGE_NAMES
from ..core.params import parse_int
from .models import AccountStatus, LevelCertificate, Role
from .services import password_problem

#: The community rules of the «ШЫҢ» professional learning community (seed 003), which every
#: member accepts when signing up.
COMMUNITY_RULES = [
    _l("Every member of the community is sincere in their views."),
    _l("Every member builds relationships of trust and fairness."),
    _l("We value each person's opinion and accept it with respect."),
    _l("We take a critical thought as one person's own opinion."),
    _l("We do nothing that spoils the sincere atmosphere of the community."),
    _l("We use our time well."),
    _l("We respect that every idea has its own weight."),
    _l("We keep a high culture of communication when we talk with each other."),
]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


EMAIL_VALIDATORS = [
    DataRequired(_l("Enter your e-mail.")),
    Email(_l("This does not look like an e-mail address."), check_deliverability=False),
    Length(max=254),
]

LANGUAGE_CHOICES = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LOCALES]
LEVEL_CHOICES = LevelCertificate.choices()


def _new_password_validators(message):
    return [DataRequired(message), Length(max=200)]


class LoginForm(CsrfForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter your e-mail.")), Length(max=254)],
        filters=[_strip],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
    )
    remember = BooleanField(_l("Remember me on this device"))


class SignupForm(OnceForm):
    """A teacher asks to join: their school's director or a coordinator approves."""

    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your full name.")), Length(max=120)],
    )
    email = EmailField(_l("E-mail"), validators=EMAIL_VALIDATORS, filters=[_strip])
    password = PasswordField(
        _l("Password"), validators=_new_password_validators(_l("Choose a password."))
    )
    confirm_password = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )
    school_query = SearchField(
        _l("Find your school by its number or name"), validators=[Optional(), Length(max=100)]
    )
    # Rendered by hand as radio buttons (accounts/_school_options.html), never as a hidden
    # input: hidden_tag() would send an empty value before the chosen radio.
    school_id = StringField(
        _l("School"),
        validators=[InputRequired(_l("Choose your school from the list.")), Length(max=12)],
    )
    subject = StringField(_l("Subject you teach (optional)"), validators=[Length(max=120)])
    locale = SelectField(_l("Language of the site"), choices=LANGUAGE_CHOICES)
    accept_rules = BooleanField(
        _l("I have read the community rules and accept them"),
        validators=[DataRequired(_l("Please accept the community rules."))],
    )

    def validate_password(self, field) -> None:
        problem = password_problem(
            field.data or "", email=self.email.data or "", full_name=self.full_name.data or ""
        )
        if problem:
            raise ValidationError(problem)

    def chosen_school_id(self) -> int | None:
        return parse_int(self.school_id.data)


class DecisionForm(OnceForm):
    """Approve or reject one sign-up request; the reason is shown only for a rejection."""

    reason = StringField(_l("Reason (optional)"), validators=[Length(max=500)])


class ProfileForm(OnceForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your full name.")), Length(max=120)],
    )
    subject = StringField(_l("Subject you teach"), validators=[Length(max=120)])
    level_certificate = SelectField(
        _l("Level programme certificate"), choices=LEVEL_CHOICES, coerce=str
    )
    locale = SelectField(_l("Language of the site"), choices=LANGUAGE_CHOICES)


class ResetPasswordForm(OnceForm):
    """A new password, typed twice."""

    new_password = PasswordField(
        _l("New password"), validators=_new_password_validators(_l("Choose a new password."))
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", _l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(ResetPasswordForm):
    """The current password, then a new one typed twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=200)],
    )


class RoleForm(OnceForm):
    """The choices are the roles the acting person may hand out (set by the view)."""

    role = SelectField(_l("Role"), choices=[])
    reason = StringField(_l("Reason (optional)"), validators=[Length(max=500)])

    def set_choices(self, roles: list[Role]) -> None:
        self.role.choices = Role.choices(roles)


class AccountStatusForm(OnceForm):
    """Suspend or reinstate an account."""

    reason = StringField(_l("Reason (optional)"), validators=[Length(max=500)])


class ResetLinkForm(OnceForm):
    """Issue a one-time password reset link: nothing to fill in."""


class DeviceForm(OnceForm):
    """Sign one device, or every device, out: a button, CSRF and the one-time token only."""


class PeopleFilterForm(Form):
    """The filters of the people list, read from the query string (GET, no CSRF)."""

    q = SearchField(_l("Name or e-mail"), validators=[Optional(), Length(max=100)])
    school = SearchField(_l("School"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("", _l("Any role")), *Role.choices()],
        validate_choice=False,
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status")), *AccountStatus.choices()],
        validate_choice=False,
    )

    def chosen_role(self) -> Role | None:
        return Role(self.role.data) if self.role.data in set(Role) else None

    def chosen_status(self) -> AccountStatus | None:
        data = self.status.data
        return AccountStatus(data) if data in set(AccountStatus) else None

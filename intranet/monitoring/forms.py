"""The period picker of the monitoring pages: a GET form (it changes nothing, so no tokens)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from .period import MAX_MONTHS, Period

#: The years a period may start and end in; beyond them dates cannot be moved into UTC
#: (year 1 and year 9999 overflow) and nothing was recorded anyway.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _within_years(form, field) -> None:
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
        )


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional(), _within_years])
    end = DateField(_l("To"), validators=[Optional(), _within_years])

    def validate_end(self, field) -> None:
        if not (self.start.data and field.data) or self.start.errors or field.errors:
            return
        if field.data < self.start.data:
            raise ValidationError(_("The period ends before it starts."))
        if len(Period(self.start.data, field.data).months) > MAX_MONTHS:
            raise ValidationError(_("Choose at most %(months)d months.", months=MAX_MONTHS))

    def period(self) -> Period:
        """The chosen period; the school year fills what is missing or wrong."""
        default = Period.school_year()
        if self.errors:
            return default
        return Period(self.start.data or default.first, self.end.data or default.last)

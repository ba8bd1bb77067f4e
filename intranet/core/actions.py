"""The one way a form view runs a change: validate, spend the one-time token, call the service,
commit; a rule the service raises rolls back and lands on the form."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from ..extensions import db
from .forms import OnceForm, first_submission
from .rules import RuleError, show_rule_error


class Outcome(enum.Enum):
    INVALID = "invalid"  # errors are on the form
    REPEATED = "repeated"  # the same form was submitted before; nothing changed
    DONE = "done"


def perform(form: OnceForm, change: Callable[[], Any]) -> tuple[Outcome, Any]:
    """Validate, spend the one-time token, run ``change`` and commit; a broken rule rolls back
    (the token too, so the corrected form can be sent again) and lands on the form."""
    if not form.validate_on_submit():
        return Outcome.INVALID, None
    if not first_submission(form):
        return Outcome.REPEATED, None
    try:
        result = change()
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return Outcome.INVALID, None
    db.session.commit()
    return Outcome.DONE, result

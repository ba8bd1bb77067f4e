"""The one way a view saves a change, so no view module commits or rolls back by hand.

``perform(form, change)`` serves every change a form carries, from a create page to a
self-swapping htmx button: validate (CSRF included), spend the form's one-time token, run the
service, commit. A rule the service raises rolls everything back (the token too, so the
corrected form can be sent again) and lands on the form; the view still decides what to render
from the ``Performed`` it gets back.

``save(change)`` serves the few changes no form carries: a thread read up to a post, a sign-out,
the language a signed-in person picked.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..extensions import db
from .forms import CsrfForm, OnceForm, first_submission
from .rules import RuleError, show_rule_error

T = TypeVar("T")


class Outcome(enum.Enum):
    INVALID = "invalid"  # errors are on the form (a service's refusal too); nothing changed
    REPEATED = "repeated"  # the same form was submitted before; nothing changed
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Performed:
    """What ``perform`` did; unpacks as ``outcome, result``.

    ``result`` is what the change returned (None unless DONE). ``refusal`` is the rule a
    service raised, if one did: the outcome is then INVALID and the message is on the form
    too, for the views that show it somewhere else (a flash, a fragment's error line).
    """

    outcome: Outcome
    result: Any = None
    refusal: RuleError | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.outcome, self.result))


def perform(
    form: CsrfForm,
    change: Callable[[], Any],
    *,
    spend_token: bool = True,
    field: str | None = None,
) -> Performed:
    """Validate ``form``, spend its one-time token, run ``change`` and commit.

    A form without a token (a ``CsrfForm`` such as sign-in) is never REPEATED. Pass
    ``spend_token=False`` for a form that is sent again on purpose: a draft the editor saves
    (only submitting it spends the token), or a note the service recognises by a key the
    browser made (an observation's UUID), answering a resend with what it stored. A broken rule
    rolls back (the token too, so the corrected form can be sent again) and lands next to its
    own field, else next to ``field``, else above the form.
    """
    if not form.validate_on_submit():
        return Performed(Outcome.INVALID)
    if spend_token and isinstance(form, OnceForm) and not first_submission(form):
        return Performed(Outcome.REPEATED)
    try:
        result = change()
    except RuleError as error:
        db.session.rollback()
        placed = RuleError(error.message, field) if error.field is None and field else error
        show_rule_error(form, placed)
        return Performed(Outcome.INVALID, refusal=error)
    db.session.commit()
    return Performed(Outcome.DONE, result)


def save(change: Callable[[], T]) -> T:
    """Run ``change``, which no form carries, and commit; return what it returned.

    A broken rule rolls back and is raised again, for the caller to show.
    """
    try:
        result = change()
    except RuleError:
        db.session.rollback()
        raise
    db.session.commit()
    return result

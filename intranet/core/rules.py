"""The one way a service refuses a change, and the one way a view shows the refusal."""

from __future__ import annotations


class RuleError(Exception):
    """A rule refused the change. ``message`` is translated and safe to show; ``field`` names
    the form field it belongs next to, or is None for a message above the form."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def show_rule_error(form, error: RuleError) -> None:
    """Put a service's refusal next to its field, or above the form when it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(error.message)]
    else:
        form.form_errors.append(str(error.message))

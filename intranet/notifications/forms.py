"""Notification forms: only the one-time token, the notification comes from the URL."""

from __future__ import annotations

from ..core.forms import OnceForm


class ReadForm(OnceForm):
    """Open one notification (marks it read) or mark them all read."""

"""Who must sign in: one convention for every blueprint.

A blueprint whose pages are all for signed-in members calls ``members_only(bp)`` once, naming
the few endpoints that stay public (a calendar feed whose URL carries its key); a blueprint that
mixes public and member pages (accounts, home, core) puts ``@login_required`` on each member
page. Either way an anonymous visitor gets Flask-Login's answer: the sign-in page with ``next``,
or ``HX-Redirect`` to it for htmx (``accounts.auth``).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, request
from flask_login import login_required


@login_required
def _signed_in() -> None:
    """Nothing: ``login_required`` answers for an anonymous visitor, exactly as on a view."""


def members_only(bp: Blueprint, *, public: Iterable[str] = ()) -> None:
    """Ask an anonymous visitor to sign in before any view of ``bp`` runs, except the
    endpoints named in ``public`` (full names, ``"events.ical_feed"``)."""
    public = frozenset(public)
    strangers = {name for name in public if not name.startswith(f"{bp.name}.")}
    if strangers:
        raise ValueError(f"Not endpoints of {bp.name!r}: {sorted(strangers)}")

    def signed_in_only():
        if request.endpoint in public:
            return None
        return _signed_in()

    bp.before_request(signed_in_only)

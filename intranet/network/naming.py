"""What the rules of the network map share: ``NetworkRuleError``, the error a broken rule raises
(with a translated message and the form field it belongs to), and how names are cleaned and
compared.

A name is cleaned of leading, trailing and repeated spaces; two names are the same when they are
equal ignoring case in every alphabet (Kazakh and Russian as well as Latin).
"""

from __future__ import annotations

from ..core.rules import RuleError
from ..extensions import db


class NetworkRuleError(RuleError):
    """A change the network map's rules refuse."""


def clean_name(name: str) -> str:
    return " ".join((name or "").split())


def name_taken(column, name: str, *conditions, exclude=None) -> bool:
    """Whether another row has ``name`` in ``column``, ignoring case in every alphabet.

    Compared in Python: SQLite's ``lower()`` folds ASCII letters only, not Kazakh or Russian.
    The candidate sets are small (regions, one region's districts, networks, universities).
    """
    statement = db.select(column).where(*conditions)
    if exclude is not None:
        statement = statement.where(exclude)
    wanted = name.casefold()
    return any((other or "").casefold() == wanted for other in db.session.scalars(statement))

"""What the demo steps share: the ``Seeding`` context (one password hash, the rows by natural
key, the count of what was added) and its two ways of writing rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import insert

from ..accounts.models import User
from ..extensions import db
from ..network.models import District, Network, Region, School, University, WorkingGroup


@dataclass
class Seeding:
    """What the steps share: the one password hash, the rows by key, and what was added."""

    password_hash: str
    created: Counter = field(default_factory=Counter)
    regions: dict[str, Region] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    universities: dict[str, University] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    groups: dict[tuple[str, str], WorkingGroup] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def get_or_create(self, model, lookup: dict[str, object], **values):
        """The row of ``model`` matching ``lookup``, created with ``values`` when missing."""
        row = db.session.scalar(db.select(model).filter_by(**lookup))
        if row is None:
            row = model(**lookup, **values)
            db.session.add(row)
            db.session.flush()
            self.created[model.__tablename__] += 1
        return row

    def bulk_insert(self, model, rows: list[dict[str, object]]) -> None:
        """Insert many rows in a few statements (ORM bulk INSERT, no objects)."""
        if rows:
            db.session.execute(insert(model), rows)
            self.created[model.__tablename__] += len(rows)

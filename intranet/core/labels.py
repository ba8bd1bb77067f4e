"""Names of coded values for people: every enum a person reads is a ``LabelledEnum``.

Each member is declared with its stored value and its lazy label side by side::

    class Role(LabelledEnum):
        TEACHER = "teacher", _l("Teacher")

``member.label`` is the lazy string itself, so it turns into the reader's language when it is
printed: form choices built when a module is imported follow the visitor's language too (they
were English on every page when ``label`` returned ``str()`` of it at import time).
``member.value`` and ``str(member)`` stay the stored code.

The label lives on the member, not in a dict keyed by members: two string enums with the same
value (``ResourceKind.OTHER`` and ``Subject.OTHER`` are both ``"other"``) are one dict key, and
such a dict once named a resource kind with the subject's label.

``labelled_enums()`` finds every subclass, so the catalog test (``tests/test_labels.py``) covers
a new enum without being told.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

from flask_babel.speaklater import LazyString
from wtforms.fields.choices import SelectChoice


class _Labelled:
    """What both kinds of labelled enum share: the label and the choices of a select field."""

    _label: LazyString

    @property
    def label(self) -> LazyString:
        return self._label

    @classmethod
    def choices(cls, members: Iterable | None = None) -> list[SelectChoice]:
        """``members`` (every member by default) as the choices of a select field."""
        return [SelectChoice(member.value, member.label) for member in members or cls]


class LabelledEnum(_Labelled, enum.StrEnum):
    """A string enum whose members are declared as ``NAME = "value", _l("Label")``."""

    def __new__(cls, value: str, label: LazyString):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member


class LabelledIntEnum(_Labelled, enum.IntEnum):
    """An integer enum whose members are declared as ``NAME = 1, _l("Label")``."""

    def __new__(cls, value: int, label: LazyString):
        member = int.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member


def labelled_enums() -> Iterator[type[_Labelled]]:
    """Every labelled enum with members, in every module imported so far (``create_app``
    imports every feature)."""
    pending = [LabelledEnum, LabelledIntEnum]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if len(cls.__members__):
            yield cls

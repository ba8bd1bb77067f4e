"""The refusals of the resource library: a ``RuleError`` for its rules, one for bad files."""

from __future__ import annotations

from ..core.rules import RuleError


class ResourceError(RuleError):
    """A library rule refused the change (the message is translated)."""


class UploadRefused(ResourceError):
    """A file was refused: its type, its size, its name or its structure. Nothing is kept."""

    def __init__(self, message, field: str | None = "files"):
        super().__init__(message, field)

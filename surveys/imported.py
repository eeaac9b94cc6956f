"""What importing a form gives: its definition, and what could not be carried over, row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LeftOut:
    """One thing an import could not carry over: where it was, what it was, and what to do."""

    sheet: str
    row: int | None
    subject: str  # like "geopoint 'location'", or "" when the place says enough
    message: str

    def __str__(self) -> str:
        place = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        subject = f" ({self.subject})" if self.subject else ""
        return f"{place}{subject}: {self.message}"


@dataclass(frozen=True)
class Imported:
    """An Engage definition dict ready for `definition_from_dict`, and what was left out."""

    source: dict[str, Any]
    left_out: list[LeftOut] = field(default_factory=list)

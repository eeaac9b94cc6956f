"""What checking a form's routes finds, as plain immutable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decision:
    """The answers to one deciding question that take a route its way."""

    question_id: str
    label: str
    answer: str  # like "answered 'Yes'", "skipped" or "answered anything other than 'No'"

    @property
    def words(self) -> str:
        """The decision as a sentence part, like "'Did you go?' is answered 'Yes'"."""
        return f"'{self.label}' is {self.answer}"


@dataclass(frozen=True)
class Route:
    """One path through the skip logic: the questions asked and the answers that lead there."""

    questions: tuple[str, ...]  # the ids of the questions asked, in order
    decisions: tuple[Decision, ...]  # the answers to the deciding questions that matter
    answers: Mapping[str, Any]  # example answers to the deciding questions, as `Flow` takes them


@dataclass(frozen=True)
class AskedWhen:
    """When a question is asked: the chain of rules that must all hold, worded."""

    question_id: str
    label: str
    conditions: tuple[str, ...]  # its rule last, the rules of the questions it rests on first
    reachable: bool  # whether some answers meet all of them

    @property
    def words(self) -> str:
        """Like "asked only if 'Did you go?' is answered 'Yes'", or "always asked"."""
        if not self.conditions:
            return "always asked"
        joined = " and ".join(self.conditions)
        if not self.reachable:
            return f"never asked: no answers meet its rules ({joined})"
        return f"asked only if {joined}"


@dataclass(frozen=True)
class RouteWarning:
    """Something about the skip logic an officer should fix, or check is meant."""

    kind: str  # "unreachable", "rule_always_holds", "empty_section" … (see surveys/README.md)
    section_id: str
    question_id: str | None  # None for a warning about a whole section
    message: str  # what is wrong and what to do, in plain English


@dataclass(frozen=True)
class RouteCheck:
    """Every route through a form's skip logic, when each question is asked, and warnings."""

    routes: tuple[Route, ...] | None  # None when there are more than `most_routes`
    most_routes: int
    asked_when: Mapping[str, AskedWhen]  # every question, by id, in the form's order
    warnings: tuple[RouteWarning, ...]

    @property
    def too_many_routes(self) -> bool:
        """Whether the routes were too many to list."""
        return self.routes is None

"""Grouping the applicable questions into steps: the questions shown together on one page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from surveys.model import FormDefinition, Question, Section


@dataclass(frozen=True)
class Step:
    """The applicable questions of one section shown on one page."""

    section: Section
    questions: tuple[Question, ...]

    @property
    def key(self) -> str:
        """The id of the step's first question, which names the step in a URL."""
        return self.questions[0].id


def group_steps(definition: FormDefinition, applicable: Sequence[Question]) -> list[Step]:
    """The applicable questions in steps that do not move as answers change.

    Every question of a section is placed first, shown or not: a step is cut at each section
    and before any question shown or hidden by one already in the step. Hidden questions are
    then left out, and steps left empty dropped.
    """
    shown = {question.id for question in applicable}
    steps = []
    for section, page in _pages(definition):
        questions = tuple(q for q in page if q.id in shown)
        if questions:
            steps.append(Step(section, questions))
    return steps


def _pages(definition: FormDefinition) -> list[tuple[Section, list[Question]]]:
    by_id = {question.id: question for question in definition.questions}
    pages: list[tuple[Section, list[Question]]] = []
    for section in definition.sections:
        page: list[Question] = []
        for question in section.questions:
            if page and _rests_on(question, {q.id for q in page}, by_id):
                pages.append((section, page))
                page = []
            page.append(question)
        if page:
            pages.append((section, page))
    return pages


def _rests_on(question: Question, ids: set[str], by_id: Mapping[str, Question]) -> bool:
    """Whether the question's visibility depends, through its chain of rules, on one of `ids`."""
    seen: set[str] = set()
    rule = question.show_if
    while rule is not None and rule.question not in seen:
        if rule.question in ids:
            return True
        seen.add(rule.question)
        target = by_id.get(rule.question)
        rule = target.show_if if target else None
    return False

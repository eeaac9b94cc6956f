"""Whether an answer needs emergency signposting (999): one rule for every channel and form.

The web's journeys and the Telegram bot both ask this after storing an answer, and show
`engage.safety`'s emergency words when it says yes.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import surveys
from analysis import tag
from engage.services.reports import filing


def says_someone_is_in_danger(text: str) -> bool:
    """Whether a typed answer says someone is in danger now (not was, once, before)."""
    return bool(text.strip()) and tag(text).urgent


def needs_emergency_signposting(
    definition_id: str, question: surveys.Question, value: object
) -> bool:
    """Whether this answer, to this question of this form, says someone is in danger now:
    the report's own question answered yes, or free text in any form that says so."""
    if question.id == filing.SAFETY_QUESTION and definition_id == filing.DEFINITION_ID:
        return value is True
    return question.type is surveys.QuestionType.FREE_TEXT and says_someone_is_in_danger(
        str(value or "")
    )


def step_needs_emergency_signposting(
    definition_id: str, questions: Iterable[surveys.Question], answers: Mapping[str, Any]
) -> bool:
    """Whether any answer on a page of questions needs emergency signposting."""
    return any(
        needs_emergency_signposting(definition_id, question, answers[question.id])
        for question in questions
        if question.id in answers
    )

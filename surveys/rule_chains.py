"""The chain of skip rules each question rests on."""

from __future__ import annotations

from surveys.model import FormDefinition, Question


def rule_chains(definition: FormDefinition) -> dict[str, tuple[Question, ...]]:
    """For each question, the questions whose rules must all hold for it to be asked: the
    first has a rule on a question always asked, the last is the question itself; none when it
    has no rule."""
    chains: dict[str, tuple[Question, ...]] = {}
    for question in definition.questions:
        rule = question.show_if
        chains[question.id] = () if rule is None else (*chains[rule.question], question)
    return chains

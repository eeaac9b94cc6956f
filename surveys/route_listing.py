"""Listing every route through a form's skip logic, stopping as soon as there are too many."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from surveys.answer_classes import AnswerClass, answer_classes
from surveys.model import FormDefinition, Question
from surveys.route_model import Decision, Route


@dataclass(frozen=True)
class _Partial:
    """A route walked as far as `position`: the questions asked and the answers chosen."""

    position: int
    asked: tuple[str, ...]
    chosen: Mapping[str, AnswerClass]
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class _Logic:
    """What the walk needs: the questions some answers reach, the classes of each deciding
    question's answers, and the index of each question's rule among those on its target."""

    questions: tuple[Question, ...]
    reachable: Collection[str]
    classes: Mapping[str, list[AnswerClass]]
    rule_index: Mapping[str, int]
    language: str


def list_routes(
    definition: FormDefinition, reachable: Collection[str], most: int, language: str = "en"
) -> list[Route] | None:
    """Every distinct route, in the form's order of answers; None when there are more than
    `most`. Answers that lead to the same questions are one route."""
    dependents: dict[str, list[Question]] = {}
    for question in definition.questions:
        if question.show_if is not None and question.id in reachable:
            dependents.setdefault(question.show_if.question, []).append(question)
    by_id = {question.id: question for question in definition.questions}
    classes: dict[str, list[AnswerClass]] = {}
    for target_id, ruled in dependents.items():
        rules = [question.show_if for question in ruled if question.show_if is not None]
        # A deciding question some answers reach has a route for each class of its answers,
        # since each class asks a different set of the questions that rest on it.
        found = answer_classes(by_id[target_id], rules, language, most)
        if found is None:
            return None
        classes[target_id] = found
    rule_index = {q.id: i for ruled in dependents.values() for i, q in enumerate(ruled)}
    logic = _Logic(definition.questions, reachable, classes, rule_index, language)
    return _walk(logic, most)


def _walk(logic: _Logic, most: int) -> list[Route] | None:
    """The routes, one branch a class of answers at each deciding question asked."""
    routes: list[Route] = []
    stack = [_Partial(0, (), {}, ())]
    while stack:
        walked = _advance(stack.pop(), logic)
        if isinstance(walked, Route):
            routes.append(walked)
            if len(routes) > most:
                return None
        else:
            stack.extend(reversed(walked))
    return routes


def _advance(partial: _Partial, logic: _Logic) -> Route | list[_Partial]:
    """The route finished, or the branches at the next deciding question whose answers vary."""
    asked = list(partial.asked)
    chosen = dict(partial.chosen)
    for position in range(partial.position, len(logic.questions)):
        question = logic.questions[position]
        if not _shown(question, chosen, logic):
            continue
        asked.append(question.id)
        classes = logic.classes.get(question.id, [])
        if len(classes) == 1:
            chosen[question.id] = classes[0]
        elif classes:
            label = question.label.get(logic.language)
            return [
                _Partial(
                    position + 1,
                    tuple(asked),
                    {**chosen, question.id: found},
                    (*partial.decisions, Decision(question.id, label, found.words)),
                )
                for found in classes
            ]
    answers = {question_id: found.example for question_id, found in chosen.items()}
    return Route(tuple(asked), partial.decisions, answers)


def _shown(question: Question, chosen: Mapping[str, AnswerClass], logic: _Logic) -> bool:
    """Whether the answers chosen so far ask the question."""
    rule = question.show_if
    if question.id not in logic.reachable:
        return False
    if rule is None:
        return True
    target = chosen.get(rule.question)
    return target is not None and logic.rule_index[question.id] in target.holds

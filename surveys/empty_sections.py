"""Finding sections that some answers leave with no question to ask, or that are never shown."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from surveys.answer_classes import AnswerClass, answer_classes, meeting_none
from surveys.model import FormDefinition, Question, Section
from surveys.route_model import Decision, RouteWarning
from surveys.rule_chains import rule_chains

# How many ways a deciding question's answers may split, and how many choices of answers are
# tried for one section, before saying it could not be checked: bounds on pathological forms.
MOST_CLASSES = 64
MOST_TRIES = 20_000

# For one deciding question: the questions its answers leave out, and those answers.
Choices = list[tuple[frozenset[str], AnswerClass]]
# The answers chosen for each deciding question, by its id, with the questions they leave out.
Picks = dict[str, tuple[frozenset[str], AnswerClass]]


class _TooMany(Exception):
    """The rules on a section's questions combine in too many ways to check."""


def section_warnings(
    definition: FormDefinition, reachable: Collection[str], language: str = "en"
) -> list[RouteWarning]:
    """Warnings for sections never shown, and for sections some answers leave empty."""
    chains = rule_chains(definition)
    warnings = []
    for section in definition.sections:
        shown = [question for question in section.questions if question.id in reachable]
        if not shown:
            message = (
                f"Section '{section.id}' is never shown: no answers ask any of its questions. "
                "Fix the rules on its questions (see the warnings about them)."
            )
            warnings.append(RouteWarning("section_never_shown", section.id, None, message))
        elif all(question.show_if is not None for question in shown):
            warning = _empty_warning(definition, section, shown, chains, language)
            warnings.extend([warning] if warning else [])
    return warnings


def _empty_warning(
    definition: FormDefinition,
    section: Section,
    shown: list[Question],
    chains: Mapping[str, tuple[Question, ...]],
    language: str,
) -> RouteWarning | None:
    """A warning when some answers leave the section with no question, or it is too hard to
    tell; None when every route asks one of its questions."""
    try:
        picks = _emptying_answers(definition, [chains[q.id] for q in shown], language)
    except _TooMany:
        message = (
            f"Section '{section.id}' could not be checked for routes that leave it empty: the "
            "rules on its questions combine in too many ways. Check it by hand."
        )
        return RouteWarning("section_unchecked", section.id, None, message)
    if picks is None:
        return None
    words = " and ".join(_deciding_words(definition, shown, chains, picks, language))
    message = (
        f"Section '{section.id}' can be empty: none of its questions is asked when {words}. "
        "If that is meant, nothing needs doing; if not, give it a question that is always asked."
    )
    return RouteWarning("empty_section", section.id, None, message)


def _emptying_answers(
    definition: FormDefinition, chains: Sequence[tuple[Question, ...]], language: str
) -> Picks | None:
    """Answers to the deciding questions that leave out every question with these chains of
    rules, or None when there are none: a search over the answers that leave out most."""
    choices = _choices(definition, chains, language)
    depths = {target_id: depth for depth, (target_id, _) in enumerate(choices)}
    # Each chain needs a rule that fails; that is checked once its last deciding one is chosen.
    due: list[list[frozenset[str]]] = [[] for _ in choices]
    for chain in chains:
        last = max(depths[_target(ruled)] for ruled in chain)
        due[last].append(frozenset(ruled.id for ruled in chain))
    stack: list[tuple[frozenset[str], tuple[int, ...]]] = [(frozenset(), ())]
    tries = 0
    while stack:
        left_out, picked = stack.pop()
        depth = len(picked)
        if depth == len(choices):
            return {choices[d][0]: choices[d][1][i] for d, i in enumerate(picked)}
        for index in reversed(range(len(choices[depth][1]))):
            tries += 1
            if tries > MOST_TRIES:
                raise _TooMany
            now = left_out | choices[depth][1][index][0]
            if all(chain & now for chain in due[depth]):
                stack.append((now, (*picked, index)))
    return None


def _target(question: Question) -> str:
    """The id of the question a question's rule is on."""
    assert question.show_if is not None
    return question.show_if.question


def _choices(
    definition: FormDefinition, chains: Sequence[tuple[Question, ...]], language: str
) -> list[tuple[str, Choices]]:
    """For each deciding question the chains name, in the form's order, the classes of its
    answers that leave out the most: no other class leaves out more of the same questions."""
    position = {question.id: index for index, question in enumerate(definition.questions)}
    by_id = {question.id: question for question in definition.questions}
    ruled = sorted(
        {q.id: q for chain in chains for q in chain}.values(), key=lambda q: position[q.id]
    )
    ruled_on: dict[str, list[Question]] = {}
    for question in ruled:
        ruled_on.setdefault(_target(question), []).append(question)
    found = []
    for target_id in sorted(ruled_on, key=position.__getitem__):
        found.append(
            (target_id, _leaving_out_most(by_id[target_id], ruled_on[target_id], language))
        )
    return found


def _leaving_out_most(target: Question, ruled: list[Question], language: str) -> Choices:
    """The classes of a question's answers that leave out most of the questions ruled on it,
    each way of leaving them out once."""
    rules = [question.show_if for question in ruled if question.show_if is not None]
    classes = answer_classes(target, rules, language, MOST_CLASSES)
    if classes is None:
        # Answers that meet none of the rules leave out more than any other: enough alone.
        none_met = meeting_none(target, rules, language)
        if none_met is None:
            raise _TooMany
        classes = [none_met]
    fails = [(frozenset(q.id for i, q in enumerate(ruled) if i not in c.holds), c) for c in classes]
    best: Choices = []
    for left_out, found in fails:
        beaten = any(left_out < other for other, _ in fails)
        if not beaten and all(left_out != kept for kept, _ in best):
            best.append((left_out, found))
    return best


def _deciding_words(
    definition: FormDefinition,
    shown: list[Question],
    chains: Mapping[str, tuple[Question, ...]],
    picks: Picks,
    language: str,
) -> list[str]:
    """Words for the answers that leave the questions out: for each question, the first rule
    in its chain that fails, whose question is then asked."""
    deciding: list[str] = []
    for question in shown:
        failing = next(q for q in chains[question.id] if q.id in picks[_target(q)][0])
        if _target(failing) not in deciding:
            deciding.append(_target(failing))
    by_id = {question.id: question for question in definition.questions}
    position = {question_id: index for index, question_id in enumerate(by_id)}
    words = []
    for target_id in sorted(deciding, key=position.__getitem__):
        label = by_id[target_id].label.get(language)
        words.append(Decision(target_id, label, picks[target_id][1].words).words)
    return words

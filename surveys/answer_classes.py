"""A question's possible answers grouped by which of some skip rules they meet, with words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from surveys.answer_values import choice_limits, possible_answers
from surveys.condition_words import and_list, or_list, value_words
from surveys.model import Condition, Question, QuestionType
from surveys.visibility import condition_holds

# The most options named in words for some answers, rather than "anything other than …".
MOST_LISTED = 3
# A multiple choice answer is a set of options; as a rule sees it, a status for each rule.
Status = tuple[bool, ...]


@dataclass(frozen=True)
class AnswerClass:
    """Answers that meet the same rules: the rules they meet, one of them, and words for all."""

    holds: frozenset[int]  # the indexes of the rules these answers meet
    example: Any  # one such answer, as `Flow` takes it; None when it is skipping
    words: str  # like "answered 'Yes'", "skipped" or "answered anything other than 'No'"


def answer_classes(
    question: Question,
    rules: Sequence[Condition],
    language: str = "en",
    most: int | None = None,
) -> list[AnswerClass] | None:
    """Every way the question's answers can meet `rules` (rules on this question), skipping
    included; None when there are more than `most`."""
    if question.type is QuestionType.MULTIPLE_CHOICE:
        found = _choice_sets(question, rules, language, most)
    else:
        found = _single_answers(question, rules, language)
    return None if found is None or (most is not None and len(found) > most) else found


def meeting_none(
    question: Question, rules: Sequence[Condition], language: str = "en"
) -> AnswerClass | None:
    """Answers that meet none of `rules`, found without listing every set of options a
    multiple choice answer can be; None when every answer meets one."""
    if question.type is not QuestionType.MULTIPLE_CHOICE:
        classes = _single_answers(question, rules, language)
        return next((found for found in classes if not found.holds), None)
    if not question.required and not any(r.operator == "answered" and not r.operand for r in rules):
        return AnswerClass(frozenset(), None, "skipped")
    if any(rule.operator == "answered" and rule.operand for rule in rules):
        return None
    needed = {rule.operand for rule in rules if rule.operator == "not_equals"}
    barred = {value for rule in rules if rule.operator != "not_equals" for value in operands(rule)}
    free = [o.value for o in question.options if o.value not in needed | barred]
    least, most_chosen = choice_limits(question)
    total = max(least, len(needed))
    if needed & barred or total > most_chosen or total - len(needed) > len(free):
        return None
    picked = needed | set(free[: total - len(needed)])
    example = [option.value for option in question.options if option.value in picked]
    return AnswerClass(frozenset(), example, _choice_words(question, rules, frozenset(), language))


def operands(rule: Condition) -> tuple[Any, ...]:
    """The answers a rule compares with."""
    if rule.operator == "answered":
        return ()
    return tuple(rule.operand) if rule.operator == "any_of" else (rule.operand,)


def _met(rules: Sequence[Condition], question: Question, value: Any) -> frozenset[int]:
    """The indexes of the rules an answer meets."""
    return frozenset(
        i for i, rule in enumerate(rules) if condition_holds(rule, {question.id: value})
    )


def _single_answers(
    question: Question, rules: Sequence[Condition], language: str
) -> list[AnswerClass]:
    """Classes of an answer that is one value: each value a rule names, any other, skipped."""
    named, others = possible_answers(question, [v for rule in rules for v in operands(rule)])
    members = [(value, "named") for value in named] + [(value, "other") for value in others]
    if not question.required:
        members.append((None, "skipped"))
    groups: dict[frozenset[int], list[tuple[Any, str]]] = {}
    for value, kind in members:
        groups.setdefault(_met(rules, question, value), []).append((value, kind))
    return [
        AnswerClass(holds, group[0][0], _single_words(question, group, named, language))
        for holds, group in groups.items()
    ]


def _single_words(
    question: Question, group: list[tuple[Any, str]], named: list[Any], language: str
) -> str:
    """Words for some answers that are each one value, like "answered 'No', or skipped"."""
    values = [value for value, kind in group if kind == "named"]
    other = any(kind == "other" for _, kind in group)
    unnamed = [option.value for option in question.options if option.value not in named]
    if other and question.options and len(values) + len(unnamed) <= MOST_LISTED:
        # A few options are clearer named than as "anything other than" the rest.
        values = [o.value for o in question.options if o.value in values or o.value in unnamed]
        other = False
    if other:
        left_out = [value_words(question, v, language) for v in named if v not in values]
        answered = f"answered anything other than {or_list(left_out)}" if left_out else "answered"
    elif values:
        answered = "answered " + or_list([value_words(question, v, language) for v in values])
    else:
        answered = ""
    return _with_skipping(answered, any(kind == "skipped" for _, kind in group))


def _with_skipping(answered: str, skipped: bool) -> str:
    if not skipped:
        return answered
    if answered == "answered":
        return "answered or skipped"
    return f"{answered}, or skipped" if answered else "skipped"


def _choice_sets(
    question: Question, rules: Sequence[Condition], language: str, most: int | None
) -> list[AnswerClass] | None:
    """Classes of a multiple choice answer, found option by option without listing every set
    of options: sets that the rules see alike are kept once."""
    values = [v for rule in rules for v in operands(rule)]
    named = [option.value for option in question.options if option.value in values]
    frontier = _chosen_sets(question, rules, named, most)
    if frontier is None:
        return None
    groups: dict[frozenset[int], Any] = {}
    for (status, count), chosen in frontier.items():
        example = _completed(question, named, chosen, count)
        if example is not None:
            groups.setdefault(frozenset(i for i, holds in enumerate(status) if holds), example)
    classes = [
        AnswerClass(holds, example, _choice_words(question, rules, holds, language))
        for holds, example in groups.items()
    ]
    return _with_skipped_set(question, rules, classes, language)


def _chosen_sets(
    question: Question, rules: Sequence[Condition], named: list[str], most: int | None
) -> dict[tuple[Status, int], tuple[str, ...]] | None:
    """For each status of the rules and count of named options chosen, one such choice;
    None when there are too many to keep."""
    least, most_chosen = choice_limits(question)
    spare = len(question.options) - len(named)
    limit = None if most is None else (most + 1) * (len(named) + 1)
    start = tuple(_unchosen_status(rule) for rule in rules)
    frontier: dict[tuple[Status, int], tuple[str, ...]] = {(start, 0): ()}
    for position, value in enumerate(named):
        left = len(named) - position - 1
        following: dict[tuple[Status, int], tuple[str, ...]] = {}
        for (status, count), chosen in frontier.items():
            following.setdefault((status, count), chosen)
            if count < most_chosen and count + 1 + left + spare >= least:
                key = (_choosing(rules, status, value), count + 1)
                following.setdefault(key, (*chosen, value))
        frontier = following
        if limit is not None and len(frontier) > limit:
            return None
    return frontier


def _unchosen_status(rule: Condition) -> bool:
    """Whether a rule holds for an answer that chooses none of the options it names."""
    if rule.operator == "answered":
        return bool(rule.operand)
    return rule.operator == "not_equals"


def _choosing(rules: Sequence[Condition], status: Status, value: str) -> Status:
    """The status of each rule once an option is chosen too."""
    return tuple(
        holds if value not in operands(rule) else rule.operator != "not_equals"
        for rule, holds in zip(rules, status, strict=True)
    )


def _completed(question: Question, named: list[str], chosen: tuple[str, ...], count: int) -> Any:
    """A whole answer with these named options chosen, topped up with others to the fewest
    allowed; None when there is none."""
    least, most_chosen = choice_limits(question)
    spare = [option.value for option in question.options if option.value not in named]
    total = max(least, count)
    if total > most_chosen or total - count > len(spare):
        return None
    picked = set(chosen) | set(spare[: total - count])
    return [option.value for option in question.options if option.value in picked]


def _with_skipped_set(
    question: Question, rules: Sequence[Condition], classes: list[AnswerClass], language: str
) -> list[AnswerClass]:
    """The classes with skipping added, to the class it joins when the rules see it alike."""
    if question.required:
        return classes
    holds = _met(rules, question, None)
    for index, found in enumerate(classes):
        if found.holds == holds:
            words = _choice_words(question, rules, holds, language, skipped=True)
            classes[index] = AnswerClass(holds, found.example, words)
            return classes
    return [*classes, AnswerClass(holds, None, "skipped")]


def _choice_words(
    question: Question,
    rules: Sequence[Condition],
    holds: frozenset[int],
    language: str,
    skipped: bool = False,
) -> str:
    """Words for multiple choice answers that meet exactly the rules in `holds`."""
    chosen, unchosen, some = _literals(rules, holds)
    order = [option.value for option in question.options]

    def words(values: set[str]) -> list[str]:
        return [value_words(question, v, language) for v in order if v in values]

    parts = [f"{and_list(words(chosen))} chosen"] if chosen else []
    parts += [f"{or_list(words(group))} chosen" for group in some]
    missing = words(unchosen)
    if len(missing) == 1:
        parts.append(f"{missing[0]} not chosen")
    elif len(missing) == 2:
        parts.append(f"neither {missing[0]} nor {missing[1]} chosen")
    elif missing:
        parts.append(f"none of {or_list(missing)} chosen")
    text = f"answered with {and_list(parts)}" if parts else "answered"
    return _with_skipping(text, skipped)


def _literals(
    rules: Sequence[Condition], holds: frozenset[int]
) -> tuple[set[str], set[str], list[set[str]]]:
    """What answers meeting exactly `holds` choose: options all chosen, options none chose,
    and groups of options at least one of which is chosen, with what follows left out."""
    chosen: set[str] = set()
    unchosen: set[str] = set()
    some: list[set[str]] = []
    for index, rule in enumerate(rules):
        met = index in holds
        if rule.operator in ("equals", "not_equals"):
            meant = met == (rule.operator == "equals")
            (chosen if meant else unchosen).add(rule.operand)
        elif rule.operator == "any_of" and met:
            some.append(set(rule.operand))
        elif rule.operator == "any_of":
            unchosen.update(rule.operand)
    while True:
        groups = [group - unchosen for group in some if not group & chosen]
        single = [group for group in groups if len(group) == 1]
        if not single:
            break
        chosen.update(*single)
        some = groups
    kept: list[set[str]] = []
    for group in groups:
        if group and group not in kept and not any(other < group for other in groups if other):
            kept.append(group)
    return chosen, unchosen, kept

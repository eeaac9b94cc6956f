"""Properties of the flow, for the shipped forms and for forms made up of every type of question.

Whatever a person sends, parsing gives the question's typed value, which is stored and read back
equal, or an `AnswerError` that says what to fix. Walking a form with valid answers asks each
question that applies once, never one whose `show_if` fails, and ends complete.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import (
    DEFINITIONS_DIR,
    AnswerError,
    Condition,
    Flow,
    FormDefinition,
    Question,
    QuestionType,
    definition_from_dict,
    load_definitions,
)

SHIPPED = load_definitions(DEFINITIONS_DIR)
CHOICES = {QuestionType.SINGLE_CHOICE, QuestionType.SCALE, QuestionType.WARD}
# What PostgreSQL cannot store (NUL) or a spreadsheet export cannot hold: C0 control characters
# other than tab and line breaks.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
POSTCODE = re.compile(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}")
INSTRUCTION = re.compile(r"\b(Enter|Select|Give|must)\b")
MONTHS = ["January", "Feb", "mar", "SEPT", "Dec", "Smarch"]
POSTCODES = ["WV1 1RP", "wv10 9aa", "B33 8TH", "EC1A 1BB", "W1A 0AX", "M1 1AE", "GIR 0AA"]
YES_NO = ["yes", "no", "y", "n", "true", "false", "Yes", "NO", "True", " n "]


# Anything a person could send, on the web or in a chat.
# Runs of digits as long as where Python's numbers break: a float becomes infinity (309 digits),
# and an int can no longer be made from text or turned into it (4,301).
LONG_DIGITS = st.sampled_from([309, 4301]).map(lambda digits: "9" * digits)
DATE_PART = st.one_of(
    st.integers(-5, 100_000).map(str), LONG_DIGITS, st.sampled_from(MONTHS), st.text(max_size=3)
)
DAY_MONTH_YEAR = st.lists(DATE_PART, min_size=3, max_size=3)
DATE_LIKE = st.builds(
    lambda parts, separator: separator.join(parts),
    DAY_MONTH_YEAR | st.lists(DATE_PART, max_size=4),
    st.sampled_from(["/", "-", ".", " ", " / ", "//", ""]),
)
NUMBER_LIKE = st.one_of(
    st.from_regex(r"[-+]?[0-9,. ]{0,24}", fullmatch=True),
    st.integers().map(str),
    st.floats().map(str),
    st.builds("{}{}".format, st.sampled_from(["", "-", "0.", "1,000."]), LONG_DIGITS),
)
HUGE = st.builds(
    lambda chunk, times: chunk * times,
    st.sampled_from(["9", "1,000", "x", " ", "\x00", "é", "yes", "1/", "\n"]),
    st.integers(1_000, 20_000),
)
WORDS = st.sampled_from(YES_NO + ["on", "off", "other", "", " ", "\t\n", "None", "null"])
POSTCODE_LIKE = st.sampled_from(POSTCODES) | st.from_regex(
    r"[A-Za-z]{1,2}[0-9]{1,2}[A-Za-z]? ?[0-9][A-Za-z]{2}"
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(max_codepoint=0x1F)),  # control characters only
    WORDS,
    NUMBER_LIKE,
    DATE_LIKE,
    POSTCODE_LIKE,
    HUGE,
)


def raw_answers(question: Question) -> st.SearchStrategy[Any]:
    """Any raw answer: None, any text, and half the time the kind of text the question expects;
    lists of them, with repeats, as a multiple choice (or a form posted twice) sends."""
    return _raw_answers(question.type, tuple(option.value for option in question.options))


@cache  # hypothesis checks each new strategy, which would take most of the time of a test
def _raw_answers(kind: QuestionType, values: tuple[str, ...]) -> st.SearchStrategy[Any]:
    expected = _expected_kind_of_text(kind, values)
    one = expected | ANY_TEXT
    return st.one_of(st.none(), expected, one, st.lists(one, max_size=8))


def _expected_kind_of_text(kind: QuestionType, values: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Text like a valid answer to the question, but often not one."""
    if values:
        options = st.sampled_from(values)
        return options | options.map(lambda value: f"  {value.upper()} ")
    return {
        QuestionType.NUMBER: NUMBER_LIKE,
        QuestionType.DATE: DATE_LIKE,
        QuestionType.POSTCODE: POSTCODE_LIKE,
        QuestionType.FREE_TEXT: HUGE,
    }.get(kind, WORDS)


# What the question's value is, and the error that says what to fix.
def check_value(flow: Flow, question: Question, value: Any) -> None:
    """The value is of the question's type and within its limits, and is stored and read back."""
    if value is None:
        assert not question.required
        assert flow.to_storage(question, value) == []
        return
    _check_type(question, value)
    stored = flow.to_storage(question, value)
    assert all(isinstance(text, str) and not UNSTORABLE.search(text) for text in stored)
    restored = flow.from_storage(question, stored)
    assert restored == value and type(restored) is type(value)
    assert flow.display_value(question, value).strip()


def _check_type(question: Question, value: Any) -> None:
    """The value has the type the README gives for the question's type, within its limits."""
    kind, options = question.type, [option.value for option in question.options]
    if kind is QuestionType.MULTIPLE_CHOICE:
        assert value and value == [option for option in options if option in value]
        assert len(value) >= (question.min_selections or 1)
        assert len(value) <= (question.max_selections or len(options))
    elif kind in CHOICES:
        assert isinstance(value, str) and value in options
    elif kind is QuestionType.FREE_TEXT:
        limit = question.max_length or (5000 if question.long else 500)
        assert isinstance(value, str) and value == value.strip() and 0 < len(value) <= limit
    elif kind in (QuestionType.YES_NO, QuestionType.CONSENT):
        assert isinstance(value, bool)
        assert value or not (kind is QuestionType.CONSENT and question.required)
    elif kind is QuestionType.NUMBER:
        assert type(value) is (int if question.integer else float) and math.isfinite(value)
        assert question.minimum is None or value >= question.minimum
        assert question.maximum is None or value <= question.maximum
    elif kind is QuestionType.DATE:
        assert isinstance(value, date)
        assert not question.not_future or value <= date.today()
    else:
        assert kind is QuestionType.POSTCODE and POSTCODE.fullmatch(value)


def check_message(error: AnswerError, label: str) -> None:
    """The message is one short line that says what to do, however long the answer was."""
    message = error.message
    assert str(error) == message and message.strip()
    assert "\n" not in message.replace(label, "")
    assert len(message) <= len(label) + 80
    assert INSTRUCTION.search(message), message


def parses_or_says_what_to_fix(flow: Flow, question: Question, raw: Any) -> None:
    try:
        value = flow.parse(question, raw)
    except AnswerError as error:
        check_message(error, question.label.get(flow.language))
    else:
        check_value(flow, question, value)


@pytest.mark.parametrize("form_id", SHIPPED)
@settings(max_examples=100)
@given(data=st.data())
def test_any_answer_to_a_shipped_question_is_its_value_or_says_what_to_fix(
    form_id: str, data: st.DataObject
) -> None:
    definition = SHIPPED[form_id]
    question = data.draw(st.sampled_from(definition.questions))
    flow = Flow(definition, data.draw(st.sampled_from(definition.languages)))
    parses_or_says_what_to_fix(flow, question, data.draw(raw_answers(question)))


# Forms made up: every type of question, with its settings, and `show_if` on earlier ones.
OPTION_VALUE = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True).filter(lambda v: v != "other")
OPTIONS = st.lists(OPTION_VALUE, min_size=1, max_size=5, unique=True).map(
    lambda values: [{"value": value, "label": value.title()} for value in values]
)


@st.composite
def question_keys(draw: st.DrawFn, kind: QuestionType) -> dict[str, Any]:
    """The keys of a question of one type, with settings a definition may give it."""
    keys: dict[str, Any] = {"type": str(kind), "required": draw(st.booleans())}
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.WARD):
        keys["options"] = draw(OPTIONS)
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        keys["other"] = draw(st.booleans())
    if kind is QuestionType.MULTIPLE_CHOICE:
        count = len(keys["options"]) + keys["other"]
        least = draw(st.none() | st.integers(1, count))
        most = draw(st.none() | st.integers(least or 1, count + 2))
        keys.update(min_selections=least, max_selections=most)
    if kind is QuestionType.SCALE:
        keys.update(draw(st.sampled_from([{"scale": "agreement"}, {"options": draw(OPTIONS)}])))
    if kind is QuestionType.FREE_TEXT:
        keys.update(long=draw(st.booleans()), max_length=draw(st.none() | st.integers(1, 300)))
    if kind is QuestionType.NUMBER:
        least = draw(st.none() | st.integers(-1000, 1000))
        most = draw(st.none() | st.integers(least if least is not None else -1000, 10**6))
        keys.update(min=least, max=most, integer=draw(st.booleans()))
    if kind is QuestionType.DATE:
        keys["not_future"] = draw(st.booleans())
    return {key: value for key, value in keys.items() if value is not None}


@st.composite
def rules(draw: st.DrawFn, target: Question) -> dict[str, Any]:
    """A `show_if` on an earlier question, comparing with an answer it can have."""
    operators = ["answered", "equals", "not_equals", "any_of"]
    if target.type is QuestionType.DATE:
        operators = ["answered"]
    operator = draw(st.sampled_from(operators))
    answers = _possible_answers(target)
    if operator == "answered":
        operand = draw(st.booleans())
    elif operator == "any_of":
        operand = draw(st.lists(answers, min_size=1, max_size=3, unique=True))
    else:
        operand = draw(answers)
    return {"question": target.id, operator: operand}


def _possible_answers(question: Question) -> st.SearchStrategy[Any]:
    """Values an answer to the question can have, as a `show_if` compares with them."""
    if question.options:
        return st.sampled_from([option.value for option in question.options])
    if question.type in (QuestionType.YES_NO, QuestionType.CONSENT):
        return st.booleans()
    if question.type is QuestionType.NUMBER:
        return st.integers(-5, 5)
    return st.sampled_from(["x", "WV1 1RP"])


@st.composite
def forms(draw: st.DrawFn, size: int = 6) -> FormDefinition:
    """A form of up to `size` questions in one or two sections, some shown only by a rule."""
    sections: list[dict[str, Any]] = []
    definition: FormDefinition | None = None
    for number in range(1, draw(st.integers(1, size)) + 1):
        kind = draw(st.sampled_from(list(QuestionType)))
        question = {"id": f"q{number}", "label": f"Question {number}", **draw(question_keys(kind))}
        if definition and draw(st.booleans()):
            # Half the time a question with a rule of its own, to make chains of rules.
            ruled = [q for q in definition.questions if q.show_if] or list(definition.questions)
            target = draw(st.sampled_from(ruled) | st.sampled_from(definition.questions))
            question["show_if"] = draw(rules(target))
        if not sections or draw(st.booleans()):
            sections.append({"id": f"s{len(sections) + 1}", "title": "Part", "questions": []})
        sections[-1]["questions"].append(question)
        form = {"id": "made-up", "version": 1, "title": "Made up", "sections": sections}
        definition = definition_from_dict(form, origin="made-up.yaml")
    assert definition is not None
    return definition


@pytest.mark.parametrize("kind", list(QuestionType))
@settings(max_examples=60)
@given(data=st.data())
def test_any_answer_to_any_type_of_question_is_its_value_or_says_what_to_fix(
    kind: QuestionType, data: st.DataObject
) -> None:
    question = {"id": "q", "label": "Q", **data.draw(question_keys(kind))}
    form = {"id": "f", "version": 1, "title": "F", "sections": [{"id": "s", "title": "S"}]}
    form["sections"][0]["questions"] = [question]
    definition = definition_from_dict(form)
    flow, question = Flow(definition), definition.question("q")
    parses_or_says_what_to_fix(flow, question, data.draw(raw_answers(question)))


# Valid answers, as people write them.
def valid_raw_answers(question: Question) -> st.SearchStrategy[Any]:
    """Raw answers the question accepts; blank ones too when it is optional."""
    strategy = _valid_answers(question)
    return strategy if question.required else strategy | st.sampled_from(["", " ", None])


def _valid_answers(question: Question) -> st.SearchStrategy[Any]:
    kind, values = question.type, [option.value for option in question.options]
    if kind in CHOICES:
        return st.sampled_from(values).map(lambda value: f" {value} ")
    if kind is QuestionType.MULTIPLE_CHOICE:
        least, most = question.min_selections or 1, question.max_selections or len(values)
        return st.lists(st.sampled_from(values), min_size=least, max_size=most, unique=True)
    if kind is QuestionType.FREE_TEXT:
        limit = min(question.max_length or 500, 60)
        letters = st.characters(exclude_categories=["Cs", "Cc"])
        return st.text(letters, min_size=1, max_size=limit).filter(lambda text: text.strip())
    if kind is QuestionType.YES_NO:
        return st.sampled_from(YES_NO)
    if kind is QuestionType.CONSENT:
        return st.sampled_from(["yes", "on"] if question.required else ["yes", "on", "no", "off"])
    if kind is QuestionType.NUMBER:
        return _valid_numbers(question)
    if kind is QuestionType.DATE:
        latest = date.today() if question.not_future else date(2100, 1, 1)
        formats = st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%Y-%m-%d"])
        return st.builds(date.strftime, st.dates(date(1900, 1, 1), latest), formats)
    return st.sampled_from(POSTCODES)


def _valid_numbers(question: Question) -> st.SearchStrategy[str]:
    least = -(10**12) if question.minimum is None else math.ceil(question.minimum)
    most = 10**12 if question.maximum is None else math.floor(question.maximum)
    whole = st.integers(least, most)
    if question.integer:
        return st.builds(lambda n, commas: f"{n:,}" if commas else f"{n}", whole, st.booleans())
    decimals = st.decimals(least, most, places=2, allow_nan=False, allow_infinity=False)
    return st.one_of(whole.map(str), decimals.map(lambda number: f"{number:f}"))


# What the flow says about the answers so far, against the README's rules.
def shown(rule: Condition, answers: dict[str, Any]) -> bool:
    """Whether a rule holds, as the README's table says."""
    if rule.question not in answers:
        return False
    value = answers[rule.question]
    if rule.operator == "answered":
        return (value is not None) is rule.operand
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if rule.operator == "equals":
        return rule.operand in values
    if rule.operator == "not_equals":
        return rule.operand not in values
    return any(operand in values for operand in rule.operand)


def expected_questions(definition: FormDefinition, answers: dict[str, Any]) -> list[Question]:
    """The questions that apply: no rule, or a rule that holds on a question that applies."""
    applicable: dict[str, Question] = {}
    for question in definition.questions:
        rule = question.show_if
        if rule is None or (rule.question in applicable and shown(rule, answers)):
            applicable[question.id] = question
    return list(applicable.values())


def has_answer(question: Question, answers: dict[str, Any]) -> bool:
    """Whether a required question is answered: a consent must be given."""
    value = answers.get(question.id)
    return value is True if question.type is QuestionType.CONSENT else value is not None


def rests_on(question: Question, ids: set[str], definition: FormDefinition) -> bool:
    """Whether a question's `show_if`, or a rule further up its chain, names one of `ids`."""
    rule = question.show_if
    while rule is not None:
        if rule.question in ids:
            return True
        rule = definition.question(rule.question).show_if
    return False


def check_consistent(flow: Flow, answers: dict[str, Any]) -> None:
    """Applicable questions, the next one, the steps and completeness all agree."""
    applicable = flow.applicable(answers)
    assert applicable == expected_questions(flow.definition, answers)
    unanswered = [q for q in applicable if q.id not in answers]
    question, step = flow.next_question(answers), flow.next_step(answers)
    assert question == (unanswered[0] if unanswered else None)
    assert (step is None) is (question is None)
    assert step is None or question in step.questions
    missing = [q for q in applicable if q.required and not has_answer(q, answers)]
    assert flow.missing_required(answers) == missing
    assert flow.is_complete(answers) is not missing
    cleaned = flow.clean(answers)
    assert set(cleaned) <= {q.id for q in applicable} and flow.clean(cleaned) == cleaned
    check_steps(flow, answers)


def check_steps(flow: Flow, answers: dict[str, Any]) -> None:
    """Steps hold the applicable questions in order, each step within one section, and never
    a question together with one its `show_if` rests on; the next step is found both ways."""
    steps = flow.steps(answers)
    assert [q for s in steps for q in s.questions] == flow.applicable(answers)
    for step in steps:
        assert all(q in step.section.questions for q in step.questions)
        ids = {q.id for q in step.questions}
        assert not any(rests_on(q, ids, flow.definition) for q in step.questions)
    step = flow.next_step(answers)
    if step is not None:
        index = steps.index(step)
        assert flow.step_for(step.key, answers) == step
        assert flow.previous_step(step, answers) == (steps[index - 1] if index else None)


def walk(flow: Flow, data: st.DataObject) -> dict[str, Any]:
    """Answer each next question with a valid answer, checking the flow at every turn."""
    answers: dict[str, Any] = {}
    for _ in range(len(flow.definition.questions) + 1):
        check_consistent(flow, answers)
        question = flow.next_question(answers)
        if question is None:
            return answers
        raw = data.draw(valid_raw_answers(question), label=question.id)
        value = flow.parse(question, raw)
        check_value(flow, question, value)
        answers[question.id] = value
    raise AssertionError(f"the flow asked more questions than the form has: {list(answers)}")


def check_walk_ends_complete(flow: Flow, answers: dict[str, Any]) -> None:
    assert flow.is_complete(answers) and flow.missing_required(answers) == []
    assert flow.next_step(answers) is None
    assert flow.clean(answers) == answers


@pytest.mark.parametrize("form_id", SHIPPED)
@settings(max_examples=25)
@given(data=st.data())
def test_walking_a_shipped_form_asks_what_applies_once_and_ends_complete(
    form_id: str, data: st.DataObject
) -> None:
    flow = Flow(SHIPPED[form_id])
    check_walk_ends_complete(flow, walk(flow, data))


@settings(max_examples=80)
@given(definition=forms(), data=st.data())
def test_walking_any_form_asks_what_applies_once_and_ends_complete(
    definition: FormDefinition, data: st.DataObject
) -> None:
    flow = Flow(definition)
    check_walk_ends_complete(flow, walk(flow, data))


@st.composite
def any_answers(draw: st.DrawFn, definition: FormDefinition) -> dict[str, Any]:
    """Answers to any of the questions, hidden ones too, as after changing an earlier answer;
    a question kept as skipped, or a consent as refused, from before it became required."""
    flow = Flow(definition)
    answers: dict[str, Any] = {}
    for question in definition.questions:
        if draw(st.booleans(), label=f"{question.id} answered"):
            valid = valid_raw_answers(question).map(lambda raw, q=question: flow.parse(q, raw))
            kept = st.sampled_from([None, False])
            if question.type is not QuestionType.CONSENT:
                kept = st.none()
            answers[question.id] = draw(valid | kept, label=question.id)
    return answers


@settings(max_examples=80)
@given(data=st.data())
def test_any_answers_to_any_form_give_a_consistent_flow(data: st.DataObject) -> None:
    definition = data.draw(st.sampled_from(list(SHIPPED.values())) | forms())
    answers = data.draw(any_answers(definition))
    flow = Flow(definition)
    check_consistent(flow, answers)
    assert flow.applicable(flow.clean(answers)) == flow.applicable(answers)

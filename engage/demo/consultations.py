"""Demo data for `engage demo`: three consultations and believable responses to the open one.

Every response goes through the services a resident's browser uses, walking the form's flow one
question at a time, so skip logic and validation hold exactly as they do for real answers. How
residents answer (the odds of each choice, the sentences they write) is data, in
`answers.yaml` beside this module.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select

import surveys
from engage import clock
from engage.domain import SubmissionStatus
from engage.errors import ConsultationNotFound
from engage.models import Consultation, Form, Submission
from engage.services import DatabaseSession
from engage.services.consultations.publishing import (
    Status,
    create_consultation,
    get_consultation,
    status_of,
)
from engage.services.forms import flow_for, latest_form
from engage.services.responses import Answers, record_answers, start_response, submit_response

ANSWER_BANK = Path(__file__).with_name("answers.yaml")
FORM_ID = "swp-strategy-2020-2023"
OPEN_SLUG = "community-safety-strategy"
OTHER_SUFFIX = "_other"
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SHORT_TEXT_LIMIT = 500


@dataclass(frozen=True)
class DemoConsultation:
    """A consultation the demo publishes, with its dates relative to when the demo is built."""

    slug: str
    title: str
    summary: str
    opens_in: timedelta
    closes_in: timedelta


CONSULTATIONS = (
    DemoConsultation(
        OPEN_SLUG,
        "Community Safety and Harm Reduction Strategy 2020 to 2023",
        "Tell us what you think of the 4 priorities the partnership has set to keep "
        "Wolverhampton safe.",
        opens_in=timedelta(days=-30),
        closes_in=timedelta(days=60),
    ),
    DemoConsultation(
        "pact-priorities-2027",
        "Your PACT priorities for 2027",
        "Help choose what your local PACT meeting tackles first in 2027.",
        opens_in=timedelta(weeks=3),
        closes_in=timedelta(weeks=11),
    ),
    DemoConsultation(
        "night-time-safety-2025",
        "Feeling safe in the city centre at night",
        "We asked how safe you feel in the city centre at night and what would help.",
        opens_in=timedelta(days=-150),
        closes_in=timedelta(days=-60),
    ),
)


def prepare(session: DatabaseSession, responses: int = 300, seed: int = 2020) -> int:
    """Ensure the demo consultations; top the open one up to `responses`; return how many added."""
    consultation = ensure_consultations(session)[OPEN_SLUG]
    if status_of(consultation) is not Status.OPEN:
        return 0
    existing = submitted_count(session, consultation)
    flow = flow_for(consultation.form)
    bank = load_answer_bank()
    for number in range(existing, responses):
        add_response(session, consultation, flow, Resident.numbered(number, seed, bank))
    session.flush()
    return max(0, responses - existing)


def ensure_consultations(session: DatabaseSession) -> dict[str, Consultation]:
    """The demo consultations by slug, publishing any that do not exist yet."""
    form = latest_form(session, FORM_ID)
    return {demo.slug: _ensure_consultation(session, form, demo) for demo in CONSULTATIONS}


def _ensure_consultation(
    session: DatabaseSession, form: Form, demo: DemoConsultation
) -> Consultation:
    """The consultation at the demo's slug, published now if it is not there."""
    try:
        return get_consultation(session, demo.slug)
    except ConsultationNotFound:
        # Round to the times people expect: opening at 9am, closing at 11:59pm.
        today = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        return create_consultation(
            session,
            form,
            demo.slug,
            opens_at=today + demo.opens_in + timedelta(hours=9),
            closes_at=today + demo.closes_in + timedelta(hours=23, minutes=59),
            title=demo.title,
            summary=demo.summary,
        )


def submitted_count(session: DatabaseSession, consultation: Consultation) -> int:
    """How many submitted responses a consultation has."""
    query = select(func.count(Submission.id)).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.SUBMITTED,
    )
    return session.scalar(query) or 0


def add_response(
    session: DatabaseSession, consultation: Consultation, flow: surveys.Flow, resident: Resident
) -> Submission:
    """Make one resident's response through the services, dated within the open period."""
    submission, _ = start_response(
        session, consultation.form, channel=resident.channel(), consultation=consultation
    )
    record_answers(session, submission, flow, resident.walk(flow))
    submit_response(session, submission, flow)
    resident.date(submission, consultation.opens_at, clock.now())
    return submission


class AnswerBank:
    """The odds and phrases of `answers.yaml`, looked up by question."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def answer_rate(self, question: surveys.Question) -> float:
        """The chance that a resident answers an optional question."""
        rates = self.data["answer_rates"]
        if question.id.endswith(OTHER_SUFFIX):
            return float(rates["please_specify"])
        if question.id in rates["by_question"]:
            return float(rates["by_question"][question.id])
        return float(rates["by_type"].get(str(question.type), rates["default"]))

    def yes_rate(self, question: surveys.Question) -> float:
        """The chance of "yes" to a yes/no question."""
        rates = self.data["yes_rates"]
        return float(rates.get(question.id, rates["default"]))

    def weights(self, question: surveys.Question, answers: Answers) -> list[float]:
        """The weight of each of a question's options, in option order (1 when not listed)."""
        table = self.data["weights"].get(question.id, {})
        given = self.data["weights_given"].get(question.id)
        if given is not None:
            table = table.get(str(answers.get(given)), table["default"])
        return [float(table.get(option.value, 1)) for option in question.options]

    def selection_counts(self, question: surveys.Question) -> dict[int, float]:
        """How often a resident ticks each number of choices, when the bank says."""
        return {int(k): float(v) for k, v in self.data["selections"].get(question.id, {}).items()}

    def phrases(self, question: surveys.Question, answers: Answers) -> list[str]:
        """The sentences a resident may write for a free-text question, given their answers."""
        if question.id.endswith(OTHER_SUFFIX):
            bank = self.data["other_phrases"]
            return list(bank.get(question.id, bank["generic"]))
        entry = self.data["phrases"].get(question.id, self.data["phrases"]["generic"])
        if isinstance(entry, dict):
            earlier = answers.get(self.data["mood_of"].get(question.id, ""))
            entry = entry.get(self.data["moods"].get(earlier), next(iter(entry.values())))
        return list(entry)

    def skipped_sections(self, rng: random.Random) -> frozenset[str]:
        """The sections one resident leaves blank, deciding each group of sections at once."""
        skipped: set[str] = set()
        for group in self.data["sections_together"]:
            if rng.random() >= group["answered"]:
                skipped.update(group["sections"])
        return frozenset(skipped)


@cache
def load_answer_bank(path: Path = ANSWER_BANK) -> AnswerBank:
    """The answer bank in a YAML file, read once."""
    with path.open(encoding="utf-8") as file:
        return AnswerBank(yaml.safe_load(file))


@dataclass
class Resident:
    """One made-up resident: their own random source and how the answer bank says they answer."""

    rng: random.Random
    bank: AnswerBank
    skipped_sections: frozenset[str]

    @classmethod
    def numbered(cls, number: int, seed: int, bank: AnswerBank) -> Resident:
        """Resident `number` of a seed: the same seed and number always answer the same way."""
        rng = random.Random(f"{seed}/{number}")
        return cls(rng, bank, bank.skipped_sections(rng))

    def channel(self) -> str:
        """The channel this resident answers on."""
        channels: dict[str, float] = self.bank.data["channels"]
        return self.rng.choices(list(channels), weights=list(channels.values()))[0]

    def walk(self, flow: surveys.Flow) -> Answers:
        """Answer the flow's next question until there is none, as a person would."""
        answers: Answers = {}
        while (question := flow.next_question(answers)) is not None:
            if question.id in answers:
                raise RuntimeError(f"the flow asked {question.id} again")
            answers[question.id] = self.answer(question, answers)
        return answers

    def answer(self, question: surveys.Question, answers: Answers) -> Any:
        """This resident's typed answer to a question, or None when they skip it."""
        skips = question.section_id in self.skipped_sections
        if not question.required and (
            skips or self.rng.random() >= self.bank.answer_rate(question)
        ):
            return None
        return ANSWERERS[question.type](self, question, answers)

    def date(self, submission: Submission, opened: datetime, now: datetime) -> None:
        """Set when the response was started and submitted, at a time between two moments."""
        took = timedelta(minutes=self.rng.uniform(3, 25))
        latest = max(now - took, opened)
        day = timedelta(days=int((latest - opened).days * self.rng.random() ** 1.4))
        started = min(opened + day + timedelta(hours=self.rng.uniform(0, 24)), latest)
        submission.started_at = started
        submission.updated_at = submission.submitted_at = started + took


def choose_one(resident: Resident, question: surveys.Question, answers: Answers) -> str:
    """One option's value, by the bank's weights."""
    weights = resident.bank.weights(question, answers)
    if not any(weights):
        weights = [1.0] * len(weights)
    return resident.rng.choices([o.value for o in question.options], weights=weights)[0]


def choose_several(resident: Resident, question: surveys.Question, answers: Answers) -> list[str]:
    """Several options' values, by the bank's weights, within the question's limits."""
    values = [option.value for option in question.options]
    weights = resident.bank.weights(question, answers)
    # Weighted sampling without replacement: the largest random() ** (1 / weight) win.
    keys = {
        v: resident.rng.random() ** (1 / max(w, 1e-9)) for v, w in zip(values, weights, strict=True)
    }
    chosen = sorted(values, key=keys.__getitem__, reverse=True)[: _how_many(resident, question)]
    return [value for value in values if value in chosen]


def _how_many(resident: Resident, question: surveys.Question) -> int:
    """How many choices a resident ticks, within the question's minimum and maximum."""
    low = question.min_selections or 1
    high = min(question.max_selections or len(question.options), len(question.options))
    counts = {n: w for n, w in resident.bank.selection_counts(question).items() if low <= n <= high}
    if not counts:
        return resident.rng.randint(low, max(low, min(high, 3)))
    return resident.rng.choices(list(counts), weights=list(counts.values()))[0]


def write(resident: Resident, question: surveys.Question, answers: Answers) -> str:
    """One or two sentences from the bank, or a short phrase for a "Please specify"."""
    phrases = resident.bank.phrases(question, answers)
    if question.id.endswith(OTHER_SUFFIX):
        return resident.rng.choice(phrases)
    count = min(len(phrases), 1 if resident.rng.random() < 0.6 else 2)
    text = " ".join(resident.rng.sample(phrases, count))
    return text[: question.max_length or SHORT_TEXT_LIMIT]


def say_yes_or_no(resident: Resident, question: surveys.Question, answers: Answers) -> bool:
    """Yes or no, by the bank's odds for the question."""
    return resident.rng.random() < resident.bank.yes_rate(question)


def give_number(resident: Resident, question: surveys.Question, answers: Answers) -> float:
    """A number within the question's minimum and maximum (0 to 10 when it sets none)."""
    low = question.minimum if question.minimum is not None else 0.0
    high = question.maximum if question.maximum is not None else low + 10
    if question.integer:
        return resident.rng.randint(math.ceil(low), math.floor(high))
    return min(high, max(low, round(resident.rng.uniform(low, high), 1)))


def give_date(resident: Resident, question: surveys.Question, answers: Answers) -> date:
    """A day within the past year."""
    return clock.now().date() - timedelta(days=resident.rng.randint(1, 365))


def give_postcode(resident: Resident, question: surveys.Question, answers: Answers) -> str:
    """A plausible Wolverhampton postcode, like WV10 9QA."""
    district = resident.rng.choice(resident.bank.data["postcode_districts"])
    unit = "".join(resident.rng.choices(POSTCODE_LETTERS, k=2))
    return f"{district} {resident.rng.randint(1, 9)}{unit}"


def give_consent(resident: Resident, question: surveys.Question, answers: Answers) -> bool:
    """Consent, given."""
    return True


Answerer = Callable[[Resident, surveys.Question, Answers], Any]
ANSWERERS: dict[surveys.QuestionType, Answerer] = {
    surveys.QuestionType.SINGLE_CHOICE: choose_one,
    surveys.QuestionType.SCALE: choose_one,
    surveys.QuestionType.WARD: choose_one,
    surveys.QuestionType.MULTIPLE_CHOICE: choose_several,
    surveys.QuestionType.FREE_TEXT: write,
    surveys.QuestionType.YES_NO: say_yes_or_no,
    surveys.QuestionType.NUMBER: give_number,
    surveys.QuestionType.DATE: give_date,
    surveys.QuestionType.POSTCODE: give_postcode,
    surveys.QuestionType.CONSENT: give_consent,
}

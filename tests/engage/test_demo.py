"""The demo data: its consultations, and responses that a resident could really have given."""

from collections import Counter
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select

from engage import clock
from engage.demo import consultations as demo
from engage.extensions import db
from engage.models import Answer, Submission
from engage.services.consultations.publishing import Status, get_consultation, status_of
from engage.services.forms import flow_for, latest_form
from engage.services.responses import answers_of
from surveys import QuestionType


def demo_answers(app: Flask) -> list[dict[str, Any]]:
    """The typed answers of every demo response, in the order they were made."""
    with app.app_context():
        consultation = get_consultation(db.session, demo.OPEN_SLUG)
        flow = flow_for(consultation.form)
        submissions = db.session.scalars(select(Submission).order_by(Submission.id))
        return [answers_of(submission, flow) for submission in submissions]


def prepare(app: Flask, responses: int, seed: int = 2020) -> int:
    """Run the demo's prepare as `engage demo` does, committing what it made."""
    with app.app_context():
        added = demo.prepare(db.session, responses, seed)
        db.session.commit()
        return added


def delete_responses(app: Flask) -> None:
    """Delete every response, leaving the consultations."""
    with app.app_context():
        db.session.execute(delete(Answer))
        db.session.execute(delete(Submission))
        db.session.commit()


def test_prepare_adds_submitted_responses_to_the_open_consultation(app: Flask) -> None:
    assert prepare(app, 40) == 40

    with app.app_context():
        consultation = get_consultation(db.session, demo.OPEN_SLUG)
        submissions = list(db.session.scalars(select(Submission)))
        assert len(submissions) == 40
        assert {s.status for s in submissions} == {"submitted"}
        assert {s.consultation_id for s in submissions} == {consultation.id}
        assert all(s.reference for s in submissions)


def test_the_three_consultations_have_the_right_statuses(app: Flask) -> None:
    prepare(app, 1)

    with app.app_context():
        statuses = {
            slug: status_of(get_consultation(db.session, slug))
            for slug in (
                "community-safety-strategy",
                "pact-priorities-2027",
                "night-time-safety-2025",
            )
        }
        form = latest_form(db.session, "swp-strategy-2020-2023")
        strategy = get_consultation(db.session, demo.OPEN_SLUG)
        assert strategy.title == "Community Safety and Harm Reduction Strategy 2020 to 2023"
        assert strategy.form_id == form.id
        assert strategy.summary
    assert statuses == {
        "community-safety-strategy": Status.OPEN,
        "pact-priorities-2027": Status.FORTHCOMING,
        "night-time-safety-2025": Status.CLOSED,
    }


def test_every_response_is_complete_and_answers_no_hidden_question(app: Flask) -> None:
    prepare(app, 40)

    with app.app_context():
        flow = flow_for(get_consultation(db.session, demo.OPEN_SLUG).form)
        for submission in db.session.scalars(select(Submission)):
            answers = answers_of(submission, flow)
            assert flow.is_complete(answers), submission.id
            assert flow.clean(answers) == answers, submission.id
            assert flow.next_question(answers) is None, submission.id


def test_every_stored_answer_is_one_a_resident_could_type(app: Flask) -> None:
    prepare(app, 40)

    with app.app_context():
        flow = flow_for(get_consultation(db.session, demo.OPEN_SLUG).form)
        for submission in db.session.scalars(select(Submission)):
            for question_id, value in answers_of(submission, flow).items():
                if value is None:
                    continue
                question = flow.definition.question(question_id)
                stored = flow.to_storage(question, value)
                multiple = question.type is QuestionType.MULTIPLE_CHOICE
                assert flow.parse(question, stored if multiple else stored[0]) == value


def test_responses_are_dated_within_the_month_the_consultation_has_been_open(app: Flask) -> None:
    prepare(app, 40)

    with app.app_context():
        opened = get_consultation(db.session, demo.OPEN_SLUG).opens_at
        now = clock.now()
        submissions = list(db.session.scalars(select(Submission)))
    for submission in submissions:
        assert submission.submitted_at is not None
        assert opened <= submission.started_at < submission.submitted_at <= now
    days = {(s.started_at - opened).days for s in submissions}
    assert len(days) >= 10


def test_most_answer_on_the_web_and_some_on_telegram(app: Flask) -> None:
    prepare(app, 40)

    with app.app_context():
        channels = Counter(db.session.scalars(select(Submission.channel)))
    assert set(channels) == {"web", "telegram"}
    assert channels["web"] > channels["telegram"] > 0


def test_preparing_again_with_the_same_count_adds_nothing(app: Flask) -> None:
    prepare(app, 40)

    assert prepare(app, 40) == 0
    assert prepare(app, 25) == 0
    assert len(demo_answers(app)) == 40


def test_preparing_with_a_higher_count_tops_up(app: Flask) -> None:
    prepare(app, 10)

    assert prepare(app, 15) == 5
    assert len(demo_answers(app)) == 15


def test_the_same_seed_gives_the_same_answers(app: Flask) -> None:
    prepare(app, 40, seed=7)
    first = demo_answers(app)
    delete_responses(app)

    prepare(app, 40, seed=7)

    assert demo_answers(app) == first


def test_a_different_seed_gives_different_answers(app: Flask) -> None:
    prepare(app, 40, seed=7)
    first = demo_answers(app)
    delete_responses(app)

    prepare(app, 40, seed=8)

    assert demo_answers(app) != first


def test_residents_answer_believably(app: Flask) -> None:
    prepare(app, 40)
    answers = demo_answers(app)

    violence = Counter(a["preventing_violence_agree"] for a in answers)
    assert violence["strongly-agree"] + violence["agree"] > len(answers) * 0.6
    assert all(1 <= len(a["worries"]) <= 5 for a in answers if a.get("worries"))
    written = [a["feel_safer"] for a in answers if a.get("feel_safer")]
    assert 0.3 * len(answers) < len(written) < 0.8 * len(answers)
    assert all(isinstance(text, str) and text for text in written)
    assert len({a.get("ward") for a in answers}) > 10


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_about_seven_in_ten_answer_the_equalities_questions(app: Flask, seed: int) -> None:
    with app.app_context():
        flow = flow_for(latest_form(db.session, demo.FORM_ID))
    bank = demo.load_answer_bank()
    residents = [demo.Resident.numbered(n, seed, bank).walk(flow) for n in range(300)]

    answered = [a for a in residents if a.get("ethnic_group") or a.get("religion")]
    assert 0.55 * len(residents) < len(answered) < 0.8 * len(residents)
    groups = Counter(a.get("ethnic_group") for a in answered)
    assert groups.most_common(1)[0][0] == "white-british"
    assert groups["asian-indian"] > 0


def test_the_answer_bank_weights_only_options_the_form_offers(app: Flask) -> None:
    with app.app_context():
        definition = flow_for(latest_form(db.session, demo.FORM_ID)).definition
    bank = demo.load_answer_bank().data
    for question_id, table in bank["weights"].items():
        offered = {option.value for option in definition.question(question_id).options}
        given = question_id in bank["weights_given"]
        for weights in table.values() if given else [table]:
            assert set(weights) <= offered, question_id

"""The shipped form definitions load cleanly, and their questions and skip logic work as meant."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

import surveys
from surveys import AnswerError, Flow, FormDefinition, QuestionType

STRATEGY = "swp-strategy-2020-2023"
EQUALITIES = "equalities-monitoring"
REPORT = "hate-incident-report"
CONTACT = "report-contact-details"

PRIORITY_QUESTIONS = [
    "reducing_offending_agree",
    "preventing_violence_agree",
    "harm_reduction_agree",
    "building_community_capacity_agree",
]
REPORT_REQUIRED = {
    "in_danger",
    "reporter_role",
    "description",
    "share_with_police",
    "victim_support_referral",
}
WARDS = [
    "bilston-east",
    "bilston-north",
    "blakenhall",
    "bushbury-north",
    "bushbury-south-and-low-hill",
    "east-park",
    "ettingshall",
    "fallings-park",
    "graiseley",
    "heath-town",
    "merry-hill",
    "oxley",
    "park",
    "penn",
    "st-peters",
    "spring-vale",
    "tettenhall-regis",
    "tettenhall-wightwick",
    "wednesfield-north",
    "wednesfield-south",
    "outside-wolverhampton",
    "dont-know",
]


@pytest.fixture(scope="module")
def definitions() -> dict[str, FormDefinition]:
    return surveys.load_definitions(surveys.DEFINITIONS_DIR)


@pytest.fixture(scope="module")
def strategy(definitions: dict[str, FormDefinition]) -> Flow:
    return Flow(definitions[STRATEGY])


@pytest.fixture(scope="module")
def equalities(definitions: dict[str, FormDefinition]) -> Flow:
    return Flow(definitions[EQUALITIES])


@pytest.fixture(scope="module")
def report(definitions: dict[str, FormDefinition]) -> Flow:
    return Flow(definitions[REPORT])


def shown(flow: Flow, answers: dict[str, Any]) -> list[str]:
    return [question.id for question in flow.applicable(answers)]


def priorities_answered() -> dict[str, Any]:
    return dict.fromkeys(PRIORITY_QUESTIONS, "agree")


# Loading


def test_every_shipped_definition_loads(definitions: dict[str, FormDefinition]) -> None:
    assert set(definitions) == {STRATEGY, EQUALITIES, REPORT, CONTACT}
    assert all(definition.version == 1 for definition in definitions.values())


@pytest.mark.parametrize("path", sorted(surveys.DEFINITIONS_DIR.glob("*.yaml")), ids=str)
def test_each_file_loads_on_its_own(path: Path) -> None:
    definition = surveys.load_definition(path)

    assert definition.id == path.stem


def test_ward_questions_offer_the_20_wards_then_outside_and_dont_know(
    definitions: dict[str, FormDefinition],
) -> None:
    for form in (STRATEGY, REPORT):
        ward = definitions[form].question("ward")

        assert ward.type is QuestionType.WARD
        assert [option.value for option in ward.options] == WARDS
        assert ward.options[-2].label.get() == "Outside Wolverhampton"
        assert ward.options[-1].label.get() == "Don't know"


def test_each_definition_has_one_punjabi_label(definitions: dict[str, FormDefinition]) -> None:
    for definition in definitions.values():
        translated = [q.id for q in definition.questions if "pa" in q.label.translations]

        assert translated, definition.id
        assert Flow(definition, language="pa").text(definition.question(translated[0]).label)


# The strategy consultation


def test_strategy_requires_only_the_four_priority_questions(strategy: Flow) -> None:
    assert [q.id for q in strategy.missing_required({})] == PRIORITY_QUESTIONS
    assert all(
        strategy.definition.question(q).type is QuestionType.SCALE for q in PRIORITY_QUESTIONS
    )
    assert strategy.is_complete(priorities_answered())
    assert not strategy.is_complete({**priorities_answered(), "harm_reduction_agree": None})


def test_strategy_priority_questions_use_the_agreement_scale(strategy: Flow) -> None:
    question = strategy.definition.question("preventing_violence_agree")

    assert strategy.parse(question, "strongly-agree") == "strongly-agree"
    with pytest.raises(AnswerError):
        strategy.parse(question, "")


def test_strategy_asks_the_priorities_first_and_the_equalities_questions_last(
    strategy: Flow, equalities: Flow
) -> None:
    own = shown(strategy, {})
    equality_ids = shown(equalities, {})

    assert own[:2] == ["reducing_offending_agree", "reducing_offending_why"]
    assert own[-len(equality_ids) :] == equality_ids
    assert own[-len(equality_ids) - 1] == "anything_else"
    equality_sections = [s.id for s in equalities.definition.sections]
    assert [s.id for s in strategy.definition.sections][-len(equality_sections) :] == (
        equality_sections
    )


def test_strategy_worries_allow_up_to_five_and_other_needs_saying_what(strategy: Flow) -> None:
    worries = strategy.definition.question("worries")

    assert 12 <= len(worries.options) <= 15
    assert strategy.parse(worries, ["knife-crime", "other"]) == ["knife-crime", "other"]
    with pytest.raises(AnswerError):
        strategy.parse(worries, [option.value for option in worries.options[:6]])
    answers = {**priorities_answered(), "worries": ["other"]}
    assert "worries_other" in shown(strategy, answers)
    assert not strategy.is_complete(answers)
    assert strategy.is_complete({**answers, "worries_other": "Speeding cars"})


@pytest.mark.parametrize("ward", ["outside-wolverhampton", "dont-know"])
def test_strategy_asks_for_a_postcode_when_the_ward_is_not_known(strategy: Flow, ward: str) -> None:
    before_ward = shown(strategy, {})[: shown(strategy, {}).index("ward")]
    answers = {**dict.fromkeys(before_ward), **priorities_answered(), "ward": ward}

    ids = shown(strategy, answers)
    assert ids.index("postcode") == ids.index("ward") + 1
    next_question = strategy.next_question(answers)
    assert next_question is not None
    assert next_question.id == "postcode"
    assert not next_question.required


@pytest.mark.parametrize("ward", [None, "park", "st-peters", "bilston-east"])
def test_strategy_does_not_ask_for_a_postcode_with_a_wolverhampton_ward(
    strategy: Flow, ward: str | None
) -> None:
    assert "postcode" not in shown(strategy, {"ward": ward})
    assert "postcode" not in shown(strategy, {})


def test_strategy_drops_the_postcode_when_a_ward_is_chosen_after_all(strategy: Flow) -> None:
    answers = {"ward": "penn", "postcode": "WV1 1RP"}

    assert "postcode" not in strategy.clean(answers)


def test_strategy_asks_about_pact_meetings_only_to_people_who_know_them(strategy: Flow) -> None:
    assert "pact_attended" in shown(strategy, {"pact_aware": True})
    assert "pact_attended" not in shown(strategy, {"pact_aware": False})
    assert "pact_attended" not in shown(strategy, {"pact_aware": None})
    assert "get_involved" in shown(strategy, {"pact_aware": False})


def test_strategy_asks_how_to_take_part_only_to_people_who_want_to(strategy: Flow) -> None:
    assert "involvement_ways" in shown(strategy, {"get_involved": True})
    assert "involvement_ways" not in shown(strategy, {"get_involved": False})
    assert "involvement_ways_other" in shown(
        strategy, {"get_involved": True, "involvement_ways": ["other"]}
    )
    stale = {"get_involved": False, "involvement_ways": ["volunteering"]}
    assert strategy.clean(stale) == {"get_involved": False}


def test_strategy_pact_questions_are_yes_or_no(strategy: Flow) -> None:
    question = strategy.definition.question("pact_aware")

    assert strategy.parse(question, "yes") is True
    assert strategy.parse(question, "no") is False


# Equalities monitoring


def test_every_equalities_question_is_optional_with_prefer_not_to_say(equalities: Flow) -> None:
    questions = [q for q in equalities.definition.questions if q.show_if is None]

    assert len(questions) == 10
    for question in questions:
        assert not question.required, question.id
        assert "prefer-not-to-say" in [option.value for option in question.options], question.id
        assert equalities.parse(question, "prefer-not-to-say") == "prefer-not-to-say"
        assert equalities.parse(question, "") is None
    assert equalities.is_complete({})


def test_equalities_ethnic_groups_are_the_19_ons_groups(equalities: Flow) -> None:
    ethnic_group = equalities.definition.question("ethnic_group")
    labels = [option.label.get() for option in ethnic_group.options]

    assert len(labels) == 20
    assert labels[-1] == "Prefer not to say"
    headings = {label.split(":")[0] for label in labels[:-1]}
    assert headings == {
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Mixed or multiple ethnic groups",
        "White",
        "Other ethnic group",
    }


def test_equalities_first_language_other_asks_which(equalities: Flow) -> None:
    first_language = equalities.definition.question("first_language")

    assert [o.value for o in first_language.options].count("other") == 1
    assert "first_language_other" in shown(equalities, {"first_language": "other"})
    assert "first_language_other" not in shown(equalities, {"first_language": "punjabi"})


def test_equalities_question_ids_do_not_clash_with_the_forms_that_include_it(
    definitions: dict[str, FormDefinition],
) -> None:
    ids = [q.id for q in definitions[STRATEGY].questions]

    assert len(ids) == len(set(ids))


# The hate-incident report


def test_report_asks_about_danger_first(report: Flow) -> None:
    first = report.next_question({})

    assert first is not None
    assert first.id == "in_danger"
    assert first.required
    assert report.parse(first, "yes") is True


def test_report_requires_exactly_its_five_questions(report: Flow) -> None:
    assert {q.id for q in report.missing_required({})} == REPORT_REQUIRED
    minimal = {
        "in_danger": False,
        "reporter_role": "witness",
        "description": "Two men shouted racist abuse at a bus driver.",
        "share_with_police": "anonymous",
        "victim_support_referral": False,
    }
    assert report.is_complete(minimal)
    assert not report.is_complete({**minimal, "share_with_police": None})


def test_report_does_not_include_the_equalities_questions(report: Flow, equalities: Flow) -> None:
    assert not set(shown(report, {})) & set(shown(equalities, {}))


def test_report_online_incident_asks_for_the_platform_not_the_place(report: Flow) -> None:
    ids = shown(report, {"location_online": True})

    assert "online_platform" in ids
    assert not {"location_type", "ward", "postcode"} & set(ids)
    assert "online_platform_other" in shown(
        report, {"location_online": True, "online_platform": "other"}
    )


def test_report_offline_incident_asks_for_the_place_not_the_platform(report: Flow) -> None:
    ids = shown(report, {"location_online": False})

    assert {"location_type", "ward", "postcode"} <= set(ids)
    assert "online_platform" not in ids
    assert ids.index("location_type") < ids.index("ward") < ids.index("postcode")


def test_report_skipping_online_question_asks_for_neither(report: Flow) -> None:
    ids = shown(report, {"location_online": None})

    assert not {"online_platform", "location_type", "ward", "postcode"} & set(ids)


def test_report_changing_online_answer_drops_the_place(report: Flow) -> None:
    answers = {"location_online": True, "location_type": "street", "ward": "park"}

    assert report.clean(answers) == {"location_online": True}


@pytest.mark.parametrize(
    ("police_aware", "asked"),
    [("yes-reported", True), ("yes-they-know", True), ("no", False), ("not-sure", False)],
)
def test_report_asks_for_the_police_reference_only_if_police_know(
    report: Flow, police_aware: str, asked: bool
) -> None:
    assert ("police_reference" in shown(report, {"police_aware": police_aware})) is asked


def test_report_police_reference_not_asked_before_police_question(report: Flow) -> None:
    assert "police_reference" not in shown(report, {})
    assert "police_reference" not in shown(report, {"police_aware": None})


def test_report_motivation_offers_the_five_monitored_strands(report: Flow) -> None:
    motivation = report.definition.question("motivation")
    values = [option.value for option in motivation.options]

    assert {"race", "religion", "sexual-orientation", "disability", "transgender-identity"} <= set(
        values
    )
    assert "not-sure" in values
    assert values.count("other") == 1


def test_report_incident_date_cannot_be_in_the_future(report: Flow) -> None:
    question = report.definition.question("incident_date")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    assert report.parse(question, "1/3/2024") == datetime.date(2024, 3, 1)
    with pytest.raises(AnswerError):
        report.parse(question, tomorrow.isoformat())


def test_report_description_is_required_and_limited_to_5000_characters(report: Flow) -> None:
    question = report.definition.question("description")

    assert question.long
    with pytest.raises(AnswerError):
        report.parse(question, "")
    with pytest.raises(AnswerError):
        report.parse(question, "x" * 5001)
    assert report.parse(question, "  He shouted at me.  ") == "He shouted at me."

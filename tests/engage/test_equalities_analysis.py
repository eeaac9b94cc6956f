"""The equalities analysis on hand-made responses: representation ratios against a small
hand-computed baseline, small numbers held back (with the figures that would give them away),
and what each group raised, from officers' decisions where they exist."""

import pytest
from factories import publish_form
from flask import Flask
from sqlalchemy import delete, select

from engage.extensions import db
from engage.models import Answer, AnswerTag, Consultation
from engage.services.consultations.publishing import get_consultation
from engage.services.equalities import analysis as equalities
from engage.services.equalities import baselines
from engage.services.equalities.counts import TagBasis
from engage.services.forms import flow_for
from engage.services.responses import record_answers, start_response, submit_response
from engage.services.suppression import FEWER, WITHHELD

SLUG = "strategy"
REQUIRED = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "agree",
    "harm_reduction_agree": "agree",
    "building_community_capacity_agree": "agree",
}
# Population shares chosen so that every ratio below can be worked out by hand.
BASELINE = """question,value,label,population_percent,population_count,source
all,,Everyone,,1000,Made up for the test
disability,yes,,25,,Made up for the test
first_language,not:english,First language not English,20,,Made up
sexual_orientation,gay-or-lesbian+bisexual,LGB,10,,Made up
religion,muslim+sikh,Muslim or Sikh,10,,Made up
religion,christian+muslim,Christian or Muslim,50,,Made up
trans_history,no,Trans,5,,Made up
"""


def respond(app: Flask, answers: list[dict[str, str]]) -> list[int]:
    """Submit these responses to the strategy consultation, as the web does; their ids."""
    with app.app_context():
        consultation = get_consultation(db.session, SLUG)
        flow = flow_for(consultation.form)
        ids = []
        for given in answers:
            submission, _ = start_response(
                db.session, consultation.form, channel="web", consultation=consultation
            )
            record_answers(db.session, submission, flow, {**REQUIRED, **given})
            submit_response(db.session, submission, flow)
            ids.append(submission.id)
        db.session.commit()
        return ids


def column(**counts: int) -> list[str]:
    """One question's answers down the respondents: column(yes=2, no=1) -> [yes, yes, no]."""
    return [value.replace("_", "-") for value, n in counts.items() for _ in range(n)]


def analyse(app: Flask, family: str = "priority") -> equalities.Analysis:
    with app.app_context():
        monitoring = baselines.monitoring_questions(db.session)
        baseline = baselines.Baseline("test", baselines.parse_baseline(BASELINE, monitoring), True)
        consultation = db.session.scalar(select(Consultation).filter_by(slug=SLUG))
        return equalities.analyse(
            db.session, consultation, baseline, monitoring, equalities.Settings(family=family)
        )


def question(analysis: equalities.Analysis, question_id: str) -> equalities.QuestionResult:
    return next(q for q in analysis.questions if q.id == question_id)


def comparison(result: equalities.QuestionResult, label: str) -> equalities.Comparison:
    return next(c for c in result.comparisons if c.label == label)


@pytest.fixture
def forty(app: Flask) -> Flask:
    """40 responses whose monitoring answers are counted by hand in the tests."""
    publish_form(app, "swp-strategy-2020-2023", SLUG)
    columns = {
        "disability": column(yes=5, no=25, prefer_not_to_say=10),
        "first_language": column(english=30, polish=5, punjabi=5),
        "sexual_orientation": column(straight=30, gay_or_lesbian=6, bisexual=4),
        "religion": column(christian=30, muslim=3, sikh=2, hindu=5),
    }
    rows = zip(*columns.values(), strict=True)
    respond(app, [dict(zip(columns, row, strict=True)) for row in rows])
    return app


def test_representation_ratios_match_the_hand_computed_ones(forty):
    analysis = analyse(forty)

    assert analysis.respondents == 40
    disability = question(analysis, "disability")
    rows = {row.label: row for row in disability.table.rows}
    # "Prefer not to say" (10) is left out of the shares: 5 of the 30 who said are disabled.
    assert disability.leaves_out_unstated
    assert (rows["Yes"].count, rows["No"].count, rows["Prefer not to say"].count) == (5, 25, 10)
    assert rows["Yes"].share == pytest.approx(5 / 30)
    assert rows["Prefer not to say"].share is None
    disabled = comparison(disability, "Yes")
    assert disabled.ratio == pytest.approx((5 / 30) / 0.25)  # 0.67: under 0.8
    assert disabled.under_represented
    assert disabled.name == "disabled respondents"

    not_english = comparison(question(analysis, "first_language"), "First language not English")
    assert not_english.count == 10
    assert not_english.ratio == pytest.approx((10 / 40) / 0.20)  # 1.25
    assert not not_english.under_represented
    assert [c.name for c in analysis.heard_less] == ["disabled respondents"]


def test_a_threshold_from_the_settings_decides_who_is_under_represented(forty):
    with forty.app_context():
        monitoring = baselines.monitoring_questions(db.session)
        baseline = baselines.Baseline("test", baselines.parse_baseline(BASELINE, monitoring), True)
        consultation = db.session.scalar(select(Consultation).filter_by(slug=SLUG))
        strict = equalities.Settings(under_represented_below=0.6)
        analysis = equalities.analyse(db.session, consultation, baseline, monitoring, strict)

    assert analysis.heard_less == []


def test_a_lone_small_count_withholds_the_next_smallest_and_the_groups_that_hold_one(forty):
    orientation = question(analyse(forty), "sexual_orientation")

    rows = {row.label: row for row in orientation.table.rows}
    assert rows["Bisexual"].count is None and rows["Bisexual"].count_text == FEWER
    # 40 - 30 would give the 4 away: the next smallest (6) is withheld with it.
    assert rows["Gay or lesbian"].count is None and rows["Gay or lesbian"].count_text == WITHHELD
    assert orientation.table.total == 40
    assert rows["Straight or heterosexual"].share == pytest.approx(30 / 40)
    # Both together are 40 - 30 anyway: the group can show, with its ratio.
    lgb = comparison(orientation, "LGB")
    assert lgb.count == 10
    assert lgb.ratio == pytest.approx((10 / 40) / 0.10)


def test_a_group_of_every_small_count_can_show_when_the_total_gives_it_away_anyway(forty):
    religion = question(analyse(forty), "religion")

    rows = {row.label: row for row in religion.table.rows}
    assert rows["Muslim"].count is None and rows["Sikh"].count is None
    assert religion.table.total == 40  # two counts held back: neither can be worked out
    assert rows["Christian"].share == pytest.approx(30 / 40)
    assert comparison(religion, "Muslim or Sikh").count == 5  # 40 - 30 - 5 shows it anyway
    assert comparison(religion, "Christian or Muslim").count_text == WITHHELD


def test_nobody_in_a_group_is_a_zero_and_is_under_represented(forty):
    trans = comparison(question(analyse(forty), "trans_history"), "Trans")

    # Nobody answered the question: no share to compare, nothing to flag.
    assert (trans.count, trans.ratio, trans.under_represented) == (0, None, False)


def tag(app: Flask, ids: list[int], label: str, source: str, applies: bool = True) -> None:
    """Put a priority tag on the free-text answer of each of these responses."""
    with app.app_context():
        for submission_id in ids:
            answer_id = db.session.scalar(
                select(Answer.id).filter_by(submission_id=submission_id, question_id="feel_safer")
            )
            db.session.add(
                AnswerTag(
                    answer_id=answer_id,
                    family="priority",
                    label=label,
                    source=source,
                    applies=applies,
                )
            )
        db.session.commit()


@pytest.fixture
def thirty_writers(app: Flask) -> tuple[list[int], list[int]]:
    """10 disabled and 20 other respondents who all wrote, with the machine's tags cleared."""
    publish_form(app, "swp-strategy-2020-2023", SLUG)
    words = {"feel_safer": "More to say about where I live."}
    disabled = respond(app, [{**words, "disability": "yes"}] * 10)
    others = respond(app, [{**words, "disability": "no"}] * 20)
    with app.app_context():
        db.session.execute(delete(AnswerTag))
        db.session.commit()
    return disabled, others


def test_what_a_group_raised_against_everyone_else_uses_officers_decisions(app, thirty_writers):
    disabled, others = thirty_writers
    tag(app, disabled[:6] + others[:5], "harm_reduction", "machine")
    tag(app, disabled[:1], "harm_reduction", "officer", applies=False)  # a wrong suggestion
    tag(app, others[5:6], "harm_reduction", "officer")  # a missing one added

    analysis = analyse(app)

    themes = {g.name: g for g in question(analysis, "disability").themes}
    cell = themes["disabled respondents"].cells[0]
    assert (cell.tag, cell.raised) == ("harm_reduction", 5)
    assert cell.share == pytest.approx(5 / 10)
    assert cell.others_share == pytest.approx(6 / 20)
    assert cell.ratio == pytest.approx(0.5 / 0.3)
    assert analysis.basis == TagBasis(officer_answers=2, machine_answers=10)
    assert analysis.findings[0].text == (
        "Disabled respondents raised harm reduction 1.7 times as often as everyone else "
        "(50% of them, against 30%)"
    )


def test_a_tag_raised_by_few_in_a_group_or_outside_it_is_held_back(app, thirty_writers):
    disabled, others = thirty_writers
    tag(app, disabled[:5] + others[:2], "reducing_offending", "machine")

    themes = {g.name: g for g in question(analyse(app), "disability").themes}

    # 2 others raised it: with the tag's total that gives the group's 5 away, so both go.
    held = themes["disabled respondents"].cells[0]
    assert (held.raised, held.share, held.raised_text) == (None, None, WITHHELD)
    assert themes["respondents who are not disabled"].cells[0].raised_text == FEWER
    assert themes["respondents who are not disabled"].writers == 20


def test_a_group_with_too_few_writers_is_not_compared(app, thirty_writers):
    respond(app, [{"feel_safer": "Something to say.", "sex": "female"}] * 3)

    sex = question(analyse(app), "sex")

    assert sex.themes == []
    assert sex.too_few == ["female respondents"]  # nobody said male: not listed


def writers_by_religion(app: Flask, **writers: int) -> dict[str, list[int]]:
    """Respondents who all wrote, by religion, with the machine's tags cleared."""
    publish_form(app, "swp-strategy-2020-2023", SLUG)
    ids = {
        religion: respond(app, [{"feel_safer": "Words.", "religion": religion}] * n)
        for religion, n in writers.items()
    }
    with app.app_context():
        db.session.execute(delete(AnswerTag))
        db.session.commit()
    return ids


def test_a_lone_small_count_of_a_tag_takes_the_next_smallest_with_it(app):
    ids = writers_by_religion(app, christian=10, muslim=10, sikh=10)
    tag(
        app, ids["christian"][:2] + ids["muslim"][:6] + ids["sikh"][:9], "harm_reduction", "machine"
    )

    themes = {g.name: g.cells[0] for g in question(analyse(app), "religion").themes}

    # Everyone who wrote is in one of the three: 17 - 6 - 9 would give the 2 away.
    assert themes["respondents whose religion is Christian"].raised_text == FEWER
    assert themes["respondents whose religion is Muslim"].raised_text == WITHHELD
    assert themes["respondents whose religion is Sikh"].share == pytest.approx(9 / 10)


def test_a_lone_small_group_of_writers_takes_the_next_smallest_with_it(app):
    writers_by_religion(app, christian=10, muslim=12, sikh=3)

    religion = question(analyse(app), "religion")

    # 25 wrote, all of them in these groups: 25 - 12 - 10 would give the 3 away.
    assert [g.name for g in religion.themes] == ["respondents whose religion is Muslim"]
    assert "respondents whose religion is Christian" in religion.too_few
    assert "respondents whose religion is Sikh" in religion.too_few

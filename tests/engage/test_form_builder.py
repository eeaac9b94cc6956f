"""Officers write a form in the browser: start it, add sections and questions, set when a
question is asked, add the equalities block, and publish it as a version residents answer."""

import csv
import io
import re
from pathlib import Path

import pytest
from factories import Resident, make_centre, make_user, plausible_answer, publish_form, sign_in
from sqlalchemy import func, select

import surveys
from engage.extensions import db
from engage.models import AuditEntry, Consultation, Form, FormDraft, Submission
from engage.services import responses
from engage.services.forms import definition_of, flow_for, latest_form
from tests.engage.form_builder import Builder
from tests.urls import path_for

REVISION = re.compile(r'name="revision" value="(\d+)"')
STRATEGY = "swp-strategy-2020-2023"
XLSFORMS = Path(__file__).parent.parent / "surveys" / "xlsforms"


def test_an_officer_builds_and_publishes_a_form_of_every_kind_of_question(app, builder):
    builder.start("Safer streets 2027")
    about = builder.add_section("Your area")
    feels = builder.added(
        about, "scale", label="I feel safe in my area after dark.", scale="agreement", required="y"
    )
    worries = builder.added(
        about,
        "multiple_choice",
        label="What worries you most?",
        options="Knife crime\nDrug dealing\nAnti-social behaviour",
        other="y",
        max_selections="2",
    )
    why = builder.added(
        about, "free_text", label="Why do you feel that way?", long="y", max_length="2000"
    )
    builder.added(
        about, "number", label="How many years have you lived here?", minimum="0", maximum="120"
    )
    builder.added(about, "date", label="When did you last report something?", not_future="y")
    builder.added(about, "ward", label="Which ward do you live in?")
    builder.added(about, "yes_no", label="Would you come to a PACT meeting?")

    rule = builder.ask_only_if(why, worries, ["knife-crime", "drug-dealing"])
    assert rule.status_code == 302, rule.text
    overview = builder.overview()
    assert (
        "Asked only if the answer to “What worries you most?” is “Knife crime” or “Drug dealing”"
        in overview
    )

    assert builder.on_overview("staff.add_equalities").status_code == 302
    published = builder.on_overview("staff.publish_form")
    assert published.status_code == 302, published.text

    with app.app_context():
        form = latest_form(db.session, "safer-streets-2027")
        definition = definition_of(form)
        assert form.version == 1 and db.session.scalar(select(func.count(FormDraft.id))) == 0
        actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"form.draft_started", "form.draft_changed", "form.published"} <= actions
    question = definition.question(why)
    assert question.show_if == surveys.Condition(worries, "any_of", ("knife-crime", "drug-dealing"))
    assert question.long and question.max_length == 2000
    assert definition.question(feels).required
    assert [o.value for o in definition.question(worries).options][-1] == "other"
    assert definition.question("ethnic_group")  # the equalities block came with it
    # The same questions loaded from a file give the same flow: the builder used the loader.
    assert surveys.definition_from_dict(definition.source) == definition


def test_a_change_the_loader_refuses_is_shown_beside_its_box_with_what_was_typed(builder):
    builder.start("Counting")
    section = builder.add_section("Numbers")
    response = builder.add_question(section, "number", label="How many?", minimum="10", maximum="2")

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert re.search(r'id="maximum-error"|id="minimum-error"', response.text)
    assert 'value="10"' in response.text and "How many?" in response.text
    assert builder.source()["sections"][0]["questions"] == []


def test_a_box_typed_wrong_says_what_to_type(builder):
    builder.start("Counting")
    section = builder.add_section("Numbers")
    response = builder.add_question(section, "number", label="How many?", minimum="ten")

    assert "Lowest number allowed must be a number, like 10" in response.text
    assert 'value="ten"' in response.text


def test_a_change_from_a_page_older_than_the_last_save_is_refused_and_kept_on_the_page(builder):
    builder.start("Two officers")
    section = builder.add_section("First")
    stale = builder.overview()
    builder.add_section("Second")  # another officer saves meanwhile

    response = builder.post(
        "staff.new_section",
        {"title": "Third", "revision": REVISION.search(stale).group(1)},
        draft_id=builder.draft_id,
    )

    assert response.status_code == 200
    assert "Someone else changed this form" in response.text
    assert 'value="Third"' in response.text
    assert [s["id"] for s in builder.source()["sections"]] == [section, "second"]


def test_deleting_a_question_a_rule_names_lists_the_problem_and_stops_publishing(builder):
    builder.start("Rules")
    section = builder.add_section("Questions")
    went = builder.added(section, "yes_no", label="Did you go?")
    why = builder.added(section, "free_text", label="Why?")
    builder.ask_only_if(why, went, ["true"])
    builder.post("staff.delete_question", {}, draft_id=builder.draft_id, question_id=went)

    overview = builder.overview()
    assert "Fix this before you publish" in overview and f"#question-{why}" in overview
    assert "Publish version" not in overview
    refused = builder.on_overview("staff.publish_form")
    assert refused.status_code == 409 and "Fix the problems listed" in refused.text


def test_a_new_version_is_asked_by_open_consultations_and_drafts_keep_theirs(app, builder):
    start_page = publish_form(app, STRATEGY, "strategy")
    begun = Resident(app.test_client()).start(start_page)
    assert begun.status_code == 302
    builder.edit(STRATEGY)
    section = builder.source()["sections"][0]["id"]
    added = builder.added(section, "free_text", label="Anything more to add?")
    builder.on_overview("staff.publish_form")

    with app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug="strategy"))
        versions = list(db.session.scalars(select(Form.version).filter_by(definition_id=STRATEGY)))
        assert consultation.form.version == 2 and sorted(versions) == [1, 2]
        assert consultation.form.source["sections"][0]["questions"][-1]["id"] == added
        begun_on = db.session.scalar(select(Form.version).join(Submission.form))
        assert begun_on == 1  # the response begun before keeps its version


def test_publishing_nothing_new_is_refused(builder):
    builder.edit(STRATEGY)
    refused = builder.on_overview("staff.publish_form")
    assert refused.status_code == 409 and "Nothing has changed" in refused.text


def test_a_copy_starts_with_the_questions_of_the_form_copied(app, builder):
    builder.start("Strategy again", start="copy", copy=STRATEGY)
    with app.app_context():
        strategy = latest_form(db.session, STRATEGY).source
    copied = builder.source()
    assert copied["sections"] == strategy["sections"]
    assert copied["id"] == "strategy-again" and copied["title"] == {"en": "Strategy again"}


def test_questions_and_sections_move_and_delete(builder):
    builder.start("Order")
    first = builder.add_section("First")
    second = builder.add_section("Second")
    a = builder.added(first, "yes_no", label="A?")
    b = builder.added(first, "yes_no", label="B?")
    page = builder.url("staff.form_draft", draft_id=builder.draft_id)
    builder.post(
        "staff.move_question",
        {"direction": "down"},
        page=page,
        draft_id=builder.draft_id,
        question_id=a,
    )
    assert [q["id"] for q in builder.source()["sections"][0]["questions"]] == [b, a]
    builder.post(
        "staff.move_question",
        {"direction": "down"},
        page=page,
        draft_id=builder.draft_id,
        question_id=a,
    )
    assert [q["id"] for q in builder.source()["sections"][1]["questions"]] == [a]
    builder.post(
        "staff.move_section",
        {"direction": "up"},
        page=page,
        draft_id=builder.draft_id,
        section_id=second,
    )
    assert [s["id"] for s in builder.source()["sections"]] == [second, first]
    builder.post("staff.delete_section", {}, draft_id=builder.draft_id, section_id=second)
    assert [s["id"] for s in builder.source()["sections"]] == [first]


def test_centre_staff_cannot_build_forms(app, client):
    centre = make_centre(app, "Library")
    make_user(app, "centre_staff", "c@example.org", centre_id=centre)
    sign_in(client, "c@example.org")
    assert client.get(path_for(app, "staff.forms")).status_code == 404
    assert (
        Resident(client)
        .post(
            path_for(app, "staff.new_form"), {"title": "X"}, page=path_for(app, "staff.log_report")
        )
        .status_code
        == 404
    )


def test_the_routes_page_lists_each_route_and_warns_of_a_section_left_empty(builder):
    builder.start("Routes")
    first = builder.add_section("Going")
    went = builder.added(first, "yes_no", label="Did you go?", required="y")
    second = builder.add_section("Why")
    why = builder.added(second, "free_text", label="Why did you go?")
    builder.ask_only_if(why, went, ["true"])

    page = builder.page("staff.form_routes", draft_id=builder.draft_id)

    assert "2 routes" in page
    assert "Did you go?" in page and "Why did you go?" in page
    warnings = page.split('id="warnings"')[1].split("</ul>")[0]
    assert "section" in warnings.lower()


def test_the_routes_page_waits_for_the_problems_to_be_fixed(builder):
    builder.start("Empty")
    page = builder.page("staff.form_routes", draft_id=builder.draft_id)
    assert "The routes can be checked once the form" in page


def upload(builder: Builder, content: bytes, filename: str, title: str = "Uploaded"):
    data = {"title": title, "start": "upload", "definition": (io.BytesIO(content), filename)}
    return builder.post("staff.new_form", data)


def test_an_uploaded_xlsform_starts_a_draft_listing_what_it_left_out(app, builder):
    workbook = (XLSFORMS / "community-survey.xlsx").read_bytes()
    response = upload(builder, workbook, "community-survey.xlsx", "Community safety 2024")
    assert response.status_code == 302, response.text
    builder.draft_id = int(response.headers["Location"].rsplit("/", 1)[1])

    page = builder.overview()
    assert "What the uploaded file held that this form does not ask" in page
    assert "survey row 2 (start &#39;start&#39;)" in page
    source = builder.source()
    assert source["id"] == "community-safety-2024" and source["title"]["en"] == (
        "Community safety 2024"
    )
    published = builder.on_overview("staff.publish_form")
    assert published.status_code == 302, published.text


def test_an_upload_the_loader_refuses_lists_every_problem_and_keeps_the_title(builder):
    response = upload(builder, b"id: broken\ntitle: Broken\n", "broken.yaml", "Keep this title")
    assert response.status_code == 200
    assert "The file has 2 problems, listed below" in response.text
    assert "broken.yaml: missing &#39;sections&#39;" in response.text
    assert "broken.yaml: missing &#39;version&#39;" in response.text
    assert "built-in method" not in response.text
    assert 'value="Keep this title"' in response.text and 'value="upload" checked' in (
        response.text
    )


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (None, "", "Choose the file to upload"),
        (b"PK\x03\x04broken", "form.xlsx", "form.xlsx: is damaged and cannot be read"),
        (b"%PDF-1.4", "form.pdf", "form.pdf: is not a form definition"),
    ],
)
def test_an_upload_that_cannot_be_read_says_what_to_give(builder, content, filename, message):
    if content is None:
        response = builder.post("staff.new_form", {"title": "T", "start": "upload"})
    else:
        response = upload(builder, content, filename)
    assert response.status_code == 200 and message in response.text
    with builder.app.app_context():
        assert db.session.scalar(select(func.count(FormDraft.id))) == 0


@pytest.mark.parametrize(
    ("extension", "opens_with"), [("yaml", b"# swp-strategy-2020-2023 version 1,"), ("xlsx", b"PK")]
)
def test_each_version_downloads_as_a_file_and_the_export_is_audited(
    app, builder, extension, opens_with
):
    builder.edit(STRATEGY)
    section = builder.source()["sections"][0]["id"]
    builder.added(section, "free_text", label="Anything more to add?")
    builder.on_overview("staff.publish_form")
    page = builder.page("staff.form_versions", definition_id=STRATEGY)
    assert "Version 2" in page and "Version 1" in page

    url = builder.url(
        "staff.export_form_version", definition_id=STRATEGY, version=1, extension=extension
    )
    response = builder.client.get(url)
    assert response.status_code == 200 and response.data.startswith(opens_with)
    assert f"filename={STRATEGY}-v1.{extension}" in response.headers["Content-Disposition"]
    with app.app_context():
        detail = db.session.scalar(select(AuditEntry.detail).filter_by(action="form.exported"))
    assert detail == f"{STRATEGY} version 1 as {'yaml' if extension == 'yaml' else 'xlsform'}"
    missing = builder.url(
        "staff.export_form_version", definition_id=STRATEGY, version=9, extension=extension
    )
    assert builder.client.get(missing).status_code == 404


def sent_response(app, slug: str) -> None:
    """A response answered with a plausible answer to every question it is asked, and sent."""
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug=slug))
        submission, _ = responses.start_response(
            db.session, consultation.form, "web", consultation=consultation
        )
        flow = flow_for(consultation.form)
        answers: dict = {}
        while (question := flow.next_question(answers)) is not None:
            answers[question.id] = flow.parse(question, plausible_answer(question))
        responses.record_answers(db.session, submission, flow, answers)
        responses.submit_response(db.session, submission, flow)
        db.session.commit()


def answered_before_and_after_a_new_question(app, builder) -> int:
    """The strategy consultation, answered once on version 1 and once on version 2, which adds
    the question "Anything more to add?"; its id."""
    publish_form(app, STRATEGY, "strategy")
    sent_response(app, "strategy")
    builder.edit(STRATEGY)
    section = builder.source()["sections"][0]["id"]
    builder.added(section, "free_text", label="Anything more to add?")
    builder.on_overview("staff.publish_form")
    sent_response(app, "strategy")
    with app.app_context():
        consultation_id = db.session.scalar(select(Consultation.id).filter_by(slug="strategy"))
    return consultation_id


def test_the_results_say_which_version_each_response_answered_and_what_changed(app, builder):
    consultation_id = answered_before_and_after_a_new_question(app, builder)

    page = builder.page("staff.consultation_results", consultation_id=consultation_id)

    assert "Versions of the form answered" in page
    assert "Version 1" in page and "Version 2" in page
    assert "What changed in version 2" in page
    assert "Question added: “Anything more to add?”" in page


def test_each_answer_says_which_version_of_the_form_its_response_answered(app, builder):
    consultation_id = answered_before_and_after_a_new_question(app, builder)

    page = builder.page("staff.consultation_answers", consultation_id=consultation_id)
    download = builder.page("staff.export_answers", consultation_id=consultation_id, fmt="csv")

    assert "form version 1" in page and "form version 2" in page
    rows = list(csv.reader(io.StringIO(download.lstrip("\ufeff"))))
    table = rows[rows.index([]) + 1 :]
    versions = [row[table[0].index("Form version")] for row in table[1:]]
    assert set(versions) == {"1", "2"}

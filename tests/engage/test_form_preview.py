"""A draft form previewed as a resident answers it on the web: the real pages, the skip logic,
the errors, any language the form has, and nothing stored."""

from factories import Resident, csrf_token, make_centre, make_user, sign_in
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Submission
from tests.engage.form_builder import Builder, victim_form

STRATEGY = "swp-strategy-2020-2023"


def preview(builder: Builder, language: str = "en") -> str:
    """Press the preview's start button; return the first question's page."""
    start = builder.url("staff.preview_form", draft_id=builder.draft_id, language=language)
    begin = builder.url("staff.begin_preview", draft_id=builder.draft_id, language=language)
    response = Resident(builder.client).post(begin, {}, page=start)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def stored_responses(builder: Builder) -> tuple[int, int]:
    with builder.app.app_context():
        submissions = db.session.scalar(select(func.count(Submission.id)))
        answers = db.session.scalar(select(func.count(Answer.id)))
    return submissions or 0, answers or 0


def test_a_preview_walks_the_real_pages_with_their_errors_and_skip_logic(builder):
    victim, what = victim_form(builder)
    start = builder.page("staff.preview_form", draft_id=builder.draft_id, language="en")
    assert "Nothing you enter is sent or stored" in start and "Victims&#39; voices" in start

    first_page = preview(builder)
    person = Resident(builder.client)
    first = person.get(first_page).text
    assert "Have you been a victim of crime?" in first and 'name="csrf_token"' in first

    refused = person.post(first_page, {})
    assert refused.status_code == 200 and "There is a problem" in refused.text
    answered = person.post(first_page, {victim: "yes"})
    follow_up = answered.headers["Location"]
    assert follow_up.endswith(f"/questions/{what}")
    check_page = person.post(follow_up, {what: "My car was broken into"}).headers["Location"]
    check = person.get(check_page).text
    assert "Check your answers" in check and "My car was broken into" in check
    assert "Finish the preview" in check

    finished = person.post(check_page, {})
    assert finished.status_code == 302
    ending = person.get(finished.headers["Location"]).text
    assert "Preview finished. Nothing was sent or stored." in ending
    assert stored_responses(builder) == (0, 0)


def test_a_long_text_answer_is_kept_to_its_first_300_characters_and_the_preview_says_so(builder):
    victim, what = victim_form(builder)
    person = Resident(builder.client)
    follow_up = person.post(preview(builder), {victim: "yes"}).headers["Location"]
    long_answer = "The lights were out. " * 22  # 462 characters, within the 500 allowed

    answered = person.post(follow_up, {what: long_answer})
    assert answered.status_code == 302, answered.text
    check = person.get(answered.headers["Location"]).text

    assert "a text answer is kept only to its first 300 characters" in check
    assert long_answer[:300] + "…" in check and long_answer[:301] not in check


def test_an_answer_that_skips_a_question_goes_straight_to_the_check_page(builder):
    victim, what = victim_form(builder)
    first_page = preview(builder)
    answered = Resident(builder.client).post(first_page, {victim: "no"})
    assert answered.headers["Location"].endswith("/check")
    check = builder.client.get(answered.headers["Location"]).text
    assert "What happened?" not in check


def test_a_preview_is_shown_in_any_language_the_form_has(app, builder):
    builder.start("Strategy in Punjabi", start="copy", copy=STRATEGY)
    start = builder.page("staff.preview_form", draft_id=builder.draft_id, language="en")
    assert 'lang="pa"' in start and "ਪੰਜਾਬੀ (Punjabi)" in start
    first_page = preview(builder, "pa")
    assert "/preview/pa/questions/" in first_page
    unknown = builder.url("staff.preview_form", draft_id=builder.draft_id, language="xx")
    assert builder.client.get(unknown).status_code == 404


def test_a_colleague_with_any_staff_account_can_open_the_preview_link(app, builder, client):
    victim_form(builder)
    link = builder.url("staff.preview_form", draft_id=builder.draft_id, language="en")
    builder.client.post(builder.url("staff.sign_out"), data={})
    centre = make_centre(app, "Library")
    make_user(app, "centre_staff", "c@example.org", centre_id=centre)
    colleague = app.test_client()
    assert colleague.get(link).status_code == 302  # signed out: to the sign-in page
    sign_in(colleague, "c@example.org")
    shown = colleague.get(link)
    assert shown.status_code == 200 and "Victims&#39; voices" in shown.text


def test_a_draft_with_problems_says_what_to_fix_before_it_can_be_previewed(builder):
    builder.start("Empty")
    page = builder.client.get(
        builder.url("staff.preview_form", draft_id=builder.draft_id, language="en")
    )
    assert page.status_code == 409 and "This draft cannot be previewed yet" in page.text
    assert "Back to the draft" in page.text
    begin = builder.url("staff.begin_preview", draft_id=builder.draft_id, language="en")
    pressed = builder.client.post(begin, data={"csrf_token": csrf_token(page.text)})
    assert pressed.status_code == 409 and "cannot be previewed yet" in pressed.text


def test_a_change_to_the_draft_meanwhile_is_shown_on_the_next_page(builder):
    victim, what = victim_form(builder)
    first_page = preview(builder)
    Resident(builder.client).post(first_page, {victim: "yes"})
    delete = builder.url("staff.delete_question", draft_id=builder.draft_id, question_id=victim)
    deleted = builder.post(
        "staff.delete_question", {}, page=delete, draft_id=builder.draft_id, question_id=victim
    )
    assert deleted.status_code == 302
    # The follow-up's rule now names a deleted question: the preview says so, and no error.
    page = builder.client.get(first_page)
    assert page.status_code == 409 and "cannot be previewed yet" in page.text
    assert f"Question ‘{what}’" in page.text

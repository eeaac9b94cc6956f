"""A resident answering a consultation on the web, page by page, and every way it can go wrong."""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from factories import Resident, csrf_token, publish
from flask import Flask, g
from flask_wtf.csrf import generate_csrf, validate_csrf
from sqlalchemy import select
from wtforms.validators import ValidationError

from engage import clock
from engage.extensions import db
from engage.models import Answer, Consultation, Submission
from engage.services.consultations.publishing import create_consultation
from engage.services.forms import definition_of, latest_form
from tests.urls import Url, path_for


@pytest.fixture
def question(url: Url) -> Callable[..., str]:
    """The path of a question's page of the street safety consultation, by the question's key."""
    return lambda key, **values: url("public.question", slug="street-safety", key=key, **values)


def answer_everything(resident: Resident, start: str) -> None:
    app = resident.client.application

    def question(key: str) -> str:
        return path_for(app, "public.question", slug="street-safety", key=key)

    resident.start(start)
    resident.post(question("feel_safe"), {"feel_safe": "agree", "worries": ["asb", "other"]})
    resident.post(
        question("worries_other"),
        {"worries_other": "Broken street lights", "comments": "Cars race down the road at night."},
    )
    resident.post(question("knows_pact"), {"knows_pact": "yes"})
    resident.post(question("meetings"), {"meetings": "3", "last_meeting": ["4", "3", "2024"]})
    resident.post(question("ward"), {"ward": "dont-know"})
    resident.post(question("postcode"), {"postcode": "wv1 1rp", "agree": "yes"})


def test_hub_lists_open_forthcoming_and_closed_consultations(
    app: Flask, resident: Resident, url: Url
):
    publish(app, "street-safety.yaml", "street-safety")
    publish(app, "street-safety.yaml", "next-year", opens_in=10, closes_in=40)
    publish(app, "street-safety.yaml", "last-year", opens_in=-60, closes_in=-30)

    page = resident.get(url("public.hub")).text

    open_part, rest = page.split("Coming up")
    coming_part, closed_part = rest.split("Closed consultations")
    assert url("public.start", slug="street-safety") in open_part
    assert url("public.start", slug="next-year") in coming_part
    assert url("public.start", slug="last-year") in closed_part


def test_hub_says_when_nothing_is_open(resident: Resident, url: Url):
    assert "There are no open consultations at the moment" in resident.get(url("public.hub")).text


def test_pages_carry_the_partnership_not_gov_uk_branding(resident: Resident, url: Url):
    page = resident.get(url("public.hub")).text

    assert "Engage – Safer Wolverhampton Partnership" in page
    assert "govuk-header__logo" not in page
    assert "crown" not in page.lower()


def test_start_page_describes_the_consultation(street_safety: str, resident: Resident):
    page = resident.get(street_safety)

    assert page.status_code == 200
    assert "A short survey for the tests." in page.text
    assert "Start now" in page.text


def test_a_resident_completes_a_consultation(
    app: Flask, street_safety: str, resident: Resident, url: Url
):
    answer_everything(resident, street_safety)

    check = resident.get(url("public.check", slug="street-safety"))
    assert check.status_code == 200
    for shown in [
        "Agree",
        "Anti-social behaviour",
        "Broken street lights",
        "4 March 2024",
        "WV1 1RP",
    ]:
        assert shown in check.text

    sent = resident.post(url("public.check", slug="street-safety"))
    confirmation = resident.get(sent.headers["Location"])
    assert "Your reference number" in confirmation.text

    with app.app_context():
        submission = db.session.scalar(select(Submission))
        assert submission.status == "submitted"
        assert submission.reference in confirmation.text
        assert submission.channel == "web"


def test_each_page_leads_to_the_next(
    street_safety: str, resident: Resident, question: Callable[..., str], url: Url
):
    started = resident.start(street_safety)
    assert started.headers["Location"].endswith(url("public.resume", slug="street-safety"))
    assert (
        resident.get(started.headers["Location"])
        .headers["Location"]
        .endswith(question("feel_safe"))
    )

    posted = resident.post(question("feel_safe"), {"feel_safe": "agree"})
    assert posted.headers["Location"].endswith(question("comments"))
    posted = resident.post(question("comments"), {"comments": ""})
    assert posted.headers["Location"].endswith(question("knows_pact"))


def test_a_missing_required_answer_is_explained_and_choices_kept(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)

    page = resident.post(question("feel_safe"), {"worries": ["drugs"]})

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert 'href="#feel_safe"' in page.text
    assert "Error:" in page.text.split("</title>")[0]
    assert 'value="drugs" checked' in page.text


def test_typed_text_is_kept_and_shown_inert(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)
    resident.post(question("feel_safe"), {"feel_safe": "agree", "worries": ["other"]})

    page = resident.post(question("worries_other"), {"comments": "Nobody clears <b>litter</b>"})

    assert 'href="#worries_other"' in page.text
    assert "Nobody clears &lt;b&gt;litter&lt;/b&gt;" in page.text


def test_too_many_choices_and_too_long_text_are_refused(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)
    too_many = resident.post(
        question("feel_safe"), {"feel_safe": "agree", "worries": ["asb", "drugs", "speeding"]}
    )
    resident.post(question("feel_safe"), {"feel_safe": "agree"})
    too_long = resident.post(question("comments"), {"comments": "x" * 201})

    assert "Select no more than 2" in too_many.text
    assert "200 characters or fewer" in too_long.text
    assert "x" * 201 in too_long.text


def test_a_bad_date_and_number_keep_what_was_typed(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)
    resident.post(question("feel_safe"), {"feel_safe": "agree"})
    resident.post(question("knows_pact"), {"knows_pact": "yes"})

    page = resident.post(
        question("meetings"), {"meetings": "lots", "last_meeting": ["31", "2", "2024"]}
    )

    assert 'value="lots"' in page.text
    assert 'value="31"' in page.text
    assert "Enter a real date" in page.text or "real date" in page.text
    assert 'href="#last_meeting-day"' in page.text


def test_answers_survive_a_reload(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)
    resident.post(question("feel_safe"), {"feel_safe": "disagree", "worries": ["speeding"]})
    resident.post(question("comments"), {"comments": "Too dark"})

    first = resident.get(question("feel_safe")).text
    second = resident.get(question("comments")).text

    assert 'value="disagree" checked' in first
    assert 'value="speeding" checked' in first
    assert "Too dark" in second


def test_back_link_goes_to_the_previous_page(
    street_safety: str, resident: Resident, question: Callable[..., str], url: Url
):
    resident.start(street_safety)
    resident.post(question("feel_safe"), {"feel_safe": "agree"})
    resident.post(question("comments"), {"comments": ""})

    assert f'href="{question("comments")}"' in resident.get(question("knows_pact")).text
    assert f'href="{question("feel_safe")}"' in resident.get(question("comments")).text
    start = url("public.start", slug="street-safety")
    assert f'href="{start}"' in resident.get(question("feel_safe")).text


def test_changing_an_answer_drops_answers_it_hid(
    app: Flask, street_safety: str, resident: Resident, question: Callable[..., str], url: Url
):
    answer_everything(resident, street_safety)

    back = resident.post(
        question("knows_pact", change=1), {"knows_pact": "no"}, page=question("knows_pact")
    )

    assert back.headers["Location"].endswith(url("public.check", slug="street-safety"))
    check = resident.get(url("public.check", slug="street-safety")).text
    assert "4 March 2024" not in check
    with app.app_context():
        ids = set(db.session.scalars(select(Answer.question_id)))
    assert "meetings" not in ids and "last_meeting" not in ids


def test_check_page_sends_an_unfinished_response_back(
    street_safety: str, resident: Resident, question: Callable[..., str], url: Url
):
    resident.start(street_safety)

    page = resident.get(url("public.check", slug="street-safety"))

    assert page.headers["Location"].endswith(question("feel_safe"))


def test_a_double_click_stores_one_response(
    app: Flask, street_safety: str, resident: Resident, url: Url
):
    answer_everything(resident, street_safety)
    check = url("public.check", slug="street-safety")
    token = csrf_token(resident.get(check).text)
    cookie_before = resident.client.get_cookie("session", domain="engage.test").value

    first = resident.client.post(check, data={"csrf_token": token})
    # A double click sends the second request with the cookie the page had.
    resident.client.set_cookie("session", cookie_before, domain="engage.test")
    second = resident.client.post(check, data={"csrf_token": token})

    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Location"].endswith(url("public.confirmation", slug="street-safety"))
    with app.app_context():
        assert db.session.query(Submission).count() == 1


def test_sending_again_after_going_back_shows_the_confirmation(
    app: Flask, street_safety: str, resident: Resident, url: Url
):
    answer_everything(resident, street_safety)
    resident.post(url("public.check", slug="street-safety"))

    again = resident.post(url("public.check", slug="street-safety"), page=street_safety)

    assert again.headers["Location"].endswith(url("public.confirmation", slug="street-safety"))
    with app.app_context():
        assert db.session.query(Submission).count() == 1


def test_a_question_page_without_a_draft_goes_to_the_start(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    page = resident.get(question("feel_safe"))

    assert page.status_code == 302
    assert "expired=1" in page.headers["Location"]
    assert "could not find your answers" in resident.get(page.headers["Location"]).text


def test_an_unknown_page_key_goes_to_the_next_question(
    street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)

    assert resident.get(question("nope")).headers["Location"].endswith(question("feel_safe"))


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "start_page_says", "status", "refusal_says"),
    [
        (-60, -30, "This consultation closed", 409, "This consultation has closed"),
        (10, 40, "This consultation opens on", 403, "has not opened yet"),
    ],
)
def test_a_consultation_that_is_not_open_cannot_be_answered(
    app: Flask,
    street_safety: str,
    resident: Resident,
    opens_in,
    closes_in,
    start_page_says,
    status,
    refusal_says,
    url: Url,
):
    start = publish(app, "street-safety.yaml", "other", opens_in=opens_in, closes_in=closes_in)

    assert start_page_says in resident.get(start).text
    assert "Start now" not in resident.get(start).text
    refused = resident.post(url("public.begin", slug="other"), page=street_safety)
    assert refused.status_code == status
    assert refusal_says in refused.text


def test_a_consultation_that_closes_mid_response_keeps_nothing_half_sent(
    app: Flask, street_safety: str, resident: Resident, question: Callable[..., str]
):
    resident.start(street_safety)
    with app.app_context():
        consultation = db.session.query(Consultation).filter_by(slug="street-safety").one()
        consultation.closes_at = clock.now()
        db.session.commit()

    page = resident.get(question("feel_safe"))

    assert page.status_code == 409
    assert "This consultation has closed" in page.text


def test_an_unknown_consultation_is_a_friendly_404(resident: Resident, url: Url):
    page = resident.get(url("public.start", slug="no-such-thing"))

    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "Traceback" not in page.text


def test_a_form_token_lasts_no_longer_than_the_session(app: Flask, monkeypatch):
    """A token from a page shown more than a day ago opens nothing, even in a live session."""
    more_than_a_day_ago = time.time() - 25 * 60 * 60
    with app.test_request_context():
        with monkeypatch.context() as then:
            then.setattr("itsdangerous.timed.time.time", lambda: more_than_a_day_ago)
            old_token = generate_csrf()
        g.pop("csrf_token")  # the page shown now makes its own
        validate_csrf(generate_csrf())

        with pytest.raises(ValidationError, match="expired"):
            validate_csrf(old_token)


def test_a_post_without_a_csrf_token_is_refused(street_safety: str, resident: Resident, url: Url):
    page = resident.client.post(url("public.begin", slug="street-safety"))

    assert page.status_code == 400
    assert "Your page had expired" in page.text


def test_each_consultation_page_describes_that_consultation(
    app: Flask, resident: Resident, url: Url
):
    with app.app_context():
        strategy = latest_form(db.session, "swp-strategy-2020-2023")
        description = definition_of(strategy).description.get()
        now = clock.now()
        for slug, summary in [("strategy", ""), ("pact", "Help choose what your PACT tackles.")]:
            create_consultation(
                db.session,
                strategy,
                slug,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=9),
                title=slug.title(),
                summary=summary,
            )
        db.session.commit()
    first_sentence = description.split(".")[0]

    # One form serves both: the page written for it shows its description, the other its own.
    assert first_sentence in resident.get(url("public.start", slug="strategy")).text
    pact = resident.get(url("public.start", slug="pact")).text
    assert "Help choose what your PACT tackles." in pact
    assert first_sentence not in pact

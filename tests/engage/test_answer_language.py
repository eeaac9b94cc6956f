"""A resident chooses the language they answer a consultation in on the web, among those its
form is written in; the browser's own preference is the first guess, and the choice is kept."""

from factories import Resident, publish, publish_form
from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Submission
from tests.urls import path_for

STRATEGY = "swp-strategy-2020-2023"  # in English, with Punjabi labels


def language_started(app) -> str:
    with app.app_context():
        return db.session.scalars(select(Submission.language)).one()


def test_the_start_page_offers_each_language_named_in_itself(app, client):
    start = publish_form(app, STRATEGY, "strategy")

    page = client.get(start).text

    assert "Which language do you want to answer in?" in page
    assert 'lang="pa"' in page and "ਪੰਜਾਬੀ (Punjabi)" in page
    assert 'value="en" checked' in page


def test_the_browser_s_preferred_language_is_offered_first(app, client):
    start = publish_form(app, STRATEGY, "strategy")

    page = client.get(start, headers={"Accept-Language": "pa-IN, en;q=0.5"}).text

    assert 'value="pa" checked' in page


def test_answers_begun_in_punjabi_are_asked_and_stored_in_punjabi(app, client):
    start = publish_form(app, STRATEGY, "strategy")
    resident = Resident(client)
    begin = path_for(app, "public.begin", slug="strategy")

    first = resident.post(begin, {"language": "pa"}, page=start)
    question = client.get(client.get(first.headers["Location"]).headers["Location"]).text

    assert language_started(app) == "pa"
    assert '<div lang="pa" dir="ltr">' in question
    assert 'lang="en"' in question  # the button, still in English
    another = publish_form(app, STRATEGY, "strategy-again")
    assert 'value="pa" checked' in client.get(another).text  # kept for the rest of the visit


def test_a_language_the_form_does_not_have_starts_in_the_one_offered(app, client):
    start = publish_form(app, STRATEGY, "strategy")

    Resident(client).post(path_for(app, "public.begin", slug="strategy"), {"language": "xx"}, start)

    assert language_started(app) == "en"


def test_a_form_in_english_alone_asks_no_language(app, client):
    start = publish(app, "street-safety.yaml", "street-safety")

    assert "Which language do you want to answer in?" not in client.get(start).text


def test_urdu_and_arabic_are_written_right_to_left():
    assert [surveys.text_direction(code) for code in ("ur", "ar", "pa", "en")] == [
        "rtl",
        "rtl",
        "ltr",
        "ltr",
    ]

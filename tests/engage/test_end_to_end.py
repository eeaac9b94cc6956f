"""The real server, started as a resident would find it, answered over real HTTP."""

import re

import requests
from factories import csrf_token, plausible_answer, publish_form, questions_on_page
from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Submission
from engage.services.forms import flow_for, latest_form
from tests.urls import Url


def test_a_resident_answers_the_strategy_consultation_over_http(app: Flask, server: str, url: Url):
    start = publish_form(app, "swp-strategy-2020-2023", "community-safety-strategy")
    with app.app_context():
        flow = flow_for(latest_form(db.session, "swp-strategy-2020-2023"))
    browser = requests.Session()

    hub = browser.get(server + url("public.hub"))
    assert "community-safety-strategy" in hub.text
    page = browser.get(f"{server}{start}")
    begin = url("public.begin", slug="community-safety-strategy")
    page = browser.post(server + begin, data={"csrf_token": csrf_token(page.text)})

    pages = 0
    while url("public.question", slug="community-safety-strategy", key="") in page.url:
        asked = questions_on_page(flow, page.text)
        assert asked, f"no questions found on {page.url}"
        answers = {q.id: plausible_answer(q) for q in asked}
        page = browser.post(page.url, data={"csrf_token": csrf_token(page.text), **answers})
        pages += 1
        assert pages < 60, "the consultation never reached its end"

    assert page.url.endswith(url("public.check", slug="community-safety-strategy"))
    assert "Check your answers" in page.text
    done = browser.post(page.url, data={"csrf_token": csrf_token(page.text)})
    reference = re.search(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}", done.text).group(0)

    with app.app_context():
        submission = db.session.scalar(select(Submission).filter_by(reference=reference))
        assert submission is not None and submission.status == "submitted"
        stored = db.session.scalar(
            select(func.count(Answer.id)).where(Answer.submission_id == submission.id)
        )
    assert stored >= pages

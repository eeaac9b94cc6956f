"""Emergency signposting is one rule: the web and the bot show it for the same answers, on a
consultation and on a report, and never for a past event."""

import json
from pathlib import Path

import pytest
from flask import Flask

from engage.safety import EMERGENCY_TITLE, emergency_text
from tests.bots.chat import Chat
from tests.engage.factories import Resident, publish_form
from tests.urls import path_for

STRATEGY = "swp-strategy-2020-2023"
SLUG = "community-safety-strategy"
DANGER_SET = Path(__file__).parents[1] / "analysis" / "data" / "danger_now.jsonl"
RECORDS = [json.loads(line) for line in DANGER_SET.read_text(encoding="utf-8").splitlines()]
# A few of each kind, picked across the set: the whole set is checked in tests/analysis.
SAMPLE = [r for r in RECORDS if not r["urgent"]][::10] + [r for r in RECORDS if r["urgent"]][::10]


def question_page(resident: Resident, url: str) -> str:
    """Where a browser lands, following redirects (resume sends on to the next question)."""
    while (page := resident.get(url)).status_code == 302:
        url = page.location
    return url


def web_consultation_signposts(app: Flask, text: str) -> bool:
    """Answer the strategy's first page (a priority and why) on the web: is the 999 page next?"""
    resident = Resident(app.test_client())
    start = path_for(app, "public.start", slug=SLUG)
    first = question_page(resident, resident.start(start).location)
    answers = {"reducing_offending_agree": "agree", "reducing_offending_why": text}
    after = resident.post(first, answers).location
    if after.endswith(path_for(app, "public.emergency", slug=SLUG)):
        page = resident.get(after)
        assert EMERGENCY_TITLE in page.text and "Continue with your answers" in page.text
        return True
    return False


def chat_consultation_signposts(app: Flask, text: str) -> bool:
    """The same two answers in a chat; whether the bot sends the emergency message."""
    chat = Chat(app)
    chat.command("start")
    labels = chat.labels()
    chat.press(labels[0])
    assert chat.question == "reducing_offending_agree"
    chat.press("Agree")
    assert chat.question == "reducing_offending_why"
    chat.type(text)
    return emergency_text() in [reply.text for reply in chat.replies]


@pytest.fixture
def strategy(app: Flask) -> None:
    publish_form(app, STRATEGY, SLUG)


@pytest.mark.parametrize("record", SAMPLE, ids=[r["id"] for r in SAMPLE])
def test_a_consultation_answer_signposts_alike_on_the_web_and_in_a_chat(app, strategy, record):
    on_the_web = web_consultation_signposts(app, record["text"])
    in_a_chat = chat_consultation_signposts(app, record["text"])
    assert on_the_web is in_a_chat is record["urgent"]

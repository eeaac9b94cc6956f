"""A chat over time: coming back, going idle, /delete, /language and a report's contact details."""

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from bots import messages
from engage import clock
from engage.extensions import db
from engage.models import AuditEntry, ChatState, ContactDetails, Report, Submission
from engage.roles import OFFICER
from engage.safety import emergency_text
from engage.services import audit
from tests.bots.chat import Chat
from tests.engage.factories import make_user, sign_in
from tests.urls import Url

SHORT_REPORT = {
    "reporter_role": "witness",
    "incident_types": ["verbal-abuse"],
    "incident_date": "4/3/2024",
    "location_online": "no",
    "description": "A man shouted abuse at a woman in a headscarf at the bus stop.",
    "share_with_police": "anonymous",
    "victim_support_referral": "no",
}


def move_clock(monkeypatch: pytest.MonkeyPatch, **delta: float) -> None:
    moved = clock.now() + timedelta(**delta)
    monkeypatch.setattr(clock, "now", lambda: moved)


def begin_report(app: Flask, chat_id: int = 1001) -> Chat:
    chat = Chat(app, chat_id)
    chat.command("start")
    chat.press("Report a hate incident")
    chat.press("No")  # nobody in danger now
    return chat


def send_report(chat: Chat, told: dict) -> None:
    while chat.question is not None:
        chat.answer(chat.flow(), told.get(str(chat.question)))
    chat.press("Send")


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_resident_back_hours_later_is_asked_whether_to_carry_on(app, monkeypatch):
    chat = begin_report(app)
    move_clock(monkeypatch, hours=3)

    chat.press("It happened to me")
    assert chat.text == messages.UNFINISHED.format(title="Report a hate incident")
    assert chat.labels() == [messages.CARRY_ON, messages.START_AGAIN]
    chat.press(messages.CARRY_ON)
    assert chat.question == "reporter_role"  # the answer pressed before was not taken
    chat.press("It happened to me")
    assert chat.question == "incident_types"


def test_an_idle_chat_loses_its_unfinished_answers(app, monkeypatch):
    chat = begin_report(app)
    move_clock(monkeypatch, hours=25)

    chat.command("start")
    assert chat.replies[0].text == messages.EXPIRED.format(hours=24)
    assert "Report a hate incident" in chat.labels()
    assert count(app, Submission) == 0


def test_purging_forgets_idle_chats_and_their_answers(app, runner, monkeypatch):
    begin_report(app)
    move_clock(monkeypatch, hours=25)

    result = runner.invoke(args=["drafts", "purge"])

    assert "forgot 1 idle chats" in result.output
    assert count(app, ChatState) == 0 and count(app, Submission) == 0


def test_delete_erases_everything_the_chat_sent_once_confirmed(app):
    chat = begin_report(app)
    send_report(chat, SHORT_REPORT)
    begin_report(app)  # and another, unfinished
    other = begin_report(app, chat_id=2002)
    send_report(other, SHORT_REPORT)

    chat.command("delete")
    assert "hate incident reports: 1" in chat.text and "unfinished answers: 1" in chat.text
    chat.press(messages.KEEP_EVERYTHING)
    assert chat.replies[0].text == messages.NOTHING_DELETED
    assert count(app, Submission) == 3

    chat.command("delete")
    chat.press(messages.DELETE_EVERYTHING)
    assert chat.text == messages.DELETED and chat.state == {}
    assert count(app, Submission) == 1 and count(app, Report) == 1  # the other chat's
    with app.app_context():
        erased = db.session.scalar(select(AuditEntry).filter_by(action=audit.CHAT_ERASED))
        assert erased is not None
        assert erased.detail == "0 responses, 1 reports, 1 unfinished"
    assert chat.command("delete")[0].text == messages.NOTHING_HELD


def test_language_puts_the_questions_in_punjabi_where_translated(app):
    chat = Chat(app)
    chat.command("language")
    assert chat.labels() == ["English", "ਪੰਜਾਬੀ (Punjabi)"]
    chat.press("ਪੰਜਾਬੀ (Punjabi)")
    assert chat.replies[0].text == messages.LANGUAGE_CHOSEN.format(language="ਪੰਜਾਬੀ (Punjabi)")

    chat.command("start")
    chat.press("Report a hate incident")
    assert chat.text.startswith("ਕੀ ਇਸ ਵੇਲੇ ਕੋਈ ਤੁਰੰਤ ਖ਼ਤਰੇ ਵਿੱਚ ਹੈ?")
    chat.command("language")
    chat.press("English")
    assert "Is anyone in immediate danger now?" in chat.text
    with app.app_context():
        assert db.session.scalar(select(Submission.language)) == "en"


def test_a_report_asks_for_contact_details_and_says_what_to_fix(app):
    chat = begin_report(app)
    told = {**SHORT_REPORT, "share_with_police": "share"}
    while chat.question not in (None, "leave_contact"):
        chat.answer(chat.flow(), told.get(str(chat.question)))
    assert chat.question == "leave_contact"
    chat.press("Yes")
    chat.type("Sam")
    chat.type("12345")  # phone
    chat.press("Skip")  # email
    chat.press("Skip")  # best time
    chat.press("Yes")  # consent
    assert "UK phone number\n12345" in chat.text
    chat.press("Send")
    assert chat.replies[0].text.startswith("Enter a UK phone number")
    assert chat.question == "phone"
    chat.type("07700 900982")
    chat.press("Send")

    assert chat.text.startswith("Report sent")
    with app.app_context():
        details = db.session.scalar(select(ContactDetails))
        assert details is not None and (details.name, details.phone) == ("Sam", "07700 900982")


def test_typed_words_saying_someone_is_in_danger_now_get_the_999_message(app):
    chat = begin_report(app)
    told = {**SHORT_REPORT, "description": "He is outside my door right now with a knife."}
    while chat.question != "description":
        chat.answer(chat.flow(), told.get(str(chat.question)))

    chat.type(told["description"])

    assert chat.replies[0].text == emergency_text()
    assert chat.question is not None and chat.question != "description"  # and it carries on


def test_typed_words_about_the_past_get_no_999_message(app):
    chat = begin_report(app)
    while chat.question != "description":
        chat.answer(chat.flow(), SHORT_REPORT.get(str(chat.question)))

    chat.type(SHORT_REPORT["description"])

    assert emergency_text() not in chat.text


def test_a_report_from_a_chat_shows_as_telegram_in_the_officers_views(app, url: Url):
    send_report(begin_report(app), SHORT_REPORT)
    officer = app.test_client()
    make_user(app, OFFICER, "officer@example.org")
    sign_in(officer, "officer@example.org")
    with app.app_context():
        report_id = db.session.scalar(select(Report.id))

    listed = officer.get(url("staff.reports"))
    shown = officer.get(url("staff.report", report_id=report_id))

    assert listed.status_code == 200 and ">Telegram</td>" in listed.text
    assert shown.status_code == 200 and "Telegram" in shown.text

"""`engage bot` itself, polling a fake Bot API on 127.0.0.1 or serving a webhook, end to end."""

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Answer, ContactDetails, Submission
from engage.services.forms import flow_for, latest_form
from engage.services.reports import filing
from tests.bots.fake_bot_api import FakeBotApi, post_update
from tests.bots.phone import ENGAGE, TOKEN, Phone, bot_environment, running_bot, wait_until_polling
from tests.bots.test_bot_parity import CONTACT, REPORT_ANSWERS, STRATEGY, STRATEGY_ANSWERS
from tests.engage.factories import publish_form
from tests.engage.live_server import free_port

REFERENCE = re.compile(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}")
RECEIPT = re.compile(r"receipt code is (\S+)")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(token=TOKEN) as api:
        yield api


def flows(app: Flask, *definition_ids: str) -> list[surveys.Flow]:
    with app.app_context():
        return [flow_for(latest_form(db.session, d)) for d in definition_ids]


def answer_everything(phone: Phone, forms: list[surveys.Flow], given: dict) -> None:
    """Answer each question the bot asks until it shows the answers to check."""
    for _ in range(80):
        if phone.last.text.startswith("Check your answers") or "Send" in phone.last.labels:
            return
        phone.answer(forms, given)
    raise AssertionError(f"the bot kept asking: {phone.last.text!r}")


def test_a_resident_answers_a_consultation_in_telegram(app: Flask, api, tmp_path: Path):
    publish_form(app, STRATEGY, "community-safety-strategy")
    [strategy] = flows(app, STRATEGY)
    phone = Phone(api)
    with running_bot(app, api, tmp_path) as bot:
        wait_until_polling(api, bot)
        phone.send("/start")
        assert phone.last.text.startswith("Welcome to Engage")
        phone.press(str(strategy.text(strategy.definition.title)))
        answer_everything(phone, [strategy], STRATEGY_ANSWERS)
        sent = phone.press("Send")

    [reference] = REFERENCE.findall(sent.text)
    with app.app_context():
        submission = db.session.scalar(select(Submission).filter_by(reference=reference))
        assert submission is not None
        assert (submission.channel, submission.status) == ("telegram", "submitted")
        postcode = db.session.scalar(
            select(Answer.value).filter_by(submission_id=submission.id, question_id="postcode")
        )
        assert postcode == "WV1 1RP"


def test_a_report_carries_on_after_the_bot_restarts(app: Flask, api, tmp_path: Path):
    report_flows = flows(app, filing.DEFINITION_ID, "report-contact-details")
    phone = Phone(api)
    given = {**REPORT_ANSWERS, **CONTACT}
    with running_bot(app, api, tmp_path) as bot:
        wait_until_polling(api, bot)
        phone.send("/start")
        phone.press("Report a hate incident")
        for _ in range(4):
            phone.answer(report_flows, given)
    polled = len(api.calls_to("getUpdates"))

    with running_bot(app, api, tmp_path) as bot:
        wait_until_polling(api, bot, since=polled)
        phone.answer(report_flows, given)  # the question asked before the restart
        answer_everything(phone, report_flows, given)
        phone.press("Send")

    text = "\n".join(phone.texts()[-2:])
    [reference], [code] = REFERENCE.findall(text), RECEIPT.findall(text)
    with app.app_context():
        report = filing.find_by_receipt(db.session, code)
        assert report.submission.reference == reference
        assert report.submission.channel == "telegram"
        details = db.session.scalar(select(ContactDetails).filter_by(report_id=report.id))
        assert details is not None and details.email == CONTACT["email"]


def test_the_webhook_refuses_requests_without_the_secret(app: Flask, api, tmp_path: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    secret = "webhook-secret-for-tests"
    with running_bot(
        app,
        api,
        tmp_path,
        "--webhook",
        url,
        "--port",
        str(port),
        ENGAGE_TELEGRAM_WEBHOOK_SECRET=secret,
    ) as bot:
        api.wait_until(lambda: api.webhook is not None, timeout=30)
        assert api.webhook is not None and api.webhook.secret_token == secret
        assert api.webhook.url == url
        update = api.make_message_update(7002, "/start private words")
        wait_for_webhook(url, update)

        assert post_update(url, update) == 403
        assert post_update(url, update, secret_token="guessed") == 403
        assert post_update(url, update, secret_token=secret) == 200
        api.wait_for_messages(7002, 1, timeout=20)
    output = bot.stdout.read() if bot.stdout else ""

    assert api.last_message(7002).text.startswith("Welcome to Engage")
    assert output.count("webhook request refused") == 3  # the probe, none, a wrong one
    assert "private words" not in output and api.token not in output


def wait_for_webhook(url: str, update: dict) -> None:
    """Wait until the webhook server answers (a refusal is an answer)."""
    for _ in range(100):
        try:
            post_update(url, update, secret_token="not-yet")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing served {url}")


@pytest.mark.parametrize(
    ("token", "says"),
    [
        ("", "No Telegram bot token"),
        ("not a token", "does not look like a Telegram bot token"),
        ("999:" + "W" * 35, "Telegram refused the bot token"),
    ],
)
def test_a_missing_or_wrong_token_is_a_clear_error(app: Flask, api, tmp_path, token, says):
    env = bot_environment(app, api, ENGAGE_TELEGRAM_TOKEN=token)
    done = subprocess.run(
        [str(ENGAGE), "bot"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 1
    assert says in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_bot_api_that_cannot_be_reached_is_a_clear_error(app: Flask, api, tmp_path):
    unreachable = f"http://127.0.0.1:{free_port()}"
    env = bot_environment(app, api, ENGAGE_TELEGRAM_API_URL=unreachable)
    done = subprocess.run(
        [str(ENGAGE), "bot"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 1
    assert f"Could not reach the Telegram Bot API at {unreachable}" in done.stderr
    assert "Traceback" not in done.stderr


def test_rate_limits_and_dropped_connections_do_not_lose_replies(app, api, tmp_path: Path):
    with running_bot(app, api, tmp_path) as bot:
        wait_until_polling(api, bot)
        api.fail_next("sendMessage", error_code=429, retry_after=1)
        api.send_text(7003, "/start")
        api.wait_for_messages(7003, 1, timeout=20)
        api.disconnect_next("sendMessage")
        api.send_text(7004, "/help")
        api.wait_for_messages(7004, 1, timeout=20)

    assert api.last_message(7003).text.startswith("Welcome to Engage")
    assert api.last_message(7004).text.startswith("Commands you can send")
    assert len(api.calls_to("sendMessage")) == 4  # each refused or dropped once, then sent

"""Receipt codes: made strong, stored only as a keyed hash, and the way back to a report."""

import hashlib
import logging
import math
import re
from datetime import timedelta
from pathlib import Path

import pytest
from factories import Resident
from flask import Flask
from reporter import Reporter
from sqlalchemy import String, Text, select

from engage import clock
from engage.extensions import db
from engage.models import Report, ReportEvent
from engage.secret_settings import instance_secret
from engage.services.references import READABLE_ALPHABET
from engage.services.reports import filing
from engage.services.reports.receipts import (
    hash_receipt_code,
    new_receipt_code,
    normalise_receipt_code,
)
from tests.urls import Url, path_for

RECEIPT_CODE = re.compile(r"[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}")
NOT_FOUND = "We could not find a report with that code. Check you have entered it correctly."


@pytest.fixture
def reporter(app: Flask, resident: Resident) -> Reporter:
    return Reporter(app, resident)


@pytest.fixture
def code(reporter: Reporter) -> str:
    """The receipt code of a report this browser has just sent."""
    return RECEIPT_CODE.search(reporter.report().text).group(0)


def enter_code(reporter: Reporter, typed: str):
    look_up = path_for(reporter.app, "public.report_status")
    return reporter.visit(reporter.post(look_up, {"receipt_code": typed}))


def test_a_code_is_four_groups_of_five_readable_characters():
    code = new_receipt_code()

    groups = code.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5]
    assert set("".join(groups)) <= set(READABLE_ALPHABET)
    assert 20 * math.log2(len(READABLE_ALPHABET)) >= 80
    assert len({new_receipt_code() for _ in range(1000)}) == 1000


def test_a_code_is_read_however_it_is_typed():
    assert normalise_receipt_code(" k7qm4-xa2cd hj3pw.9rtve ") == "K7QM4XA2CDHJ3PW9RTVE"
    assert hash_receipt_code("k7qm4 xa2cd hj3pw 9rtve", "p") == hash_receipt_code(
        "K7QM4-XA2CD-HJ3PW-9RTVE", "p"
    )


def test_the_hash_is_scrypt_keyed_with_the_pepper():
    expected = hashlib.scrypt(b"K7QM4XA2CDHJ3PW9RTVE", salt=b"pepper", n=2**14, r=8, p=1).hex()

    assert hash_receipt_code("K7QM4-XA2CD-HJ3PW-9RTVE", "pepper") == expected
    assert hash_receipt_code("K7QM4-XA2CD-HJ3PW-9RTVE", "other pepper") != expected
    assert len(expected) == 128


def test_a_missing_pepper_is_made_once_and_kept(tmp_path: Path):
    first = instance_secret(tmp_path, "receipt_pepper")

    assert instance_secret(tmp_path, "receipt_pepper") == first
    assert len(first) >= 64
    assert (tmp_path / "receipt_pepper").stat().st_mode & 0o777 == 0o600
    assert instance_secret(tmp_path) != first


def test_the_right_code_shows_the_report(app: Flask, reporter: Reporter, code: str, url: Url):
    page = enter_code(reporter, code)

    assert page.request.path == url("public.report_status")
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.submission.reference in page.text
    assert "Received" in page.text
    assert "Add information" in page.text
    assert code not in page.text


def test_the_code_can_be_typed_loosely(reporter: Reporter, code: str):
    page = enter_code(reporter, f"  {code.lower().replace('-', ' ')} ")

    assert "Your report" in page.text


@pytest.mark.parametrize(
    ("status", "shown"),
    [("in_review", "Being looked at"), ("referred", "Passed to the police"), ("closed", "Closed")],
)
def test_the_status_is_in_plain_words(
    app: Flask, reporter: Reporter, code: str, status: str, shown: str
):
    with app.app_context():
        db.session.scalar(select(Report)).status = status
        db.session.commit()

    page = enter_code(reporter, code)

    assert f'<strong class="govuk-tag">{shown}</strong>' in page.text


@pytest.mark.parametrize(
    ("choice", "told", "not_told"),
    [
        ("share", "as you agreed", "anonymous"),
        ("anonymous", "as anonymous information, as you chose", "as you agreed"),
        # Referred before referral followed the reporter's choice: no consent is claimed.
        ("do-not-share", "We have passed your report to West Midlands Police.", "as you"),
    ],
)
def test_a_referred_report_says_what_the_reporter_chose_never_a_consent_not_given(
    app: Flask, reporter: Reporter, choice: str, told: str, not_told: str
):
    code = RECEIPT_CODE.search(reporter.report(share_with_police=choice).text).group(0)
    with app.app_context():
        db.session.scalar(select(Report)).status = "referred"
        db.session.commit()

    page = enter_code(reporter, code)

    assert "Passed to the police" in page.text
    assert told in page.text
    assert not_told not in page.text


def test_a_report_emptied_by_retention_offers_a_new_report_not_adding_to_it(
    app: Flask, reporter: Reporter, code: str, url: Url
):
    with app.app_context():
        report = db.session.scalar(select(Report))
        report.status, report.closed_at, report.anonymised_at = "closed", clock.now(), clock.now()
        db.session.commit()

    page = enter_code(reporter, code)

    assert "nothing more can be added to it" in page.text
    assert "Add information to your report" not in page.text
    assert f'href="{url("public.report_start")}"' in page.text


@pytest.mark.parametrize(
    "typed",
    [
        "K7QM4-XA2CD-HJ3PW-9RTVE",  # the right shape, but no report has it
        "not a code at all",
        "QQ7",
        "x" * 500,
    ],
)
def test_a_wrong_code_says_only_that_it_was_not_found(
    reporter: Reporter, code: str, typed: str, url: Url
):
    page = reporter.post(url("public.report_status"), {"receipt_code": typed})

    assert page.status_code == 200
    assert NOT_FOUND in page.text
    assert 'href="#receipt_code"' in page.text
    assert typed not in page.text
    assert "Your report" not in page.text


def test_a_wrong_code_reads_the_same_whether_or_not_any_report_exists(
    app: Flask, resident: Resident, url: Url
):
    look_up = url("public.report_status")
    nothing_sent = resident.post(look_up, {"receipt_code": "K7QM4-XA2CD-HJ3PW-9RTVE"})
    Reporter(app, resident).report()
    something_sent = resident.post(look_up, {"receipt_code": "K7QM4-XA2CD-HJ3PW-9RTVE"})

    def main(html: str) -> str:
        return re.sub(r'value="[^"]+"', "", html.split("<main")[1].split("</main>")[0])

    assert main(nothing_sent.text) == main(something_sent.text)


def test_a_blank_code_asks_for_one(reporter: Reporter, url: Url):
    page = reporter.post(url("public.report_status"), {"receipt_code": "  "})

    assert "Enter your receipt code" in page.text


def test_the_code_is_never_in_a_url(reporter: Reporter, code: str, url: Url):
    look_up = url("public.report_status")
    enter_code(reporter, code)
    reporter.visit(
        reporter.post(url("public.report_add_information"), {"information": "More"}, page=look_up)
    )

    for page in reporter.pages:
        assert code not in page.request.full_path
        assert code not in page.headers.get("Location", "")
    assert 'method="post"' in reporter.get(look_up).text


def test_nothing_in_the_database_holds_the_code_in_clear(app: Flask, code: str):
    plain = normalise_receipt_code(code)
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            texts = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in texts:
                for value in db.session.scalars(select(column)):
                    if value and (code in value or plain in value.upper().replace("-", "")):
                        found.append(f"{table.name}.{column.name}")
        receipt_hash = db.session.scalar(select(Report.receipt_hash))
    assert found == []
    assert receipt_hash == hash_receipt_code(code, "test-receipt-pepper-7f3a9c2e4b1d8f6a")


def test_the_code_is_never_logged(app: Flask, resident: Resident, caplog):
    caplog.set_level(logging.DEBUG)
    reporter = Reporter(app, resident)
    code = RECEIPT_CODE.search(reporter.report().text).group(0)
    enter_code(reporter, code)
    enter_code(reporter, "K7QM4-XA2CD-HJ3PW-9RTVE")

    assert re.search(r"report \d+ filed through web", caplog.text)
    assert code not in caplog.text
    assert normalise_receipt_code(code) not in caplog.text


def test_adding_information_adds_to_the_report_history(
    app: Flask, reporter: Reporter, code, url: Url
):
    look_up = url("public.report_status")
    enter_code(reporter, code)

    added = reporter.visit(
        reporter.post(
            url("public.report_add_information"),
            {"information": "He came back today."},
            page=look_up,
        )
    )

    assert "We have added your information to your report" in added.text
    with app.app_context():
        event = db.session.scalar(select(ReportEvent).filter_by(kind="information_added"))
        assert event.text == "He came back today."
        assert event.actor_id is None


def test_bad_information_is_explained_and_kept(app: Flask, reporter: Reporter, code: str, url: Url):
    look_up = url("public.report_status")
    enter_code(reporter, code)

    empty = reporter.post(url("public.report_add_information"), {"information": "  "}, page=look_up)
    too_long = reporter.post(
        url("public.report_add_information"),
        {"information": "<i>again</i> " + "y" * 5000},
        page=look_up,
    )

    assert "Enter the information you want to add" in empty.text
    assert "5,000 characters or fewer" in too_long.text
    assert "&lt;i&gt;again&lt;/i&gt; yyy" in too_long.text
    with app.app_context():
        kinds = list(db.session.scalars(select(ReportEvent.kind)))
    assert kinds == ["created"]


def test_information_cannot_be_added_without_the_code(
    app: Flask, reporter: Reporter, code, url: Url
):
    look_up = url("public.report_status")
    other = Resident(app.test_client())

    page = other.post(url("public.report_add_information"), {"information": "Hello"}, page=look_up)

    assert page.headers["Location"] == look_up
    with app.app_context():
        assert list(db.session.scalars(select(ReportEvent.kind))) == ["created"]


def test_the_report_is_shown_for_a_short_time_only(
    reporter: Reporter, code: str, monkeypatch: pytest.MonkeyPatch, url: Url
):
    enter_code(reporter, code)
    later = clock.now() + timedelta(minutes=16)
    monkeypatch.setattr(clock, "now", lambda: later)

    page = reporter.get(url("public.report_status"))

    assert "Enter the receipt code" in page.text
    assert "Your report" not in page.text


def test_closing_the_report_forgets_it(reporter: Reporter, code: str, url: Url):
    look_up = url("public.report_status")
    enter_code(reporter, code)

    closed = reporter.visit(reporter.post(url("public.report_status_finish"), page=look_up))

    assert closed.request.path == url("public.report_start")
    assert "Enter the receipt code" in reporter.get(look_up).text


def test_an_access_grant_opens_its_report_for_fifteen_minutes_only(
    app: Flask, reporter: Reporter, code: str, monkeypatch: pytest.MonkeyPatch
):
    with app.app_context():
        report = filing.find_by_receipt(db.session, code)
        granted = filing.grant_reporter_access(report)
        assert filing.report_with_access(db.session, granted) is report
        almost = clock.now() + filing.REPORTER_ACCESS - timedelta(seconds=1)
        monkeypatch.setattr(clock, "now", lambda: almost)
        assert filing.report_with_access(db.session, granted) is report
        past = almost + timedelta(seconds=2)
        monkeypatch.setattr(clock, "now", lambda: past)
        assert filing.report_with_access(db.session, granted) is None


@pytest.mark.parametrize(
    "granted",
    [
        None,
        {},
        {"report": "x", "until": "2099-01-01T00:00:00"},
        {"report": 1, "until": "soon"},
        {"report": 999_999, "until": "2099-01-01T00:00:00"},
        "not a grant",
    ],
)
def test_a_grant_that_is_missing_mangled_or_for_no_report_opens_nothing(app: Flask, granted):
    with app.app_context():
        assert filing.report_with_access(db.session, granted) is None

"""Officers' consultation pages: create, open, close, re-date, and "You said, we did"."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from factories import Resident, make_centre, make_user, publish, sign_in
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEntry, Consultation, Submission
from engage.services.consultations.publishing import Status, status_of
from engage.wording import UK
from tests.urls import path_for

STRATEGY = "swp-strategy-2020-2023"


def consultation_id(app: Flask, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Consultation.id).filter_by(slug=slug))


def stored(app: Flask, slug: str) -> Consultation:
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug=slug))
        db.session.expunge(consultation)
        return consultation


def uk_day(days_from_now: int) -> date:
    return (datetime.now(UK) + timedelta(days=days_from_now)).date()


def moment_fields(name: str, day: date, typed_time: str) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
        f"{name}-time": typed_time,
    }


def utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def officer(app: Flask, client: FlaskClient) -> Resident:
    make_user(app, "officer", "o@example.org")
    sign_in(client, "o@example.org")
    return Resident(client)


@pytest.fixture
def street_safety_id(app: Flask, street_safety: str) -> int:
    return consultation_id(app, "street-safety")


def staff_pages(app: Flask, consultation: int) -> list[str]:
    pages = [path_for(app, "staff.consultations"), path_for(app, "staff.new_consultation")]
    for endpoint in (
        "staff.consultation",
        "staff.consultation_dates",
        "staff.consultation_summary",
    ):
        pages.append(path_for(app, endpoint, consultation_id=consultation))
    return pages


def staff_actions(app: Flask, consultation: int) -> list[str]:
    return [
        path_for(app, endpoint, consultation_id=consultation)
        for endpoint in (
            "staff.open_consultation",
            "staff.close_consultation",
            "staff.publish_consultation_summary",
            "staff.unpublish_consultation_summary",
        )
    ]


# Who can reach the pages


def test_anonymous_people_are_sent_to_sign_in(app: Flask, client: FlaskClient, street_safety_id):
    for page in staff_pages(app, street_safety_id):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"].startswith(path_for(app, "staff.sign_in")), page


def test_centre_staff_cannot_see_that_the_pages_exist(
    app: Flask, client: FlaskClient, street_safety_id
):
    make_user(app, "centre_staff", "c@example.org", make_centre(app, "Central Library"))
    sign_in(client, "c@example.org")
    centre_staff = Resident(client)

    for page in staff_pages(app, street_safety_id):
        assert client.get(page).status_code == 404, page
    for action in staff_actions(app, street_safety_id):
        response = centre_staff.post(action, page=path_for(app, "staff.home"))
        assert response.status_code == 404, action
    assert status_of(stored(app, "street-safety")) is Status.OPEN


def test_admins_manage_consultations_too(app: Flask, client: FlaskClient, street_safety_id):
    make_user(app, "admin", "a@example.org")
    sign_in(client, "a@example.org")

    for page in staff_pages(app, street_safety_id):
        assert client.get(page).status_code == 200, page


def test_an_unknown_consultation_is_not_found(app: Flask, officer: Resident):
    assert officer.get(path_for(app, "staff.consultation", consultation_id=999)).status_code == 404


# The whole journey


def test_an_officer_runs_a_consultation_from_start_to_you_said_we_did(
    app: Flask, officer: Resident
):
    new_page = officer.get(path_for(app, "staff.new_consultation")).text
    assert f'value="{STRATEGY}"' in new_page
    assert 'value="hate-incident-report"' not in new_page
    assert 'value="equalities-monitoring"' not in new_page

    opens, closes = uk_day(1), uk_day(30)
    created = officer.post(
        path_for(app, "staff.new_consultation"),
        {
            "form": STRATEGY,
            "title": "Keeping Wolverhampton safe",
            "slug": "keeping-safe",
            "summary": "Tell us what matters most.",
            **moment_fields("opens_at", opens, "9:00am"),
            **moment_fields("closes_at", closes, "17:30"),
        },
    )
    assert created.status_code == 302
    consultation = stored(app, "keeping-safe")
    assert (consultation.opens_at, consultation.closes_at) == (
        utc(opens, time(9)),
        utc(closes, time(17, 30)),
    )
    detail_url = path_for(app, "staff.consultation", consultation_id=consultation.id)
    assert created.headers["Location"].endswith(detail_url)
    detail = officer.get(detail_url).text
    assert "Consultation “Keeping Wolverhampton safe” created" in detail
    assert "Forthcoming" in detail
    start = path_for(app, "public.start", slug="keeping-safe")
    assert f'href="{start}"' in detail

    opened = officer.post(
        path_for(app, "staff.open_consultation", consultation_id=consultation.id), page=detail_url
    )
    assert opened.headers["Location"].endswith(detail_url)
    assert "Open" in officer.get(detail_url).text
    hub_page = path_for(app, "public.hub")
    assert start in officer.get(hub_page).text.split("Closed consultations")[0]

    officer.post(
        path_for(app, "staff.close_consultation", consultation_id=consultation.id), page=detail_url
    )
    assert status_of(stored(app, "keeping-safe")) is Status.CLOSED

    summary_url = path_for(app, "staff.consultation_summary", consultation_id=consultation.id)
    text = "You said the <b>underpass</b> felt unsafe.\r\n\r\nWe put in new lights."
    preview = officer.post(summary_url, {"you_said_we_did": text, "action": "preview"})
    assert preview.status_code == 200
    assert '<p class="govuk-body">We put in new lights.</p>' in preview.text
    assert "You said the &lt;b&gt;underpass&lt;/b&gt; felt unsafe." in preview.text
    assert stored(app, "keeping-safe").you_said_we_did is None

    saved = officer.post(summary_url, {"you_said_we_did": text, "action": "save"})
    assert saved.headers["Location"].endswith(summary_url)
    assert "You said the <b>underpass</b>" not in officer.get(hub_page).text

    published = officer.post(
        path_for(app, "staff.publish_consultation_summary", consultation_id=consultation.id),
        page=summary_url,
    )
    assert published.headers["Location"].endswith(summary_url)
    assert "Published" in officer.get(summary_url).text

    hub = officer.get(hub_page).text.split("Closed consultations")[1]
    assert "Keeping Wolverhampton safe" in hub
    assert "You said, we did" in hub
    assert "You said the &lt;b&gt;underpass&lt;/b&gt; felt unsafe." in hub
    assert "We put in new lights." in officer.get(start).text

    with app.app_context():
        logged = db.session.scalars(
            select(AuditEntry.action)
            .filter_by(object_type="consultation", object_id=consultation.id)
            .order_by(AuditEntry.id)
        )
        assert list(logged) == [
            "consultation.created",
            "consultation.opened",
            "consultation.closed",
            "consultation.summary_written",
            "consultation.summary_published",
        ]


# Bad input


def test_bad_details_are_explained_and_kept(app: Flask, officer: Resident):
    page = officer.post(
        path_for(app, "staff.new_consultation"),
        {
            "title": "",
            "slug": "Bad Slug",
            "summary": "Typed <i>summary</i>",
            **moment_fields("opens_at", date(2026, 1, 1), "25:00"),
            "opens_at-day": "31",
            "opens_at-month": "2",
            "closes_at-day": "3",
        },
    )

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Error:" in page.text.split("</title>")[0]
    for message, anchor in [
        ("Select the questions the consultation asks", "#form"),
        ("Enter a title", "#title"),
        ("Web address must only include lower-case letters", "#slug"),
        ("Opening date must be a real date", "#opens_at-day"),
        ("Enter the opening time as a real time, like 9:30am or 17:30", "#opens_at-time"),
        ("Closing date must include a month and year", "#closes_at-day"),
        ("Enter the closing time", "#closes_at-time"),
    ]:
        assert message in page.text
        assert f'href="{anchor}"' in page.text
    for kept in ['value="Bad Slug"', 'value="31"', 'value="25:00"', "Typed &lt;i&gt;summary"]:
        assert kept in page.text
    with app.app_context():
        assert db.session.scalar(select(Consultation)) is None


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ("hate-incident-report", "Select a consultation: that form is not one"),
        ("no-such-form", "Select one of the forms listed"),
    ],
)
def test_only_listed_forms_can_be_chosen(app: Flask, officer: Resident, chosen, message):
    page = officer.post(
        path_for(app, "staff.new_consultation"),
        {
            "form": chosen,
            "title": "Sneaky",
            "slug": "sneaky",
            **moment_fields("opens_at", uk_day(1), "9am"),
            **moment_fields("closes_at", uk_day(9), "9pm"),
        },
    )

    assert message in page.text
    with app.app_context():
        assert db.session.scalar(select(Consultation)) is None


def test_a_closing_date_before_the_opening_date_is_refused(app: Flask, officer: Resident):
    page = officer.post(
        path_for(app, "staff.new_consultation"),
        {
            "form": STRATEGY,
            "title": "Backwards",
            "slug": "backwards",
            **moment_fields("opens_at", uk_day(10), "9am"),
            **moment_fields("closes_at", uk_day(2), "midday"),
        },
    )

    assert "Closing date must be after the opening date" in page.text
    assert 'href="#closes_at-day"' in page.text


def test_a_post_without_its_token_changes_nothing(app: Flask, officer: Resident, street_safety_id):
    response = officer.client.post(
        path_for(app, "staff.close_consultation", consultation_id=street_safety_id)
    )

    assert response.status_code == 400
    assert status_of(stored(app, "street-safety")) is Status.OPEN


# Changing dates, and actions refused


def test_the_closing_date_of_an_open_consultation_can_move(
    app: Flask, officer: Resident, street_safety_id
):
    dates_url = path_for(app, "staff.consultation_dates", consultation_id=street_safety_id)
    page = officer.get(dates_url).text
    assert 'name="opens_at-day"' not in page
    assert 'name="closes_at-day"' in page

    moved = officer.post(dates_url, moment_fields("closes_at", uk_day(60), "11:59pm"))

    assert moved.status_code == 302
    assert stored(app, "street-safety").closes_at == utc(uk_day(60), time(23, 59))


def test_a_past_closing_date_points_to_close_now(app: Flask, officer: Resident):
    publish(app, "street-safety.yaml", "this-month", opens_in=-10, closes_in=20)
    dates_url = path_for(
        app, "staff.consultation_dates", consultation_id=consultation_id(app, "this-month")
    )

    page = officer.post(dates_url, moment_fields("closes_at", uk_day(-3), "9am"))

    assert page.status_code == 200
    assert "To close the consultation now, use Close now" in page.text
    assert 'value="9am"' in page.text
    assert status_of(stored(app, "this-month")) is Status.OPEN


def test_a_closed_consultation_is_not_opened_by_a_button(app: Flask, officer: Resident):
    publish(app, "street-safety.yaml", "last-year", opens_in=-60, closes_in=-30)
    closed_id = consultation_id(app, "last-year")
    detail_url = path_for(app, "staff.consultation", consultation_id=closed_id)

    page = officer.post(
        path_for(app, "staff.open_consultation", consultation_id=closed_id), page=detail_url
    )

    assert page.status_code == 409
    assert "There is a problem" in page.text
    assert "To open it again, change its closing date" in page.text


def test_you_said_we_did_waits_for_closing(app: Flask, officer: Resident, street_safety_id):
    summary_url = path_for(app, "staff.consultation_summary", consultation_id=street_safety_id)
    assert "once the consultation has closed" in officer.get(summary_url).text

    page = officer.post(summary_url, {"you_said_we_did": "Too soon", "action": "save"})

    assert page.status_code == 200
    assert "You can write and publish “You said, we did” once the consultation has closed" in (
        page.text
    )
    assert stored(app, "street-safety").you_said_we_did is None


def test_an_empty_you_said_we_did_cannot_be_saved_or_published(app: Flask, officer: Resident):
    publish(app, "street-safety.yaml", "last-year", opens_in=-60, closes_in=-30)
    summary_url = path_for(
        app, "staff.consultation_summary", consultation_id=consultation_id(app, "last-year")
    )

    saved = officer.post(summary_url, {"you_said_we_did": "  ", "action": "save"})
    published = officer.post(
        path_for(
            app,
            "staff.publish_consultation_summary",
            consultation_id=consultation_id(app, "last-year"),
        ),
        page=summary_url,
    )

    assert "Enter what people said and what the partnership did" in saved.text
    assert 'href="#you_said_we_did"' in saved.text
    assert published.status_code == 409
    assert "save it before publishing" in published.text


# The list


def test_the_list_shows_status_and_submitted_responses(
    app: Flask, officer: Resident, street_safety_id
):
    publish(app, "street-safety.yaml", "next-year", opens_in=10, closes_in=40)
    with app.app_context():
        consultation = db.session.get(Consultation, street_safety_id)
        for status in ("submitted", "submitted", "submitted", "draft"):
            db.session.add(
                Submission(
                    form=consultation.form,
                    consultation=consultation,
                    channel="web",
                    status=status,
                )
            )
        db.session.commit()

    page = officer.get(path_for(app, "staff.consultations")).text

    assert 'govuk-tag--green">Open' in page
    assert 'govuk-tag--blue">Forthcoming' in page
    assert 'govuk-table__cell--numeric">3<' in page
    assert 'govuk-table__cell--numeric">0<' in page


@pytest.mark.parametrize(
    ("typed", "opens_utc"),
    [
        ("9:00am", datetime(2030, 7, 1, 8, 0)),  # British Summer Time is UTC+1
        ("9.30 pm", datetime(2030, 7, 1, 20, 30)),
        ("17:45", datetime(2030, 7, 1, 16, 45)),
        ("12am", datetime(2030, 6, 30, 23, 0)),
        ("midday", datetime(2030, 7, 1, 11, 0)),
    ],
)
def test_times_are_typed_as_people_write_them_in_uk_time(
    app: Flask, officer: Resident, typed: str, opens_utc: datetime
):
    officer.post(
        path_for(app, "staff.new_consultation"),
        {
            "form": STRATEGY,
            "title": "Summer",
            "slug": "summer",
            **moment_fields("opens_at", date(2030, 7, 1), typed),
            **moment_fields("closes_at", date(2030, 12, 1), "9am"),
        },
    )

    consultation = stored(app, "summer")
    assert consultation.opens_at == opens_utc
    assert consultation.closes_at == datetime(2030, 12, 1, 9, 0)  # Greenwich Mean Time


@pytest.mark.parametrize("typed", ["13pm", "24:00", "9:60", "nine", "0am"])
def test_impossible_times_are_refused(app: Flask, officer: Resident, typed: str):
    page = officer.post(
        path_for(app, "staff.new_consultation"),
        moment_fields("opens_at", date(2030, 7, 1), typed),
    )

    assert "Enter the opening time as a real time, like 9:30am or 17:30" in page.text
    assert f'value="{typed}"' in page.text

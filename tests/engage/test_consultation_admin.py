"""Officers' consultation services: scheduling, opening, closing and "You said, we did"."""

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

import surveys
from engage import clock
from engage.errors import ConsultationChangeRefused, ConsultationInvalid
from engage.extensions import db
from engage.models import AuditEntry, Consultation, Form, Submission
from engage.services.consultations import administration as consultation_admin
from engage.services.consultations.publishing import Status, status_of
from engage.services.forms import latest_form, store_definition
from tests.urls import Url


@pytest.fixture
def session(app: Flask) -> Iterator:
    with app.app_context():
        yield db.session


@pytest.fixture
def strategy(session) -> Form:
    return latest_form(session, "swp-strategy-2020-2023")


def days(n: float) -> datetime:
    return clock.now() + timedelta(days=n)


def schedule(session, form: Form, slug: str = "have-your-say", **changes) -> Consultation:
    details = {
        "slug": slug,
        "title": "Have your say",
        "summary": "What should the partnership do first?",
        "opens_at": days(1),
        "closes_at": days(30),
        **changes,
    }
    return consultation_admin.schedule_consultation(session, form, **details)


def invalid(session, form: Form | None, **changes) -> dict[str, str]:
    with pytest.raises(ConsultationInvalid) as raised:
        schedule(session, form, **changes)
    return raised.value.errors


def actions(session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def closed(session, form: Form) -> Consultation:
    consultation = schedule(session, form, opens_at=days(-30))
    consultation.closes_at = days(-1)
    session.flush()
    return consultation


# Forms on offer


def test_only_consultation_forms_are_offered(session):
    offered = [form.definition_id for form in consultation_admin.list_forms(session)]

    assert "swp-strategy-2020-2023" in offered
    assert "hate-incident-report" not in offered
    assert "equalities-monitoring" not in offered
    assert "report-contact-details" not in offered


def test_only_the_newest_version_of_a_definition_is_offered(session, strategy):
    source = {**strategy.source, "version": strategy.version + 1, "title": "Strategy, revised"}
    store_definition(session, surveys.definition_from_dict(source, origin="test"))

    offered = [
        f
        for f in consultation_admin.list_forms(session)
        if f.definition_id == strategy.definition_id
    ]

    assert [(f.version, f.title) for f in offered] == [(strategy.version + 1, "Strategy, revised")]


# Scheduling


def test_a_consultation_is_scheduled_and_recorded(session, strategy):
    consultation = schedule(session, strategy, title="  Have your say  ")

    assert consultation.title == "Have your say"
    assert consultation.form is strategy
    assert status_of(consultation) is Status.FORTHCOMING
    entry = session.scalar(select(AuditEntry))
    assert (entry.action, entry.object_type, entry.object_id) == (
        "consultation.created",
        "consultation",
        consultation.id,
    )


def test_missing_details_are_named_field_by_field(session):
    errors = invalid(session, None, slug="", title=" ")

    assert errors == {
        "form": "Select the questions the consultation asks",
        "slug": "Enter a web address for the consultation",
        "title": "Enter a title",
    }


@pytest.mark.parametrize("slug", ["Have-Your-Say", "have your say", "-have", "have-", "a--b", "é"])
def test_a_web_address_takes_lower_case_letters_digits_and_hyphens(session, strategy, slug):
    assert invalid(session, strategy, slug=slug)["slug"].startswith(
        "Web address must only include lower-case letters, numbers and hyphens"
    )


def test_a_web_address_is_used_once(session, strategy):
    schedule(session, strategy, slug="safer-streets")

    errors = invalid(session, strategy, slug="safer-streets")

    assert errors == {"slug": "A consultation already uses that web address. Enter a different one"}


def test_a_consultation_closes_after_it_opens_and_in_the_future(session, strategy):
    moment = days(5)
    assert invalid(session, strategy, opens_at=moment, closes_at=moment) == {
        "closes_at": "Closing date must be after the opening date"
    }
    assert invalid(session, strategy, opens_at=days(-5), closes_at=days(-1)) == {
        "closes_at": "Closing date must be in the future"
    }


def test_long_titles_and_forms_that_are_not_consultations_are_refused(session):
    report = latest_form(session, "hate-incident-report")

    errors = invalid(session, report, title="x" * 301)

    assert errors["title"] == "Title must be 300 characters or fewer"
    assert errors["form"] == "Select a consultation: that form is not one"
    assert session.scalar(select(Consultation)) is None


# Opening and closing


def test_open_now_opens_a_forthcoming_consultation(session, strategy):
    consultation = schedule(session, strategy)

    consultation_admin.open_now(session, consultation)

    assert status_of(consultation) is Status.OPEN
    assert consultation.opens_at <= clock.now()
    assert actions(session)[-1] == "consultation.opened"


def test_opening_an_open_consultation_again_changes_nothing(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-1))
    opened = consultation.opens_at

    consultation_admin.open_now(session, consultation)

    assert consultation.opens_at == opened
    assert actions(session) == ["consultation.created"]


def test_a_closed_consultation_is_not_reopened_by_open_now(session, strategy):
    consultation = closed(session, strategy)

    with pytest.raises(ConsultationChangeRefused, match="change its closing date"):
        consultation_admin.open_now(session, consultation)
    assert status_of(consultation) is Status.CLOSED


def test_close_now_closes_an_open_consultation(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-1))

    consultation_admin.close_now(session, consultation)
    consultation_admin.close_now(session, consultation)

    assert status_of(consultation) is Status.CLOSED
    assert actions(session) == ["consultation.created", "consultation.closed"]


def test_a_forthcoming_consultation_cannot_be_closed(session, strategy):
    consultation = schedule(session, strategy)

    with pytest.raises(ConsultationChangeRefused, match="has not opened yet"):
        consultation_admin.close_now(session, consultation)


# Changing dates


def test_dates_of_a_forthcoming_consultation_can_change(session, strategy):
    consultation = schedule(session, strategy)

    consultation_admin.update_dates(session, consultation, days(2), days(40))

    assert (consultation.opens_at.date(), consultation.closes_at.date()) == (
        days(2).date(),
        days(40).date(),
    )
    assert actions(session)[-1] == "consultation.dates_changed"


def test_the_opening_date_is_fixed_once_open(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-1))

    with pytest.raises(ConsultationInvalid) as raised:
        consultation_admin.update_dates(session, consultation, days(3), days(30))

    assert raised.value.errors == {
        "opens_at": "The opening date cannot change once the consultation has opened"
    }


def test_an_unchanged_opening_date_may_be_sent_back_to_the_minute(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-1))
    opened = consultation.opens_at
    shown = opened.replace(second=0, microsecond=0)
    later = days(60)

    consultation_admin.update_dates(session, consultation, shown, later)

    assert (consultation.opens_at, consultation.closes_at) == (opened, later)


def test_a_past_closing_date_is_refused_in_favour_of_close_now(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-2))

    with pytest.raises(ConsultationInvalid) as raised:
        consultation_admin.update_dates(session, consultation, consultation.opens_at, days(-1))

    assert "To close the consultation now, use Close now" in raised.value.errors["closes_at"]


def test_a_later_closing_date_reopens_a_closed_consultation(session, strategy):
    consultation = closed(session, strategy)

    consultation_admin.update_dates(session, consultation, consultation.opens_at, days(7))

    assert status_of(consultation) is Status.OPEN


def test_a_published_summary_must_be_unpublished_before_reopening(session, strategy):
    consultation = closed(session, strategy)
    consultation_admin.write_summary(session, consultation, "You said. We did.")
    consultation_admin.publish_summary(session, consultation)

    with pytest.raises(ConsultationInvalid) as raised:
        consultation_admin.update_dates(session, consultation, consultation.opens_at, days(7))

    assert raised.value.errors["closes_at"].startswith("Unpublish “You said, we did”")


# You said, we did


def test_the_summary_waits_for_the_consultation_to_close(session, strategy):
    consultation = schedule(session, strategy, opens_at=days(-1))

    with pytest.raises(ConsultationChangeRefused, match="once the consultation has closed"):
        consultation_admin.write_summary(session, consultation, "You said…")
    assert consultation.you_said_we_did is None


def test_the_summary_is_plain_paragraphs(session, strategy):
    consultation = closed(session, strategy)

    consultation_admin.write_summary(
        session,
        consultation,
        "  You said the park was dark.\r\n\r\n\r\n We fixed the lights.  \r\n",
    )

    assert consultation.you_said_we_did == "You said the park was dark.\n\nWe fixed the lights."
    assert actions(session)[-1] == "consultation.summary_written"


def test_an_empty_summary_is_refused(session, strategy):
    consultation = closed(session, strategy)

    with pytest.raises(ConsultationInvalid) as raised:
        consultation_admin.write_summary(session, consultation, " \n\n ")

    assert raised.value.errors == {
        "you_said_we_did": "Enter what people said and what the partnership did"
    }


def test_a_very_long_summary_is_refused(session, strategy):
    consultation = closed(session, strategy)

    with pytest.raises(ConsultationInvalid) as raised:
        consultation_admin.write_summary(session, consultation, "x" * 20001)

    assert raised.value.errors == {
        "you_said_we_did": "“You said, we did” must be 20,000 characters or fewer"
    }


def test_publishing_needs_a_saved_summary(session, strategy):
    consultation = closed(session, strategy)

    with pytest.raises(ConsultationChangeRefused, match="save it before publishing"):
        consultation_admin.publish_summary(session, consultation)


def test_a_published_summary_shows_on_the_hub(app, session, strategy, url: Url):
    consultation = closed(session, strategy)
    consultation_admin.write_summary(
        session, consultation, "You told us the <b>underpass</b> felt unsafe.\n\nWe lit it."
    )
    db.session.commit()
    hub_before = app.test_client().get(url("public.hub")).text

    consultation_admin.publish_summary(session, consultation)
    consultation_admin.publish_summary(session, consultation)
    db.session.commit()
    hub = app.test_client().get(url("public.hub")).text
    start = app.test_client().get(url("public.start", slug="have-your-say")).text

    assert "You told us" not in hub_before
    assert "You said, we did" in hub.split("Closed consultations")[1]
    assert "You told us the &lt;b&gt;underpass&lt;/b&gt; felt unsafe." in hub
    assert "We lit it." not in hub
    assert "Read all of “You said, we did”" in hub
    assert 'id="you-said-we-did"' in start
    assert "We lit it." in start
    assert actions(session).count("consultation.summary_published") == 1


def test_an_unpublished_summary_leaves_the_hub_and_is_kept(app, session, strategy, url: Url):
    consultation = closed(session, strategy)
    consultation_admin.write_summary(session, consultation, "We heard you.")
    consultation_admin.publish_summary(session, consultation)

    consultation_admin.unpublish_summary(session, consultation)
    db.session.commit()

    assert "We heard you." not in app.test_client().get(url("public.hub")).text
    assert consultation.you_said_we_did == "We heard you."
    assert actions(session)[-1] == "consultation.summary_unpublished"


# Listing


def test_the_list_counts_submitted_responses_only(session, strategy):
    busy = schedule(session, strategy, slug="busy", opens_at=days(-1))
    schedule(session, strategy, slug="quiet", opens_at=days(-2))
    for status in ("submitted", "submitted", "draft"):
        session.add(Submission(form=strategy, consultation=busy, channel="web", status=status))
    session.flush()

    listed = consultation_admin.list_consultations(session)

    assert [(c.slug, n) for c, n in listed] == [("busy", 2), ("quiet", 0)]
    assert consultation_admin.response_count(session, busy) == 2


def test_a_web_address_taken_at_the_same_moment_is_refused(session, strategy, monkeypatch):
    schedule(session, strategy, slug="safer-streets")
    db.session.commit()
    monkeypatch.setattr(consultation_admin, "check_details", lambda *args: {})

    errors = invalid(session, strategy, slug="safer-streets")

    assert errors == {"slug": "A consultation already uses that web address. Enter a different one"}
    assert len(consultation_admin.list_consultations(session)) == 1

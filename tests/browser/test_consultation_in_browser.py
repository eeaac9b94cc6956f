"""A resident answers the strategy consultation in a real browser, with and without JavaScript."""

from playwright.sync_api import Page
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Submission
from engage.services.consultations.publishing import get_consultation
from tests.browser.person import REFERENCE, Person
from tests.browser.server import STRATEGY, Site
from tests.urls import Url


def test_a_resident_completes_the_strategy_consultation(any_page: Page, site: Site, url: Url):
    person = Person(any_page, site)
    with site.app.app_context():
        title = get_consultation(db.session, STRATEGY).title

    person.open(url("public.hub"))
    person.follow(title)
    person.press("Start now")
    person.answer_until(
        url("public.check", slug=STRATEGY), {"feel_safer": "Better lighting by the bus station."}
    )

    assert "Check your answers before sending them" in person.text()
    assert "Better lighting by the bus station." in person.text()
    person.press("Send answers")
    assert person.path == url("public.confirmation", slug=STRATEGY)
    assert "Answers sent" in person.text()
    reference = REFERENCE.search(person.text())
    assert reference, "no reference number on the confirmation"
    with site.app.app_context():
        submission = db.session.scalar(select(Submission).filter_by(reference=reference.group(0)))
        assert submission is not None
        assert (submission.status, submission.channel) == ("submitted", "web")
        stored = db.session.execute(
            select(func.count(Answer.id)).where(Answer.submission_id == submission.id)
        ).scalar_one()
    assert stored > 10

"""An officer previews a draft as the Telegram bot would send it, in Chromium, in each of its
languages, and a colleague at a reporting centre opens the same link; every page passes axe."""

import secrets

from engage.extensions import db
from engage.models import User
from engage.services.consultations import drafting
from engage.services.forms import latest_form
from tests.browser.axe import Checker
from tests.browser.person import Person
from tests.browser.server import Site
from tests.browser.test_staff_accessibility import sign_in
from tests.engage.factories import make_centre, make_user
from tests.urls import Url

STRATEGY = "swp-strategy-2020-2023"


def strategy_draft(site: Site) -> int:
    """A draft copied from the strategy consultation, which is in English and Punjabi."""
    author = make_user(site.app, "officer", f"author-{secrets.token_hex(4)}@swp.example")
    with site.app.app_context():
        officer = db.session.get(User, author)
        title = f"Strategy check {secrets.token_hex(4)}"
        draft = drafting.start_copy(db.session, latest_form(db.session, STRATEGY), title, officer)
        db.session.commit()
        return draft.id


def test_an_officer_previews_a_draft_as_the_bot_would_send_it(
    person: Person, checker: Checker, site: Site, url: Url
):
    draft_id = strategy_draft(site)
    sign_in(person, checker, "officer")
    person.open(url("staff.form_draft", draft_id=draft_id))
    person.follow("Preview in Telegram")
    assert "Welcome to Engage" in person.text() and "Nothing is sent or stored" in person.text()
    buttons = person.page.locator(".engage-chat__button")
    assert buttons.get_by_text("Strongly agree", exact=True).count() > 0
    checker.check("the chat preview")
    person.follow("ਪੰਜਾਬੀ (Punjabi)")
    assert "ਕੀ ਤੁਸੀਂ ਸਾਨੂੰ ਕੁਝ ਹੋਰ ਦੱਸਣਾ ਚਾਹੁੰਦੇ ਹੋ?" in person.text()
    checker.check("the chat preview, in Punjabi")
    checker.assert_none_found()


def test_a_colleague_at_a_centre_opens_the_chat_preview_link(
    person: Person, checker: Checker, site: Site, url: Url
):
    draft_id = strategy_draft(site)
    centre = make_centre(site.app, f"Library {secrets.token_hex(4)}")
    sign_in(person, checker, "centre_staff", centre)
    person.open(url("staff.chat_preview", draft_id=draft_id))
    assert "Preview in Telegram" in person.text() and "Welcome to Engage" in person.text()
    checker.check("the chat preview, for a colleague at a centre")
    checker.assert_none_found()

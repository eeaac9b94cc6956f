"""The services the bot calls for a chat's draft: started under the chat's key, found while
unfinished."""

from datetime import timedelta

import pytest
from flask import Flask

from engage.errors import ResponseNotFound
from engage.extensions import db
from engage.services import chats, responses
from engage.services.consultations import publishing
from engage.services.forms import flow_for, latest_form
from engage.services.reports import filing
from tests.engage.factories import publish_form

DAY = timedelta(days=1)


def test_a_chat_draft_is_held_under_the_chat_and_found_until_it_is_sent(app: Flask):
    with app.app_context():
        form = latest_form(db.session, filing.DEFINITION_ID)
        submission, key = chats.start_chat_response(db.session, "chat-key", form, "en")

        assert (submission.channel, submission.chat_key) == ("telegram", "chat-key")
        assert chats.holdings(db.session, "chat-key").unfinished == 1
        assert responses.find_draft(db.session, key, DAY) is submission

        flow = flow_for(form)
        responses.record_answers(db.session, submission, flow, {"in_danger": False})
        submission.status = "submitted"
        db.session.flush()
        with pytest.raises(ResponseNotFound):
            responses.find_draft(db.session, key, DAY)


def test_a_consultation_is_found_by_the_id_its_button_carries_or_is_none(app: Flask):
    publish_form(app, "swp-strategy-2020-2023", "have-your-say")
    with app.app_context():
        published = publishing.get_consultation(db.session, "have-your-say")

        assert publishing.find_consultation(db.session, published.id) is published
        assert publishing.find_consultation(db.session, published.id + 1) is None

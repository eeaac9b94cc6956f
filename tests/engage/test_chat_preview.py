"""A draft form previewed as the Telegram bot would send it: the messages and their buttons, in
any language the form has, for any colleague with a staff account, with nothing stored."""

from html import unescape

from factories import make_centre, make_user, sign_in
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Submission
from engage.staff import chat_preview_views
from tests.engage.form_builder import Builder, victim_form

STRATEGY = "swp-strategy-2020-2023"


def chat_page(builder: Builder, **values: str):
    return builder.client.get(
        builder.url("staff.chat_preview", draft_id=builder.draft_id, **values)
    )


def test_the_chat_shows_each_message_with_its_buttons_and_when_it_is_sent(builder):
    victim_form(builder)
    page = chat_page(builder)
    text = unescape(page.text)
    assert page.status_code == 200
    assert "Nothing is sent or stored" in text
    assert "Welcome to Engage" in text and "Report a hate incident" in text
    assert "Have you been a victim of crime?" in text
    assert '<span class="engage-chat__button">Yes</span>' in page.text
    assert "Asked only if 'Have you been a victim of crime?' is answered 'Yes'" in text
    assert "What happened?\n\nType your answer." in text
    assert "Check your answers before sending them." in text and ">Send<" in text
    with builder.app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_the_draft_page_links_to_the_chat_preview(builder):
    victim_form(builder)
    link = builder.url("staff.chat_preview", draft_id=builder.draft_id)
    assert f'href="{link}">Preview in Telegram</a>' in builder.overview()


def test_the_chat_is_shown_in_any_language_the_form_has(builder):
    builder.start("Strategy in Punjabi", start="copy", copy=STRATEGY)
    english = chat_page(builder).text
    punjabi = builder.url("staff.chat_preview", draft_id=builder.draft_id, language="pa")
    assert f'lang="pa" href="{punjabi.replace("&", "&amp;")}"' in english
    assert "Is there anything else you want to tell us?" in english
    shown = chat_page(builder, language="pa").text
    assert "ਕੀ ਤੁਸੀਂ ਸਾਨੂੰ ਕੁਝ ਹੋਰ ਦੱਸਣਾ ਚਾਹੁੰਦੇ ਹੋ?" in shown
    assert "Is there anything else you want to tell us?" not in shown
    assert chat_page(builder, language="xx").status_code == 404


def test_a_colleague_with_any_staff_account_can_open_the_chat_preview(app, builder):
    victim_form(builder)
    link = builder.url("staff.chat_preview", draft_id=builder.draft_id)
    centre = make_centre(app, "Library")
    make_user(app, "centre_staff", "c@example.org", centre_id=centre)
    colleague = app.test_client()
    signed_out = colleague.get(link)
    assert signed_out.status_code == 302
    assert signed_out.headers["Location"].startswith(builder.url("staff.sign_in"))
    sign_in(colleague, "c@example.org")
    shown = colleague.get(link)
    assert shown.status_code == 200 and "Have you been a victim of crime?" in shown.text


def test_a_draft_with_problems_says_what_to_fix_before_it_can_be_previewed(builder):
    builder.start("Empty")
    page = chat_page(builder)
    assert page.status_code == 409 and "This draft cannot be previewed yet" in page.text
    back = builder.url("staff.form_draft", draft_id=builder.draft_id)
    assert f'href="{back}">Back to the draft</a>' in page.text


def test_without_the_bot_installed_the_page_says_there_is_no_chat_preview(builder, monkeypatch):
    victim_form(builder)
    monkeypatch.setattr(chat_preview_views, "chat_previewer", lambda: None)
    page = chat_page(builder)
    assert page.status_code == 200
    assert "The Telegram preview is not available" in page.text
    assert "Preview the form on the web" in page.text

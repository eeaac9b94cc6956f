"""A consultation from its first question to its second version, as the people who use it do.

An officer builds it from blank in Chromium, fixes the route warning the check shows, previews
it on the web and as the chat, publishes and opens it; one resident answers on the web and
another in Telegram (the real `engage bot` against the fake Bot API); the officer sees both in
the results, changes the questions, publishes version 2, and the results show both versions.
"""

import re
import secrets
from pathlib import Path

from playwright.sync_api import Browser
from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Consultation, Submission
from engage.services.forms import flow_for, latest_form
from tests.bots.fake_bot_api import FakeBotApi
from tests.bots.phone import TOKEN, Phone, running_bot, wait_until_polling
from tests.browser.axe import Checker
from tests.browser.person import Person, next_page
from tests.browser.server import Site
from tests.browser.test_staff_accessibility import sign_in
from tests.engage.factories import plausible_answer
from tests.urls import Url

EMPTY_SECTION = "can be empty"


def add_question(person: Person, section: str, kind: str, label: str, **boxes: str) -> None:
    """Add a question of a kind to a section, by its title, filling the boxes its page shows."""
    heading = person.page.get_by_role("heading", name=section, exact=True)
    adding = person.page.locator("section").filter(has=heading)
    with next_page(person.page):
        adding.get_by_role("button", name="Add a question to this section").click()
    person.page.get_by_label(kind, exact=True).check()
    person.press("Continue")
    person.page.fill("#label", label)
    for box, typed in boxes.items():
        person.page.fill(f"#{box}", typed)
    person.press("Save question")
    assert "There is a problem" not in person.text(), person.text()


def add_section(person: Person, title: str) -> None:
    person.press("Add a section")
    person.page.fill("#title", title)
    person.press("Save section")


def build_from_blank(person: Person, checker: Checker, url: Url, title: str) -> None:
    """Six kinds of question in two sections, a skip rule, and the equalities block."""
    person.open(url("staff.forms"))
    person.press("Start a new form")
    person.page.fill("#title", title)
    person.press("Start the form")
    add_section(person, "Your evenings")
    add_question(
        person,
        "Your evenings",
        "One answer from a list",
        "How often are you in the city centre after 6pm?",
        options="Every week\nNow and then\nNever",
    )
    add_question(
        person,
        "Your evenings",
        "Several answers from a list",
        "Where do you feel unsafe?",
        options="Bus station\nQueen Square\nWest Park",
    )
    add_question(
        person,
        "Your evenings",
        "A scale, like strongly agree to strongly disagree",
        "I feel safe after dark",
    )
    add_question(
        person, "Your evenings", "Yes or no", "Have you seen anti-social behaviour this year?"
    )
    add_question(person, "Your evenings", "A date", "When did you last feel unsafe there?")
    add_section(person, "What you saw")
    add_question(
        person,
        "What you saw",
        "A number",
        "How many times did you see it?",
        minimum="1",
        maximum="100",
    )
    with next_page(person.page):
        person.page.get_by_role("link", name=re.compile("When it is asked")).last.click()
    person.page.get_by_label("Have you seen anti-social behaviour this year?").check()
    person.press("Choose the answers")
    person.page.get_by_label("is one of the answers ticked").check()
    person.page.get_by_label("Yes", exact=True).check()
    person.press("Save")
    person.press("Add the equalities questions")
    checker.check("a consultation built from blank")


def fix_the_route_warning(person: Person, checker: Checker) -> None:
    """The second section's only question is skipped on "No": the check says so; then fixed."""
    person.follow("Check every route through the form")
    warnings = person.page.locator("#warnings").inner_text()
    assert EMPTY_SECTION in warnings, warnings
    checker.check("every route, with a warning")
    person.page.go_back()
    add_question(person, "What you saw", "Text", "What would make evenings feel safer?")
    person.follow("Check every route through the form")
    warnings = person.page.locator("#warnings").inner_text()
    assert EMPTY_SECTION not in warnings and warnings.startswith("None"), warnings
    assert "4 routes" in person.text()  # "Yes" or "No", by the first language's "Other" or not
    assert "What is your first language? (“Other”, in their own words)" in person.text()
    person.page.go_back()


def preview_on_the_web(person: Person, checker: Checker) -> None:
    person.follow("Preview the form on the web")
    person.press("Start now")
    assert "Where do you feel unsafe?" in person.text()  # the section's questions, together
    person.page.get_by_label("Every week").check()
    person.page.get_by_label("No", exact=True).check()
    checker.check("the web preview of a question page")
    person.press("Continue")
    assert "What would make evenings feel safer?" in person.text()
    assert "How many times did you see it?" not in person.text()  # "No" skips it
    person.page.go_back()
    person.page.go_back()
    person.page.go_back()


def preview_as_the_chat(person: Person, checker: Checker) -> None:
    person.follow("Preview in Telegram")
    buttons = person.page.locator(".engage-chat__button")
    assert buttons.get_by_text("Every week", exact=True).count() > 0
    assert "How many times did you see it?" in person.text()
    checker.check("the chat preview")
    person.page.go_back()


def open_consultation(person: Person, url: Url, title: str, slug: str) -> None:
    """A consultation asking the form, created to open tomorrow, then opened now."""
    person.open(url("staff.new_consultation"))
    person.page.get_by_label(title, exact=True).check()
    person.page.fill("#title", title)
    person.page.fill("#slug", slug)
    for name, year in (("opens_at", "2099"), ("closes_at", "2100")):
        person.page.fill(f"#{name}-day", "1")
        person.page.fill(f"#{name}-month", "1")
        person.page.fill(f"#{name}-year", year)
        person.page.fill(f"#{name}-time", "9:00am")
    person.press("Create consultation")
    person.press("Open now")
    assert "Open" in person.text()


def answer_on_the_web(chromium: Browser, site: Site, url: Url, slug: str, flow) -> str:
    """A resident, in a browser of their own, answers the consultation; its reference."""
    context = chromium.new_context()
    try:
        resident = Person(context.new_page(), site)
        resident.flows = {url("public.question", slug=slug, key=""): flow}
        resident.open(url("public.start", slug=slug))
        resident.press("Start now")
        resident.answer_until(url("public.check", slug=slug), {})
        resident.press("Send answers")
        assert "Answers sent" in resident.text()
        return reference_in(resident.text())
    finally:
        context.close()


def answer_in_telegram(site: Site, tmp_path: Path, title: str, flow: surveys.Flow) -> str:
    """A resident answers the consultation in the bot, through the fake Bot API."""
    given = {q.id: plausible_answer(q) for q in flow.definition.questions}
    with FakeBotApi(token=TOKEN) as api, running_bot(site.app, api, tmp_path) as bot:
        wait_until_polling(api, bot)
        phone = Phone(api)
        phone.send("/start")
        phone.press(title)
        for _ in range(60):
            if "Send" in phone.last.labels:
                break
            phone.answer([flow], given)
        return reference_in(phone.press("Send").text)


def reference_in(text: str) -> str:
    found = re.search(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}", text)
    assert found, text
    return found.group(0)


def newest_flow(site: Site, slug: str) -> surveys.Flow:
    with site.app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug=slug))
        return flow_for(latest_form(db.session, consultation.form.definition_id))


def versions_answered(site: Site, *references: str) -> list[tuple[str, int]]:
    with site.app.app_context():
        return [
            (s.channel, s.form.version)
            for reference in references
            if (s := db.session.scalar(select(Submission).filter_by(reference=reference)))
        ]


def test_an_officer_builds_a_consultation_residents_answer_on_the_web_and_in_telegram(
    person: Person, checker: Checker, site: Site, url: Url, chromium: Browser, tmp_path: Path
):
    title = f"Safer evenings {secrets.token_hex(3)}"
    slug = f"safer-evenings-{secrets.token_hex(3)}"
    sign_in(person, checker, "officer")
    build_from_blank(person, checker, url, title)
    fix_the_route_warning(person, checker)
    preview_on_the_web(person, checker)
    preview_as_the_chat(person, checker)
    person.press("Publish version 1")
    assert "version 1 published" in person.text()
    open_consultation(person, url, title, slug)

    first = newest_flow(site, slug)
    on_the_web = answer_on_the_web(chromium, site, url, slug, first)
    in_telegram = answer_in_telegram(site, tmp_path, title, first)

    with site.app.app_context():
        consultation_id = db.session.scalar(select(Consultation.id).filter_by(slug=slug))
    person.open(url("staff.consultation_results", consultation_id=consultation_id))
    channels = person.page.get_by_role("table", name="Responses by channel").inner_text()
    assert "The website" in channels and "Telegram" in channels, channels
    person.follow("Answers")
    assert on_the_web in person.text() and in_telegram in person.text()

    person.open(url("staff.forms"))
    person.follow(title)
    person.press("Change questions")
    add_question(person, "Your evenings", "Text", "Anything else we should know?")
    person.press("Publish version 2")
    assert "version 2 published" in person.text()
    second = newest_flow(site, slug)
    after_the_change = answer_on_the_web(chromium, site, url, slug, second)

    person.open(url("staff.consultation_results", consultation_id=consultation_id))
    results = person.text()
    assert "Versions of the form answered" in results
    assert "Version 1" in results and "Version 2" in results
    assert "Question added: “Anything else we should know?”" in results
    checker.check("results from two versions of the form")
    assert versions_answered(site, on_the_web, in_telegram, after_the_change) == [
        ("web", 1),
        ("telegram", 1),
        ("web", 2),
    ]
    checker.assert_none_found()

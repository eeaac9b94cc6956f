"""An officer writes a form in Chromium, without a terminal, and every page of it passes axe."""

import re

from sqlalchemy import select

from engage.extensions import db
from engage.models import Form
from engage.services.forms import definition_of
from tests.browser.axe import Checker
from tests.browser.person import Person, next_page
from tests.browser.test_staff_accessibility import sign_in
from tests.urls import Url


def test_an_officer_writes_checks_and_publishes_a_form(person: Person, checker: Checker, url: Url):
    sign_in(person, checker, "officer")
    person.open(url("staff.forms"))
    checker.check("the forms")
    person.press("Start a new form")
    person.press("Start the form")
    assert "Enter a title for the form" in person.text()
    checker.check("starting a form, without a title")
    person.page.fill("#title", "Bus station safety")
    person.press("Start the form")

    person.press("Add a section")
    checker.check("adding a section")
    person.page.fill("#title", "Your journeys")
    person.press("Save section")
    checker.check("a draft's overview")

    person.press("Add a question to this section")
    checker.check("choosing a type of question")
    person.page.get_by_label("Several answers from a list").check()
    person.press("Continue")
    person.page.fill("#label", "When do you use the bus station?")
    person.page.fill("#options", "Mornings\nAfternoons\nEvenings")
    person.page.fill("#min_selections", "5")
    person.press("Save question")
    assert "There is a problem" in person.text()
    assert person.page.input_value("#options") == "Mornings\nAfternoons\nEvenings"
    checker.check("a question the loader refuses, with what was typed")
    person.page.fill("#min_selections", "")
    person.press("Save question")

    person.press("Add a question to this section")
    person.page.get_by_label("Text", exact=True).check()
    person.press("Continue")
    checker.check("writing a text question")
    person.page.fill("#label", "What would make evenings feel safer?")
    person.press("Save question")

    with next_page(person.page):
        person.page.get_by_role("link", name=re.compile("When it is asked")).last.click()
    person.page.get_by_label("When do you use the bus station?").check()
    person.press("Choose the answers")
    checker.check("choosing when a question is asked")
    person.page.get_by_label("is one of the answers ticked").check()
    person.page.get_by_label("Evenings").check()
    person.press("Save")
    assert "is “Evenings”" in person.text()

    person.follow("Check every route through the form")
    assert "2 routes" in person.text()
    checker.check("every route through the form")
    person.page.go_back()
    person.press("Publish version 1")
    assert "version 1 published" in person.text()
    with person.site.app.app_context():
        form = db.session.scalar(select(Form).filter_by(definition_id="bus-station-safety"))
        rule = definition_of(form).question("what_would_make_evenings_feel_safer").show_if
    assert rule is not None and rule.operand == "evenings"
    checker.assert_none_found()

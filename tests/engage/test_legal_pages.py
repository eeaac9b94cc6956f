"""The privacy notice, accessibility statement, cookies and contact pages: linked from every
page's footer, and saying what Engage really does (its settings, retention, cookies)."""

import re

import pytest
import report_factories as make
from factories import make_user, sign_in
from flask import Flask
from flask.testing import FlaskClient

from engage.extensions import db
from engage.roles import ADMIN
from engage.services import retention
from tests.urls import Url

# By endpoint, in the footer's order.
LEGAL_PAGES = {
    "public.privacy": "Privacy notice",
    "public.accessibility": "Accessibility statement for Engage",
    "public.cookies": "Cookies",
    "public.contact": "Contact us",
}
FOOTER_LINK = re.compile(r'<a class="govuk-footer__link" href="([^"]+)">')


@pytest.mark.parametrize(("endpoint", "heading"), LEGAL_PAGES.items())
def test_each_page_is_there(client: FlaskClient, endpoint: str, heading: str, url: Url):
    page = client.get(url(endpoint))

    assert page.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page.text


@pytest.mark.parametrize(
    "shown",
    [
        "public.hub",
        "public.report_start",
        "public.report_status",
        "public.privacy",
        "staff.sign_in",
        "/no-such-page",
    ],
)
def test_every_page_links_to_them_from_its_footer(client: FlaskClient, shown: str, url: Url):
    # A page by its endpoint, or a path that no page has.
    page = client.get(shown if shown.startswith("/") else url(shown))

    assert FOOTER_LINK.findall(page.text) == [url(endpoint) for endpoint in LEGAL_PAGES]


def test_a_signed_in_officers_pages_link_to_them_too(app: Flask, client: FlaskClient, url: Url):
    make_user(app, ADMIN, "admin@swp.example")
    sign_in(client, "admin@swp.example")

    footer = FOOTER_LINK.findall(client.get(url("staff.reports")).text)
    assert footer == [url(endpoint) for endpoint in LEGAL_PAGES]


def test_the_privacy_notice_gives_the_partnerships_legal_terms(
    app: Flask, client: FlaskClient, url: Url
):
    app.config.update(
        DATA_CONTROLLER="Example Council",
        LAWFUL_BASIS="Public task, as set by the DPO",
        SPECIAL_CATEGORY_CONDITION="Substantial public interest, as set by the DPO",
        DATA_PROTECTION_EMAIL="dpo@council.example",
    )

    page = client.get(url("public.privacy")).text

    assert "The data controller is Example Council." in page
    assert "Public task, as set by the DPO" in page
    assert "Substantial public interest, as set by the DPO" in page
    assert "mailto:dpo@council.example" in page
    assert "ico.org.uk/make-a-complaint" in page
    for right in ("a copy of the information", "correct it", "erase it", "object"):
        assert right in page


def test_the_privacy_notice_keeps_to_the_retention_periods_as_admins_set_them(
    app: Flask, client: FlaskClient, url: Url
):
    assert re.search(
        r"Report a hate incident</td>\s*<td[^>]*>3 years<", client.get(url("public.privacy")).text
    )
    with app.app_context():
        admin = make.staff(ADMIN)
        retention.set_period(db.session, "hate-incident-report", "400", admin)
        db.session.commit()

    page = client.get(url("public.privacy")).text

    assert re.search(r"Report a hate incident</td>\s*<td[^>]*>400 days<", page)
    assert "deleted after 24 hours" in page


def test_the_privacy_notice_says_what_each_police_sharing_choice_allows(
    client: FlaskClient, url: Url
):
    page = client.get(url("public.privacy")).text

    assert "with your contact details if you left any" in page
    assert "but not your contact details, your own words" in page
    assert "never passes your report to the police" in page


def test_the_cookies_page_names_every_cookie_engage_sets(app: Flask, client: FlaskClient, url: Url):
    client.get(url("public.report_status"))  # a page with a form sets the public session
    make_user(app, ADMIN, "admin@swp.example")
    sign_in(client, "admin@swp.example")
    set_by_engage = {cookie.key for cookie in client._cookies.values()}

    page = client.get(url("public.cookies")).text
    listed = set(re.findall(r"<td class=\"govuk-table__cell\"><code>([^<]+)</code>", page))

    assert set_by_engage and set_by_engage <= listed


def test_the_contact_page_shows_the_configured_details_and_999(
    app: Flask, client: FlaskClient, url: Url
):
    bare = client.get(url("public.contact")).text
    assert "call 999" in bare
    assert "Contact City of Wolverhampton Council" in bare

    app.config.update(CONTACT_EMAIL="engage@swp.example", CONTACT_PHONE="01632 960000")
    page = client.get(url("public.contact")).text

    assert "mailto:engage@swp.example" in page
    assert "01632 960000" in page


def test_the_accessibility_statement_follows_the_model_statement(client: FlaskClient, url: Url):
    page = client.get(url("public.accessibility")).text

    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in page.replace("&#39;", "'")
    assert "Web Content Accessibility Guidelines version 2.2" in page
    assert "This statement was prepared on" in page

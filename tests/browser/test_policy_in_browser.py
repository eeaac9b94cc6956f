"""GOV.UK Frontend's scripts run under Engage's Content-Security-Policy in Chromium, and the
browser reports no violation of the policy on the way."""

import json

import pytest
from playwright.sync_api import Page

from tests.browser.server import Site
from tests.urls import Url

# Notes every violation of the Content-Security-Policy, from before the page's own scripts run.
WATCH_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.parametrize(
    ("endpoint", "component"),
    [
        ("public.hub", "skip-link"),
        ("public.report_start", "exit-this-page"),
        ("staff.sign_in", "skip-link"),
    ],
)
def test_govuk_frontend_runs_under_the_policy(
    page: Page, site: Site, url: Url, endpoint: str, component: str
):
    page.add_init_script(WATCH_VIOLATIONS)

    page.goto(site.url(url(endpoint)))
    page.wait_for_selector(f"[data-govuk-{component}-init]", state="attached")

    classes = page.evaluate("[...document.body.classList]")
    violations = page.evaluate("window.violations")
    assert {"js-enabled", "govuk-frontend-supported"} <= set(classes)
    assert violations == [], json.dumps(violations)

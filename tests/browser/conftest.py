"""Fixtures for the tests in a real browser: Debian's Chromium driven by Playwright, started once
for the whole run, and one real server (`engage run`) on its own database for all of them.

The browser is Debian's (/usr/bin/chromium), never one that Playwright downloads. Where it, or
axe-core from npm, is missing the tests are skipped with the reason; in CI (CI=true) they fail
instead, so that CI cannot pass without them.
"""

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import create_engine, delete, text

from engage.extensions import db
from tests.browser.axe import AXE, Checker
from tests.browser.person import Person
from tests.browser.server import Site, serve_site
from tests.urls import Url, path_for

CHROMIUM = Path("/usr/bin/chromium")
# A quiet headless Chromium that asks nothing of the network or of the machine.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing_tools() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium, or make test)"
    if not AXE.exists():
        return f"needs axe-core at {AXE} (npm ci, or make test)"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="package", autouse=True)
def _tools() -> None:
    """Skip every browser test, or in CI fail it, where Chromium or axe-core is missing."""
    reason = missing_tools()
    if reason and in_ci():
        pytest.fail(f"CI must run the browser tests, but this machine {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for every browser test of the run."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def site(migrated_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real server, on a copy of the test database (or, on PostgreSQL, the shared one)."""
    folder = tmp_path_factory.mktemp("browser")
    shared = os.environ.get("ENGAGE_TEST_DATABASE_URL")
    url = migrated_url if shared else _copy_of(migrated_url, folder)
    try:
        with serve_site(url, folder) as served:
            yield served
    finally:
        if shared:
            _empty_every_table(url)


@pytest.fixture
def url(site: Site) -> Url:
    """The path of a page of the site by its endpoint, as its app builds it (person.open joins
    the site's address to it, site.url too)."""
    return functools.partial(path_for, site.app)


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A tab in a browser of its own (its own cookies and history), with JavaScript."""
    yield from _tab(chromium.new_context())


@pytest.fixture
def page_without_javascript(chromium: Browser) -> Iterator[Page]:
    """A tab in a browser of its own with JavaScript turned off."""
    yield from _tab(chromium.new_context(java_script_enabled=False))


@pytest.fixture
def person(page: Page, site: Site) -> Person:
    """Someone at the browser, with JavaScript."""
    return Person(page, site)


@pytest.fixture(params=[True, False], ids=["with JavaScript", "without JavaScript"])
def any_page(chromium: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A tab with JavaScript on, then (the same test again) with it off."""
    yield from _tab(chromium.new_context(java_script_enabled=request.param))


def _tab(context: BrowserContext) -> Iterator[Page]:
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _copy_of(template_url: str, folder: Path) -> str:
    copy = folder / "engage.sqlite"
    shutil.copy(template_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def _empty_every_table(url: str) -> None:
    # As tests/conftest.py does after each test on PostgreSQL, so the tests after these find
    # the tables empty; replica mode skips the trigger that keeps the audit log append-only.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(delete(table))
    engine.dispose()


@pytest.fixture
def checker(person: Person) -> Checker:
    # axe in every page from its start: quicker than adding it to each page to be checked.
    person.page.context.add_init_script(path=AXE)
    return Checker(person)

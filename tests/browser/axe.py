"""axe-core (from npm) run in the page the browser shows: what it finds against WCAG 2.2 AA.

axe runs in the page, so it needs JavaScript: pages are checked in a tab with it on, which is
how most people see them (with GOV.UK's components started).
"""

from pathlib import Path

from playwright.sync_api import Page

from tests.browser.person import Person

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA (2.2 adds no level A rule that axe checks).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(
  result => result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, where: v.nodes.map(n => n.target.join(" ")),
  })))"""


def violations(page: Page) -> list[str]:
    """What axe finds wrong with the page as shown, one line a rule, naming the elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE)
    found = page.evaluate(RUN_AXE, WCAG_AA)
    return [f"{v['rule']} ({v['impact']}): {v['help']}, at {', '.join(v['where'])}" for v in found]


class Checker:
    """Runs axe on each page a person is shown, and keeps what it finds by page."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.found: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(self, what: str) -> None:
        label = f"{what} ({self.person.path})"
        self.checked.append(label)
        if problems := violations(self.person.page):
            self.found[label] = problems

    def assert_none_found(self) -> None:
        said = [f"{page}:\n  " + "\n  ".join(problems) for page, problems in self.found.items()]
        assert not self.found, "axe found accessibility failures on\n" + "\n".join(said)

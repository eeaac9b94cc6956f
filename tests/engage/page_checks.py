"""What every response must carry and what a page may hold, as the page crawl checks them.

A page may load scripts, styles, images, fonts and frames only from Engage itself (a link to
another site is fine: "Exit this page" is one), may run no inline script but those whose hash
the Content-Security-Policy names, and has no inline style, event handler attribute,
`javascript:` address or <base>: the policy would block them, so a page that had one would be
broken, or would be running markup someone typed.
"""

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.wrappers import Response

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
POLICY = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Elements that load what their attribute names, and <link> relations that load their href.
LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "object": "data",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "input": "src",
}
LOADING_RELATIONS = {
    "stylesheet",
    "icon",
    "mask-icon",
    "apple-touch-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
}


def content_security_policy(response: Response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, directive by directive."""
    policy = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def header_problems(response: Response, path: str) -> list[str]:
    """What is missing or wrong in the security headers of a response to a path."""
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in HEADERS.items()
        if response.headers.get(name) != value
    ]
    policy = content_security_policy(response)
    problems += [
        f"CSP {name}: {policy.get(name)}"
        for name, value in POLICY.items()
        if policy.get(name) != [value]
    ]
    scripts = policy.get("script-src", [])
    if scripts[:1] != ["'self'"] or any(not s.startswith("'sha256-") for s in scripts[1:]):
        problems.append(f"CSP script-src: {scripts}")
    if path.startswith("/static/"):
        return problems
    if response.headers.get("Cache-Control") != "no-store":
        problems.append(f"Cache-Control: {response.headers.get('Cache-Control')!r}")
    return problems


@dataclass
class Page:
    """What a page holds that matters here: what it loads, where it links, what it runs."""

    loads: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    inline_code: list[str] = field(default_factory=list)


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self._read_code(tag, found)
        if tag in LOADS and found.get(LOADS[tag]):
            self.page.loads.append(found[LOADS[tag]])
        if tag == "link" and LOADING_RELATIONS & set(found.get("rel", "").split()):
            self.page.loads.append(found.get("href", ""))
        if tag == "a" and found.get("href"):
            self.page.links.append(found["href"])
        if tag == "form":
            # Every form goes to Engage (form-action 'self'); a GET form's address is a page.
            self.page.loads.append(found.get("action", ""))
            if found.get("method", "get").lower() == "get":
                self.page.links.append(found.get("action", ""))
        if tag == "script" and not found.get("src"):
            self._script = []

    def _read_code(self, tag: str, found: dict[str, str]) -> None:
        inline = [f"{tag} {name}" for name in found if name.startswith("on") or name == "style"]
        inline += [
            f"{tag} {name}={value}"
            for name, value in found.items()
            if value.strip().lower().startswith("javascript:")
        ]
        if tag in ("style", "base"):
            inline.append(tag)
        self.page.inline_code += inline

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.inline_scripts.append("".join(self._script))
            self._script = None


def read_page(html: str) -> Page:
    """What a page loads, links to and runs."""
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader.page


def script_hash(script: str) -> str:
    """An inline script's hash as a Content-Security-Policy names it."""
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def page_problems(response: Response, here: str, page: Page) -> list[str]:
    """What a page at an address loads from elsewhere, or runs inline without the policy's leave."""
    origin = urlsplit(here)[:2]
    problems = [
        f"loads {address!r} from another origin"
        for address in page.loads
        if urlsplit(urljoin(here, address))[:2] != origin
    ]
    allowed = content_security_policy(response).get("script-src", [])
    problems += [
        f"inline script not allowed by the policy: {script[:60]!r}"
        for script in page.inline_scripts
        if script_hash(script) not in allowed
    ]
    problems += [f"inline code: {code}" for code in page.inline_code]
    return problems

"""The headers that tell browsers how to treat Engage's pages, the same on every response.

- A Content-Security-Policy that lets a page load scripts, styles, images and fonts only from
  Engage itself, run no inline script but GOV.UK Frontend's one line (allowed by its hash),
  sit in no frame, send its forms only to Engage, and take no <base>.
- No sniffing of content types; no address sent to other sites (Referrer-Policy: same-origin);
  HSTS when the request came over HTTPS; no frames (X-Frame-Options: DENY, for old browsers).
- `Cache-Control: no-store` on everything but the static files: nearly every page shows or
  takes personal data (answers, reports, contact details, the staff pages and exports), and a
  page kept in the browser's cache can be read by the next person at a shared computer.

Flask-Talisman sets all but the last. The session cookies' rules are in `engage.staff.cookies`.
"""

from flask import Flask, Response, request
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

# The hash of the one inline script GOV.UK Frontend's page template writes at the top of
# <body>, to mark the page as able to run its JavaScript before anything is drawn; GOV.UK
# Frontend publishes this hash for services with a Content-Security-Policy.
GOVUK_TEMPLATE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": f"'self' {GOVUK_TEMPLATE_SCRIPT_HASH}",
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

# Features no page of Engage uses, switched off so that injected code cannot use them either.
PERMISSIONS_POLICY = {
    "browsing-topics": "()",
    "camera": "()",
    "geolocation": "()",
    "microphone": "()",
    "payment": "()",
}

ONE_YEAR = 365 * 24 * 60 * 60


def secure_responses(app: Flask) -> None:
    """Give every response of the app the security headers, and trust the configured proxies."""
    # One Talisman for each app: its options live on the instance, not on the app.
    app.extensions["talisman"] = Talisman(
        app,
        # The HTTPS proxy in front redirects plain HTTP; the demo and tests are served without it.
        force_https=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        referrer_policy="same-origin",
        strict_transport_security_max_age=ONE_YEAR,
        # Engage does not know which other sites share its domain.
        strict_transport_security_include_subdomains=False,
        # Engage sets the cookies' rules itself (engage.config, engage.staff.cookies).
        session_cookie_secure=False,
    )
    app.after_request(_never_cached)
    trust_proxies(app)


def _never_cached(response: Response) -> Response:
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def trust_proxies(app: Flask) -> None:
    """Believe what the TRUSTED_PROXIES proxies in front report of the scheme (HTTPS or not)
    and of the client's address.

    The address is wanted only to count rate limits per client (`engage.rate_limits`); it is
    never stored or logged. The Host is passed on as is.
    """
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0
        )

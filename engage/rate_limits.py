"""Rate limits on what anyone can send without signing in: the pages of answers and reports,
receipt-code look-ups and staff sign-in, counted per client address (in memory, or in Redis
when several servers run), with a page in the house style that says when to try again.

The limits are settings (RATE_LIMIT_*), read on each request. Behind a reverse proxy, set
TRUSTED_PROXIES so the address counted is the client's, not the proxy's.
"""

import math
import time

from flask import Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

from engage.extensions import limiter

PUBLIC_PAGES_SCOPE = "public-pages"


def init_rate_limits(app: Flask) -> None:
    """Bind the limiter, and show limits in the house style. Behind proxies, the address counted
    is the one `engage.security.trust_proxies` takes from them."""
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many)


def public_pages() -> str:
    return str(current_app.config["RATE_LIMIT_PUBLIC_PAGES"])


def receipt_lookups() -> str:
    return str(current_app.config["RATE_LIMIT_RECEIPT_LOOKUPS"])


def sign_in() -> str:
    return str(current_app.config["RATE_LIMIT_SIGN_IN"])


# Every page a resident sends (POST) counts against one shared limit per address.
limit_public_pages = limiter.shared_limit(
    public_pages, scope=PUBLIC_PAGES_SCOPE, methods=["POST"], key_func=get_remote_address
)
limit_receipt_lookups = limiter.limit(receipt_lookups, methods=["POST"], override_defaults=False)
limit_sign_in = limiter.limit(sign_in, methods=["POST"])


def _too_many(error: RateLimitExceeded) -> ResponseReturnValue:
    """Say how long to wait, in whole minutes, and keep nothing of who asked."""
    current = limiter.current_limit
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    minutes = math.ceil(seconds / 60)
    page = render_template("errors/too_many.html", minutes=minutes)
    return page, 429, {"Retry-After": str(seconds)}

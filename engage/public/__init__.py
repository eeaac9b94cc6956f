"""The public side of Engage: the consultation hub, the pages residents answer, and reporting."""

from flask import Blueprint

public = Blueprint("public", __name__, template_folder="templates")

from engage.public import legal_views, reporting_views, views  # noqa: E402,F401  (registers the routes)
from engage.rate_limits import limit_public_pages  # noqa: E402

limit_public_pages(public)

"""The public side of Engage: the consultation hub and the pages residents answer."""

from flask import Blueprint

public = Blueprint("public", __name__, template_folder="templates")

from engage.public import views  # noqa: E402,F401  (registers the routes)

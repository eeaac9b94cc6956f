"""The staff side of Engage: sign-in, casework, consultations and administration."""

from flask import Blueprint

staff = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

# Importing the view modules registers their routes.
from engage.staff import (  # noqa: E402,F401
    admin_views,
    auth_views,
    casework_views,
    chat_preview_views,
    consultation_views,
    equalities_views,
    form_views,
    incident_views,
    insight_views,
    preview_views,
    question_views,
    report_logging_views,
    retention_views,
    two_factor_views,
)

"""The GOV.UK error summary: each problem once, in page order, linked to the box to fix."""

from collections.abc import Mapping

from wtforms import Form

ErrorSummary = list[dict[str, str]]


def field_errors(form: Form) -> dict[str, str]:
    """Each field's first problem, by the field's id, in the form's order."""
    return {
        field.id: str(field.errors[0])
        for field in form
        if field.errors and field.name != "csrf_token"
    }


def error_summary(
    errors: Mapping[str, str], anchors: Mapping[str, str] | None = None
) -> ErrorSummary:
    """The summary's list: each problem linked to its field's id, or to `anchors[name]` where
    the box to fix has another id (a date's day box)."""
    anchors = anchors or {}
    return [{"text": text, "href": f"#{anchors.get(name, name)}"} for name, text in errors.items()]


def form_error_summary(form: Form, anchors: Mapping[str, str] | None = None) -> ErrorSummary:
    """The summary of a WTForms form's problems."""
    return error_summary(field_errors(form), anchors)

"""The resident's pages: the hub, a consultation's start page, its questions and submission.

The question and check pages are the shared journey's (`engage.journeys.form_journey`); a
consultation adds its start and confirmation pages, and refuses answers while it is not open.
"""

from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

import surveys
from engage.domain import Channel
from engage.errors import ConsultationNotFound, ConsultationNotOpen, EngageError
from engage.extensions import db
from engage.journeys import browser_drafts
from engage.journeys.answer_language import chosen_language, offered_language
from engage.journeys.form_journey import Endpoints, Journey, add_journey_routes
from engage.models import Consultation, Submission
from engage.public import public
from engage.services import responses
from engage.services.consultations import publishing
from engage.services.forms import flow_for


@public.get("/")
def hub() -> ResponseReturnValue:
    """The consultations that are open, coming up and closed."""
    return render_template("public/hub.html", hub=publishing.hub(db.session))


@public.get("/consultations/<slug>")
def start(slug: str) -> ResponseReturnValue:
    """What the consultation is about, and a button to start or carry on."""
    consultation = _consultation(slug)
    flow = flow_for(consultation.form)
    return render_template(
        "public/start.html",
        consultation=consultation,
        status=publishing.status_of(consultation),
        flow=flow,
        has_draft=browser_drafts.draft_key(slug) is not None,
        languages=surveys.named_languages(flow.definition.languages),
        offered=offered_language(flow.definition.languages),
    )


@public.get("/consultations/<slug>/confirmation")
def confirmation(slug: str) -> ResponseReturnValue:
    """The reference of the response this browser just submitted."""
    consultation = _consultation(slug)
    reference = browser_drafts.last_reference(slug)
    if reference is None:
        return redirect(url_for("public.start", slug=slug))
    return render_template(
        "public/confirmation.html", consultation=consultation, reference=reference
    )


def _consultation(slug: str) -> Consultation:
    try:
        return publishing.get_consultation(db.session, slug)
    except ConsultationNotFound:
        abort(404)


def _not_open(consultation: Consultation) -> Response:
    status = publishing.status_of(consultation)
    page = render_template("public/not_open.html", consultation=consultation, status=status)
    return Response(page, status=409 if status is publishing.Status.CLOSED else 403)


class ConsultationJourney(Journey):
    """A resident answering a consultation, anonymously, while it is open."""

    def __init__(self, slug: str) -> None:
        self.consultation = _consultation(slug)
        self.draft_name = slug
        self.endpoints = Endpoints("public", values={"slug": slug})
        self.title = self.consultation.title

    def start_draft(self) -> tuple[Submission, str]:
        form = self.consultation.form
        return responses.start_response(
            db.session,
            form,
            channel=Channel.WEB,
            language=chosen_language(flow_for(form).definition.languages),
            consultation=self.consultation,
        )

    def submit(self, submission: Submission, flow: surveys.Flow) -> str:
        return responses.submit_response(db.session, submission, flow)

    def check_available(self) -> None:
        if publishing.status_of(self.consultation) is not publishing.Status.OPEN:
            abort(_not_open(self.consultation))

    def refusal(self, error: EngageError) -> ResponseReturnValue:
        if isinstance(error, ConsultationNotOpen):
            return _not_open(self.consultation)
        raise error


add_journey_routes(public, "/consultations/<slug>", ConsultationJourney)

"""/language: answering a form in another language, where its definition has translations."""

import surveys
from bots import keyboards, messages
from bots.chat_drafts import load_draft
from bots.events import Reply, State, Turn
from bots.keyboards import button
from engage.extensions import db
from engage.models import Form
from engage.services import responses
from engage.services.consultations import publishing
from engage.services.forms import flow_for, latest_form
from engage.services.reports import filing as reports


def offer(state: State) -> Turn:
    """A button for each language the form in hand, or any open form, has translations in."""
    offered = _offered(state)
    if len(offered) < 2:
        return Turn([Reply(messages.ONLY_ENGLISH)], state)
    rows = tuple(
        (button(name_of(code), keyboards.LANGUAGE, index),) for index, code in enumerate(offered)
    )
    return Turn([Reply(messages.CHOOSE_LANGUAGE, rows)], state)


def choose(state: State, numbers: tuple[int, ...]) -> tuple[State, str]:
    """The chat's state in the language pressed, and what to tell the resident."""
    offered = _offered(state)
    if not numbers or not 0 <= numbers[0] < len(offered):
        return state, messages.OLD_BUTTON
    language = offered[numbers[0]]
    if state.get("draft_key"):
        responses.set_language(db.session, load_draft(state).submission, language)
    return {**state, "language": language}, messages.LANGUAGE_CHOSEN.format(
        language=name_of(language)
    )


def for_form(state: State, form: Form) -> str:
    """The language to answer a form in: the one chosen, if the form has it, else English."""
    chosen = state.get("language", "en")
    return chosen if chosen in flow_for(form).definition.languages else "en"


def name_of(code: str) -> str:
    return surveys.language_name(code)


def _offered(state: State) -> list[str]:
    if state.get("draft_key"):
        return list(load_draft(state).flow.definition.languages)
    forms = [c.form for c in publishing.hub(db.session).open]
    forms.append(latest_form(db.session, reports.DEFINITION_ID))
    codes = {code for form in forms for code in flow_for(form).definition.languages}
    return ["en", *sorted(codes - {"en"})]

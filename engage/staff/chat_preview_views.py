"""A draft form previewed as the Telegram bot would send it: every message, with its buttons,
in any language the form has. Nothing is stored and no response is started.

The messages come from the bot's own previewer, loaded as a plugin (Engage never imports
`bots`); where it is not installed, the page says so. Any member of staff may open the page,
so that a colleague sent its link can sign the form off.
"""

from flask import render_template, request
from flask.typing import ResponseReturnValue

import surveys
from engage.extensions import db
from engage.models import FormDraft
from engage.services.chat_previews import chat_previewer
from engage.services.consultations import drafting
from engage.staff import staff
from engage.staff.access import roles_required
from engage.staff.preview_views import draft_flow

TEMPLATE = "staff/forms/preview_chat.html"


@staff.get("/forms/drafts/<int:draft_id>/preview/chat")
@roles_required()
def chat_preview(draft_id: int) -> ResponseReturnValue:
    """The chat, message by message, in the language asked for (English by default)."""
    draft = db.get_or_404(FormDraft, draft_id)
    try:
        flow = draft_flow(draft, request.args.get("language", "en"))
    except surveys.DefinitionError:
        # A draft the loader refuses cannot be walked: the page says what to fix first.
        return render_template(TEMPLATE, draft=draft, problems=drafting.problems(draft)), 409
    previewer = chat_previewer()
    return render_template(
        TEMPLATE,
        draft=draft,
        flow=flow,
        languages=surveys.named_languages(flow.definition.languages),
        messages=previewer(flow) if previewer else None,
    )

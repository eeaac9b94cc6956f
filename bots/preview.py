"""A form as the bot would send it in a chat, for officers to check before it is published.

Every message is made by the code the conversation itself sends it with (`bots.menu`,
`bots.messages`, `bots.keyboards`, `bots.form_chat`), so the preview cannot drift from the bot.
It reads only the flow: nothing is stored and no response is started. Engage loads it through
the `engage.previews` entry point, since Engage never imports `bots`.
"""

import surveys
from bots import form_chat, keyboards, messages
from bots.events import Reply
from bots.menu import menu
from engage.services.chat_previews import ChatMessage

# Officers' words for when each message is sent.
ON_START = "When a resident sends /start. The button shows the consultation’s title."
ON_CHECK = "Once every question is answered. Residents see their own answers here."


def chat_preview(flow: surveys.Flow) -> list[ChatMessage]:
    """The welcome, every question in the form's order, and the summary to check."""
    return [_welcome(flow), *_questions(flow), *_summary(flow)]


def _welcome(flow: surveys.Flow) -> ChatMessage:
    # Consultation titles are written once, in English, so the button is English in any language.
    title = flow.definition.title.get("en")
    return _message(menu([(title, 0)]), ON_START)


def _questions(flow: surveys.Flow) -> list[ChatMessage]:
    """Each question as the bot first asks it, with when it is asked."""
    asked_when = surveys.check_routes(flow.definition, language=flow.language).asked_when
    return [
        _message(_question(flow, question, number), _capitalised(asked_when[question.id].words))
        for number, question in enumerate(flow.definition.questions)
    ]


def _question(flow: surveys.Flow, question: surveys.Question, number: int) -> Reply:
    """A question asked before any answer: as `form_chat.ask` asks it, nothing ticked yet."""
    buttons = keyboards.question_keyboard(flow, question, number, [])
    return Reply(messages.question_text(flow, question, {}), buttons)


def _summary(flow: surveys.Flow) -> list[ChatMessage]:
    replies = form_chat.summary_replies(messages.summary_texts(flow, {}))
    return [_message(reply, ON_CHECK) for reply in replies]


def _message(reply: Reply, when: str) -> ChatMessage:
    return ChatMessage(text=reply.text, buttons=reply.buttons, when=when)


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]

"""What the bot says: the fixed texts, and the texts made from a form's questions and answers."""

from typing import Any

import surveys
from bots.keyboards import LABEL_LIMIT, choices
from engage.safety import EMERGENCY_TITLE

MESSAGE_LIMIT = 4000  # characters; Telegram refuses messages over 4,096

WELCOME = (
    "Welcome to Engage, from the Safer Wolverhampton Partnership.\n\n"
    "You can answer our consultations and report a hate incident here.\n\n"
    "How we use your answers: you do not have to give your name. We store your answers, "
    "not your Telegram name or number. Only the partnership's staff read them, to plan "
    "their work and to deal with reports.\n\n"
    f"This is not an emergency service. {EMERGENCY_TITLE}."
)
CHOOSE = "What would you like to do?"
NOTHING_OPEN = "There are no consultations open at the moment."
REPORT_LABEL = "Report a hate incident"
HELP = (
    "Commands you can send:\n"
    "/start - see what you can answer or report\n"
    "/back - go back to the previous question\n"
    "/cancel - stop and delete the answers you have given so far\n"
    "/language - answer in another language, where the questions are translated\n"
    "/delete - delete everything you have sent us from this chat\n"
    "/help - show this list"
)
UNFINISHED = "You have not finished “{title}”. Carry on, or start again?"
CARRY_ON = "Carry on"
START_AGAIN = "Start again (deletes your answers)"
CANCELLED = "You stopped. We have deleted the answers you gave. Send /start to begin again."
NOTHING_TO_CANCEL = "You are not answering anything at the moment. Send /start to begin."
NOTHING_TO_GO_BACK_TO = "This is the first question."
NOT_STARTED = "Send /start to see what you can answer or report."
DRAFT_GONE = (
    "We could not find your answers. They may have been deleted because they were not "
    "finished in time. Send /start to begin again."
)
CLOSED = "This consultation has closed, so it cannot take answers now. Send /start to see others."
OLD_BUTTON = "That button is from an earlier message. Answer this question instead:"
USE_BUTTONS = "Choose an answer from the buttons."
ONLY_ENGLISH = "The questions you can answer here are only in English at the moment."
CHOOSE_LANGUAGE = (
    "Which language do you want the questions in? Questions that are not translated yet, "
    "and these messages, stay in English."
)
LANGUAGE_CHOSEN = "Questions will be in {language} where they are translated."
NOTHING_HELD = "We hold nothing that you sent from this chat."
CONFIRM_DELETE = (
    "From this chat we hold:\n"
    "- answers to consultations: {responses}\n"
    "- hate incident reports: {reports}\n"
    "- unfinished answers: {unfinished}\n\n"
    "Do you want us to delete all of it? We cannot get it back afterwards. If you reported an "
    "incident, nobody will be able to follow it up."
)
DELETE_EVERYTHING = "Yes, delete everything"
KEEP_EVERYTHING = "No, keep it"
DELETED = "We have deleted everything you sent from this chat. Send /start to begin again."
NOTHING_DELETED = "Nothing was deleted."
EXPIRED = (
    "You did not carry on for {hours} hours, so we deleted the answers you had started. "
    "Send /start to begin again."
)
TRY_AGAIN = (
    "Sorry, something went wrong on our side. Please try again in a minute. "
    "The answers you have given are kept."
)
TEXT_ONLY = "Engage can only read typed answers. Please type your answer, or use the buttons."
PRIVATE_ONLY = (
    "To keep your answers private, Engage only answers in a private chat. "
    "Open a chat with me and send /start."
)
CHECK = "Check your answers before sending them."
SEND = "Send"
CHANGE = "Change an answer"
BACK_TO_SUMMARY = "Back to your answers"
WHICH_CHANGE = "Which answer do you want to change?"
ANSWERS_SENT = (
    "Answers sent. Your reference number is {reference}.\n\n"
    "Keep your reference number if you want to ask about your answers."
)
REPORT_SENT = "Report sent. Your reference number is {reference}."
RECEIPT = (
    "Your receipt code is {code}\n\n"
    "Write this code down now, or keep it somewhere only you can see it. We only show this "
    "code once. We do not keep it, so we cannot show it again or send it to you. Without it "
    "you cannot check your report or add information to it online.\n\n"
    "Someone from the Safer Wolverhampton Partnership will read your report. We only share it "
    "with the police, or pass your details to Victim Support, if you chose that.\n\n"
    f"{EMERGENCY_TITLE}."
)


def question_text(flow: surveys.Flow, question: surveys.Question, answers: dict[str, Any]) -> str:
    """A question as a message: its label, hint, how to answer it, and any answer already given."""
    lines = [flow.text(question.label) or ""]
    hint = flow.text(question.hint)
    if hint:
        lines.append(hint)
    if question.type is surveys.QuestionType.MULTIPLE_CHOICE:
        lines.append("Press Done when you have chosen.")
    elif question.type is surveys.QuestionType.DATE:
        lines.append("Type the date, for example 27/3/2024.")
    elif question.type not in _BUTTON_TYPES:
        lines.append("Type your answer.")
    lines.extend(_choices_cut_short(flow, question))
    if question.id in answers:
        lines.append(f"Your answer: {flow.display_value(question, answers[question.id])}")
    return "\n\n".join(lines)


def _choices_cut_short(flow: surveys.Flow, question: surveys.Question) -> list[str]:
    """The choices in full, when a phone's buttons would cut any of them short."""
    labels = [label for label, _ in choices(flow, question)]
    if all(len(label) <= LABEL_LIMIT for label in labels):
        return []
    return ["The choices in full:\n" + "\n".join(f"• {label}" for label in labels)]


def summary_texts(flow: surveys.Flow, answers: dict[str, Any], heading: bool = True) -> list[str]:
    """The answers to check, section by section, in messages short enough to send."""
    blocks = [CHECK] if heading else []
    shown_title = None
    for step in flow.steps(answers):
        title = flow.text(step.section.title) or ""
        rows = [
            f"{flow.text(q.label)}\n{flow.display_value(q, answers.get(q.id))}"
            for q in step.questions
        ]
        # A long section is asked over several steps; its title heads the first only.
        blocks.append("\n\n".join(rows if title == shown_title else [title.upper(), *rows]))
        shown_title = title
    return _pack(blocks)


def _pack(blocks: list[str]) -> list[str]:
    """Blocks joined into as few messages as fit the limit, a block cut only when it must be."""
    messages: list[str] = []
    for block in blocks:
        while len(block) > MESSAGE_LIMIT:
            messages.append(block[:MESSAGE_LIMIT])
            block = block[MESSAGE_LIMIT:]
        if messages and len(messages[-1]) + 2 + len(block) <= MESSAGE_LIMIT:
            messages[-1] += "\n\n" + block
        else:
            messages.append(block)
    return messages


_BUTTON_TYPES = {
    surveys.QuestionType.SINGLE_CHOICE,
    surveys.QuestionType.SCALE,
    surveys.QuestionType.WARD,
    surveys.QuestionType.YES_NO,
    surveys.QuestionType.CONSENT,
}

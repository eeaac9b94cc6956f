"""A chat with Engage, one event at a time, independent of Telegram.

`respond(state, event)` takes what the bot keeps for a chat and one thing the person did — a
command, a typed message or a pressed button — and returns the replies to send and the state
to keep. It walks a form the way the web journey (`engage.public.journey`) does: the flow
says which question is next and what an answer means; the engage services store the answers
and send them. It must run inside the Flask app's context, and commits what it stores.

The state is small, JSON-ready data; the answers themselves are in the database:

    {"form": "hate-incident-report", "draft_key": "…", "stage": "question",
     "question": "in_danger", "pending_choices": [], "changing": false}

`stage` is "question" (a question is asked), "summary" (the answers are shown for checking) or
"change" (the person is choosing which answer to change). An empty state means no form is
being filled in.
"""

from typing import Any

from flask import current_app

import surveys
from bots import keyboards, messages
from bots.events import Command, Event, Press, Reply, State, Turn
from bots.keyboards import button
from engage.config import draft_lifetime
from engage.errors import ConsultationNotOpen, ResponseIncomplete, ResponseNotFound
from engage.extensions import db
from engage.models import Consultation, Form, Submission
from engage.safety import emergency_text
from engage.services import consultations, reports, responses
from engage.services.forms import flow_for, latest_form

Answers = dict[str, Any]
CHANNEL = "telegram"


def respond(state: State, event: Event) -> Turn:
    """The replies to one event, and the chat's state after it."""
    state = dict(state)
    try:
        if isinstance(event, Command):
            return _command(state, event.name)
        if isinstance(event, Press):
            return _press(state, event.data)
        return _message(state, event.text)
    except ResponseNotFound:
        db.session.rollback()
        return Turn([Reply(messages.DRAFT_GONE)])
    except ConsultationNotOpen:
        db.session.rollback()
        return Turn([Reply(messages.CLOSED)])


# Commands.


def _command(state: State, name: str) -> Turn:
    if name == "start":
        return _start(state)
    if name == "cancel":
        return _cancel(state)
    if name == "back":
        return _back(state)
    if name == "language":
        return Turn([Reply(messages.LANGUAGE_NOT_YET)], state)
    return Turn([Reply(messages.HELP)], state)


def _start(state: State) -> Turn:
    """The menu; or, with a form unfinished, the choice to carry on or start again."""
    if state.get("draft_key"):
        try:
            return _unfinished(state)
        except ResponseNotFound:
            db.session.rollback()
    return _menu()


def _menu() -> Turn:
    """The welcome, with a button for each open consultation and one to report an incident."""
    rows = [
        (button(c.title, keyboards.CONSULTATION, c.id),) for c in consultations.hub(db.session).open
    ]
    text = messages.WELCOME + "\n\n" + (messages.CHOOSE if rows else messages.NOTHING_OPEN)
    rows.append((button(messages.REPORT_LABEL, keyboards.REPORT),))
    return Turn([Reply(text, tuple(rows))])


def _unfinished(state: State) -> Turn:
    submission, _ = _draft(state)
    title = submission.consultation.title if submission.consultation else submission.form.title
    buttons = (
        (button(messages.CARRY_ON, keyboards.RESUME),),
        (button(messages.START_AGAIN, keyboards.RESTART),),
    )
    return Turn([Reply(messages.UNFINISHED.format(title=title), buttons)], state)


def _cancel(state: State) -> Turn:
    if not state.get("draft_key"):
        return Turn([Reply(messages.NOTHING_TO_CANCEL)])
    _discard(state)
    return Turn([Reply(messages.CANCELLED)])


def _discard(state: State) -> None:
    """Delete the chat's draft and its answers, if it still has one."""
    try:
        submission, _ = _draft(state)
    except ResponseNotFound:
        return
    responses.discard_draft(db.session, submission)
    db.session.commit()


def _back(state: State) -> Turn:
    """The question before the one asked, as the web goes back; from the summary, the last."""
    if not state.get("draft_key"):
        return Turn([Reply(messages.NOT_STARTED)])
    submission, flow = _draft(state)
    answers = responses.answers_of(submission, flow)
    if state.get("stage") != "question":
        return _ask(state, flow, flow.applicable(answers)[-1], answers)
    if state.get("changing"):
        return _summary(state, flow, answers)
    applicable = [q.id for q in flow.applicable(answers)]
    position = applicable.index(state["question"]) if state["question"] in applicable else 0
    if position == 0:
        turn = _ask(state, flow, flow.definition.question(state["question"]), answers)
        return Turn([Reply(messages.NOTHING_TO_GO_BACK_TO), *turn.replies], turn.state)
    return _ask(state, flow, flow.definition.question(applicable[position - 1]), answers)


# Buttons.


def _press(state: State, data: str) -> Turn:
    pressed = keyboards.read(data)
    if pressed is None:
        return _where_we_are(state, messages.OLD_BUTTON)
    action, numbers = pressed.action, pressed.numbers
    if action in (keyboards.CONSULTATION, keyboards.REPORT):
        if state.get("draft_key"):
            return _unfinished(state)
        return _begin(action, numbers)
    if not state.get("draft_key"):
        return Turn([Reply(messages.NOT_STARTED)])
    if action == keyboards.RESTART:
        _discard(state)
        return _menu()
    if action in (keyboards.ANSWER, keyboards.TOGGLE, keyboards.DONE, keyboards.SKIP):
        return _press_answer(state, action, numbers)
    return _press_summary(state, action, numbers)


def _begin(action: str, numbers: tuple[int, ...]) -> Turn:
    """Open a draft of a consultation or a report, and ask its first question."""
    consultation: Consultation | None = None
    if action == keyboards.CONSULTATION:
        consultation = db.session.get(Consultation, numbers[0]) if numbers else None
        if consultation is None:
            return Turn([Reply(messages.CLOSED)])
        form: Form = consultation.form
    else:
        form = latest_form(db.session, reports.DEFINITION_ID)
    submission, key = responses.start_response(
        db.session, form, channel=CHANNEL, consultation=consultation
    )
    db.session.commit()
    state: State = {"form": form.definition_id, "draft_key": key}
    flow = flow_for(form, submission.language)
    return _next(state, flow, {})


def _press_answer(state: State, action: str, numbers: tuple[int, ...]) -> Turn:
    submission, flow = _draft(state)
    question = _asked(state, flow)
    if question is None or not numbers or numbers[0] != _number(flow, question):
        return _where_we_are(state, messages.OLD_BUTTON)
    offered = keyboards.choices(flow, question)
    if action in (keyboards.ANSWER, keyboards.TOGGLE) and (
        len(numbers) < 2 or not 0 <= numbers[1] < len(offered)
    ):
        return _where_we_are(state, messages.OLD_BUTTON)
    if action == keyboards.ANSWER:
        return _answer(state, submission, flow, question, offered[numbers[1]][1])
    if action == keyboards.TOGGLE:
        return _toggle(state, flow, question, offered[numbers[1]][1])
    if action == keyboards.DONE:
        return _answer(state, submission, flow, question, list(state.get("pending_choices", [])))
    return _answer(state, submission, flow, question, "")


def _toggle(state: State, flow: surveys.Flow, question: surveys.Question, value: str) -> Turn:
    ticked = list(state.get("pending_choices", []))
    ticked = [v for v in ticked if v != value] if value in ticked else [*ticked, value]
    state["pending_choices"] = ticked
    text = messages.question_text(flow, question, {})
    buttons = keyboards.question_keyboard(flow, question, _number(flow, question), ticked)
    return Turn([Reply(text, buttons, replaces=True)], state)


def _press_summary(state: State, action: str, numbers: tuple[int, ...]) -> Turn:
    submission, flow = _draft(state)
    answers = responses.answers_of(submission, flow)
    if state.get("stage") not in ("summary", "change"):
        return _where_we_are(state, messages.OLD_BUTTON)
    if action == keyboards.SEND:
        return _send(state, submission, flow)
    if action == keyboards.CHANGE_LIST:
        return _change_list(state, flow, answers)
    if action == keyboards.CHANGE and numbers:
        questions = flow.definition.questions
        if 0 <= numbers[0] < len(questions) and questions[numbers[0]] in flow.applicable(answers):
            return _ask({**state, "changing": True}, flow, questions[numbers[0]], answers)
    return _summary(state, flow, answers)


# Typed messages.


def _message(state: State, text: str) -> Turn:
    if not state.get("draft_key"):
        return Turn([Reply(messages.NOT_STARTED)])
    submission, flow = _draft(state)
    question = _asked(state, flow)
    if question is None:
        return _where_we_are(state, messages.USE_BUTTONS)
    if question.type is surveys.QuestionType.MULTIPLE_CHOICE:
        return _where_we_are(state, messages.USE_BUTTONS)
    offered = keyboards.choices(flow, question)
    by_label = {label.casefold(): raw for label, raw in offered}
    raw = by_label.get(text.strip().casefold(), text)
    return _answer(state, submission, flow, question, raw)


# Walking the form.


def _answer(
    state: State,
    submission: Submission,
    flow: surveys.Flow,
    question: surveys.Question,
    raw: str | list[str],
) -> Turn:
    """Check an answer with the flow and store it, then go on; or say what to fix."""
    try:
        value = flow.parse(question, raw)
    except surveys.AnswerError as error:
        answers = responses.answers_of(submission, flow)
        asked = _ask(state, flow, question, answers, keep_ticks=True)
        return Turn([Reply(str(error)), *asked.replies], asked.state)
    answers = responses.record_answers(db.session, submission, flow, {question.id: value})
    db.session.commit()
    replies = []
    if question.id == reports.SAFETY_QUESTION and reports.in_danger(answers):
        replies.append(Reply(emergency_text()))
    turn = _next(state, flow, answers)
    return Turn([*replies, *turn.replies], turn.state)


def _next(state: State, flow: surveys.Flow, answers: Answers) -> Turn:
    """The first question not yet answered, or the summary once there is none."""
    question = flow.next_question(answers)
    if question is None:
        return _summary(state, flow, answers)
    return _ask(state, flow, question, answers)


def _ask(
    state: State,
    flow: surveys.Flow,
    question: surveys.Question,
    answers: Answers,
    keep_ticks: bool = False,
) -> Turn:
    """Ask one question, with its buttons; a multiple choice starts ticked as last answered."""
    if not (keep_ticks and state.get("question") == question.id):
        given = answers.get(question.id)
        state["pending_choices"] = list(given) if isinstance(given, list) else []
    state.update(stage="question", question=question.id)
    ticked = state["pending_choices"]
    buttons = keyboards.question_keyboard(flow, question, _number(flow, question), ticked)
    return Turn([Reply(messages.question_text(flow, question, answers), buttons)], state)


def _summary(state: State, flow: surveys.Flow, answers: Answers) -> Turn:
    """The answers to check, with buttons to send them or change one."""
    state.update(stage="summary", question=None, pending_choices=[], changing=False)
    texts = messages.summary_texts(flow, answers)
    buttons = (
        (button(messages.SEND, keyboards.SEND),),
        (button(messages.CHANGE, keyboards.CHANGE_LIST),),
    )
    replies = [Reply(text) for text in texts[:-1]] + [Reply(texts[-1], buttons)]
    return Turn(replies, state)


def _change_list(state: State, flow: surveys.Flow, answers: Answers) -> Turn:
    """A button for each question asked, to change its answer."""
    state.update(stage="change", question=None)
    rows = [
        (button(flow.text(q.label) or q.id, keyboards.CHANGE, _number(flow, q)),)
        for q in flow.applicable(answers)
    ]
    rows.append((button(messages.BACK_TO_SUMMARY, keyboards.SUMMARY),))
    return Turn([Reply(messages.WHICH_CHANGE, tuple(rows))], state)


def _send(state: State, submission: Submission, flow: surveys.Flow) -> Turn:
    """Send the answers: a consultation gets its reference, a report its receipt code too."""
    try:
        if submission.form.definition_id == reports.DEFINITION_ID:
            _, code = reports.file_report(db.session, submission, flow)
            replies = [Reply(messages.REPORT_SENT.format(reference=submission.reference))]
            if code is not None:
                replies.append(Reply(messages.RECEIPT.format(code=code)))
        else:
            reference = responses.submit_response(db.session, submission, flow)
            replies = [Reply(messages.ANSWERS_SENT.format(reference=reference))]
    except ResponseIncomplete:
        db.session.rollback()
        return _next(state, flow, responses.answers_of(submission, flow))
    db.session.commit()
    return Turn(replies)


def _where_we_are(state: State, notice: str) -> Turn:
    """A notice, then whatever the chat was at: the question asked, or the summary."""
    if not state.get("draft_key"):
        return Turn([Reply(notice), Reply(messages.NOT_STARTED)], state)
    submission, flow = _draft(state)
    answers = responses.answers_of(submission, flow)
    question = _asked(state, flow)
    if question is not None:
        turn = _ask(state, flow, question, answers, keep_ticks=True)
    elif state.get("stage") == "change":
        turn = _change_list(state, flow, answers)
    else:
        turn = _summary(state, flow, answers)
    return Turn([Reply(notice), *turn.replies], turn.state)


def _draft(state: State) -> tuple[Submission, surveys.Flow]:
    """The chat's draft and its flow; `ResponseNotFound` once it is gone or sent."""
    lifetime = draft_lifetime(current_app.config)
    submission = responses.find_response(db.session, state["draft_key"], lifetime)
    if submission.status != "draft":
        raise ResponseNotFound()
    return submission, flow_for(submission.form, submission.language)


def _asked(state: State, flow: surveys.Flow) -> surveys.Question | None:
    """The question the chat is at, if it is at one."""
    if state.get("stage") != "question" or not state.get("question"):
        return None
    try:
        return flow.definition.question(state["question"])
    except KeyError:
        return None


def _number(flow: surveys.Flow, question: surveys.Question) -> int:
    """A question's position in its form: what its buttons carry instead of its id."""
    return [q.id for q in flow.definition.questions].index(question.id)

"""Walking a form in a chat: ask a question, take its answer, check the answers, send them.

As the web journey (`engage.journeys.form_journey`) does, it lets the flow say which question is
next and what an answer means, and the engage services store and send the answers. Every
function takes the chat's state and its draft, and returns the turn: the replies to send and
the state to keep.
"""

import surveys
from bots import keyboards, messages
from bots.chat_drafts import CONTACT, Draft
from bots.events import Reply, State, Turn
from bots.keyboards import button
from engage.errors import ContactDetailsInvalid, ResponseIncomplete
from engage.extensions import db
from engage.safety import emergency_text
from engage.services import responses, signposting
from engage.services.reports import filing as reports

Raw = str | list[str]


def answer(state: State, draft: Draft, question: surveys.Question, raw: Raw) -> Turn:
    """Check an answer with the flow and keep it, then go on; or say what to fix."""
    flow = draft.flow_of(question)
    try:
        value = flow.parse(question, raw)
    except surveys.AnswerError as error:
        asked = ask(state, draft, question, keep_ticks=True)
        return Turn([Reply(str(error)), *asked.replies], asked.state)
    if draft.part_of(question) == CONTACT:
        draft.contact = flow.clean({**draft.contact, question.id: value})
        state[CONTACT] = draft.contact
    else:
        draft.answers = responses.record_answers(
            db.session, draft.submission, flow, {question.id: value}
        )
    replies = [Reply(emergency_text())] if _says_danger(question, value, draft) else []
    turn = go_on(state, draft)
    return Turn([*replies, *turn.replies], turn.state)


def toggle(state: State, draft: Draft, question: surveys.Question, value: str) -> Turn:
    """Tick or untick one choice of a multiple choice, redrawing its message."""
    ticked = list(state.get("pending_choices", []))
    ticked = [v for v in ticked if v != value] if value in ticked else [*ticked, value]
    state["pending_choices"] = ticked
    flow = draft.flow_of(question)
    text = messages.question_text(flow, question, {})
    buttons = keyboards.question_keyboard(flow, question, draft.number(question), ticked)
    return Turn([Reply(text, buttons, replaces=True)], state)


def go_on(state: State, draft: Draft) -> Turn:
    """The first question not yet answered, or the summary once there is none."""
    question = draft.next_question()
    if question is None:
        return summary(state, draft)
    return ask(state, draft, question)


def ask(state: State, draft: Draft, question: surveys.Question, keep_ticks: bool = False) -> Turn:
    """Ask one question, with its buttons; a multiple choice starts ticked as last answered."""
    flow, answers = draft.flow_of(question), draft.answers_of(question)
    if not (keep_ticks and state.get("question") == question.id):
        given = answers.get(question.id)
        state["pending_choices"] = list(given) if isinstance(given, list) else []
    state.update(stage="question", question=question.id, part=draft.part_of(question))
    ticked, answered = state["pending_choices"], question.id in answers
    buttons = keyboards.question_keyboard(flow, question, draft.number(question), ticked, answered)
    return Turn([Reply(messages.question_text(flow, question, answers), buttons)], state)


def asked(state: State, draft: Draft) -> surveys.Question | None:
    """The question the chat is at, if it is at one."""
    if state.get("stage") != "question":
        return None
    return draft.find(state.get("question"), state.get("part"))


def back(state: State, draft: Draft) -> Turn:
    """The question before the one asked, as the web goes back; from the summary, the last."""
    applicable = draft.applicable()
    if state.get("stage") != "question":
        return ask(state, draft, applicable[-1])
    if state.get("changing"):
        return summary(state, draft)
    question = asked(state, draft)
    position = applicable.index(question) if question in applicable else 0
    if position == 0:
        turn = ask(state, draft, question or applicable[0])
        return Turn([Reply(messages.NOTHING_TO_GO_BACK_TO), *turn.replies], turn.state)
    return ask(state, draft, applicable[position - 1])


def summary(state: State, draft: Draft) -> Turn:
    """The answers to check, with buttons to send them or change one."""
    state.update(stage="summary", question=None, part=None, pending_choices=[], changing=False)
    texts = messages.summary_texts(draft.flow, draft.answers)
    if draft.asks_contact and draft.contact_flow is not None:
        texts += messages.summary_texts(draft.contact_flow, draft.contact, heading=False)
    return Turn(summary_replies(texts), state)


def summary_replies(texts: list[str]) -> list[Reply]:
    """The summary's messages, the last with the buttons to send the answers or change one."""
    buttons = (
        (button(messages.SEND, keyboards.SEND),),
        (button(messages.CHANGE, keyboards.CHANGE_LIST),),
    )
    return [Reply(text) for text in texts[:-1]] + [Reply(texts[-1], buttons)]


def change_list(state: State, draft: Draft) -> Turn:
    """A button for each question asked, to change its answer."""
    state.update(stage="change", question=None, part=None)
    rows = [
        (button(draft.flow_of(q).text(q.label) or q.id, keyboards.CHANGE, draft.number(q)),)
        for q in draft.applicable()
    ]
    rows.append((button(messages.BACK_TO_SUMMARY, keyboards.SUMMARY),))
    return Turn([Reply(messages.WHICH_CHANGE, tuple(rows))], state)


def change(state: State, draft: Draft, number: int) -> Turn:
    """Ask again the question a resident chose to change, then come back to the summary."""
    question = draft.question(number)
    if question is None or question not in draft.applicable():
        return summary(state, draft)
    return ask({**state, "changing": True}, draft, question)


def send(state: State, draft: Draft) -> Turn:
    """Send the answers: a consultation gets its reference, a report its receipt code too."""
    try:
        replies = _file_report(draft) if draft.is_report else _submit(draft)
    except ResponseIncomplete:
        db.session.rollback()
        return go_on(state, draft)
    except ContactDetailsInvalid as error:
        db.session.rollback()
        return _fix_contact(state, draft, error)
    return Turn(replies)


def where_we_are(state: State, draft: Draft, notice: str | None = None) -> Turn:
    """Whatever the chat was at, shown again: the question asked, the summary or the list."""
    question = asked(state, draft)
    if question is not None:
        turn = ask(state, draft, question, keep_ticks=True)
    elif state.get("stage") == "change":
        turn = change_list(state, draft)
    else:
        turn = summary(state, draft)
    notices = [Reply(notice)] if notice else []
    return Turn([*notices, *turn.replies], turn.state)


def _submit(draft: Draft) -> list[Reply]:
    reference = responses.submit_response(db.session, draft.submission, draft.flow)
    return [Reply(messages.ANSWERS_SENT.format(reference=reference))]


def _file_report(draft: Draft) -> list[Reply]:
    _, code = reports.file_report(db.session, draft.submission, draft.flow, contact=draft.contact)
    replies = [Reply(messages.REPORT_SENT.format(reference=draft.submission.reference))]
    if code is not None:
        replies.append(Reply(messages.RECEIPT.format(code=code)))
    return replies


def _fix_contact(state: State, draft: Draft, error: ContactDetailsInvalid) -> Turn:
    """Say what is wrong with the contact details, and ask the first question to fix."""
    question_id, message = next(iter(error.errors.items()))
    question = draft.find(question_id, CONTACT)
    if question is None:
        return summary(state, draft)
    turn = ask({**state, "changing": True}, draft, question)
    return Turn([Reply(message), *turn.replies], turn.state)


def _says_danger(question: surveys.Question, value: object, draft: Draft) -> bool:
    """Whether an answer says someone is in danger now, by the rule every channel uses."""
    definition_id = draft.flow_of(question).definition.id
    return signposting.needs_emergency_signposting(definition_id, question, value)

"""Demo staff and casework for `engage demo`: reporting centres, staff accounts and reports.

Reports are made by the same made-up residents as the demo consultation
(`engage.demo.consultations`), walking the hate incident report's flow, filed through the
services the web uses, then moved along by a demo officer so the staff pages show casework at
every stage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

import surveys
from engage import clock
from engage.demo.consultations import AnswerBank, Resident, load_answer_bank
from engage.domain import Channel, ReportStatus
from engage.errors import EngageError
from engage.models import Report, ReportingCentre, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import DatabaseSession
from engage.services.accounts import staff as accounts
from engage.services.forms import flow_for, latest_form
from engage.services.reports import casework, links
from engage.services.reports.filing import file_report
from engage.services.responses import Answers, record_answers, start_response

REPORT_FORM = "hate-incident-report"
DEMO_PASSWORD = "wolverhampton-demo-2020"
# The demo officer's and admin's authenticator app key: public, like the password, so anyone
# trying the demo can add it to an app, or ask `engage demo-code` for the current code.
DEMO_TOTP_SECRET = "ENGAGEDEMOWOLVERHAMPTONSAFERCITY"
CENTRES = (
    "Central Library",
    "Refugee and Migrant Centre",
    "Guru Nanak Sikh Gurdwara",
    "University of Wolverhampton",
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    centre: str | None = None


ACCOUNTS = (
    DemoAccount("admin@demo.invalid", "Demo Admin", ADMIN),
    DemoAccount("officer@demo.invalid", "Demo Officer", OFFICER),
    DemoAccount("library@demo.invalid", "Demo Library Staff", CENTRE_STAFF, "Central Library"),
    DemoAccount(
        "migrant-centre@demo.invalid",
        "Demo Centre Staff",
        CENTRE_STAFF,
        "Refugee and Migrant Centre",
    ),
)

# How far along the demo officer has taken each report: weights of each end state.
PROGRESS = {
    ReportStatus.NEW: 30,
    ReportStatus.IN_REVIEW: 30,
    ReportStatus.REFERRED: 20,
    ReportStatus.CLOSED: 20,
}


def prepare_casework(session: DatabaseSession, reports: int = 40, seed: int = 2020) -> int:
    """Ensure demo centres and staff; top reports up to `reports`; return how many added."""
    centres = [_ensure_centre(session, name) for name in CENTRES]
    staff = {account.email: _ensure_account(session, account) for account in ACCOUNTS}
    existing = session.scalar(select(func.count(Report.id))) or 0
    flow = flow_for(latest_form(session, REPORT_FORM))
    bank = load_answer_bank()
    officer = staff["officer@demo.invalid"]
    filed = []
    for number in range(existing, reports):
        resident = Resident.numbered(10_000 + number, seed, bank)
        report = _file(session, flow, resident, _centre_for(resident.rng, centres), staff)
        _progress(session, report, resident.rng, officer)
        _spread_over_past_weeks(report, resident)
        filed.append(report)
    session.flush()
    _link_same_person(session, filed, officer)
    return max(0, reports - existing)


def _link_same_person(session: DatabaseSession, filed: list[Report], officer: User) -> None:
    """Link a few reports as the same person's, so the demo shows repeat victimisation."""
    for first, second in zip(filed[0:6:3], filed[1:6:3], strict=False):
        links.link(session, second, first.submission.reference or "", officer)


def _ensure_centre(session: DatabaseSession, name: str) -> ReportingCentre:
    existing = session.scalar(select(ReportingCentre).filter_by(name=name))
    return existing or accounts.create_centre(session, name)


def _ensure_account(session: DatabaseSession, account: DemoAccount) -> User:
    user = session.scalar(select(User).filter_by(email=account.email))
    if user is None:
        centre = accounts.centre_named(session, account.centre) if account.centre else None
        user = accounts.create_user(
            session,
            email=account.email,
            name=account.name,
            role=account.role,
            password=DEMO_PASSWORD,
            centre=centre,
        )
    if account.role in (ADMIN, OFFICER) and user.totp_secret is None:
        user.totp_secret, user.totp_confirmed_at = DEMO_TOTP_SECRET, clock.now()
    return user


def _centre_for(rng: random.Random, centres: list[ReportingCentre]) -> ReportingCentre | None:
    """Most people report themselves; about a third go through a reporting centre."""
    return rng.choice(centres) if rng.random() < 0.35 else None


def _file(
    session: DatabaseSession,
    flow: surveys.Flow,
    resident: Resident,
    centre: ReportingCentre | None,
    staff: dict[str, User],
) -> Report:
    channel = Channel.CENTRE if centre else resident.channel()
    form = latest_form(session, REPORT_FORM)
    submission, _ = start_response(session, form, channel=channel)
    preset = {casework.REPORTER_ROLE_QUESTION: casework.LOGGED_REPORTER_ROLE} if centre else {}
    answers = _walk(flow, resident, preset)
    record_answers(session, submission, flow, answers)
    logged_by = _staff_of(centre, staff)
    report, _ = file_report(session, submission, flow, centre=centre, logged_by=logged_by)
    return report


def _walk(flow: surveys.Flow, resident: Resident, preset: Answers) -> Answers:
    """The resident's answers to the report, with the bank's report odds and phrases."""
    report_resident = Resident(resident.rng, _report_bank(resident.bank), frozenset())
    answers = dict(preset)
    while (question := flow.next_question(answers)) is not None:
        answers[question.id] = report_resident.answer(question, answers)
    return answers


def _report_bank(bank: AnswerBank) -> AnswerBank:
    data = bank.data
    return AnswerBank(
        {
            **data,
            "yes_rates": {**data["yes_rates"], **data["report_yes_rates"]},
            "weights": {**data["weights"], **data["report_weights"]},
            "phrases": {**data["phrases"], **data["report_phrases"]},
        }
    )


def _staff_of(centre: ReportingCentre | None, staff: dict[str, User]) -> User | None:
    if centre is None:
        return None
    return next((user for user in staff.values() if user.centre_id == centre.id), None)


def _progress(session: DatabaseSession, report: Report, rng: random.Random, officer: User) -> None:
    """Move a report along as an officer would, to a randomly chosen stage."""
    target = rng.choices(list(PROGRESS), weights=list(PROGRESS.values()))[0]
    moves = _moves_to(target, rng)
    if moves:
        casework.assign(session, report, officer, officer)
    for to_status, needs in moves:
        try:
            casework.change_status(session, report, to_status, officer, **needs)
        except EngageError:  # a reporter who chose not to share it stays in review
            return
    if report.status == ReportStatus.REFERRED and rng.random() < 0.7:  # the police gave a reference
        casework.set_police_reference(session, report, _police_ref(rng), officer)


def _spread_over_past_weeks(report: Report, resident: Resident) -> None:
    """Date the report and its history within the last eight weeks, a day or so apart."""
    now = clock.now()
    resident.date(report.submission, now - timedelta(weeks=8), now - timedelta(days=2))
    moment = report.created_at = report.submission.submitted_at or now
    for event in report.events:
        event.at = moment
        moment += timedelta(hours=resident.rng.uniform(4, 48))
    report.updated_at = report.events[-1].at if report.events else moment


def _moves_to(target: str, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """The status changes, with what each needs, that take a new report to `target`."""
    review: list[tuple[str, dict[str, str]]] = [(ReportStatus.IN_REVIEW, {})]
    if target == ReportStatus.REFERRED:
        return [*review, (ReportStatus.REFERRED, {})]
    if target == ReportStatus.CLOSED:
        return [*review, (ReportStatus.CLOSED, {"outcome": "support-given"})]
    return review if target == ReportStatus.IN_REVIEW else []


def _police_ref(rng: random.Random) -> str:
    return f"20/{rng.randint(100000, 999999)}/26"

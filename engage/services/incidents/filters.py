"""Which hate incident reports the trends count: the filters an officer chose, narrowed to the
reports they may see; and what the report form calls the answers the trends count by."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Subquery

from engage.errors import FormNotLoaded
from engage.models import Report, Submission, User
from engage.services import DatabaseSession
from engage.services.forms import flow_for, latest_form
from engage.services.reports import caseload

STRAND_QUESTION = caseload.STRAND_QUESTION
TYPE_QUESTION = "incident_types"
WARD_QUESTION = caseload.WARD_QUESTION
PLACE_QUESTION = "location_type"
QUESTIONS = (STRAND_QUESTION, TYPE_QUESTION, WARD_QUESTION, PLACE_QUESTION)

OptionNames = dict[str, dict[str, str]]  # question -> answer value -> what the form calls it


@dataclass(frozen=True)
class IncidentFilters:
    """What the trends can be narrowed to; None means any."""

    strand: str | None = None
    ward: str | None = None
    channel: str | None = None
    centre_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def option_names(session: DatabaseSession) -> OptionNames:
    """What the report form calls each answer of the questions counted here, by question."""
    try:
        flow = flow_for(latest_form(session, caseload.REPORT_FORM))
    except FormNotLoaded:
        return {question: {} for question in QUESTIONS}
    return {
        question: {
            option.value: flow.text(option.label) or option.value
            for option in flow.definition.question(question).options
        }
        for question in QUESTIONS
    }


def option_name(names: OptionNames, question: str, value: str) -> str:
    """What the form calls an answer, or the answer itself if the form has no such option."""
    return names[question].get(value, value)


def chosen_reports(user: User, filters: IncidentFilters) -> Subquery:
    """The reports this member of staff may see that the filters choose, as a subquery."""
    query = (
        caseload.report_query(
            user,
            caseload.ReportFilters(
                strand=filters.strand,
                ward=filters.ward,
                centre_id=filters.centre_id,
                date_from=filters.date_from,
                date_to=filters.date_to,
            ),
        )
        .join(Submission, Submission.id == Report.submission_id)
        .with_only_columns(
            Report.id, Report.submission_id, Report.centre_id, Report.created_at, Submission.channel
        )
    )
    if filters.channel:
        query = query.where(Submission.channel == filters.channel)
    return query.subquery("chosen")

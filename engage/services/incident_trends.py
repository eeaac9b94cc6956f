"""Incident trends: hate incident reports counted by strand, type, ward, month, channel and
centre, and the places and people that come up again, for officers to review.

Every count is a SQL `GROUP BY` over the reports the filters choose (`chosen`), so the
database does the counting on SQLite and PostgreSQL alike. A month is a calendar month in UK
time, like the date filters. Small numbers are suppressed on the page and in every export.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Subquery,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from engage import clock
from engage.display import CHANNEL_NAMES, UK
from engage.errors import FormNotLoaded
from engage.models import Answer, Report, ReportingCentre, Submission, User
from engage.services import DatabaseSession, audit, caseload
from engage.services.exports import Cell, Export
from engage.services.forms import flow_for, latest_form
from engage.services.suppression import FEWER, Row, Table, is_small, suppress_table

STRAND_QUESTION = caseload.STRAND_QUESTION
TYPE_QUESTION = "incident_types"
WARD_QUESTION = caseload.WARD_QUESTION
PLACE_QUESTION = "location_type"
QUESTIONS = (STRAND_QUESTION, TYPE_QUESTION, WARD_QUESTION, PLACE_QUESTION)
NOT_GIVEN = "Not given"
ONLINE_OR_NOT_GIVEN = "Online, or not given"  # the form asks no ward of an online incident
NO_CENTRE = "Not through a centre"
# Answers that do not place an incident anywhere in particular, or point at no one group.
NOT_A_PLACE = ("dont-know", "outside-wolverhampton")
NOT_A_STRAND = ("not-sure",)
REPEAT_DAYS = 90  # how close in time two reports must be to be a possible repeat
REPEAT_ROWS = 500  # at most this many reports listed for review, so the page stays a page

ALL = "all"
# key: (title, what a row is, whether each report is in exactly one row)
BREAKDOWNS: dict[str, tuple[str, str, bool]] = {
    "month": ("Reports by month received", "Month", True),
    "strand": ("Reports by strand", "Strand", False),
    "type": ("Reports by type of incident", "Type of incident", False),
    "ward": ("Reports by ward", "Ward", True),
    "channel": ("Reports by channel", "Channel", True),
    "centre": ("Reports by reporting centre", "Reporting centre", True),
}


@dataclass(frozen=True)
class IncidentFilters:
    """What the trends can be narrowed to; None means any."""

    strand: str | None = None
    ward: str | None = None
    channel: str | None = None
    centre_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of the chosen reports, as it may be shown."""

    key: str
    title: str
    label_heading: str
    table: Table


@dataclass(frozen=True)
class Trends:
    """Every breakdown of the chosen reports, suppressed, with their total."""

    total: int | None  # None when it is from 1 to 4
    breakdowns: list[Breakdown]

    @property
    def total_text(self) -> str:
        return FEWER if self.total is None else f"{self.total:,}"

    @property
    def withheld(self) -> bool:
        """Whether a count was held back for what it would give away, not for being small."""
        return any(row.withheld for b in self.breakdowns for row in b.table.rows)


@dataclass(frozen=True)
class ReportLink:
    """A report listed for review: enough to find and open it."""

    id: int
    reference: str
    created_at: datetime


@dataclass(frozen=True)
class RepeatGroup:
    """Reports that share a place (and, for possible repeat victims, a strand)."""

    ward: str
    place: str
    reports: list[ReportLink]
    strand: str | None = None


@dataclass(frozen=True)
class Analysis:
    trends: Trends
    repeat_locations: list[RepeatGroup] = field(default_factory=list)
    possible_repeats: list[RepeatGroup] = field(default_factory=list)


def analyse(session: DatabaseSession, user: User, filters: IncidentFilters) -> Analysis:
    """The trends of the reports the filters choose, and the repeats among them to review."""
    names = option_names(session)
    chosen = _chosen(user, filters)
    return Analysis(
        suppressed_trends(*_counts(session, chosen, names)),
        _repeat_locations(session, chosen, names),
        _possible_repeats(session, chosen, names),
    )


def option_names(session: DatabaseSession) -> dict[str, dict[str, str]]:
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


# The reports chosen, and the counts


def _chosen(user: User, filters: IncidentFilters) -> Subquery:
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


Counts = list[tuple[str, int]]


def counts(
    session: DatabaseSession, user: User, filters: IncidentFilters
) -> tuple[int, dict[str, Counts]]:
    """How many reports the filters choose, and each breakdown's counts, before suppression."""
    return _counts(session, _chosen(user, filters), option_names(session))


def _counts(
    session: DatabaseSession, chosen: Subquery, names: dict[str, dict[str, str]]
) -> tuple[int, dict[str, Counts]]:
    total = session.scalar(select(func.count()).select_from(chosen)) or 0
    return total, {
        "month": _by_month(session, chosen),
        "strand": _by_answer(session, chosen, STRAND_QUESTION, names, total),
        "type": _by_answer(session, chosen, TYPE_QUESTION, names, total),
        "ward": _most_first(
            _by_answer(session, chosen, WARD_QUESTION, names, total, ONLINE_OR_NOT_GIVEN)
        ),
        "channel": _by_channel(session, chosen),
        "centre": _most_first(_by_centre(session, chosen)),
    }


def suppressed_trends(total: int, counts: dict[str, Counts]) -> Trends:
    """Every breakdown as it may be shown or exported: small numbers suppressed."""
    breakdowns = [
        Breakdown(key, title, heading, suppress_table(counts[key], total, additive))
        for key, (title, heading, additive) in BREAKDOWNS.items()
    ]
    return Trends(None if is_small(total) else total, breakdowns)


def _by_answer(
    session: DatabaseSession,
    chosen: Subquery,
    question: str,
    names: dict[str, dict[str, str]],
    total: int,
    missing: str = NOT_GIVEN,
) -> Counts:
    """Reports by their answer to a question, in the form's order, then those not answering."""
    answered = (
        select(Answer.value, func.count(distinct(chosen.c.id)))
        .join(chosen, Answer.submission_id == chosen.c.submission_id)
        .where(Answer.question_id == question, Answer.value.is_not(None))
    )
    found: dict[str, int] = {
        str(value): n for value, n in session.execute(answered.group_by(Answer.value))
    }
    reached = session.scalar(answered.with_only_columns(func.count(distinct(chosen.c.id)))) or 0
    options = names[question]
    values = list(options) + sorted(set(found) - set(options))
    rows = [(options.get(value, value), found.get(value, 0)) for value in values]
    return [*rows, (missing, total - reached)]


def _by_channel(session: DatabaseSession, chosen: Subquery) -> Counts:
    query = select(chosen.c.channel, func.count()).group_by(chosen.c.channel)
    found: dict[str, int] = {str(channel): n for channel, n in session.execute(query)}
    channels = list(CHANNEL_NAMES) + sorted(set(found) - set(CHANNEL_NAMES))
    return [(CHANNEL_NAMES.get(channel, channel), found.get(channel, 0)) for channel in channels]


def _by_centre(session: DatabaseSession, chosen: Subquery) -> Counts:
    query = select(chosen.c.centre_id, func.count()).group_by(chosen.c.centre_id)
    found: dict[int | None, int] = {centre_id: n for centre_id, n in session.execute(query)}
    rows = [(centre.name, found.get(centre.id, 0)) for centre in caseload.centres(session)]
    return [*rows, (NO_CENTRE, found.get(None, 0))]


def _most_first(counts: Counts) -> Counts:
    """The counts, most first, keeping "online, or not given" and "not through a centre" last."""
    last = [row for row in counts if row[0] in (ONLINE_OR_NOT_GIVEN, NO_CENTRE)]
    rest = [row for row in counts if row not in last]
    # Suppressed counts sort together, by name, so that their order gives nothing away.
    return sorted(rest, key=lambda row: (-(1 if is_small(row[1]) else row[1]), row[0])) + last


def _by_month(session: DatabaseSession, chosen: Subquery) -> Counts:
    """Reports by the UK calendar month they came in, every month from the first to the last."""
    first, last = session.execute(
        select(func.min(chosen.c.created_at), func.max(chosen.c.created_at))
    ).one()
    if first is None:
        return []
    months = months_between(uk_month(first), uk_month(last))
    # A CASE over each month's first moment in UK time: the same SQL on every database, and a
    # month that starts at UK midnight as the date filters do, which strftime/date_trunc on a
    # UTC column would not in summer time.
    whens = [
        (chosen.c.created_at < audit.start_of_uk_day(next_month(m)), m.isoformat()) for m in months
    ]
    bucket = (
        case(*whens[:-1], else_=months[-1].isoformat())
        if len(months) > 1
        else literal(months[0].isoformat())
    )
    # Grouped in an outer query: PostgreSQL would not match a CASE with bound values in GROUP BY.
    bucketed = select(bucket.label("month")).select_from(chosen).subquery()
    query = select(bucketed.c.month, func.count()).group_by(bucketed.c.month)
    found: dict[str, int] = {str(month): n for month, n in session.execute(query)}
    return [(month_name(m), found.get(m.isoformat(), 0)) for m in months]


def uk_month(moment: datetime) -> date:
    """The first day of the UK calendar month a stored (UTC) moment falls in."""
    return moment.replace(tzinfo=UTC).astimezone(UK).date().replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from `first`'s to `last`'s, both included."""
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months


def month_name(month: date) -> str:
    return f"{month:%B %Y}"


# Repeats for review


class DaysApart(FunctionElement[float]):
    """How many days apart two stored moments are, as SQL; each database has its own way."""

    type = Float()
    name = "days_apart"
    inherit_cache = True


@compiles(DaysApart, "sqlite")
def _days_apart_sqlite(element: DaysApart, compiler: SQLCompiler, **kw: object) -> str:
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"abs(julianday({first}) - julianday({second}))"


@compiles(DaysApart, "postgresql")
def _days_apart_postgresql(element: DaysApart, compiler: SQLCompiler, **kw: object) -> str:
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"abs(extract(epoch from ({first} - {second}))) / 86400"


def _located(chosen: Subquery, with_strand: bool, name: str) -> Subquery:
    """The chosen reports with their ward and kind of place (and strand): one row each."""
    ward, place, strand = aliased(Answer), aliased(Answer), aliased(Answer)
    query = (
        select(chosen.c.id, chosen.c.created_at, ward.value.label("ward"))
        .add_columns(place.value.label("place"))
        .join(ward, _answer_to(ward, chosen, WARD_QUESTION))
        .join(place, _answer_to(place, chosen, PLACE_QUESTION))
        .where(ward.value.not_in(NOT_A_PLACE))
    )
    if with_strand:
        query = query.add_columns(strand.value.label("strand"))
        query = query.join(strand, _answer_to(strand, chosen, STRAND_QUESTION))
        query = query.where(strand.value.not_in(NOT_A_STRAND))
    return query.subquery(name)


def _answer_to(answer: type[Answer], chosen: Subquery, question: str) -> ColumnElement[bool]:
    return and_(answer.submission_id == chosen.c.submission_id, answer.question_id == question)


def _repeat_locations(
    session: DatabaseSession, chosen: Subquery, names: dict[str, dict[str, str]]
) -> list[RepeatGroup]:
    """Places (a ward and a kind of place) with more than one report, the most reported first."""
    located = _located(chosen, with_strand=False, name="located")
    places = (
        select(located.c.ward, located.c.place, func.count().label("reports"))
        .group_by(located.c.ward, located.c.place)
        .having(func.count() > 1)
        .subquery("places")
    )
    query = (
        select(places.c.ward, places.c.place, Report.id, Submission.reference, Report.created_at)
        .join(located, and_(located.c.ward == places.c.ward, located.c.place == places.c.place))
        .join(Report, Report.id == located.c.id)
        .join(Submission, Submission.id == Report.submission_id)
        .order_by(places.c.reports.desc(), places.c.ward, places.c.place, Report.created_at)
        .limit(REPEAT_ROWS)
    )
    return [
        RepeatGroup(_name(names, WARD_QUESTION, ward), _name(names, PLACE_QUESTION, place), links)
        for (ward, place), links in _grouped(session.execute(query), 2)
    ]


def _possible_repeats(
    session: DatabaseSession, chosen: Subquery, names: dict[str, dict[str, str]]
) -> list[RepeatGroup]:
    """Reports with another of the same ward, kind of place and strand within REPEAT_DAYS.

    Reports carry no link to each other yet, so this is a guess at the same person being
    targeted again, for an officer to check, not a finding.
    """
    this = _located(chosen, with_strand=True, name="this")
    other = _located(chosen, with_strand=True, name="other")
    nearby = exists().where(
        other.c.ward == this.c.ward,
        other.c.place == this.c.place,
        other.c.strand == this.c.strand,
        other.c.id != this.c.id,
        DaysApart(this.c.created_at, other.c.created_at) <= REPEAT_DAYS,
    )
    query = (
        select(this.c.ward, this.c.place, this.c.strand)
        .add_columns(Report.id, Submission.reference, Report.created_at)
        .join(Report, Report.id == this.c.id)
        .join(Submission, Submission.id == Report.submission_id)
        .where(nearby)
        .order_by(this.c.ward, this.c.place, this.c.strand, Report.created_at)
        .limit(REPEAT_ROWS)
    )
    groups = [
        RepeatGroup(
            _name(names, WARD_QUESTION, ward),
            _name(names, PLACE_QUESTION, place),
            links,
            strand=_name(names, STRAND_QUESTION, strand),
        )
        for (ward, place, strand), links in _grouped(session.execute(query), 3)
    ]
    return sorted(groups, key=lambda group: -len(group.reports))


def _grouped(
    rows: Iterable[Sequence[Any]], key_size: int
) -> Iterator[tuple[tuple[str, ...], list[ReportLink]]]:
    """Rows ordered by their first `key_size` columns, as (key, the reports under it)."""
    for key, members in groupby(rows, key=lambda row: tuple(row[:key_size])):
        yield key, [ReportLink(*row[key_size:]) for row in members]


def _name(names: dict[str, dict[str, str]], question: str, value: str) -> str:
    return names[question].get(value, value)


# Exports


def export_trends(
    session: DatabaseSession,
    user: User,
    filters: IncidentFilters,
    breakdown: str,
    file_format: str,
) -> Export:
    """One breakdown (or `ALL`) as an export naming its filters; written to the audit log."""
    names = option_names(session)
    trends = suppressed_trends(*_counts(session, _chosen(user, filters), names))
    shown = [b for b in trends.breakdowns if breakdown in (ALL, b.key)]
    if not shown:
        raise KeyError(breakdown)
    audit.record(
        session,
        user,
        audit.INCIDENTS_EXPORTED,
        "reports",
        None,
        detail=f"{breakdown} {file_format}; {_audit_filters(filters)}",
    )
    return Export(
        title="Incident trends" if breakdown == ALL else shown[0].title,
        generated_at=clock.now(),
        columns=["Breakdown", "Group", "Reports", "Share of reports (%)"],
        rows=[row for b in shown for row in _export_rows(b)],
        details=[*filter_details(session, filters, names), *_notes(trends)],
        suppressed=True,
    )


def filter_details(
    session: DatabaseSession, filters: IncidentFilters, names: dict[str, dict[str, str]]
) -> list[tuple[str, str]]:
    """The filters in words, as an export's header names them."""
    centre = session.get(ReportingCentre, filters.centre_id) if filters.centre_id else None
    channel = filters.channel
    return [
        ("Reports", "Hate incident reports, by the date they were received (UK time)"),
        ("Received from", _day(filters.date_from) or "Any date"),
        ("Received to", _day(filters.date_to) or "Any date"),
        ("Strand", _name(names, STRAND_QUESTION, filters.strand) if filters.strand else "Any"),
        ("Ward", _name(names, WARD_QUESTION, filters.ward) if filters.ward else "Any"),
        ("Channel", CHANNEL_NAMES.get(channel, channel) if channel else "Any"),
        ("Reporting centre", centre.name if centre else "Any"),
    ]


def _notes(trends: Trends) -> list[tuple[str, str]]:
    notes = [("Strands and types", "A report can name several, so they add up to more")]
    if trends.withheld:
        notes.append(("Withheld", "A count that would give away one below 5 by subtraction"))
    return notes


def _export_rows(breakdown: Breakdown) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [breakdown.title, row.label, _count_cell(row.count, row.count_text), _share_cell(row)]
        for row in breakdown.table.rows
    ]
    total = _count_cell(breakdown.table.total, breakdown.table.total_text)
    return [*rows, [breakdown.title, "All reports", total, None]]


def _count_cell(count: int | None, shown_as: str) -> Cell:
    return shown_as if count is None else count


def _share_cell(row: Row) -> Cell:
    return None if row.share is None else round(row.share * 100, 1)


def _day(day: date | None) -> str | None:
    return f"{day.day} {day:%B %Y}" if day else None


def _audit_filters(filters: IncidentFilters) -> str:
    """The filters as codes, for the audit log: never words anyone typed."""
    codes = {
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "strand": filters.strand,
        "ward": filters.ward,
        "channel": filters.channel,
        "centre": filters.centre_id,
    }
    chosen = [f"{key}={value}" for key, value in codes.items() if value is not None]
    return " ".join(chosen) or "no filters"

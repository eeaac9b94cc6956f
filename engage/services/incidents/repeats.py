"""Repeats among the chosen hate incident reports, for officers to review: places reported
more than once, reports an officer has linked as the same person targeted again, and reports
that may be."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Float, Subquery, and_, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from engage.models import Answer, Report, ReportLink, Submission
from engage.services import DatabaseSession
from engage.services.incidents.filters import (
    PLACE_QUESTION,
    STRAND_QUESTION,
    WARD_QUESTION,
    OptionNames,
    option_name,
)

# Answers that do not place an incident anywhere in particular, or point at no one group.
NOT_A_PLACE = ("dont-know", "outside-wolverhampton")
NOT_A_STRAND = ("not-sure",)
REPEAT_DAYS = 90  # how close in time two reports must be to be a possible repeat
REPEAT_ROWS = 500  # at most this many reports listed for review, so the page stays a page


@dataclass(frozen=True)
class ListedReport:
    """A report listed for review: enough to find and open it."""

    id: int
    reference: str
    created_at: datetime


@dataclass(frozen=True)
class RepeatGroup:
    """Reports that share a place (and, for possible repeat victims, a strand)."""

    ward: str
    place: str
    reports: list[ListedReport]
    strand: str | None = None


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


def repeat_locations(
    session: DatabaseSession, chosen: Subquery, names: OptionNames
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
        RepeatGroup(
            option_name(names, WARD_QUESTION, ward),
            option_name(names, PLACE_QUESTION, place),
            links,
        )
        for (ward, place), links in _grouped(session.execute(query), 2)
    ]


def possible_repeats(
    session: DatabaseSession, chosen: Subquery, names: OptionNames
) -> list[RepeatGroup]:
    """Reports with another of the same ward, kind of place and strand within REPEAT_DAYS.

    This is a guess at the same person being targeted again, for an officer to check and, if
    it is, to link the reports; it is not a finding.
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
            option_name(names, WARD_QUESTION, ward),
            option_name(names, PLACE_QUESTION, place),
            links,
            strand=option_name(names, STRAND_QUESTION, strand),
        )
        for (ward, place, strand), links in _grouped(session.execute(query), 3)
    ]
    return sorted(groups, key=lambda group: -len(group.reports))


def linked_reports(session: DatabaseSession, chosen: Subquery) -> list[list[ListedReport]]:
    """Reports an officer linked as the same person, in groups, the largest first.

    A group holds every report joined to a chosen one by links, directly or through another,
    whether or not the filters choose that other report: it is the same person's history.
    """
    chosen_ids = select(chosen.c.id)
    pairs = session.execute(
        select(ReportLink.report_id, ReportLink.linked_report_id)
        .where(
            or_(ReportLink.report_id.in_(chosen_ids), ReportLink.linked_report_id.in_(chosen_ids))
        )
        .order_by(ReportLink.id)
        .limit(REPEAT_ROWS)
    ).all()
    groups = _joined_groups(pairs)
    listed = _listed(session, {report_id for group in groups for report_id in group})
    return sorted(
        (
            sorted((listed[i] for i in group), key=lambda r: (r.created_at, r.id))
            for group in groups
        ),
        key=lambda reports: (-len(reports), reports[0].created_at),
    )


def _joined_groups(pairs: Iterable[Sequence[int]]) -> list[set[int]]:
    """The groups that pairs of linked ids join, each id in one group."""
    group_of: dict[int, set[int]] = {}
    for first, second in pairs:
        merged = group_of.get(first, {first}) | group_of.get(second, {second})
        for member in merged:
            group_of[member] = merged
    return list({id(group): group for group in group_of.values()}.values())


def _listed(session: DatabaseSession, report_ids: set[int]) -> dict[int, ListedReport]:
    query = (
        select(Report.id, Submission.reference, Report.created_at)
        .join(Submission, Submission.id == Report.submission_id)
        .where(Report.id.in_(report_ids))
    )
    rows = session.execute(query)
    return {row.id: ListedReport(row.id, row.reference or "", row.created_at) for row in rows}


def _grouped(
    rows: Iterable[Sequence[Any]], key_size: int
) -> Iterator[tuple[tuple[str, ...], list[ListedReport]]]:
    """Rows ordered by their first `key_size` columns, as (key, the reports under it)."""
    for key, members in groupby(rows, key=lambda row: tuple(row[:key_size])):
        yield key, [ListedReport(*row[key_size:]) for row in members]

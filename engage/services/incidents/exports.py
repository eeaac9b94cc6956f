"""Incident trends to download: a breakdown, or all of them, with small numbers suppressed,
a header naming the filters, and a record in the audit log."""

from datetime import date

from engage import clock
from engage.models import ReportingCentre, User
from engage.services import DatabaseSession, audit
from engage.services.exports import Cell, Export
from engage.services.incidents.filters import (
    STRAND_QUESTION,
    WARD_QUESTION,
    IncidentFilters,
    OptionNames,
    chosen_reports,
    option_name,
    option_names,
)
from engage.services.incidents.trends import (
    ALL,
    Breakdown,
    Trends,
    breakdown_counts,
    suppressed_trends,
)
from engage.services.suppression import Row
from engage.wording import CHANNEL_NAMES


def export_trends(
    session: DatabaseSession,
    user: User,
    filters: IncidentFilters,
    breakdown: str,
    file_format: str,
) -> Export:
    """One breakdown (or `ALL`) as an export naming its filters; written to the audit log."""
    names = option_names(session)
    trends = suppressed_trends(*breakdown_counts(session, chosen_reports(user, filters), names))
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
    session: DatabaseSession, filters: IncidentFilters, names: OptionNames
) -> list[tuple[str, str]]:
    """The filters in words, as an export's header names them."""
    centre = session.get(ReportingCentre, filters.centre_id) if filters.centre_id else None
    channel = filters.channel
    strand = option_name(names, STRAND_QUESTION, filters.strand) if filters.strand else "Any"
    return [
        ("Reports", "Hate incident reports, by the date they were received (UK time)"),
        ("Received from", _day(filters.date_from) or "Any date"),
        ("Received to", _day(filters.date_to) or "Any date"),
        ("Strand", strand),
        ("Ward", option_name(names, WARD_QUESTION, filters.ward) if filters.ward else "Any"),
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

"""Incident trends: hate incident reports counted by strand, type, ward, month, channel and
centre, with small numbers suppressed, and the repeats among them (`repeats`).

Every count is a SQL `GROUP BY` over the reports the filters choose (`filters`), so
the database does the counting on SQLite and PostgreSQL alike. A month is a calendar month in
UK time, like the date filters. Small numbers are suppressed on the page and in every export
(`exports`).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Subquery, case, distinct, func, literal, select

from engage.models import Answer, User
from engage.services import DatabaseSession, audit
from engage.services.incidents.filters import (
    STRAND_QUESTION,
    TYPE_QUESTION,
    WARD_QUESTION,
    IncidentFilters,
    OptionNames,
    chosen_reports,
    option_names,
)
from engage.services.incidents.repeats import (
    ListedReport,
    RepeatGroup,
    linked_reports,
    possible_repeats,
    repeat_locations,
)
from engage.services.reports import caseload
from engage.services.suppression import FEWER, Table, is_small, suppress_table
from engage.wording import CHANNEL_NAMES, UK

NOT_GIVEN = "Not given"
ONLINE_OR_NOT_GIVEN = "Online, or not given"  # the form asks no ward of an online incident
NO_CENTRE = "Not through a centre"

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
class Analysis:
    trends: Trends
    repeat_locations: list[RepeatGroup] = field(default_factory=list)
    possible_repeats: list[RepeatGroup] = field(default_factory=list)
    linked: list[list[ListedReport]] = field(default_factory=list)


def analyse(session: DatabaseSession, user: User, filters: IncidentFilters) -> Analysis:
    """The trends of the reports the filters choose, and the repeats among them to review."""
    names = option_names(session)
    chosen = chosen_reports(user, filters)
    return Analysis(
        suppressed_trends(*breakdown_counts(session, chosen, names)),
        repeat_locations(session, chosen, names),
        possible_repeats(session, chosen, names),
        linked_reports(session, chosen),
    )


# The counts


Counts = list[tuple[str, int]]


def counts(
    session: DatabaseSession, user: User, filters: IncidentFilters
) -> tuple[int, dict[str, Counts]]:
    """How many reports the filters choose, and each breakdown's counts, before suppression."""
    return breakdown_counts(session, chosen_reports(user, filters), option_names(session))


def breakdown_counts(
    session: DatabaseSession, chosen: Subquery, names: OptionNames
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
    names: OptionNames,
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

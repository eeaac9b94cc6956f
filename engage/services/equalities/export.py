"""The equalities analysis as one table to download, and the audit record of its export."""

from collections.abc import Iterator
from datetime import datetime

from engage.models import User
from engage.services import DatabaseSession, audit
from engage.services.equalities.analysis import FAMILIES, Analysis
from engage.services.equalities.names import tag_name
from engage.services.exports import Export

EXPORT_COLUMNS = (
    "Part",
    "Question",
    "Group",
    "Tag",
    "Count",
    "Share (%)",
    "Compared with (%)",
    "Ratio",
    "Note",
    "Source",
)


def export(analysis: Analysis, made: datetime) -> Export:
    """The analysis as one table, with a header that says what it is and how it was made."""
    consultation = analysis.consultation
    basis = analysis.basis
    return Export(
        title="Equalities analysis",
        generated_at=made,
        columns=EXPORT_COLUMNS,
        rows=list(_export_rows(analysis)),
        details=[
            ("Consultation", consultation.title),
            ("Responses", f"{analysis.respondents:,}"),
            ("Population baseline", analysis.baseline.description),
            ("Tags", FAMILIES[analysis.settings.family]),
            (
                "Tags counted",
                f"Officers' decisions on {basis.officer_answers:,} answers; "
                f"the machine's suggestions on {basis.machine_answers:,}",
            ),
            (
                "Under-represented",
                f"Ratio below {analysis.settings.under_represented_below:g}",
            ),
            ("Filters", f"Tag family: {analysis.settings.family}"),
        ],
        suppressed=True,
    )


def _percent(share: float | None) -> float | str:
    return round(share * 100, 1) if share is not None else ""


def _export_rows(analysis: Analysis) -> Iterator[list[str | int | float | None]]:
    for question in analysis.questions:
        for row in question.table.rows:
            yield [
                "Who responded", question.label, row.label, "", row.count_text,
                _percent(row.share), "", "", "", "",
            ]  # fmt: skip
        for c in question.comparisons:
            yield [
                "Beside the population", question.label, c.label, "", c.count_text,
                _percent(c.share), _percent(c.figure.share),
                round(c.ratio, 2) if c.ratio is not None else "",
                "We heard less" if c.under_represented else "", c.figure.source,
            ]  # fmt: skip
        for group in question.themes:
            for cell in group.cells:
                yield [
                    "What they raised", question.label, group.name, tag_name(cell.tag),
                    cell.raised_text if cell.raised is None else cell.raised,
                    _percent(cell.share), _percent(cell.others_share),
                    round(cell.ratio, 2) if cell.ratio is not None else "",
                    f"Of the {group.writers_text} who wrote in their own words", "",
                ]  # fmt: skip


def record_export(
    session: DatabaseSession, actor: User, analysis: Analysis, file_format: str
) -> None:
    """Write the export of an analysis to the audit log: its format and tag family only."""
    audit.record(
        session,
        actor,
        audit.EQUALITIES_EXPORTED,
        "consultation",
        analysis.consultation.id,
        detail=f"{file_format}, {analysis.settings.family}",
    )

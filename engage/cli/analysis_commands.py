"""`engage analysis`: tag texts, measure the tagger on labelled texts, retag the database."""

import json
import sys
from typing import IO

import click
from flask.cli import AppGroup

import analysis
from analysis.evaluation import gold_problem
from analysis.jsonlines import LineError, write_jsonlines
from engage.extensions import db
from engage.services.insight import tagging


@click.group("analysis", cls=AppGroup)
def analysis_group() -> None:
    """Tag free text with the strategy's priorities, themes and protected characteristics."""


@analysis_group.command("tag", with_appcontext=False)
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def tag_command(source: IO[str]) -> None:
    """Tag JSON Lines ({"text": …} a line) from SOURCE or standard input, to standard output."""
    records, errors = analysis.read_jsonlines(source)
    _report_skipped(errors)
    tagged = analysis.tag_many(record["text"] for record in records)
    write_jsonlines(
        ({**r, **t.to_dict()} for r, t in zip(records, tagged, strict=True)), sys.stdout
    )


@analysis_group.command("evaluate", with_appcontext=False)
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate_command(source: IO[str], as_json: bool) -> None:
    """Score the tagger on labelled JSON Lines: precision, recall and F1 per label, and mistakes."""
    records, errors = analysis.read_jsonlines(source, check=gold_problem)
    _report_skipped(errors)
    if not records:
        raise click.ClickException("No labelled lines to evaluate.")
    report = analysis.evaluate(records)
    if as_json:
        click.echo(json.dumps(analysis.report_to_dict(report), indent=2, ensure_ascii=False))
    else:
        click.echo(analysis.render_report(report))


@analysis_group.command("retag")
@click.option("--batch-size", default=tagging.BATCH_SIZE, show_default=True)
def retag_command(batch_size: int) -> None:
    """Tag every stored free-text answer again, after the lexicons change."""
    total = tagging.count_free_text_answers(db.session)
    with click.progressbar(length=total, label="Tagging answers", file=sys.stderr) as bar:
        done = tagging.retag_all(db.session, batch_size, bar.update)
    click.echo(f"Tagged {done} free-text answers.")


def _report_skipped(errors: list[LineError]) -> None:
    for error in errors:
        click.echo(f"Skipped {error}", err=True)

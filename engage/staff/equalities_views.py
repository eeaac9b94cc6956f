"""A consultation's equalities analysis: who responded beside the population; what they raised.

Also the page where officers see and replace the area's population baseline. The analysis is
the same on the page, in its printable report and in its exports; every export is audited.
"""

import re
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage import clock
from engage.errors import BaselineInvalid
from engage.extensions import db
from engage.models import Consultation
from engage.roles import ADMIN, OFFICER
from engage.services.equalities import analysis as equalities
from engage.services.equalities import baselines
from engage.services.equalities import export as equalities_export
from engage.services.equalities.names import tag_name
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.downloads import download, export_download

TEMPLATES = "staff/equalities"
DEFAULT_AREA = "wolverhampton"
AREA_NAME = re.compile(r"[a-z0-9-]{1,60}")
UPLOAD_FIELD = "baseline"


@staff.get("/consultations/<int:consultation_id>/equalities")
@roles_required(OFFICER, ADMIN)
def consultation_equalities(consultation_id: int) -> ResponseReturnValue:
    """Who responded beside the area's population, and what each group raised."""
    analysis = _analysis(db.get_or_404(Consultation, consultation_id))
    return render_template(
        f"{TEMPLATES}/analysis.html",
        consultation=analysis.consultation,
        analysis=analysis,
        families=equalities.FAMILIES,
        tag_name=tag_name,
        results_page="equalities",
    )


@staff.get("/consultations/<int:consultation_id>/equalities/report")
@roles_required(OFFICER, ADMIN)
def consultation_equalities_report(consultation_id: int) -> ResponseReturnValue:
    """The same analysis laid out to print, for the partnership's equalities analysis."""
    analysis = _analysis(db.get_or_404(Consultation, consultation_id))
    return render_template(
        f"{TEMPLATES}/report.html",
        consultation=analysis.consultation,
        analysis=analysis,
        families=equalities.FAMILIES,
        tag_name=tag_name,
        made=clock.now(),
    )


@staff.get("/consultations/<int:consultation_id>/equalities.<any(csv, xlsx):file_format>")
@roles_required(OFFICER, ADMIN)
def consultation_equalities_export(consultation_id: int, file_format: str) -> ResponseReturnValue:
    """The analysis as CSV or XLSX, small numbers suppressed, written to the audit log."""
    analysis = _analysis(db.get_or_404(Consultation, consultation_id))
    made = clock.now()
    export = equalities_export.export(analysis, made)
    equalities_export.record_export(db.session, current_staff(), analysis, file_format)
    db.session.commit()
    name = f"equalities-{analysis.consultation.slug}-{made:%Y-%m-%d}"
    return export_download(export, file_format, name)


@staff.route("/equalities/baseline", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def equalities_baseline() -> ResponseReturnValue:
    """The area's population baseline, its format, and a form to upload a replacement."""
    monitoring = baselines.monitoring_questions(db.session)
    problems: list[str] = []
    if request.method == "POST":
        upload = request.files.get(UPLOAD_FIELD)
        if upload is None or not upload.filename:
            problems = ["Select the CSV file with the new baseline"]
        else:
            try:
                replaced = baselines.replace_baseline(
                    db.session,
                    current_staff(),
                    _area(),
                    _uploads(),
                    upload.stream.read(baselines.MOST_BYTES + 1),
                    monitoring,
                )
            except BaselineInvalid as error:
                problems = error.problems
            else:
                db.session.commit()
                flash(
                    f"Baseline replaced: {len(replaced.figures)} lines for "
                    f"{replaced.area.title()}. The equalities analysis uses it now",
                    "success",
                )
                return redirect(url_for("staff.equalities_baseline"))
    return render_template(
        f"{TEMPLATES}/baseline.html",
        baseline=baselines.load_baseline(_area(), _uploads(), monitoring),
        monitoring=monitoring,
        problems=problems,
        errors=[{"text": p, "href": f"#{UPLOAD_FIELD}"} for p in problems],
        columns=baselines.COLUMNS,
    )


@staff.get("/equalities/baseline.csv")
@roles_required(OFFICER, ADMIN)
def equalities_baseline_csv() -> ResponseReturnValue:
    """The baseline in use, as a CSV to edit and upload again."""
    area = _area()
    text = baselines.baseline_text(area, _uploads())
    return download(text, f"{area}-baseline.csv")


def _analysis(consultation: Consultation) -> equalities.Analysis:
    monitoring = baselines.monitoring_questions(db.session)
    baseline = baselines.load_baseline(_area(), _uploads(), monitoring)
    return equalities.analyse(db.session, consultation, baseline, monitoring, _settings())


def _settings() -> equalities.Settings:
    """The tag family asked for in the address, and the thresholds in the configuration."""
    family = request.args.get("family", "priority")
    if family not in equalities.FAMILIES:
        family = "priority"
    config = current_app.config
    return equalities.Settings(
        family=family,
        under_represented_below=float(
            config.get("EQUALITIES_UNDER_REPRESENTED_BELOW", equalities.UNDER_REPRESENTED_BELOW)
        ),
        notable_ratio=float(config.get("EQUALITIES_NOTABLE_RATIO", equalities.NOTABLE_RATIO)),
    )


def _area() -> str:
    """The area whose population the analysis compares with, from the configuration."""
    area = str(current_app.config.get("EQUALITIES_AREA", DEFAULT_AREA))
    if not AREA_NAME.fullmatch(area):
        raise ValueError("EQUALITIES_AREA must be lower-case letters, digits and hyphens")
    return area


def _uploads() -> Path:
    """Where uploaded baselines are kept: the instance folder, unless configured elsewhere."""
    configured = current_app.config.get("BASELINES_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "baselines"

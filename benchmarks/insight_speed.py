"""How fast are officers' results pages on a big consultation, beside the SQL they need?

Fills a fresh SQLite database (or the one given) with N submitted responses to the strategy
consultation — choice answers, monitoring answers, a free-text answer each with machine tags
and sentiment — then, signed in as an officer, times the overview, the themes page and the
equalities page (where it exists). While each page renders, the SQL it runs is recorded; the
same statements are then replayed on a bare connection and timed: the page's bare queries.
Targets: each page within 3 times its bare queries, and under one second on SQLite.

    .venv/bin/python benchmarks/insight_speed.py [--responses 100000] [--rounds 3]
"""

import argparse
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask
from sqlalchemy import event, insert, select, text

from engage import clock, create_app
from engage.cli.setup_commands import initialise_database
from engage.extensions import db
from engage.models import Answer, AnswerTag, Consultation, Submission, TextAnalysis, User
from engage.roles import OFFICER
from engage.services.accounts import passwords
from engage.services.consultations import publishing
from engage.services.forms import latest_form

STRATEGY = "swp-strategy-2020-2023"
PASSWORD = "benchmark password 2020"
TOTP_SECRET = "BENCHMARKBENCHMARKBENCHMARKBENCH"
BATCH = 5_000
CHOICES = {
    "reducing_offending_agree": ["strongly-agree", "agree", "disagree", "dont-know"],
    "preventing_violence_agree": ["strongly-agree", "agree", "neither", "disagree"],
    "harm_reduction_agree": ["agree", "disagree", "strongly-disagree"],
    "building_community_capacity_agree": ["agree", "strongly-agree", "dont-know"],
    "ward": ["park", "blakenhall", "ettingshall", "st-peters", "bilston-east", "oxley"],
    "age_band": ["18-24", "25-34", "35-44", "45-54", "65-74", "75-or-over"],
    "disability": ["yes", "no", "prefer-not-to-say"],
    "sex": ["female", "male"],
}
WORRIES = ["drug-dealing", "burglary-theft", "anti-social-behaviour", "speeding", "other"]
TAGS = [
    ("priority", "preventing_violence"),
    ("priority", "harm_reduction"),
    ("theme", "hate_crime"),
    ("characteristic", "race"),
    ("characteristic", "age"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--database", type=Path, help="an SQLite file to fill, or reuse if filled (default: temp)"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="engage-bench-")
    path = args.database or Path(folder) / "insight.sqlite"
    # Asked before the app exists: making the app creates the SQLite file.
    reuse = path.exists()
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "RECEIPT_PEPPER": "bench",
            "TELEGRAM_CHAT_KEY_SECRET": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    started = time.perf_counter()
    consultation_id = already_filled(app) if reuse else None
    if consultation_id is None:
        consultation_id = fill(app, args.responses)
        print(f"filled {args.responses:,} responses in {time.perf_counter() - started:.1f} s")
    print(f"database: {path}")
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": "bench@example.org", "password": PASSWORD})
    code = pyotp.TOTP(TOTP_SECRET).at(clock.now_aware())
    client.post("/staff/sign-in/code", data={"code": code})
    pages = {
        "overview": f"/staff/consultations/{consultation_id}/results",
        "themes": f"/staff/consultations/{consultation_id}/themes",
        "themes, filtered": f"/staff/consultations/{consultation_id}/themes"
        "?group=disability:yes&channel=web&sentiment=negative",
        "equalities": f"/staff/consultations/{consultation_id}/equalities",
    }
    print(f"{'page':<18} {'page s':>8} {'bare SQL s':>11} {'ratio':>6}  target: ≤3× and <1 s")
    for name, url in pages.items():
        measure(app, client, name, url, args.rounds)


def already_filled(app: Flask) -> int | None:
    """The benchmark consultation of a database filled by an earlier run, if it is one."""
    with app.app_context():
        return db.session.scalar(select(Consultation.id).filter_by(slug="bench"))


def fill(app: Flask, responses: int) -> int:
    """The strategy consultation with `responses` submitted responses; returns its id."""
    with app.app_context():
        initialise_database()
        form = latest_form(db.session, STRATEGY)
        now = clock.now()
        consultation = publishing.create_consultation(
            db.session,
            form,
            slug="bench",
            title="Benchmark",
            opens_at=now - clock_days(90),
            closes_at=now + clock_days(30),
        )
        db.session.add(
            User(
                email="bench@example.org",
                name="Bench",
                role=OFFICER,
                password_hash=passwords.hash_password(PASSWORD),
                totp_secret=TOTP_SECRET,
                totp_confirmed_at=clock.now(),
            )
        )
        db.session.commit()
        rng = random.Random(2020)
        for first in range(0, responses, BATCH):
            _add_batch(rng, form.id, consultation.id, first, min(BATCH, responses - first), now)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return consultation.id


def _add_batch(
    rng: random.Random, form_id: int, consultation_id: int, first: int, count: int, now: Any
) -> None:
    submissions = [
        {
            "id": first + i + 1,
            "form_id": form_id,
            "consultation_id": consultation_id,
            "channel": rng.choice(["web", "web", "web", "telegram", "centre"]),
            "language": "en",
            "status": "submitted",
            "reference": f"ENG-B{first + i + 1:08d}",
            "started_at": now,
            "updated_at": now,
            "submitted_at": now - clock_days(rng.randrange(0, 90)),
        }
        for i in range(count)
    ]
    db.session.execute(insert(Submission), submissions)
    answers, texts = [], []
    for submission in submissions:
        for question, values in CHOICES.items():
            answers.append((submission["id"], question, 0, rng.choice(values)))
        for position, worry in enumerate(rng.sample(WORRIES, 2)):
            answers.append((submission["id"], "worries", position, worry))
        texts.append(submission["id"])
    rows = [
        {"submission_id": s, "question_id": q, "position": p, "value": v} for s, q, p, v in answers
    ]
    rows += [
        {
            "submission_id": s,
            "question_id": "feel_safer",
            "position": 0,
            "value": "Racist abuse at the bus station, and more lighting please.",
        }
        for s in texts
    ]
    db.session.execute(insert(Answer), rows)
    text_ids = db.session.scalars(
        select(Answer.id).where(
            Answer.question_id == "feel_safer",
            Answer.submission_id.between(first + 1, first + count),
        )
    ).all()
    db.session.execute(
        insert(TextAnalysis),
        [
            {
                "answer_id": a,
                "polarity": rng.uniform(-1, 1),
                "subjectivity": 0.5,
                "urgent": False,
                "language": "en",
                "needs_translation": False,
                "analysed_at": now,
            }
            for a in text_ids
        ],
    )
    db.session.execute(
        insert(AnswerTag),
        [
            {
                "answer_id": a,
                "family": family,
                "label": label,
                "source": "machine",
                "applies": True,
                "evidence": [[0, 6]],
                "created_at": now,
            }
            for a in text_ids
            for family, label in rng.sample(TAGS, 2)
        ],
    )
    db.session.commit()


def measure(app: Flask, client: Any, name: str, url: str, rounds: int) -> None:
    page_times: list[float] = []
    for _ in range(rounds):
        with recorded(app) as executed:
            started = time.perf_counter()
            response = client.get(url)
            page_times.append(time.perf_counter() - started)
        if response.status_code == 404:
            print(f"{name:<18} (not built)")
            return
        assert response.status_code == 200, (url, response.status_code)
    bare = min(replay(app, executed) for _ in range(rounds))
    page = min(page_times)
    verdict = "ok" if page <= 3 * bare and page < 1 else "MISSED"
    print(f"{name:<18} {page:>8.3f} {bare:>11.3f} {page / bare:>6.1f}  {verdict}")


class recorded:  # noqa: N801 - reads as a with-statement
    """The SQL statements run while the block runs."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.statements: list[tuple[str, Any]] = []

    def __enter__(self) -> list[tuple[str, Any]]:
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._keep)
        return self.statements

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._keep)

    def _keep(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.statements.append((statement, parameters))


def replay(app: Flask, statements: list[tuple[str, Any]]) -> float:
    """Seconds to run the statements on a bare DB-API connection, fetching every row."""
    with app.app_context():
        raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        return time.perf_counter() - started
    finally:
        raw.close()


def clock_days(days: int) -> timedelta:
    return timedelta(days=days)


if __name__ == "__main__":
    main()

"""Many residents at once against the production server: does every confirmed submission land
exactly once, and does everyone else get a clear answer rather than a server error?

Serves Engage with gunicorn and deploy/gunicorn.conf.py (several workers) on 127.0.0.1, on a
fresh SQLite database or the database given, and runs CLIENTS residents at once, each sending
hate incident reports and consultation responses page by page over HTTP, until SECONDS have
passed or SUBMISSIONS have been confirmed. Then it checks the database: every reference a
resident was shown is stored exactly once, as submitted. It prints the throughput, how long a
whole submission took, and every error by kind; it exits non-zero on any 500 or any confirmed
submission that is missing or doubled.

    .venv/bin/python benchmarks/load_test.py [--clients 16] [--seconds 30] [--submissions 300]
        [--workers 4] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

The PostgreSQL database given must be one Engage may use: it is brought up to date with
`engage init`, and the submissions are added to whatever it holds.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from engage import clock, create_app  # noqa: E402
from engage.cli.setup_commands import initialise_database  # noqa: E402
from engage.extensions import db  # noqa: E402
from engage.models import Consultation, Submission  # noqa: E402
from engage.services.consultations import publishing  # noqa: E402
from engage.services.forms import flow_for, latest_form  # noqa: E402
from tests.engage.http_resident import HttpResident, ServerRefused  # noqa: E402
from tests.engage.production_server import production_server  # noqa: E402

STRATEGY = "swp-strategy-2020-2023"
SLUG = "load-test"


@dataclass
class Tally:
    confirmed: list[str] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", help="default: a fresh SQLite database")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="engage-load-"))
    url = args.database_url or f"sqlite:///{folder / 'load.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load", "RECEIPT_PEPPER": "load"})
    flows = prepare(app)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    print(f"{args.clients} clients, {args.workers} gunicorn workers, up to {args.seconds:.0f} s")
    tally = Tally()
    with production_server(url, folder / "server.log", workers=args.workers) as server:
        took = run_clients(server.base, flows, args, tally)
    return report(app, tally, took, folder / "server.log")


def prepare(app) -> dict:
    """The database up to date with an open consultation; the flows the residents answer."""
    with app.app_context():
        initialise_database()
        if db.session.scalar(select(Consultation).filter_by(slug=SLUG)) is None:
            now = clock.now()
            publishing.create_consultation(
                db.session,
                latest_form(db.session, STRATEGY),
                slug=SLUG,
                title="Load test",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
            )
        db.session.commit()
        return {
            "strategy": flow_for(latest_form(db.session, STRATEGY)),
            "report": {
                "/report/questions/": flow_for(latest_form(db.session, "hate-incident-report")),
                "/report/contact/": flow_for(latest_form(db.session, "report-contact-details")),
            },
        }


def run_clients(base: str, flows: dict, args: argparse.Namespace, tally: Tally) -> float:
    started = time.perf_counter()
    deadline = time.monotonic() + args.seconds
    enough = threading.Event()
    clients = [
        threading.Thread(target=client, args=(base, flows, n, deadline, enough, args, tally))
        for n in range(args.clients)
    ]
    for each in clients:
        each.start()
    for each in clients:
        each.join()
    return time.perf_counter() - started


def client(base, flows, number, deadline, enough, args, tally: Tally) -> None:
    """One resident after another on the same thread, alternating reports and responses."""
    turn = number
    while time.monotonic() < deadline and not enough.is_set():
        turn += 1
        # Each client on an address of its own, as residents are: the limits count per address.
        resident = HttpResident(base, source_address=f"127.0.{number // 250}.{number % 250 + 2}")
        began = time.perf_counter()
        try:
            if turn % 2:
                reference = resident.report_incident(flows["report"])
            else:
                start = f"/consultations/{SLUG}"
                reference = resident.answer_consultation(start, flows["strategy"])
        except ServerRefused as refused:  # 429 when a limit is reached, 503 when too busy
            _count_error(tally, f"HTTP {refused.status}")
        except requests.RequestException as error:
            _count_error(tally, type(error).__name__)
        else:
            with tally.lock:
                tally.confirmed.append(reference)
                tally.durations.append(time.perf_counter() - began)
                if len(tally.confirmed) >= args.submissions:
                    enough.set()


def _count_error(tally: Tally, kind: str) -> None:
    with tally.lock:
        tally.errors[kind] += 1


def report(app, tally: Tally, took: float, log: Path) -> int:
    with app.app_context():
        stored = dict(
            db.session.execute(
                select(Submission.reference, func.count())
                .where(Submission.reference.in_(tally.confirmed), Submission.status == "submitted")
                .group_by(Submission.reference)
            ).all()
        )
    missing = [ref for ref in tally.confirmed if ref not in stored]
    doubled = [ref for ref, count in stored.items() if count > 1]
    durations = sorted(tally.durations) or [0.0]
    print(f"confirmed submissions:  {len(tally.confirmed)} in {took:.1f} s")
    print(f"throughput:             {len(tally.confirmed) / took:.1f} submissions/second")
    print(
        f"one whole submission:   median {statistics.median(durations):.2f} s, "
        f"95th percentile {durations[int(0.95 * (len(durations) - 1))]:.2f} s"
    )
    print(f"errors:                 {sum(tally.errors.values())} {dict(tally.errors) or ''}")
    print(f"stored exactly once:    {len(stored) - len(doubled)} of {len(tally.confirmed)}")
    print(f"missing: {len(missing)}, doubled: {len(doubled)}; server log: {log}")
    server_errors = tally.errors.get("HTTP 500", 0)
    return 1 if missing or doubled or server_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The real server, started as a resident would find it, answered over real HTTP."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from factories import csrf_token, plausible_answer, publish_form, questions_on_page
from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Submission
from engage.services.forms import flow_for, latest_form

ENGAGE = Path(sys.executable).parent / "engage"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(app: Flask, tmp_path: Path) -> Iterator[str]:
    """`engage run` on a free port, against the test database."""
    port = free_port()
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "ENGAGE_DATABASE_URL": database, "ENGAGE_SECRET_KEY": "e2e"}
    process = subprocess.Popen(
        [str(ENGAGE), "run", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_healthy(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"engage run exited: {process.stderr.read().decode()}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("engage run did not become healthy in 30 seconds")


def test_a_resident_answers_the_strategy_consultation_over_http(app: Flask, server: str):
    start = publish_form(app, "swp-strategy-2020-2023", "community-safety-strategy")
    with app.app_context():
        flow = flow_for(latest_form(db.session, "swp-strategy-2020-2023"))
    browser = requests.Session()

    hub = browser.get(f"{server}/")
    assert "community-safety-strategy" in hub.text
    page = browser.get(f"{server}{start}")
    page = browser.post(f"{server}{start}/start", data={"csrf_token": csrf_token(page.text)})

    pages = 0
    while "/questions/" in page.url:
        asked = questions_on_page(flow, page.text)
        assert asked, f"no questions found on {page.url}"
        answers = {q.id: plausible_answer(q) for q in asked}
        page = browser.post(page.url, data={"csrf_token": csrf_token(page.text), **answers})
        pages += 1
        assert pages < 60, "the consultation never reached its end"

    assert page.url.endswith("/check")
    assert "Check your answers" in page.text
    done = browser.post(page.url, data={"csrf_token": csrf_token(page.text)})
    reference = re.search(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}", done.text).group(0)

    with app.app_context():
        submission = db.session.scalar(select(Submission).filter_by(reference=reference))
        assert submission is not None and submission.status == "submitted"
        stored = db.session.scalar(
            select(func.count(Answer.id)).where(Answer.submission_id == submission.id)
        )
    assert stored >= pages

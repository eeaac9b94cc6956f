"""The real server, `engage run`, on a free port against the test database, for tests over HTTP."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.urls import path_for, routes_app

ENGAGE = Path(sys.executable).parent / "engage"


@contextmanager
def serve(database_url: str, cwd: Path, **settings: str) -> Iterator[str]:
    """Run `engage run` on a free port against a database; its base address until it stops.

    `settings` are more variables for the server, like ENGAGE_QUICK_EXIT_URL.
    """
    port = free_port()
    env = {
        **os.environ,
        "ENGAGE_DATABASE_URL": database_url,
        "ENGAGE_SECRET_KEY": "e2e-secret-key-4f9a2c7e1b8d3f6a0c5e",
        "ENGAGE_RECEIPT_PEPPER": "e2e-receipt-pepper-8b3d6f1a9c2e7a4d0f",
        # Served over plain HTTP, where a browser would not send back a Secure cookie.
        "ENGAGE_SESSION_COOKIE_SECURE": "false",
        # Every test's pages come from this one address; test_rate_limits.py tests the limits.
        "ENGAGE_RATELIMIT_ENABLED": "false",
        **settings,
    }
    # Its log goes to a file, not a pipe: a pipe nobody reads would stop a long-lived server.
    log = cwd / "server.log"
    with log.open("wb") as written:
        process = subprocess.Popen(
            [str(ENGAGE), "run", "--port", str(port)],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=written,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path | None = None) -> None:
    health = base + path_for(routes_app(), "health.healthz")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(errors="replace") if log else "(see its log)"
            raise RuntimeError(f"the server exited: {said}")
        try:
            if requests.get(health, timeout=1).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError("the server did not become healthy in 30 seconds")

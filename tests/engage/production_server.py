"""The production server as the README sets it up: gunicorn with several workers and
deploy/gunicorn.conf.py, on a free port against a test database, its log kept in a file.

Used by the tests of the production setup and by `benchmarks/load_test.py`.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.engage.live_server import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


@dataclass
class RunningServer:
    base: str
    process: subprocess.Popen
    log: Path

    def kill_hard(self) -> None:
        """SIGKILL the master and every worker at once, as a crash or a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@contextmanager
def production_server(
    database_url: str, log: Path, workers: int = 3, **environment: str
) -> Iterator[RunningServer]:
    """gunicorn serving engage.wsgi:app on a free port until the block ends."""
    port = free_port()
    env = {
        **os.environ,
        "ENGAGE_DATABASE_URL": database_url,
        "ENGAGE_SECRET_KEY": "e2e-secret-key-4f9a2c7e1b8d3f6a0c5e",
        "ENGAGE_RECEIPT_PEPPER": "e2e-receipt-pepper-8b3d6f1a9c2e7a4d0f",
        "ENGAGE_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        # Several workers count rate limits together in Redis, as the README says to run it.
        "ENGAGE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        # Served over plain HTTP here, where production has an HTTPS proxy in front.
        "ENGAGE_SESSION_COOKIE_SECURE": "false",
        **environment,
    }
    with log.open("a") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(CONFIG), "engage.wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a hard kill takes every worker
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_healthy(server.base, process, log)
        yield server
    finally:
        server.stop()

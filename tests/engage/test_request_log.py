"""The development server's request log (`engage run`) keeps no client address or query."""

import logging
import subprocess
import time

import requests

from engage.request_log import WithoutClientDetails
from tests.engage.http_resident import FromAddress
from tests.engage.live_server import ENGAGE, free_port, wait_until_healthy
from tests.urls import Url


def test_a_werkzeug_line_loses_the_address_and_the_query():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        "",
        0,
        '203.0.113.9 - - [02/Dec/2026 04:00:00] "%s" %s %s\n',
        ("GET /staff/consultations/1/answers?search=Dudley+Road HTTP/1.1", "200", "-"),
        None,
    )

    WithoutClientDetails().filter(record)

    line = record.getMessage()
    assert "203.0.113.9" not in line and "Dudley" not in line
    assert '"GET /staff/consultations/1/answers HTTP/1.1" 200' in line


def test_engage_run_logs_requests_without_the_client(app, tmp_path, url: Url):
    port = free_port()
    env = {"ENGAGE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "PATH": "/usr/bin:/bin"}
    log = tmp_path / "run.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(ENGAGE), "run", "--port", str(port)], env=env, cwd=tmp_path, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, log)
        browser = requests.Session()
        browser.mount("http://", FromAddress("127.0.0.58"))
        browser.get(f"{base}{url('public.hub')}?q=my+secret+words", timeout=10)
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)

    written = log.read_text()
    assert f'"GET {url("public.hub")} HTTP/1.1" 200' in written
    assert "127.0.0.58" not in written and "secret" not in written

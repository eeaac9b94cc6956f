"""A database or Redis that hangs, rather than refusing: Engage gives up within seconds, with
the house "try again" page (database) or by counting in memory (Redis), never a hang."""

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from factories import csrf_token
from flask import Flask

from engage.extensions import db
from engage.services.forms import load_shipped_definitions
from tests.urls import path_for

# Far longer than the one-second timeouts these tests set, far shorter than a hang.
GIVE_UP_AFTER_SECONDS = 30


@contextmanager
def hung_server() -> Iterator[int]:
    """A port whose server takes connections and never answers: its number."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes each handshake; nobody ever reads
        yield listener.getsockname()[1]


def finished(call: Callable[[], Any]) -> Any:
    """What `call` returned, failing the test if it had not returned after a long wait."""
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(GIVE_UP_AFTER_SECONDS)
    assert result, f"still waiting after {GIVE_UP_AFTER_SECONDS} seconds"
    return result[0]


def test_a_hung_database_gives_the_try_again_page_and_healthz_says_unreachable(
    app_with: Callable[..., Flask],
):
    with hung_server() as port:
        app = app_with(
            DATABASE_URL=f"postgresql+psycopg://postgres@127.0.0.1:{port}/test",
            DATABASE_CONNECT_TIMEOUT=1,
        )
        client = app.test_client()

        page = finished(lambda: client.get(path_for(app, "public.hub")))
        health = finished(lambda: client.get(path_for(app, "health.healthz")))

    assert page.status_code == 503
    assert "Sorry, the service is busy" in page.text
    assert health.status_code == 503
    assert health.json == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.usefixtures("app")  # on PostgreSQL, empties the tables afterwards
def test_a_hung_redis_is_given_up_on_and_counted_in_memory(app_with: Callable[..., Flask]):
    with hung_server() as port:
        app = app_with(
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
        )
        with app.app_context():
            load_shipped_definitions(db.session)
            db.session.commit()
        client = app.test_client()
        look_up = path_for(app, "public.report_status")
        shown = client.get(look_up)

        sent = finished(
            lambda: client.post(
                look_up,
                data={"csrf_token": csrf_token(shown.text), "receipt_code": "AAAAA-BBBBB"},
            )
        )

    assert sent.status_code == 200
    assert "receipt code" in sent.text.lower()

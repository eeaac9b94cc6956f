"""Outside development, Engage will not start with a guessable secret, or with a secret file
that other users of the machine can read; it says which setting and how to make a good one.
The placeholders are the ones the example settings file really ships."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engage import create_app
from engage.secret_settings import WeakSecret, instance_secret, refuse_weak_secrets, weakness

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SETTINGS = ROOT / "deploy" / "systemd" / "engage.env.example"
ENGAGE = Path(sys.executable).parent / "engage"
GUNICORN = Path(sys.executable).parent / "gunicorn"
STRONG = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def example_secrets() -> dict[str, str]:
    """The secrets deploy/systemd/engage.env.example sets, by setting."""
    found = re.findall(
        r"^ENGAGE_(SECRET_KEY|RECEIPT_PEPPER|TELEGRAM_CHAT_KEY_SECRET)=(.*)$",
        EXAMPLE_SETTINGS.read_text(),
        re.M,
    )
    return dict(found)


@pytest.mark.parametrize(("setting", "placeholder"), sorted(example_secrets().items()))
def test_the_example_settings_placeholders_are_refused(
    monkeypatch, tmp_path: Path, setting: str, placeholder: str
):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("ENGAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'engage.sqlite'}")
    for name in ("SECRET_KEY", "RECEIPT_PEPPER", "TELEGRAM_CHAT_KEY_SECRET"):
        monkeypatch.setenv(f"ENGAGE_{name}", STRONG)
    monkeypatch.setenv(f"ENGAGE_{setting}", placeholder)

    with pytest.raises(WeakSecret) as refused:
        create_app()

    assert f"ENGAGE_{setting} is an example's placeholder" in str(refused.value)
    assert "secrets.token_hex(32)" in str(refused.value)


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("x", "too short"),
        ("from-the-environment", "too short"),
        ("a" * 64, "repeats too few characters"),
        ("abababababababababababababababab12", "repeats too few characters"),
        ("my-example-secret-key-0123456789abcdef", "placeholder"),
    ],
)
def test_short_repetitive_or_example_secrets_are_weak(secret: str, problem: str):
    assert problem in (weakness(secret) or "")


def test_a_random_secret_is_not_weak():
    assert weakness(STRONG) is None
    assert weakness(os.urandom(32).hex()) is None


def test_development_may_use_a_weak_secret(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # what `engage run --debug` sets
    monkeypatch.setenv("ENGAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'engage.sqlite'}")
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "dev")

    assert create_app().config["SECRET_KEY"] == "dev"


def test_a_secret_file_is_never_readable_by_others_even_with_an_open_umask(tmp_path: Path):
    previous = os.umask(0)
    try:
        secret = instance_secret(tmp_path / "instance", "secret_key")
    finally:
        os.umask(previous)

    assert stat.S_IMODE((tmp_path / "instance" / "secret_key").stat().st_mode) == 0o600
    assert weakness(secret) is None


def test_a_secret_file_others_can_read_is_refused(tmp_path: Path):
    instance_secret(tmp_path, "receipt_pepper")
    (tmp_path / "receipt_pepper").chmod(0o644)

    with pytest.raises(WeakSecret) as refused:
        refuse_weak_secrets(
            {name: STRONG for name in ("SECRET_KEY", "RECEIPT_PEPPER", "TELEGRAM_CHAT_KEY_SECRET")},
            tmp_path,
        )

    assert "can be read by other users" in str(refused.value)
    assert f"chmod 600 {tmp_path / 'receipt_pepper'}" in str(refused.value)


def test_a_command_with_the_placeholder_stops_with_the_reason_not_a_traceback(tmp_path: Path):
    env = {
        **os.environ,
        "ENGAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'engage.sqlite'}",
        "ENGAGE_SECRET_KEY": example_secrets()["SECRET_KEY"],
    }
    env.pop("FLASK_DEBUG", None)

    ran = subprocess.run(
        [str(ENGAGE), "users", "list"], env=env, capture_output=True, text=True, timeout=60
    )

    assert ran.returncode != 0
    assert "Engage will not start: ENGAGE_SECRET_KEY is an example's placeholder" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_gunicorn_will_not_run_several_workers_counting_rate_limits_apart():
    env = {**os.environ, "WEB_CONCURRENCY": "3"}
    env.pop("ENGAGE_RATELIMIT_STORAGE_URI", None)
    command = [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "--check-config"]

    refused = subprocess.run(
        [*command, "engage.wsgi:app"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    with_redis = subprocess.run(
        [*command, "engage.wsgi:app"],
        env={**env, "ENGAGE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert refused.returncode != 0
    assert "3 workers would each count the rate limits apart" in refused.stdout + refused.stderr
    assert with_redis.returncode == 0, with_redis.stderr

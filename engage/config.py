"""Engage's configuration: defaults, then instance/config.py, then ENGAGE_* variables."""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from engage.database import engine_options, keep_sqlite_files_private
from engage.secret_settings import instance_secret, refuse_weak_secrets

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Seconds before a database that does not answer is given up on, so that a hung server
    # gives the "try again" page within seconds: to connect, to get a pooled connection, to
    # wait for another writer's lock, and for one statement to run.
    "DATABASE_CONNECT_TIMEOUT": 5,
    "DATABASE_POOL_TIMEOUT": 5,
    "DATABASE_LOCK_TIMEOUT": 5,
    "DATABASE_STATEMENT_TIMEOUT": 15,
    # A form's token lasts as long as the public session: a page left open for a day must be
    # loaded again before it is sent, and a token copied from an old page opens nothing.
    "WTF_CSRF_TIME_LIMIT": 60 * 60 * 24,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Unset: session cookies travel only over HTTPS, except under `engage run --debug`. The demo
    # and the tests, served over plain HTTP on this machine, turn it off.
    "SESSION_COOKIE_SECURE": None,
    # How many proxies in front of Engage (an HTTPS proxy: 1) to believe on the request's scheme
    # and on the client's address, which only the rate limits count, never stored or logged.
    "TRUSTED_PROXIES": 0,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24,
    # The most a request may send: a page of answers is a few kilobytes, the largest upload (an
    # equalities baseline) 200 KB. Over either, the person is shown "too long" and what to do.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_PARTS": 1000,
    "DRAFT_LIFETIME_HOURS": 24,
    # A report's draft goes sooner: someone reporting on a device they share with the person
    # who harms them should not leave it waiting a day for the next person to open.
    "REPORT_DRAFT_LIFETIME_HOURS": 2,
    "SERVICE_NAME": "Engage",
    "PARTNERSHIP_NAME": "Safer Wolverhampton Partnership",
    # The privacy notice's legal terms, as the partnership's data protection officer sets them:
    # who the controller is, the lawful basis (UK GDPR Article 6) and the condition for the
    # special-category data that reports and equalities answers hold (Article 9, and the Data
    # Protection Act 2018's Schedule 1).
    "DATA_CONTROLLER": "City of Wolverhampton Council, for the Safer Wolverhampton Partnership",
    "LAWFUL_BASIS": (
        "Public task (UK GDPR Article 6(1)(e)): the partnership's duty under the Crime and "
        "Disorder Act 1998 to work to reduce crime and disorder in the city."
    ),
    "SPECIAL_CATEGORY_CONDITION": (
        "Substantial public interest (UK GDPR Article 9(2)(g)), under the Data Protection Act "
        "2018, Schedule 1, Part 2: statutory and government purposes (paragraph 6), equality of "
        "opportunity or treatment (paragraph 8) and preventing or detecting unlawful acts "
        "(paragraph 10)."
    ),
    # How people reach the partnership, and its data protection officer: shown on the contact,
    # privacy and accessibility pages. Unset, those pages name the controller only.
    "CONTACT_EMAIL": None,
    "CONTACT_PHONE": None,
    "CONTACT_ADDRESS": None,
    "DATA_PROTECTION_EMAIL": None,
    # When the accessibility statement was prepared, and when the service was last tested.
    "ACCESSIBILITY_STATEMENT_PREPARED": "7 December 2026",
    "ACCESSIBILITY_LAST_TESTED": "7 December 2026",
    # Where "Exit this page" on the report pages goes: a neutral site.
    "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
    # The Telegram bot: its Bot API server, and how long a chat may sit idle before the
    # resident is asked whether to carry on, and before its unfinished answers are deleted.
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "TELEGRAM_RESUME_AFTER_MINUTES": 60,
    "TELEGRAM_IDLE_HOURS": 24,
    # The equalities analysis: the area whose population baseline it compares with (a file in
    # engage/data/baselines/, replaced by an upload kept in BASELINES_DIR, the instance folder
    # when unset), the representation ratio under which a group is flagged, and how many times
    # as often a group must raise a theme for it to be pointed out.
    "EQUALITIES_AREA": "wolverhampton",
    "EQUALITIES_UNDER_REPRESENTED_BELOW": 0.8,
    "EQUALITIES_NOTABLE_RATIO": 1.5,
    "BASELINES_DIR": None,
    # Rate limits, per client address, on what anyone can send without signing in. Counts are
    # kept in memory (each server process counts apart), or in Redis when several app servers
    # or workers run: RATELIMIT_STORAGE_URI=redis://localhost:6379/0.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # If Redis cannot be reached, count in memory rather than refuse residents.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    # A Redis that hangs is given up on within a second, and counted as down (so in memory).
    "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
    "RATE_LIMIT_PUBLIC_PAGES": "120 per minute;1200 per hour",  # answers and reports, a page each
    "RATE_LIMIT_RECEIPT_LOOKUPS": "10 per minute;50 per day",
    "RATE_LIMIT_SIGN_IN": "10 per minute;100 per day",
    # Roles that must give a code from an authenticator app as well as their password.
    "TWO_FACTOR_REQUIRED_ROLES": ["officer", "admin"],
    # How many days personal details are kept: a report's from when it was closed, a
    # consultation response's from when it was sent. Admins change them per form in Engage.
    "RETENTION_DAYS": {"hate-incident-report": 3 * 365},
    "RETENTION_DEFAULT_DAYS": 2 * 365,
}


def configure(app: Flask, test_config: dict | None) -> None:
    """Load the layers of configuration into `app.config`."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(prefix="ENGAGE")
    else:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    keep_sqlite_files_private(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config, app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not app.debug
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    if not app.config.get("RECEIPT_PEPPER"):
        # Keyed into every receipt code's hash: lose it and no receipt code works any more.
        app.config["RECEIPT_PEPPER"] = instance_secret(Path(app.instance_path), "receipt_pepper")
    if not app.config.get("TELEGRAM_CHAT_KEY_SECRET"):
        # Keyed into the hash that stands for a chat's id: lose it and chats cannot resume.
        app.config["TELEGRAM_CHAT_KEY_SECRET"] = instance_secret(
            Path(app.instance_path), "telegram_chat_key_secret"
        )
    if test_config is None and not app.debug:
        refuse_weak_secrets(app.config, Path(app.instance_path))


def draft_lifetime(config: Mapping[str, Any]) -> timedelta:
    """How long an untouched unfinished response is kept."""
    return timedelta(hours=float(config["DRAFT_LIFETIME_HOURS"]))


def report_draft_lifetime(config: Mapping[str, Any]) -> timedelta:
    """How long an untouched unfinished report on the web is kept."""
    return timedelta(hours=float(config["REPORT_DRAFT_LIFETIME_HOURS"]))


def chat_resume_after(config: Mapping[str, Any]) -> timedelta:
    """How long a chat waits before a resident coming back is asked whether to carry on."""
    return timedelta(minutes=float(config["TELEGRAM_RESUME_AFTER_MINUTES"]))


def chat_idle_lifetime(config: Mapping[str, Any]) -> timedelta:
    """How long an idle chat keeps its place and its unfinished answers."""
    return timedelta(hours=float(config["TELEGRAM_IDLE_HOURS"]))


def database_url(app: Flask) -> str:
    """The configured database, or SQLite in the instance folder, with psycopg 3 for PostgreSQL."""
    url = (
        app.config.get("DATABASE_URL")
        or app.config.get("SQLALCHEMY_DATABASE_URI")
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(app.instance_path) / 'engage.sqlite'}"
    )
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url

"""`engage demo` and `engage demo-code`: Engage with demo data, served on this machine."""

import logging
import os
from pathlib import Path

import click
import pyotp
from flask import Flask
from werkzeug.serving import run_simple

from engage import clock
from engage.cli.setup_commands import initialise_database
from engage.demo import casework as demo_casework
from engage.demo import consultations as demo_consultations
from engage.extensions import db


@click.command("demo")
@click.option("--port", default=5000, show_default=True, help="The port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--responses", default=300, show_default=True, help="How many demo responses.")
@click.option("--reset", is_flag=True, help="Delete the demo database and start afresh.")
@click.option("--no-serve", is_flag=True, help="Prepare the demo database without serving it.")
def demo_command(port: int, host: str, responses: int, reset: bool, no_serve: bool) -> None:
    """Build a demo database in instance/ with demo responses and casework, and serve it."""
    database = Path(Flask("engage").instance_path) / "demo.sqlite"
    database.parent.mkdir(parents=True, exist_ok=True)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["ENGAGE_DATABASE_URL"] = f"sqlite:///{database}"
    # A second app on the demo database: create_app is still being defined when this module loads.
    from engage import create_app

    app = create_app()
    # The demo is served over plain HTTP on this machine, where Secure cookies would not return.
    app.config["SESSION_COOKIE_SECURE"] = False
    with app.app_context():
        initialise_database()
        added = demo_consultations.prepare(db.session, responses)
        reports = demo_casework.prepare_casework(db.session)
        db.session.commit()
    click.echo(f"Demo database: {database} ({added} responses and {reports} reports added).")
    if no_serve:
        return
    click.echo(f"Engage is running at http://{host}:{port}/  (press Ctrl+C to stop)")
    click.echo(f"Staff side: http://{host}:{port}/staff/ — demo accounts, all with the password")
    click.echo(
        f"  {demo_casework.DEMO_PASSWORD}: " + ", ".join(a.email for a in demo_casework.ACCOUNTS)
    )
    click.echo(
        "  The officer and the admin then give a code from an authenticator app: add the key "
        f"{demo_casework.DEMO_TOTP_SECRET} to one, or run `.venv/bin/engage demo-code`."
    )
    # The development server's request log starts with the client's address: keep it out.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    run_simple(host, port, app, threaded=True)


@click.command("demo-code")
def demo_code_command() -> None:
    """The code the demo officer's and admin's authenticator app would show now."""
    code = pyotp.TOTP(demo_casework.DEMO_TOTP_SECRET).at(clock.now_aware())
    click.echo(f"{code}  (for officer@demo.invalid and admin@demo.invalid; it changes every 30 s)")

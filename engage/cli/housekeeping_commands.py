"""`engage drafts purge` and `engage retention run`: what scheduled jobs run to forget on time."""

import click
from flask import current_app
from flask.cli import AppGroup

from engage.config import chat_idle_lifetime, report_draft_lifetime
from engage.database import write_deletions_to_disk
from engage.extensions import db
from engage.services import chats, draft_secrets, retention
from engage.services.reports import filing
from engage.wording import counted


@click.group("drafts", cls=AppGroup)
def drafts_group() -> None:
    """Manage unfinished responses."""


@drafts_group.command("purge")
def purge_drafts_command() -> None:
    """Delete unfinished responses left untouched past their lifetime (run it every hour)."""
    config = current_app.config
    expired = chats.expire_idle_chats(db.session, chat_idle_lifetime(config))
    deleted = filing.delete_stale_drafts(db.session, config)
    draft_secrets.delete_old_secrets(db.session, report_draft_lifetime(config))
    db.session.commit()
    click.echo(f"Deleted {deleted} unfinished responses; forgot {expired} idle chats.")


@click.group("retention", cls=AppGroup)
def retention_group() -> None:
    """Remove personal details kept past each form's retention period."""


@retention_group.command("run")
def run_retention_command() -> None:
    """Remove what is past its retention period, writing each removal to the audit log (run it
    every night: it only changes what is due)."""
    done = retention.run_retention(db.session, current_app.config)
    db.session.commit()
    write_deletions_to_disk(db.engine)
    click.echo(
        f"Removed the personal details of {counted(done.reports_anonymised, 'report')} past their "
        f"retention period; unlinked {counted(done.responses_unlinked, 'response')} from their "
        "Telegram chats."
    )

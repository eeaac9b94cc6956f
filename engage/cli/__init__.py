"""The `engage` command line: Engage's own commands, added to the app by `create_app`.

The console script itself is `engage.cli.console`; the bot adds `engage bot` as a Flask
command plugin (`bots.command`), since bots imports engage and not the other way round.
"""

from flask import Flask

from engage.cli.analysis_commands import analysis_group
from engage.cli.backup_commands import backup_group
from engage.cli.demo_commands import demo_code_command, demo_command
from engage.cli.housekeeping_commands import drafts_group, retention_group
from engage.cli.setup_commands import forms_group, init_command
from engage.cli.staff_commands import centres_group, users_group


def register_commands(app: Flask) -> None:
    """Add Engage's commands to the app's command line."""
    commands = (
        init_command,
        forms_group,
        drafts_group,
        retention_group,
        demo_command,
        demo_code_command,
        users_group,
        centres_group,
        analysis_group,
        backup_group,
    )
    for command in commands:
        app.cli.add_command(command)

"""Gunicorn's access log with control characters escaped: a `%0A` in a path would otherwise
end the line there and let anyone write a forged line of their own into the log."""

import re
from typing import Any

from gunicorn.glogging import Logger

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def escaped(text: str) -> str:
    """The text with each control character written as \\xNN."""
    return CONTROL_CHARACTERS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


class EscapedAccessLogger(Logger):
    """Gunicorn's logger, each access log value escaped before it is written."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        values = super().atoms(resp, req, environ, request_time)
        return {k: escaped(v) if isinstance(v, str) else v for k, v in values.items()}

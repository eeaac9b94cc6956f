"""The development server's request log (`engage run`) without who asked or what they
searched for: werkzeug starts each line with the client's address and logs whole URLs."""

import logging
import re

# "127.0.0.1 - - [date] ..." and "?query" in the request line: the address and the query go.
CLIENT_ADDRESS = re.compile(r"^\S+ - - ")
QUERY_STRING = re.compile(r"\?[^\s\"]*")


class WithoutClientDetails(logging.Filter):
    """Rewrites each werkzeug log line to leave out the client's address and query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = CLIENT_ADDRESS.sub("", record.msg, count=1)
        if isinstance(record.args, tuple):
            record.args = tuple(
                QUERY_STRING.sub("", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def hide_client_details() -> None:
    """Install the filter on werkzeug's logger, once however many apps are made."""
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, WithoutClientDetails) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(WithoutClientDetails())

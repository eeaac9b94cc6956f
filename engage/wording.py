"""How dates, times and channels read on Engage's pages: in UK time, in words."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask

import surveys
from engage.domain import Channel
from engage.label_names import name_of
from engage.services.suppression import count_text

UK = ZoneInfo("Europe/London")
CHANNEL_NAMES: dict[str, str] = {
    Channel.WEB: "The website",
    Channel.TELEGRAM: "Telegram",
    Channel.CENTRE: "A reporting centre",
}


def long_date(moment: datetime) -> str:
    """A stored UTC moment as UK people read it, like "5:00pm on 3 March 2026"."""
    local = moment.replace(tzinfo=UTC).astimezone(UK)
    time = local.strftime("%I:%M%p").lstrip("0").lower()
    if time == "12:00am":
        time = "midnight"
    elif time == "12:00pm":
        time = "midday"
    return f"{time} on {local.day} {local:%B %Y}"


def channel_name(channel: str) -> str:
    """How a submission came in, as staff read it."""
    return CHANNEL_NAMES.get(channel, channel)


def counted(number: int, thing: str) -> str:
    """A number with its noun, singular or plural: "1 report", "2 reports"."""
    return f"{number} {thing if number == 1 else thing + 's'}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(channel_name)
    app.add_template_filter(count_text)
    app.add_template_filter(name_of, "label_name")
    app.add_template_filter(surveys.text_direction)

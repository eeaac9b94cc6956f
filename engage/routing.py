"""URL parts that the database can hold: an id in a URL is a number its id columns can store."""

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Ids are PostgreSQL `integer` columns (and SQLite's 64-bit integers): a larger number in a URL
# cannot name a row, and handing it to the database raises instead of finding nothing.
LARGEST_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """An `<int:…>` URL part of at most LARGEST_ID, so a larger one is a 404 like any unknown id."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = LARGEST_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def bound_url_ids(app: Flask) -> None:
    """Make every `<int:…>` route take only ids the database can hold; before routes are added."""
    app.url_map.converters["int"] = DatabaseIdConverter

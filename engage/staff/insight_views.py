"""A consultation's results for officers: the overview, its themes, and reviewing the tags."""

from engage.staff import staff  # noqa: F401

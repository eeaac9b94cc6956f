"""A consultation's equalities analysis: who responded beside the population; what they raised."""

from engage.staff import staff  # noqa: F401

"""Incident trends for officers: reports by strand, type, ward, month, channel and centre."""

from engage.staff import staff  # noqa: F401

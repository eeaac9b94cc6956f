"""Incident trends across reports: filters, counts, repeats and their downloads."""

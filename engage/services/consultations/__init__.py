"""Consultations: publishing one at a slug, its dates, and officers' operations on it."""

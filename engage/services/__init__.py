"""Engage's domain operations: plain functions that take the database session."""

"""Engage's domain operations: plain functions that take the database session."""

from typing import Any, TypeAlias

from sqlalchemy.orm import Session, scoped_session

# A service takes a plain session, or Flask-SQLAlchemy's request-scoped `db.session`.
DatabaseSession: TypeAlias = Session | scoped_session[Any]

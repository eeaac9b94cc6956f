"""The health check that a load balancer or monitor polls."""

import logging

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from engage.database_failures import driver_error_name, failure_kind
from engage.extensions import db

blueprint = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 when the database reads and writes; 503 saying how it fails when it does not.

    The write changes nothing (the schema's version row is written as it is) but must reach the
    disk: a full disk or a read-only database refuses it while every read still works.
    """
    try:
        db.session.execute(text("SELECT 1"))
        db.session.execute(text("UPDATE alembic_version SET version_num = version_num"))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        kind = failure_kind(error)
        log.warning("health check failed: database %s (%s)", kind, driver_error_name(error))
        return jsonify(status="unavailable", database=kind), 503
    return jsonify(status="ok", database="ok")

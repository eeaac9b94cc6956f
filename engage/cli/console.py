"""The `engage` console script: Flask's commands (run, shell, db) and Engage's own."""

from flask.cli import FlaskGroup

from engage import create_app

cli = FlaskGroup(create_app=create_app, help="Engage: consultations and hate incident reporting.")

"""The web app for a production server: `gunicorn --config deploy/gunicorn.conf.py engage.wsgi:app`.

Configuration comes from the environment (`ENGAGE_*`) and `instance/config.py`, as always.
Engage's event logs ("report 41 referred by user 3") go to standard error beside the server's
own; none of them holds an address, a user agent or anything a person typed.
"""

import logging

from engage import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()

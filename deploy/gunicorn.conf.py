"""Gunicorn's settings for Engage: several workers behind a reverse proxy, and logs that hold
no client's address, user agent, referrer or query string (which can carry an officer's search
words). Each setting can be changed through the environment named beside it."""

import multiprocessing
import os

bind = os.environ.get("ENGAGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker that takes longer than this on one request is restarted.
timeout = int(os.environ.get("ENGAGE_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
# Only the reverse proxy on this machine may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("ENGAGE_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
# Method, path without its query, status, bytes and time: never who asked (%(h)s), their
# browser (%(a)s), where they came from (%(f)s) or what they searched for (%(q)s).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The path is logged decoded: its control characters are escaped, so none can start a new line.
logger_class = "engage.access_log.EscapedAccessLogger"

"""Gunicorn's settings for Engage: several workers behind a reverse proxy, and logs that hold
no client's address, user agent, referrer or query string (which can carry an officer's search
words). Each setting can be changed through the environment named beside it."""

import multiprocessing
import os

bind = os.environ.get("ENGAGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Rate limits counted in memory are counted by each worker apart: with five workers, a limit
# of 10 receipt look-ups lets 50 through. Several workers need Redis to count them together.
_limits_on = os.environ.get("ENGAGE_RATELIMIT_ENABLED", "true").lower() not in ("false", "0")
_storage = os.environ.get("ENGAGE_RATELIMIT_STORAGE_URI", "memory://")
if workers > 1 and _limits_on and _storage.startswith("memory://"):
    raise SystemExit(
        f"Engage will not start: {workers} workers would each count the rate limits apart. "
        "Set ENGAGE_RATELIMIT_STORAGE_URI=redis://localhost:6379/0 to count them together, "
        "or WEB_CONCURRENCY=1."
    )
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

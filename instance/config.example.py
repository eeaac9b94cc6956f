# Copy to instance/config.py and change what you need. Every setting can also be given as an
# environment variable with the prefix ENGAGE_, for example ENGAGE_SECRET_KEY.

# A long random string; sessions and forms are signed with it. Made for you if left out.
# SECRET_KEY = "change-me"

# The database. SQLite in this folder by default; PostgreSQL for a partnership's servers.
# DATABASE_URL = "postgresql+psycopg://engage@127.0.0.1:5432/engage"

# How long an unfinished response is kept before it is deleted, in hours.
# DRAFT_LIFETIME_HOURS = 24
# An unfinished report in a browser goes sooner: the device may be shared.
# REPORT_DRAFT_LIFETIME_HOURS = 2

# The secret pepper keyed into every receipt code's hash. Made for you in this folder
# (receipt_pepper) if left out. Keep it safe and never change it: without it no receipt code
# finds its report any more.
# RECEIPT_PEPPER = "a long random string"

# Where "Exit this page" on the hate incident report's pages goes: a neutral site.
# QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"

# Session cookies travel only over HTTPS. Turn it off only to develop over plain HTTP.
# SESSION_COOKIE_SECURE = True

# How many proxies in front of Engage to believe when they say a request came over HTTPS
# (X-Forwarded-Proto): 1 behind one HTTPS proxy.
# TRUSTED_PROXIES = 0

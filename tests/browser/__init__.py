"""Tests in a real browser. A package, so that its package-scoped fixtures (the browser, the
server and its database) end with its last test rather than with the whole run."""

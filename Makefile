# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ASSETS := engage/static/govuk/engage.css
# npm's own record of what `npm ci` installed: GOV.UK Frontend, sass and axe-core.
NODE_MODULES := node_modules/.package-lock.json

.PHONY: demo test install assets browser lint security clean

demo: install
	$(BIN)/engage demo

test: install browser
	$(BIN)/pytest

install: $(VENV)/.installed $(NODE_MODULES) $(ASSETS)

assets: $(ASSETS)

# The browser tests (tests/browser) drive Debian's Chromium with Playwright; Playwright never
# downloads a browser of its own. Without Chromium they are skipped, except in CI (CI=true),
# where they fail.
browser:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
		{ export DEBIAN_FRONTEND=noninteractive; \
		  apt-get install -y -q chromium >/dev/null 2>&1 || \
		  { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }
	@command -v chromium >/dev/null || echo "No Chromium: the browser tests will be skipped, or fail in CI (sudo apt-get install chromium)."

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): $(NODE_MODULES) scripts/build-assets.mjs engage/styles/engage.scss
	npm run --silent build

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy engage surveys analysis bots

# A static security check of the code (fails on a high-severity finding), and the dependencies
# against known vulnerabilities (needs PyPI's JSON API, which some networks block).
security: install
	$(BIN)/bandit -q -r engage surveys analysis bots --severity-level high
	$(BIN)/pip-audit --strict --progress-spinner off

clean:
	rm -rf $(VENV) node_modules engage/static/govuk

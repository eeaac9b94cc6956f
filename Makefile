# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ASSETS := engage/static/govuk/engage.css

.PHONY: demo test install assets browser lint security clean

demo: install
	$(BIN)/engage demo

test: install browser
	$(BIN)/pytest

install: $(VENV)/.installed $(ASSETS)

assets: $(ASSETS)

# The page tests run the pages' JavaScript in Debian's Chromium; without it they are skipped.
browser:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
		{ apt-get install -y -q chromium >/dev/null 2>&1 || \
		  { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }
	@command -v chromium >/dev/null || echo "No Chromium: the browser tests will be skipped (sudo apt-get install chromium)."

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(ASSETS): package.json package-lock.json scripts/build-assets.mjs engage/styles/engage.scss
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy engage surveys

# A static security check of the code (fails on a high-severity finding), and the dependencies
# against known vulnerabilities (needs PyPI's JSON API, which some networks block).
security: install
	$(BIN)/bandit -q -r engage surveys analysis bots --severity-level high
	$(BIN)/pip-audit --strict --progress-spinner off

clean:
	rm -rf $(VENV) node_modules engage/static/govuk

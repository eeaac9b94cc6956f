# The two quick-start commands: `make demo` and `make test`. Each installs what it needs first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ASSETS := engage/static/govuk/engage.css

.PHONY: demo test install assets lint clean

demo: install
	$(BIN)/engage demo

test: install
	$(BIN)/pytest

install: $(VENV)/.installed $(ASSETS)

assets: $(ASSETS)

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

clean:
	rm -rf $(VENV) node_modules engage/static/govuk

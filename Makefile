# Two commands do all set-up on a fresh Debian machine with Python 3.11:
#   make run   - install, upgrade the database, load the demo when empty, start the app
#   make test  - install what tests need (Chromium, PostgreSQL, axe-core), lint (ruff and the layer
#                contracts of pyproject.toml), run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-dev system-deps system-test-deps browser-test-deps lint clean \
	serve-cluster

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# WeasyPrint draws the PDF brief with Pango and HarfBuzz; Liberation Sans stands in for Arial.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
system-deps:
	@if ! /sbin/ldconfig -p | grep -q libpangoft2-1.0 || ! /sbin/ldconfig -p | grep -q libharfbuzz-subset \
		|| ! fc-list 2>/dev/null | grep -q LiberationSans; then \
		$(SUDO) $(APT_GET) update -qq && \
		$(SUDO) $(APT_GET) install -y -qq $(PDF_LIBS) >/dev/null; \
	fi

system-test-deps: system-deps
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1 \
		|| ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(SUDO) $(APT_GET) update -qq && \
		$(SUDO) $(APT_GET) install -y -qq chromium postgresql nginx fonts-dejavu-core >/dev/null; \
	fi

# axe-core for the accessibility browser test (tests/e2e/test_axe_browser.py): from the npm
# registry, at the version package-lock.json pins; Node.js and npm from Debian when missing.
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		$(SUDO) $(APT_GET) update -qq && $(SUDO) $(APT_GET) install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-test-deps: system-test-deps node_modules/.installed

run: system-deps install
	$(PY) -m engagement init-db
	$(PY) -m engagement demo --if-empty
	$(VENV)/bin/streamlit run serve.py --server.address 127.0.0.1 --server.port 8501 \
		--server.headless true --browser.gatherUsageStats false

# N Streamlit replicas on one PostgreSQL (DATABASE_URL) behind nginx: make serve-cluster N=3
serve-cluster: system-deps install
	scripts/serve_cluster.sh $(or $(N),2)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: install-dev browser-test-deps lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts node_modules

# Finds a Python >= 3.12 by itself: PYTHON=..., then python3.13 / python3.12 that
# actually run, then pyenv's installed versions.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

define find_python
for c in "$(PYTHON)" python3.13 python3.12 \
  $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: setup run test lint format bench clean

$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  py=$$($(find_python)) || { echo "error: no Python >= 3.12 found. Install Python 3.12 or newer, or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1; }; \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(VENV)/requirements.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	@touch $(STAMP)

# Local settings for a fresh checkout: a random SECRET_KEY and DEBUG on. Production sets
# its own environment instead (see README).
.env:
	@printf 'SECRET_KEY=%s\nDEBUG=true\n' "$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" > .env

setup: $(STAMP) .env
	@$(PY) manage.py setup_database
	@$(PY) manage.py load_regions
	@$(PY) manage.py load_knowledge
	@$(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest

lint: $(STAMP) .env  # mypy's Django plugin loads the settings, which need SECRET_KEY
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The matcher, diary and export benches, then 60 s of mixed load through nginx onto two app
# servers on PostgreSQL (database tp_load) and Redis (scripts/load.py; needs nginx, PostgreSQL
# on 127.0.0.1:5432 and Redis on 127.0.0.1:6379, as .ci/run sets up); Lighthouse on four
# pages (scripts/lighthouse.py; needs node and npm, and Chromium at /usr/bin/chromium).
bench: setup
	@$(PY) scripts/bench.py; matcher=$$?; $(PY) scripts/bench_diary.py; diary=$$?; \
	  $(PY) scripts/bench_export.py; export=$$?; \
	  PATH="$$PATH:/usr/sbin" $(PY) scripts/load.py; load=$$?; \
	  $(PY) scripts/lighthouse.py; lighthouse=$$?; \
	  exit $$((matcher || diary || export || load || lighthouse))

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

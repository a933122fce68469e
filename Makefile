# The archive's commands. `make run` and `make test` are all a fresh clone needs.
VENV := .venv
BIN := $(VENV)/bin
UV := UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres migrate fixtures check bench bench-load bench-intake bench-ocr bench-reuse clean browser-deps ocr-deps

install: $(VENV)/.installed ocr-deps

# Reading scans: Debian's Tesseract with English, Persian and Arabic data (the tests also draw
# their scans in Debian's DejaVu fonts). Installed only when missing.
TESSDATA := /usr/share/tesseract-ocr/5/tessdata
ocr-deps:
	@test -x /usr/bin/tesseract -a -f $(TESSDATA)/eng.traineddata -a -f $(TESSDATA)/fas.traineddata \
		-a -f $(TESSDATA)/ara.traineddata -a -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
		|| (apt-get update && apt-get install -y tesseract-ocr tesseract-ocr-eng tesseract-ocr-fas \
			tesseract-ocr-ara fonts-dejavu-core)

# Reinstalls only when the declared or locked dependencies change.
$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(BIN)/python || "$$(.ci/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(UV) sync --frozen --inexact --python $(BIN)/python
	@touch $@

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Loads the fixtures into an empty archive; an existing archive is left as curators left it.
fixtures: migrate
	$(BIN)/python manage.py seed

run: fixtures
	@echo "Serving the archive at http://$(HOST):$(PORT)/ (admin at /admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install browser-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/archive} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright never downloads a browser) and
# inject axe-core, pinned in tests/browser/package-lock.json.
browser-deps: tests/browser/node_modules/.installed
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

tests/browser/node_modules/.installed: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	@touch $@

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# Search at 100,000 documents (minutes; not part of CI), or any size: `make bench DOCUMENTS=1000000`.
# DATABASE_URL=postgres://… for PostgreSQL; the SQLite corpus is kept in bench/out/bench-N.sqlite3.
DOCUMENTS ?= 100000
bench: install
	$(BIN)/python bench/search.py --documents $(DOCUMENTS) $(BENCH_ARGS)

# Throughput of a mixed workload at 16 and 64 connections against /healthz, by wrk (minutes;
# not part of CI). BENCH_ARGS="--duration 30" for shorter runs; DATABASE_URL=postgres://… for PostgreSQL.
bench-load: install
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

# Intake accuracy and speed on the labelled corpus (seconds); BENCH_ARGS=DIR for a folder of saved pages.
bench-intake: install
	$(BIN)/python bench/intake.py $(BENCH_ARGS)

# OCR and text-layer speed on one core, and OCR accuracy on a generated 300 dpi scan (a minute).
bench-ocr: install
	nice -n 10 $(BIN)/python bench/ocr.py

# Importing one page into an archive of 100,000 documents: request time, memory, the check after.
bench-reuse: install
	nice -n 10 $(BIN)/python bench/reuse.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache staticfiles

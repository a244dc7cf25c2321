# Quick start: `make demo` and `make test`. Both set up .venv from scratch on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/rare-earths-2025/event.yaml

.PHONY: demo test lint bench bench-deps clean venv system-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# poppler-utils gives the tests a second, independent PDF text extractor (pdftotext).
# It is optional: the tests that need it skip without it.
system-deps:
	@if ! command -v pdftotext >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing poppler-utils (pdftotext) for the tests"; \
		(apt-get install -y -q poppler-utils >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q poppler-utils >/dev/null 2>&1)) || \
		echo "could not install poppler-utils; tests that need pdftotext will be skipped"; \
	fi
	@# Headless Chromium and its driver for the preview's real-browser test (tests/test_preview_browser.py).
	@if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and chromium-driver for the browser test"; \
		(apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) || \
		echo "could not install chromium; the browser test fails under CI=true, else skips"; \
	fi

# WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset0 is there, else with fontTools, which
# costs about 0.4 s more per PDF (bench/results.md). Optional, like poppler-utils above.
bench-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing libharfbuzz-subset0 (font subsetting for WeasyPrint)"; \
		(apt-get install -y -q libharfbuzz-subset0 >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q libharfbuzz-subset0 >/dev/null 2>&1)) || \
		echo "could not install libharfbuzz-subset0; WeasyPrint will subset fonts with fontTools"; \
	fi

# Ours against WeasyPrint and python-docx alone, side by side; writes bench/results.md. Takes 15-30 min.
bench: $(STAMP) bench-deps
	$(PY) -m pip install --quiet pyinstrument
	$(PY) bench/run.py

demo: $(STAMP)
	$(VENV)/bin/isp-recap validate $(SAMPLE)
	$(VENV)/bin/isp-recap build $(SAMPLE) -o out/rare-earths-2025

test: $(STAMP) system-deps
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache

# Quick start: `make demo` and `make test`. Both set up .venv from scratch on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/rare-earths-2025/event.yaml

.PHONY: demo test lint docs bench bench-quick bench-instructions bench-deps clean venv system-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# An editable install leaves the package's bytecode to Python's first import, which never writes
	@# it where PYTHONDONTWRITEBYTECODE is set (as on machines of this kind): every command would compile
	@# the package again, about 60 ms of a 0.22 s `validate`. pip compiles an installed wheel; so do we.
	$(PY) -m compileall -q src/isp_recap
	touch $(STAMP)

venv: $(STAMP)

# The real clients the tests run (none of them skips on a machine of this kind):
#   poppler-utils            pdftotext, an independent PDF text extractor
#   libreoffice-writer-nogui the DOCX opened by LibreOffice without a Burmese font (tests/test_docx_libreoffice.py,
#                            charts in tests/test_card_figures.py)
#   chromium chromium-driver the preview in a real browser (tests/test_preview_browser.py), axe-core over the HTML (tests/test_html_axe.py)
# Installed without recommended packages: those would bring fonts, and the tests must see a machine
# without a Burmese font. One `apt-get update` at most, only when something is missing.
SYSTEM_PACKAGES := poppler-utils libreoffice-writer-nogui chromium chromium-driver
system-deps:
	@missing=""; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing$$missing for the tests"; \
		export DEBIAN_FRONTEND=noninteractive; \
		(apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1)) || \
		echo "could not install$$missing; the tests that need them fail under CI=true"; \
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
	@# Valgrind counts the instructions of a render (bench/instructions.py): timed ratios on a shared
	@# machine spread by more than the 2 % the PDF overhead target allows.
	@if ! command -v valgrind >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing valgrind (instruction counts for bench/instructions.py)"; \
		(apt-get install -y -q valgrind >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q valgrind >/dev/null 2>&1)) || \
		echo "could not install valgrind; bench/instructions.py will not run"; \
	fi

# Ours against WeasyPrint and python-docx alone, side by side; writes bench/results.md, then the PDF
# render overhead with instructions counted (bench/instructions.md). Takes 30-45 min.
bench: $(STAMP) bench-deps
	$(PY) -m pip install --quiet pyinstrument
	$(PY) bench/run.py
	$(PY) bench/instructions.py

# The PDF render overhead with instructions counted (Valgrind) alone: about 15 minutes.
bench-instructions: $(STAMP) bench-deps
	$(PY) bench/instructions.py

# Issue 16's figures only (start-up, preview latency, one event on all cores), in a few minutes; they go
# into their own section of bench/results.md.
bench-quick: $(STAMP) bench-deps
	$(PY) bench/run.py --only startup,preview,single

demo: $(STAMP)
	$(VENV)/bin/isp-recap validate $(SAMPLE)
	$(VENV)/bin/isp-recap build $(SAMPLE) -o out/rare-earths-2025

# npm packages the tests run (Ajv, yaml-language-server, axe-core), into tools/node/node_modules from the committed lock file.
NODE_STAMP := tools/node/node_modules/.installed
$(NODE_STAMP): tools/node/package.json tools/node/package-lock.json
	cd tools/node && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

test: $(STAMP) system-deps $(NODE_STAMP)
	$(PY) -m pytest

# The developer documentation (docs/index.md: tutorial, API reference from the docstrings, architecture,
# guides) into out/docs. Warnings are errors (-W, all of them reported: --keep-going), every reference
# must resolve (-n), and each build starts afresh (-E) so warnings of unchanged pages are seen again.
# tests/test_docs.py runs the same command with these options.
SPHINXOPTS := -E -n -W --keep-going
docs: $(STAMP)
	$(PY) -m sphinx $(SPHINXOPTS) -b html docs out/docs
	@echo "open out/docs/index.html"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests docs
	$(VENV)/bin/mypy

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache

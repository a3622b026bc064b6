# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean browser

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; floatpop needs Python >= 3.12 (Mesa 3.5)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/floatpop experiment experiments/studies/demo.toml --out results/demo --keep-changed
	$(BIN)/floatpop report results/demo

# The browser tests drive the Debian chromium package (playwright never downloads a
# browser of its own). As root this installs it; otherwise it says how, and they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: no chromium (sudo apt-get install chromium); the browser tests are skipped"; fi; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n auto --durations=8

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# the peer framework (Starsim) lives in its own environment: it is not a dependency
PEER := .venv-peer

$(PEER)/bin/python: benchmarks/peer-requirements.txt
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet -r benchmarks/peer-requirements.txt

bench: $(STAMP) $(PEER)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/modes.py
	$(BIN)/python benchmarks/study.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PEER)/bin/python benchmarks/peer_throughput.py
	$(BIN)/python benchmarks/forecast_accuracy.py

clean:
	rm -rf $(VENV) $(PEER) results .pytest_cache

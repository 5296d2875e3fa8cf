# Two commands matter: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?=
GDELT ?=
PORT ?= 8501

.PHONY: run test lint install clean bench-interaction load bench deploy-check fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp files reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT) \
		$(if $(DATA)$(GDELT),--) $(if $(DATA),--data "$(DATA)") $(if $(GDELT),--gdelt "$(GDELT)")

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV)

# Not part of set-up: measures the script time of an interaction on each page (AppTest reruns).
bench-interaction: $(VENV)/.installed-dev
	$(BIN)/python bench/interaction.py

# Not part of set-up: 20 sessions for 60 s against one server on loopback (bench/load.py).
load: $(VENV)/.installed-dev
	$(BIN)/python bench/load.py --sessions 20 --seconds 60

# Not part of set-up: #9's numbers per data size, floors and targets (bench/run.py, ~15 min).
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

# Not part of set-up: two app servers behind nginx (deploy/nginx.conf, nginx-prefix.conf), opened
# in Chromium directly and through the proxy; prints first/repeat-visit bytes, fails on a broken
# check. Needs Debian's nginx (apt-get install -y nginx).
deploy-check: $(VENV)/.installed-dev
	$(BIN)/python deploy/check.py

# Not part of set-up: every fuzzed example (10 000 links against the decoder, 300 per page
# against the app); `make test` runs a share of them (tests/fuzzing.py).
fuzz: $(VENV)/.installed-dev
	FOUR_CAPITALS_FUZZ=full $(BIN)/pytest tests/core/test_fuzz.py tests/test_app_fuzz.py

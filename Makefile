# bilat: `make demo` and `make test` do all set-up on a machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# reinstall when the pins change
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: install demo test bench model browser clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: install
	$(BIN)/bilat demo

# Browser tests drive Debian's chromium; install it when we can (as root), else they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will skip"; \
	  else echo "chromium missing and not root: browser tests will skip"; fi; }

test: install browser
	$(BIN)/python -m pytest -q

# quick by default (under 10 minutes on 2 cores); BIG=1 runs the long ones behind the README's tables
bench: install
	$(BIN)/python bench/run.py $(if $(BIG),--big)

# the trained event scorer (src/bilat/data/models/event_scorer.*) from ../shared/train and ../shared/eval
model: install
	$(BIN)/python bench/train_scorer.py

clean:
	rm -rf $(VENV) bilat-demo test-artifacts .pytest_cache

# The project's commands. `make install` is idempotent; `demo` and `test` call it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install install-bench demo test test-integration messages lock clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock setup.py reconcile/engine/_columns.c reconcile/engine/_subsets.c
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' \
		|| { echo "Set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24,<26"
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# The benchmarks' extras (bench/README.md): the peer bankstatementparser and pyinstrument. wrk comes from apt.
install-bench: install
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,bench]'

demo: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving the portal on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Re-pin requirements.lock to what is installed now (after changing pyproject.toml).
lock: install
	$(PY) -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) var

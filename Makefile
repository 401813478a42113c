# The project's commands. `make install` is idempotent; `demo` and `test` call it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check
# Every package from a lock file, each checked against the hashes recorded there; nothing resolved afresh.
PIP_LOCKED := $(PIP) install --quiet --require-hashes --no-deps
SMS_GATEWAYS := aliyun tencent twilio

.PHONY: install install-bench install-prod demo test test-integration messages lock clean

install: $(STAMP)

define python_venv
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' \
		|| { echo "Set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24,<26"
endef

# Development: the runtime, every SMS gateway's SDK and the test tools (requirements-dev.lock), then the project
# itself (editable, building the engine's C extension).
$(STAMP): pyproject.toml requirements-dev.lock setup.py reconcile/engine/_columns.c reconcile/engine/_columns_groups.c \
		reconcile/engine/_columns.h reconcile/engine/_subsets.c reconcile/engine/_subsets_runs.c reconcile/engine/_subsets_window.c reconcile/engine/_subsets.h
	$(python_venv)
	$(PIP_LOCKED) -r requirements-dev.lock
	$(PIP) install --quiet --no-deps -e .
	@touch $(STAMP)

# The benchmarks' extras (bench/README.md): the peer bankstatementparser and pyinstrument. wrk comes from apt.
install-bench: install
	$(PIP_LOCKED) -r requirements-bench.lock

# Production: the runtime only (no test or benchmark tools), plus the SDK of the SMS gateway in use:
# `make install-prod` (console SMS) or `make install-prod SMS=aliyun|tencent|twilio`.
install-prod:
	@test -z "$(SMS)" || echo " $(SMS_GATEWAYS) " | grep -q " $(SMS) " \
		|| { echo "SMS must be one of: $(SMS_GATEWAYS) (or empty for the console backend)"; exit 1; }
	$(python_venv)
	$(PIP_LOCKED) -r $(if $(SMS),requirements-$(SMS).lock,requirements.lock)
	$(PIP) install --quiet --no-deps .

demo: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving the portal on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

# The English catalogue translates every message as itself (msgen), its fuzzy guesses cleared first (a guess carries
# the old text of a changed message); the Chinese one is translated by hand (zh_Hans/LC_MESSAGES/django.po).
EN_PO := locale/en/LC_MESSAGES/django.po
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=bench --ignore=tests
	msgattrib --clear-fuzzy --empty -o $(EN_PO) $(EN_PO)
	msgen -o $(EN_PO) $(EN_PO)
	$(PY) manage.py compilemessages --ignore=.venv

# Re-lock after changing pyproject.toml: pip-compile (pip-tools) resolves each set from the index and records every
# file's hash. Each lock is compiled within the one before it, so a package has the same version in all of them.
COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
	--no-emit-find-links --no-header --annotation-style=line
lock: install
	$(COMPILE) --output-file requirements.lock pyproject.toml
	$(COMPILE) --extra aliyun --extra tencent --extra twilio --extra dev --constraint requirements.lock \
		--output-file requirements-dev.lock pyproject.toml
	for gateway in $(SMS_GATEWAYS); do \
		$(COMPILE) --extra $$gateway --constraint requirements-dev.lock --output-file requirements-$$gateway.lock \
			pyproject.toml || exit 1; \
	done
	$(COMPILE) --extra aliyun --extra tencent --extra twilio --extra dev --extra bench \
		--constraint requirements-dev.lock --output-file requirements-bench.lock pyproject.toml

clean:
	rm -rf $(VENV) var

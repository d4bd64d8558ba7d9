# Switchboard. Quick start: `make run` (PBX with demo data), `make test` (whole suite).
PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
ASTERISK_PREFIX ?= /opt/switchboard/asterisk
export ASTERISK_PREFIX

.PHONY: help run test tools test-unit test-db test-e2e test-faults lint asterisk venv sounds migrate demo-call bench clean

help:
	@echo "make run        build what is missing, then run the PBX with demo data (Ctrl-C stops)"
	@echo "make test       unit, database and end-to-end tests (real Asterisk, real SIP)"
	@echo "make demo-call  place a scripted SIP call-in against a running 'make run'"
	@echo "make lint       ruff, mypy and the import contracts (lint-imports)"
	@echo "make asterisk   build Asterisk 22 into $(ASTERISK_PREFIX) (cached)"
	@echo "make sounds     render missing prompts with espeak-ng + sox"
	@echo "make migrate    apply database migrations"
	@echo "make bench      load benchmark: SIPp against the controller and a dialplan baseline"
	@echo "                (BENCH_LEVELS=10,50 for a quick run)"

$(BIN)/switchboard: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	touch $@

venv: $(BIN)/switchboard

asterisk:
	bash scripts/build-asterisk.sh

run: asterisk venv tools
	$(BIN)/switchboard run

# Fault and attack tests run in a pytest process of their own: PJSUA2 allows one SIP
# endpoint per process and the e2e suite holds its own for the whole session.
# The renderer's tests run espeak-ng and sox for real (`make test` installs them).
# app_voicemail speaks Asterisk's core prompts (Debian's asterisk-core-sounds-en-wav).
tools:
	@command -v espeak-ng >/dev/null && command -v sox >/dev/null && test -d /usr/share/asterisk/sounds/en || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng sox asterisk-core-sounds-en-wav >/dev/null; }

test: asterisk venv tools
	$(BIN)/python -m pytest -q --ignore=tests/faults
	$(BIN)/python -m pytest -q tests/faults

test-unit: venv
	$(BIN)/pytest -q tests/unit

test-db: venv
	$(BIN)/pytest -q tests/db

test-e2e: asterisk venv
	$(BIN)/pytest -q tests/e2e

test-faults: asterisk venv
	$(BIN)/python -m pytest -q tests/faults

lint: venv
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/mypy
	$(BIN)/lint-imports

sounds: venv
	$(BIN)/python -m app.sounds.render

migrate: venv
	$(BIN)/switchboard db upgrade

demo-call: venv
	$(BIN)/python -m tests.harness.demo_call

# Load benchmark (bench/): a private PBX on free ports, SIPp through the carrier trunk.
bench: asterisk venv
	command -v sipp >/dev/null || { S=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$S apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -qq sip-tester; }
	$(BIN)/python -c 'import matplotlib' 2>/dev/null || $(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.run

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

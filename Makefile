# The two commands for a fresh machine:
#   make run    install, then run the bot (the console on SQLite when no Slack credentials are set)
#   make test   install, lint, type-check (mypy --strict), then run every test on SQLite,
#               and on PostgreSQL when it answers
#   make bench  the speed figures: the HTTP app, search, /ask, the digest, /history and the charts (bench/)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test bench clean translations

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.base
	$(PY) -m bot db upgrade
	$(PY) -m bot run

test: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	env -u TEST_DATABASE_URL $(PY) -m pytest -q
	@if [ -n "$$TEST_DATABASE_URL" ] || $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "--- again on PostgreSQL"; \
		TEST_DATABASE_URL=$${TEST_DATABASE_URL:-$(PG_URL)} $(PY) -m pytest -q; \
	else \
		echo "--- PostgreSQL is not answering at 127.0.0.1:5432 (set TEST_DATABASE_URL): SQLite only"; \
	fi

# Speed figures (see README, "Speed"): every command over HTTP against a bare Bolt app at 1, 16 and 64
# clients on SQLite and PostgreSQL, with memory and start-up time; then search, /ask and the digest
# on their own, and /history over 100,000 imported Yammer messages. Each script says whether its
# targets were met; all of them run even when one misses.
bench: $(VENV)/.test
	-$(PY) -m bench.http
	-$(PY) -m bench.search
	-$(PY) -m bench.answers --arrangements 100000
	-$(PY) -m bench.digest
	-$(PY) -m bench.history
	-$(PY) -m bench.charts

# The message catalogs (bot/locale): extract every t()/tn()/N_() message, merge it into the French
# and Spanish .po files (new ones come untranslated: translate them, then run this again), compile.
translations: $(VENV)/.test
	$(VENV)/bin/pybabel extract -F babel.cfg -k t:2 -k tn:2,3 -k N_ -k _ -k _n:1,2 --no-location --sort-output \
		--project nkpo-bot -o bot/locale/messages.pot .
	for lang in fr es; do \
		[ -f bot/locale/$$lang/LC_MESSAGES/messages.po ] || $(VENV)/bin/pybabel init -i bot/locale/messages.pot -d bot/locale -l $$lang; \
		$(VENV)/bin/pybabel update -i bot/locale/messages.pot -d bot/locale -l $$lang --no-fuzzy-matching --ignore-obsolete; \
	done
	$(VENV)/bin/pybabel compile -d bot/locale --statistics

clean:

	rm -rf $(VENV) *.egg-info

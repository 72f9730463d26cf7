# Two commands set everything up on a fresh machine:
#   make run    virtualenv, install, nginx (apt, as root), build the knowledge base, check
#               it, then serve it on http://127.0.0.1:$(PORT)/ in the foreground (Ctrl-C stops)
#   make test   virtualenv, install with test extras, nginx and Chromium for the live-server
#               and browser tests, run the test suite
# Both compile the interface translations (web/translations) first; `make messages`
# collects new interface words into them for translators.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
PORT   ?= 8000
# Interface words: translators edit the .po files; the .mo files are compiled from them here,
# never committed (see .gitignore).
TRANSLATIONS = web/translations
POT          = $(TRANSLATIONS)/messages.pot
PO_FILES     = $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES     = $(PO_FILES:.po=.mo)
# The traditional catalog (繁) is generated from the simplified one with OpenCC (web/hant.py)
# and committed; a merge conflict in it is resolved by regenerating it.
ZH_PO        = $(TRANSLATIONS)/zh/LC_MESSAGES/messages.po
HANT_PO      = $(TRANSLATIONS)/zh_Hant/LC_MESSAGES/messages.po
# The browser tests drive Debian's Chromium (never a downloaded browser), with CJK
# fonts so screenshots show the Chinese text.
CHROMIUM      = /usr/bin/chromium
BROWSER_DEBS  = chromium fonts-noto-cjk
# `kb serve` runs Debian's nginx in front of gunicorn (kb/serving.py says why), with nginx's
# JavaScript module (it percent-encodes raw UTF-8 in request targets for gunicorn).
FRONT_DEBS    = nginx libnginx-mod-http-js
NJS_MODULE    = /usr/lib/nginx/modules/ngx_http_js_module.so

.PHONY: run test build check bench clean browser-deps front-deps messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kb build

# Compiled catalogs, rebuilt whenever a .po is newer than its .mo.
translations: $(HANT_PO) $(MO_FILES)

$(HANT_PO): $(ZH_PO) web/hant.py | $(STAMP)
	$(BIN)/python -m web.hant $(ZH_PO) $(HANT_PO)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -D messages -d $(TRANSLATIONS) -l $*

# After changing interface words in web/: collect them (pybabel extract, mappings in
# pyproject.toml) and merge them into every .po (pybabel update) for translators.
messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -k both -k N_ --sort-output --project policy-kb \
	    --msgid-bugs-address "" -o $(POT) .
	$(BIN)/pybabel update --no-fuzzy-matching -D messages -i $(POT) -d $(TRANSLATIONS)
	$(BIN)/python -m web.hant $(ZH_PO) $(HANT_PO)

check: build
	$(BIN)/kb check

run: check translations front-deps
	$(BIN)/kb serve --host 127.0.0.1 --port $(PORT)

bench: $(STAMP) front-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/search.py --json bench/search-results.json
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk; } \
	    || { echo "*** bench/load.py needs wrk: sudo apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/load.py --json bench/load-results.json

# Installs Chromium (and CJK fonts) with apt when missing and we are root; otherwise
# says so, and the browser tests are reported as skipped (pytest -ra lists the reason).
browser-deps:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing=" chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	if [ -z "$$missing" ]; then \
	    :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing for the browser tests (apt-get):$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q $$missing \
	        || { apt-get update -q && apt-get install -y -q $$missing; }; \
	else \
	    echo "*** Missing for the browser tests:$$missing (installing needs root and apt-get)."; \
	    [ -x $(CHROMIUM) ] || echo "*** Without $(CHROMIUM) the browser tests will be SKIPPED."; \
	    echo "*** To install: sudo apt-get install -y $(BROWSER_DEBS)"; \
	fi

# Installs nginx and its JavaScript module with apt when missing and we are root; otherwise
# says so (`kb serve` then refuses to start, and pytest reports the live-server tests as
# skipped). kb serve starts its own nginx with its own configuration; where the package's
# postinst started the system's nginx service (systemd), it is stopped and disabled again,
# so nothing listens on port 80.
front-deps:
	@if { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && [ -f $(NJS_MODULE) ]; then \
	    :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing for kb serve (apt-get): $(FRONT_DEBS)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q $(FRONT_DEBS) \
	        || { apt-get update -q && apt-get install -y -q $(FRONT_DEBS); }; \
	    if [ -d /run/systemd/system ]; then systemctl disable --now nginx || true; fi; \
	else \
	    echo "*** kb serve needs nginx and its JavaScript module (installing needs root and apt-get): sudo apt-get install -y $(FRONT_DEBS)"; \
	    echo "*** Without it, kb serve does not start and the live-server tests will be SKIPPED."; \
	fi

test: $(STAMP) browser-deps front-deps translations
	$(BIN)/python -m pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) var .pytest_cache tests/screenshots $(MO_FILES)

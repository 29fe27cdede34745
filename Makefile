# The two commands a newcomer needs:  make run  (demo on SQLite)  and  make test  (whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := PARTNERNET_ENV=development $(BIN)/flask --app partnernet
VENDOR := static/vendor
UTRECHT_CSS := $(VENDOR)/utrecht/component-library.css
PAGE_SOURCES := $(shell find templates static/js partnernet -name '*.html' -o -name '*.js' -o -name '*.py')

.PHONY: run test install assets translations lint typecheck extract-messages clean

run: install
	$(FLASK) db upgrade
	$(FLASK) partnernet seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

install: $(VENV)/.installed $(VENDOR)/.copied $(UTRECHT_CSS) translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("partnernet needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.copied: node_modules/.package-lock.json
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/utrecht
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	touch $@

# Only the NL Design System rules the pages use: PurgeCSS keeps those whose class names appear
# in the templates, scripts or Python code (407 KB in the package, about 50 KB here).
$(UTRECHT_CSS): $(VENDOR)/.copied $(PAGE_SOURCES)
	node_modules/.bin/purgecss --css node_modules/@utrecht/component-library-css/dist/index.css \
		--content 'templates/**/*.html' 'static/js/*.js' 'partnernet/**/*.py' --output $(VENDOR)/utrecht/
	mv $(VENDOR)/utrecht/index.css $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d partnernet/translations

# After changing user-visible text: extract, then translate the new Dutch entries in messages.po.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o partnernet/translations/messages.pot --no-location --sort-output --width 100 .
	$(BIN)/pybabel update -i partnernet/translations/messages.pot -d partnernet/translations --no-fuzzy-matching --ignore-obsolete --width 100

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance .pytest_cache

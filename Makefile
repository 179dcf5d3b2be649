# The whole developer interface: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test check lock clean screenshots messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(STAMP): $(UV) requirements.lock requirements-dev.lock pyproject.toml
	$(UV) pip install --quiet --python $(BIN)/python -r requirements-dev.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/dondoc demo --if-empty
	@echo "Mở http://127.0.0.1:8000/ — các tài khoản demo ở trên."
	$(BIN)/dondoc serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

# Each role's home at desktop and phone width, from the browser journeys, into docs/screenshots (see README).
screenshots: $(STAMP)
	$(BIN)/pytest dondoc/tests/test_roles_browser.py -k journey --screenshots docs/screenshots -q

# After changing texts of the interface: extract them, translate the new ones in dondoc/locale/en, compile.
messages: $(STAMP)
	$(BIN)/dondoc makemessages -l en -l vi --no-location --ignore=".venv/*" --ignore="var/*" --ignore="bench/*"
	@echo "Translate the new entries of dondoc/locale/en/LC_MESSAGES/django.po, then: $(BIN)/dondoc compilemessages"

check: $(STAMP)
	$(BIN)/ruff check .
	DEBUG=false HTTPS=true SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=dondoc.example.org \
	  $(BIN)/dondoc check --deploy --fail-level WARNING

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: $(UV)
	$(UV) pip compile --quiet --python-version 3.11 pyproject.toml -o requirements.lock
	$(UV) pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements-dev.lock

clean:
	rm -rf $(VENV) var

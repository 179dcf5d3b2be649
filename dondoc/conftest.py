"""Shared fixtures: a small registry, a program with tasks, and the four personas of every view test."""

import datetime as dt
import os

import pytest

from dondoc.tests import factory
from dondoc.tests.components import require

# pytest-django's live server runs in a thread; Playwright's sync API runs an event loop in the main one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _holiday_calendar(request):
    """Transactional tests flush every table, the reference data the migrations seeded included (the holiday
    calendar, the default reminder rules): put it back, as `demo --reset` and `restore` do."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if marker or transactional or "db" in request.fixturenames:
        request.getfixturevalue("transactional_db" if transactional else "db")
        from dondoc.core.reference import reference_data_ensure

        reference_data_ensure()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    # Argon2 is deliberately slow; tests that check hashing itself ask for the `argon2` fixture.
    if "argon2" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def argon2():
    """Keep the production password hashers for this test."""


@pytest.fixture
def registry(db):
    return factory.registry()


@pytest.fixture
def program(registry):
    return factory.program(registry)


@pytest.fixture
def monitor(registry):
    return factory.user("monitor", role="monitor", unit=registry["tg"])


@pytest.fixture
def leader(registry):
    return factory.user("leader", role="leader", unit=registry["centre"])


@pytest.fixture
def officer(registry):
    """Officer of unit A (LĐLĐ Hà Nội)."""
    return factory.user("officer_a", role="officer", unit=registry["hanoi"])


@pytest.fixture
def outsider(registry):
    """Officer of a sibling unit B (LĐLĐ Đà Nẵng): must be refused everything of unit A."""
    return factory.user("officer_b", role="officer", unit=registry["danang"])


@pytest.fixture
def day():
    return dt.date(2021, 11, 9)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium (no browser download is possible here); under CI a missing browser fails."""
    require(os.path.exists(CHROMIUM), f"Chromium ({CHROMIUM}, Debian package chromium)")
    return {"executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store", default=None, metavar="FOLDER",
                     help="the browser journeys save each role's home at desktop and phone width into FOLDER")


@pytest.fixture
def screenshots(request):
    """Where the journeys save their screenshots (`make screenshots`), or None."""
    from pathlib import Path

    folder = request.config.getoption("--screenshots")
    return Path(folder) if folder else None

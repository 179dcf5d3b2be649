"""Shared fixtures: a small registry, a program with tasks, and the four personas of every view test."""

import datetime as dt
import os

import pytest

from dondoc.tests import factory

# pytest-django's live server runs in a thread; Playwright's sync API runs an event loop in the main one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


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

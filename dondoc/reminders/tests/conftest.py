import os
import tempfile

import pytest
from django.conf import settings

from dondoc.tests import factory

from .smtp import SmtpServer

# The worker tests run `dondoc worker` as a separate process, which must see the test database: on
# SQLite that means a file instead of pytest-django's default in-memory database.
_db = settings.DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3" and not (_db.get("TEST") or {}).get("NAME"):
    _db.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.mkdtemp(prefix="dondoc-test-"), "test.sqlite3")


@pytest.fixture
def smtp(settings):
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.REMINDERS_RETRY_BASE_SECONDS = 0
    yield server
    server.stop()


@pytest.fixture
def head(registry):
    user = factory.user("head_a", role="officer", unit=registry["hanoi"])
    user.is_unit_head = True
    user.save()
    return user

import datetime as dt
import os
import tempfile

import pytest
from django.conf import settings

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.reminders import services
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


@pytest.fixture
def default_rules(db):
    services.rules_defaults_ensure()


@pytest.fixture
def tasks(registry, default_rules):
    doc = factory.document("462/TB-TLĐ", dt.date(2021, 11, 16), title="Kết luận cuộc họp", kind="TB")
    soon = directives.task_create(document=doc, ref="2.3", title="Gửi kế hoạch tiến độ", deadline_kind=cal.DATE,
                                  deadline_date=dt.date(2021, 11, 30),
                                  lead_units=[registry["hanoi"], registry["danang"], registry["quangnam"]])
    late = directives.task_create(document=doc, ref="3.1", title="Báo cáo sơ kết", deadline_kind=cal.DATE,
                                  deadline_date=dt.date(2021, 11, 19), lead_units=[registry["hanoi"]])
    far = directives.task_create(document=doc, ref="3.2", title="Việc còn xa hạn", deadline_kind=cal.DATE,
                                 deadline_date=dt.date(2021, 12, 31), lead_units=[registry["giaoduc"]])
    return {"soon": soon, "late": late, "far": far}

"""Several web servers on one PostgreSQL database and one Redis: an API throttle and a login lock-out hold
across them (the cache and the lock-outs are shared, not per process), and two background workers never
deliver the same message twice.

The servers are real gunicorn processes; Redis uses a database number of its own (6), flushed before and
after. PostgreSQL only: .ci/run runs the suite again on PostgreSQL, where this runs.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from dondoc.accounts.services import api_token_create
from dondoc.tests import factory
from dondoc.tests.components import postgres_only, require

pytestmark = [
    pytest.mark.django_db(transaction=True),
    postgres_only,
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        running = bool(client.ping())
    except redis.ConnectionError:
        running = False
    require(running, "Redis on 127.0.0.1:6379 (.ci/run starts it)")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def servers(redis_db, tmp_path):
    """Two gunicorn servers (one worker each) on the test database, sharing the cache in Redis."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": REDIS_URL, "API_THROTTLE_USER": "4/min",
           "DONDOC_VAR_DIR": str(tmp_path), "MEDIA_ROOT": str(tmp_path / "files"), "LOG_LEVEL": "ERROR",
           "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    started = []
    try:
        for _ in range(2):
            port = _free_port()
            log = open(tmp_path / f"server-{port}.log", "wb")  # noqa: SIM115 - handed to the child process
            process = subprocess.Popen([str(gunicorn), "dondoc.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                        "--workers", "1", "--chdir", str(settings.BASE_DIR)],
                                       env=env, stdout=log, stderr=subprocess.STDOUT)
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, url in started:
            _wait_up(process, url)
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(timeout=30)


def _wait_up(process: subprocess.Popen, url: str) -> None:
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{url} stopped"
        try:
            if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def test_an_api_throttle_holds_across_two_servers(servers, registry):
    import requests

    monitor = factory.user("giam-sat", role="monitor", unit=registry["centre"])
    _token, key = api_token_create(user=monitor, name="hai máy chủ")
    headers = {"Authorization": f"Token {key}"}
    first, second = servers
    # 4 a minute for this user, whichever server answers: the fifth request is refused by either.
    codes = [requests.get(f"{url}/api/me/", headers=headers, timeout=30).status_code
             for url in (first, second, first, second)]
    assert codes == [200, 200, 200, 200]
    for url in (first, second):
        response = requests.get(f"{url}/api/me/", headers=headers, timeout=30)
        assert response.status_code == 429 and response.json()["code"] == "throttled", url
    assert any(key.startswith(b"dondoc") for key in _redis_keys())


def _redis_keys() -> list[bytes]:
    import redis

    return redis.Redis.from_url(REDIS_URL).keys("*")


def _login(session, url: str, username: str, password: str):
    page = session.get(f"{url}/tai-khoan/dang-nhap/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(f"{url}/tai-khoan/dang-nhap/", data={"username": username, "password": password,
                                                             "csrfmiddlewaretoken": token},
                        headers={"Referer": f"{url}/tai-khoan/dang-nhap/"}, allow_redirects=False, timeout=30)


def test_a_login_lock_out_holds_across_two_servers(servers, registry):
    import requests

    factory.user("can-bo", role="officer", unit=registry["hanoi"])
    first, second = servers
    session = requests.Session()
    # The failed attempts alternate between the servers; together they reach the limit.
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(session, (first, second)[attempt % 2], "can-bo", "sai")
        assert response.status_code == 200, attempt
    locked = _login(session, second if settings.AXES_FAILURE_LIMIT % 2 else first, "can-bo", "sai")
    assert locked.status_code == 429 and "tạm thời bị khóa đăng nhập" in locked.text
    for url in (first, second):  # even the right password, on either server
        response = _login(requests.Session(), url, "can-bo", factory.PASSWORD)
        assert response.status_code == 429, url

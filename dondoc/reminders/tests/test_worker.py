"""`dondoc worker` as a real process against a real SMTP server: killed, stopped, cut off from SMTP."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from dondoc.reminders.models import Delivery, DeliveryState
from dondoc.reminders.sweep import sweep_run
from dondoc.tests.components import postgres_only

from .smtp import SmtpServer
from .worker_tasks import write_marker

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.date(2021, 11, 26)
LEASE = 9  # seconds; the worker's SMTP timeout is a sixth of it


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(port: int, log_path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port),
           "REMINDERS_LEASE_SECONDS": str(LEASE), "REMINDERS_RETRY_BASE_SECONDS": "0.3",
           "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    log_path.touch()
    seen = log_path.read_text().count("started")
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen([sys.executable, "-m", "dondoc.cli", "worker", "--no-sweep", "--interval", "0.1",
                                *extra], env=env, stdout=log, stderr=subprocess.STDOUT)
    # Ready once it says so: a signal before Django has started would not reach the worker's handlers.
    wait_for(lambda: log_path.read_text().count("started") > seen or process.poll() is not None, what="start")
    assert process.poll() is None, log_path.read_text()
    return process


def wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def states() -> dict[str, int]:
    result: dict[str, int] = {}
    for state in Delivery.objects.values_list("state", flat=True):
        result[state] = result.get(state, 0) + 1
    return result


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


@pytest.fixture
def outbox(tasks, officer, outsider, head, monitor):
    sweep_run(day=DAY)
    assert Delivery.objects.count() == 4
    return list(Delivery.objects.values_list("message_id", flat=True))


def test_worker_killed_mid_delivery_then_restarted_delivers_every_message_exactly_once(outbox, tmp_path):
    server = SmtpServer().start()
    try:
        server.sink.stall_after = 2  # the third message hangs before the server accepts it
        first = start_worker(server.port, tmp_path / "worker.log")
        assert server.sink.stalling.wait(timeout=60), (tmp_path / "worker.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert states() == {DeliveryState.SENT: 2, DeliveryState.SENDING: 1, DeliveryState.PENDING: 1}
        second = start_worker(server.port, tmp_path / "worker.log")
        wait_for(lambda: states() == {DeliveryState.SENT: 4}, timeout=LEASE * 10, what="all sent")
        assert stop(second) == 0
        ids = server.sink.message_ids()
        assert sorted(ids) == sorted(outbox)  # each message once: none lost, none twice
        assert Delivery.objects.filter(attempts=2).count() == 1  # the interrupted one, taken again after its lease
    finally:
        server.stop()


def test_worker_survives_an_smtp_outage_and_delivers_once_the_server_is_back(outbox, tmp_path):
    server = SmtpServer()  # not started: the SMTP server is down
    worker = start_worker(server.port, tmp_path / "worker.log")
    try:
        wait_for(lambda: Delivery.objects.filter(attempts__gte=2, state=DeliveryState.PENDING).exists(),
                 what="retries during the outage")
        failing = Delivery.objects.filter(attempts__gte=1).first()
        assert "Connection refused" in failing.last_error or "ConnectionRefused" in failing.last_error
        assert not Delivery.objects.exclude(state=DeliveryState.PENDING).exclude(
            state=DeliveryState.SENDING).exists()
        server.start()
        wait_for(lambda: states() == {DeliveryState.SENT: 4}, timeout=60, what="delivery after the outage")
        assert sorted(server.sink.message_ids()) == sorted(outbox)
    finally:
        assert stop(worker) == 0
        server.stop()


def test_sigterm_lets_the_running_task_finish_and_exits_cleanly(db, tmp_path):
    marker = tmp_path / "marker.txt"
    server = SmtpServer().start()
    worker = start_worker(server.port, tmp_path / "worker.log")
    try:
        result = write_marker.enqueue(str(marker), 2.0)
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING", what="task running")
        assert stop(worker) == 0
        assert marker.read_text() == "done"
        assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    finally:
        if worker.poll() is None:
            worker.kill()
        server.stop()


def test_sigterm_stops_an_idle_worker_at_once(db, tmp_path):
    worker = start_worker(1, tmp_path / "worker.log")
    started = time.monotonic()
    assert stop(worker) == 0
    assert time.monotonic() - started < 5


@postgres_only  # several workers as on several servers
def test_two_workers_on_one_database_never_deliver_the_same_message_twice(tasks, officer, outsider, head, monitor,
                                                                          registry, tmp_path):
    """As with M workers on several machines: both take from one outbox at once, each message goes once."""
    from dondoc.tests import factory

    for n in range(16):
        factory.user(f"can-bo-{n}", role="officer", unit=registry["hanoi"])
    sweep_run(day=DAY)
    outbox = list(Delivery.objects.values_list("message_id", flat=True))
    assert len(outbox) > 10
    server = SmtpServer().start()
    workers = []
    try:
        workers = [start_worker(server.port, tmp_path / f"worker-{n}.log") for n in range(2)]
        wait_for(lambda: states() == {DeliveryState.SENT: len(outbox)}, timeout=120, what="all sent")
        ids = server.sink.message_ids()
        assert sorted(ids) == sorted(outbox)  # each message exactly once: none lost, none twice
        assert Delivery.objects.filter(attempts=1).count() == len(outbox)
    finally:
        for worker in workers:
            assert stop(worker) == 0
        server.stop()

"""`dondoc serve` stops its whole family: gunicorn, its workers and the background worker.

Seen before: SIGTERM to `dondoc serve` stopped gunicorn (which had replaced it) and left `dondoc worker`
running on its own; a service manager restarting `serve` then ran two workers.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """One folder for both runs: `serve` collects the static files once."""
    return tmp_path_factory.mktemp("serve")


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, found, pending = _children(), [], [pid]
    while pending:
        for child in tree.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left for a parent to read


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc (Linux)")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_no_child_outlives_serve(var_dir, free_tcp_port, how):
    env = {**os.environ, "DATABASE_URL": _database_url(), "DONDOC_VAR_DIR": str(var_dir),
           "MEDIA_ROOT": str(var_dir / "files"), "LOG_LEVEL": "ERROR"}
    dondoc = Path(sys.executable).parent / "dondoc"
    serve = subprocess.Popen([str(dondoc), "serve", "--port", str(free_tcp_port), "--workers", "1"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    family: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert serve.poll() is None, "serve stopped on its own"
            family = _descendants(serve.pid)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{free_tcp_port}/healthz", timeout=2) as response:
                    up = response.status == 200
            except OSError:
                up = False
            if up and any(" worker" in _command(pid) for pid in family):
                break
            time.sleep(0.2)
        else:
            pytest.fail("serve did not answer within a minute")
        family = _descendants(serve.pid)
        commands = [_command(pid) for pid in family]
        assert any(c.endswith("dondoc worker ") for c in commands) and any("gunicorn" in c for c in commands)

        serve.send_signal(how)
        assert serve.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in family) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [(pid, _command(pid)) for pid in family if _alive(pid)] == []
    finally:
        for pid in [serve.pid, *family, *_descendants(serve.pid)]:  # nothing left behind, even on failure
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        serve.wait(timeout=10)

"""`dondoc serve`: gunicorn and the background worker, started together and stopped together.

Both run as children of this command, which waits for them. SIGTERM or SIGINT (a service manager stopping
the service, Ctrl+C) is passed to both, and the command returns once both have finished their current
work; if either stops on its own, the other is stopped too. On Linux the children are also told to stop
when this process dies without a word (SIGKILL): a restarted `serve` never finds an old worker running.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 60  # the worker finishes its current item (a PDF, an e-mail), gunicorn its requests
PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies (Linux only; elsewhere a no-op)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Chạy ứng dụng (gunicorn) trên máy này."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--no-worker", action="store_true",
                            help="Không chạy tiến trình nền (nhắc việc, gửi thư, tạo PDF) cùng máy chủ web.")

    def handle(self, *args, host: str, port: int, workers: int, no_worker: bool, **options):
        if not 0 < port < 65536:
            raise CommandError("Cổng phải trong khoảng 1-65535.")
        if not 0 < workers <= 64:
            raise CommandError("Số tiến trình web phải trong khoảng 1-64.")
        call_command("collectstatic", interactive=False, verbosity=0)
        bin_dir = os.path.dirname(sys.executable)
        children: list[subprocess.Popen] = []
        asked: list[int] = []  # the signals received: a stop asked for, not a failure
        stopping_since: list[float] = []

        def stop(signum: int | None = None, frame=None) -> None:
            if signum is not None:
                asked.append(signum)
            if not stopping_since:
                stopping_since.append(time.monotonic())
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        web = None
        try:
            if not no_worker:
                # The background worker (reminders, e-mail, PDF rendering, imports) shares the terminal: Ctrl+C
                # stops both. In production run `dondoc worker` as a service of its own.
                children.append(self._start([os.path.join(bin_dir, "dondoc"), "worker"]))
                self.stdout.write("Tiến trình nền (dondoc worker) đã chạy.")
            self.stdout.write(f"dondoc đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
            sys.stdout.flush()
            web = self._start([os.path.join(bin_dir, "gunicorn"), "dondoc.wsgi:application", "--bind",
                               f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
                               "--timeout", "120", "--graceful-timeout", "30", "--chdir", str(settings.BASE_DIR)])
            children.append(web)
            while any(child.poll() is None for child in children):
                if not stopping_since and any(child.poll() is not None for child in children):
                    stop()  # one of the two ended on its own: the other goes with it
                if stopping_since and time.monotonic() - stopping_since[0] > GRACE_SECONDS:
                    break
                time.sleep(0.1)
        finally:
            for child in children:  # whatever happened above, no child outlives this command
                if child.poll() is None:
                    child.kill()
                    child.wait()
        if not asked and web is not None and web.returncode != 0:
            raise CommandError(f"Máy chủ web (gunicorn) dừng với mã {web.returncode}.")

    @staticmethod
    def _start(command: list[str]) -> subprocess.Popen:
        # A process group of its own: Ctrl+C reaches this command alone, which passes one SIGTERM on (the
        # worker takes a second signal as "abort the current item now").
        return subprocess.Popen(command, preexec_fn=_stop_with_parent, process_group=0)

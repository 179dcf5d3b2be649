import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


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
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_worker:
            # The background worker (reminders, e-mail, PDF rendering, imports) shares the terminal: Ctrl+C
            # stops both. In production run `dondoc worker` as a service of its own.
            dondoc = os.path.join(os.path.dirname(sys.executable), "dondoc")
            subprocess.Popen([dondoc, "worker"])
            self.stdout.write("Tiến trình nền (dondoc worker) đã chạy.")
        self.stdout.write(f"dondoc đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        sys.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [gunicorn, "dondoc.wsgi:application", "--bind", f"{host}:{port}",
                            "--workers", str(workers), "--access-logfile", "-", "--timeout", "120",
                            "--chdir", str(settings.BASE_DIR)])

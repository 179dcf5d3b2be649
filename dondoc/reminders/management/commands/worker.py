import logging

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from dondoc.reminders.worker import Worker


class Command(BaseCommand):
    help = ("Tiến trình nền: quét nhắc việc hằng ngày, gửi thư trong hàng đợi và chạy các tác vụ nền "
            "(django-tasks). Dừng an toàn bằng SIGTERM.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="Số giây nghỉ khi không có việc.")
        parser.add_argument("--no-sweep", action="store_true", help="Không chạy quét nhắc việc hằng ngày.")
        parser.add_argument("--once", action="store_true", help="Làm hết việc đang có rồi thoát.")
        parser.add_argument("--queue-name", default="default", help="Hàng đợi tác vụ (phân cách bởi dấu phẩy; * = tất cả).")
        parser.add_argument("--worker-id", default="", help="Mã tiến trình (mặc định: ngẫu nhiên).")

    def handle(self, *args, interval: float, no_sweep: bool, once: bool, queue_name: str, worker_id: str,
               verbosity: int, **options):
        if verbosity >= 1:
            for name in ("dondoc.reminders", "django_tasks_db", "django_tasks"):
                log = logging.getLogger(name)
                log.setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)
                if not log.handlers:
                    log.addHandler(logging.StreamHandler(self.stderr))
        worker = Worker(worker_id=worker_id or get_random_string(32), interval=max(interval, 0.05),
                        sweep=not no_sweep, queue_names=queue_name.split(","), once=once)
        worker.configure_signals()
        worker.run()

"""`dondoc worker`: one process for the daily sweep, the e-mail outbox and the django-tasks queue.

The queue is django_tasks_db's: tasks are claimed with its own primitives and run by its Worker's
`run_task`, so PDF rendering and any other `@task` function behave as under `db_worker`.
SIGTERM/SIGINT: the current item (an e-mail or a task) is finished, then the process exits with 0;
a second signal aborts at once (the e-mail's lease or the task's state tells the next worker).
"""

import logging
import signal
import sys
import time

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import conf
from .delivery import deliveries_process, notification_emails_enqueue
from .models import SweepRun
from .sweep import sweep_run

logger = logging.getLogger(__name__)
SWEEP_RETRY_SECONDS = 300


class Worker(TaskWorker):
    def __init__(self, *, worker_id: str, interval: float = 1.0, sweep: bool = True, queue_names=("default",),
                 backend_name: str = "default", once: bool = False):
        super().__init__(queue_names=list(queue_names), interval=interval, batch=once, backend_name=backend_name,
                         startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
        self.sweep = sweep
        self.sweep_failed_at = 0.0

    def shutdown(self, signum, frame) -> None:
        if not self.running:
            logger.warning("second %s: stopping now", signal.strsignal(signum))
            self.reset_signals()
            sys.exit(1)
        logger.warning("%s: finishing the current item, then stopping", signal.strsignal(signum))
        self.running = False

    def keep_going(self) -> bool:
        return self.running

    def sweep_due(self) -> bool:
        now = timezone.localtime()
        # After a failure, wait before trying again rather than spinning on a broken sweep.
        if time.monotonic() - self.sweep_failed_at < SWEEP_RETRY_SECONDS:
            return False
        return (self.sweep and now.hour >= conf.sweep_hour()
                and not SweepRun.objects.filter(day=now.date(), finished_at__isnull=False).exists())

    def run_one_task(self) -> bool:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return False
            raise
        if task_result is None:
            return False
        self.run_task(task_result)
        return True

    def step(self) -> bool:
        """One round: the sweep when due, some e-mails, one queued task. True if anything was done."""
        close_old_connections()
        worked = False
        if self.sweep_due():
            try:
                result = sweep_run()
            except Exception:
                # The sweep is one transaction: a failure leaves nothing half-written; it is tried again later.
                logger.exception("sweep failed")
                self.sweep_failed_at = time.monotonic()
            else:
                logger.info("sweep %s: %d reminders, %d digests", result.day, result.reminders, result.digests)
                worked = True
        if self.running:
            worked |= notification_emails_enqueue() > 0
        if self.running:
            worked |= deliveries_process(worker=self.worker_id, limit=50, keep_going=self.keep_going) > 0
        if self.running:
            worked |= self.run_one_task()
        close_old_connections()
        return worked

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        while self.running:
            worked = self.step()
            if self.batch and not worked:
                return
            if not worked:
                # Sleep in small steps so that a signal is answered promptly.
                deadline = time.monotonic() + self.interval
                while self.running and time.monotonic() < deadline:
                    time.sleep(min(0.1, self.interval))
        logger.info("worker %s stopped", self.worker_id)

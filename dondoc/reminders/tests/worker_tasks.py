"""A django-tasks task the worker tests enqueue (imported by the worker subprocess by its dotted path)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, seconds: float = 0.0) -> str:
    time.sleep(seconds)
    Path(path).write_text("done", encoding="utf-8")
    return path

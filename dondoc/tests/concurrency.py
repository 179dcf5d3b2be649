"""Run the same work in several threads at once, each on its own database connection."""

import threading
from collections.abc import Callable


def at_once(work: Callable[[], object], times: int) -> tuple[list, list[Exception]]:
    """Start `times` threads that wait for each other and then call `work`; returns (results, errors)."""
    from django.db import connection

    start = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors

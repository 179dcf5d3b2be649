"""The not-done list of one task at federation scale as Excel and as CSV, against a floor measured in the same
run: the query alone (the rows read, as the export reads them) + writing the same rows with openpyxl alone
in write-only (streaming) mode.

    DATABASE_URL=sqlite:///$PWD/var/scale.sqlite3 .venv/bin/python bench/export.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dondoc_scale .venv/bin/python bench/export.py

Needs the scale data set (`dondoc demo-scale`, or bench/dashboard.py builds it). Goal: export <= 2 x floor.
Also prints the peak memory the Excel export added (tracemalloc), which stays flat in streaming mode.
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'scale.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from dondoc.accounts.models import User  # noqa: E402
from dondoc.directives.services import document_find  # noqa: E402
from dondoc.monitoring import queries, scale  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--task", default="6")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    document = document_find(scale.NUMBER)
    if document is None:
        sys.exit("No scale data in this database: run `dondoc demo-scale` (or bench/dashboard.py) first.")
    task = document.tasks.get(ref=args.task)
    day = scale.AS_OF
    monitor, _ = User.objects.get_or_create(username="bench-monitor", defaults={"role": "monitor"})
    client = Client()
    client.force_login(monitor)
    url = f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/excel/?ngay={day:%d/%m/%Y}"
    csv_url = f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/csv/?ngay={day:%d/%m/%Y}"

    def query() -> list:
        return list(queries.not_done_rows(queries.not_done(task, day), day))

    def library(rows: list) -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("x")
        for row in rows:
            sheet.append(row)
        book.save(io.BytesIO())

    def export() -> int:
        response = client.get(url)
        assert response.status_code == 200
        return len(response.content)

    def export_csv() -> int:
        response = client.get(csv_url)
        assert response.status_code == 200
        return sum(len(chunk) for chunk in response.streaming_content)

    rows = query()
    print(f"not-done list of task {task.ref} as of {day:%d/%m/%Y}: {len(rows):,} rows; {args.runs} runs each; "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    times: dict[str, list[float]] = {"export": [], "csv": [], "query": [], "library": []}
    for _ in range(args.runs):
        for name, fn in (("export", export), ("csv", export_csv), ("query", query),
                         ("library", lambda: library(rows))):
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    med = {name: statistics.median(values) for name, values in times.items()}
    floor = med["query"] + med["library"]
    for name in ("export", "csv"):
        ratio = med[name] / floor
        print(f"{'Excel' if name == 'export' else 'CSV':<6} export {med[name]:8.0f} ms | floor {floor:8.0f} ms "
              f"(query {med['query']:.0f} + openpyxl write-only alone {med['library']:.0f}) | ratio {ratio:4.2f} "
              f"(goal <= 2): {'met' if ratio <= 2 else 'NOT met'}")
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory during one Excel export: {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()

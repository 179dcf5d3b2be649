"""Benchmark: the progress report of the demo (83 direct units) against a floor measured in the same run.

    .venv/bin/python bench/paperwork.py [--reps N]

Loads the demo into a throw-away SQLite database, then times
- generation: statistics queries + composition from the template + the formatted DOCX (as `dondoc report`),
- floor: the same tables (same rows and cells) written with bare python-docx, no formatting, no queries.
Prints the medians and their ratio (goal ≤ 2×). No assertions.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="dondoc-bench-paperwork-")
    os.environ["DONDOC_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    import datetime as dt

    import docx
    from django.core.management import call_command

    from dondoc.core.demo import load_demo
    from dondoc.directives.services import document_find
    from dondoc.paperwork import compose, docx_form, services

    call_command("migrate", verbosity=0)
    load_demo()
    program = document_find("02/CTr-BCH")
    day = dt.date(2021, 11, 9)
    template = services.template_get("report")

    def generate() -> bytes:
        return docx_form.render(compose.report_form(template, program, day, number="1/BC-TLĐ", date=day))

    form = compose.report_form(template, program, day, number="1/BC-TLĐ", date=day)
    tables = [b for b in form.body if isinstance(b, docx_form.Table)]
    rows = sum(len(t.rows) for t in tables)

    def floor() -> bytes:
        document = docx.Document()
        for block in tables:
            table = document.add_table(rows=1, cols=len(block.headers))
            for cell, value in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = value
            for values in block.rows:
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = value
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    generate(), floor()  # warm-up: imports, template cache, SQLite pages
    gen_ms = median_ms(generate, args.reps)
    floor_ms = median_ms(floor, args.reps)
    compose_ms = median_ms(lambda: compose.report_form(template, program, day, number="1/BC-TLĐ", date=day),
                           args.reps)
    size = len(generate())
    print(f"report 02/CTr-BCH as of {day:%d/%m/%Y}: {len(tables)} tables, {rows} rows, {size / 1024:.0f} KiB DOCX")
    print(f"generation (queries + composition + formatted DOCX): {gen_ms:8.1f} ms  (median of {args.reps})")
    print(f"  of which queries + composition:                    {compose_ms:8.1f} ms")
    print(f"floor (same tables, bare python-docx):               {floor_ms:8.1f} ms")
    print(f"ratio generation / floor:                            {gen_ms / floor_ms:8.2f}x  (goal <= 2x)")


if __name__ == "__main__":
    main()

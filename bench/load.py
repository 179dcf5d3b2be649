"""Mixed read/write load on a running dondoc, next to the framework's ceiling measured in the same run.

Start the app first (gunicorn through `dondoc serve`), with the demo data and a throttle high enough
for a load test, then run this script with the same environment (it makes its API keys in the database
and deletes them at the end):

    DONDOC_VAR_DIR=/tmp/dondoc-bench .venv/bin/dondoc demo --if-empty
    DONDOC_VAR_DIR=/tmp/dondoc-bench API_THROTTLE_USER=1000000/min .venv/bin/dondoc serve --port 8450 &
    DONDOC_VAR_DIR=/tmp/dondoc-bench .venv/bin/python bench/load.py --url http://127.0.0.1:8450

Prints requests/s, p50/p95/p99 latency and errors for GET /healthz (no database: the ceiling) and for
the mixed load (API reads of assignments with status as of a date, program statistics, documents, units,
my assignments; ~10% writes: submissions of an officer), and the ratio mixed/ceiling (goal ≥ 25%).
Bounded: --requests per phase and --max-seconds per phase; only 127.0.0.1 / localhost.

At federation scale, compare with the same mix on the demo data (goal: ≥ 50% of its requests/s): run it
on a server with the demo data first with `--save demo.json`, then on the scale data (`dondoc demo` then
`dondoc demo-scale --grassroots 130000` in another database) with `--baseline demo.json`.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()


def prepare() -> dict:
    """API keys for the demo monitor and an officer, and ids to query; removed again by cleanup()."""
    from dondoc.accounts.models import User
    from dondoc.accounts.services import api_token_create
    from dondoc.directives.models import Assignment, Document

    monitor, officer = User.objects.get(username="theodoi"), User.objects.get(username="hanoi")
    program = Document.objects.filter(is_program=True).order_by("date").first()
    assignments = list(Assignment.objects.filter(unit=officer.unit, task__withdrawn=False,
                                                 active_to__isnull=True).values_list("id", flat=True))
    if program is None or not assignments:
        sys.exit("Chưa có dữ liệu demo: chạy `dondoc demo` trước.")
    tokens = [api_token_create(user=u, name="bench/load.py") for u in (monitor, officer)]
    return {"monitor": tokens[0][1], "officer": tokens[1][1], "program": program.pk, "assignments": assignments,
            "unit": officer.unit_id, "token_ids": [t.pk for t, _ in tokens]}


def cleanup(ctx: dict) -> None:
    from dondoc.accounts.models import ApiToken

    ApiToken.objects.filter(pk__in=ctx["token_ids"]).delete()


def mixed_requests(ctx: dict, rng: random.Random):
    """One request of the mixed load: (method, path, body, token)."""
    m, o = ctx["monitor"], ctx["officer"]
    roll = rng.random()
    if roll < 0.10:
        body = json.dumps({"kind": "periodic_report", "text": f"Báo cáo tiến độ (tải thử {rng.random():.6f})"})
        return "POST", f"/api/assignments/{rng.choice(ctx['assignments'])}/submissions/", body, o
    reads = [
        "/api/assignments/?ngay=09/11/2021&status=overdue&page_size=50",
        f"/api/programs/{ctx['program']}/stats/?ngay=2021-11-09",
        "/api/documents/?q=chuong+trinh",
        "/api/units/?q=ha+noi",
        f"/api/assignments/?unit={ctx['unit']}&as_of=2021-12-15",
        "/api/submissions/?state=pending&page_size=20",
    ]
    path = reads[int(roll * 100) % len(reads)]
    return "GET", path, None, (m if "stats" in path or "submissions" in path else rng.choice([m, o]))


class Worker(threading.local):
    conn: http.client.HTTPConnection | None = None


def run_phase(url: str, make, total: int, concurrency: int, max_seconds: float) -> dict:
    parsed = urllib.parse.urlsplit(url)
    local = Worker()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def one(i: int) -> None:
        if time.monotonic() > deadline:
            return
        method, path, body, token = make(i)
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        try:
            if local.conn is None:
                local.conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=30)
            local.conn.request(method, path, body=body.encode() if body else None, headers=headers)
            response = local.conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                local.conn.close()
                local.conn = None
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            local.conn = None
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            if not (isinstance(status, int) and status < 400):
                key = f"{method} {path.split('?')[0]} → {status}"
                errors[key] = errors.get(key, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(total)))
    wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "seconds": wall, "rps": len(latencies) / wall if wall else 0.0,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "errors": sum(errors.values()), "error_kinds": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8450")
    parser.add_argument("--requests", type=int, default=2000, help="requests per phase")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time bound per phase")
    parser.add_argument("--seed", type=int, default=462)
    parser.add_argument("--save", default="", help="write this run's figures to a JSON file")
    parser.add_argument("--baseline", default="", help="a JSON file of --save (the demo data): print the ratio")
    args = parser.parse_args()
    base = None
    if args.baseline:  # read before the run, so that a wrong file costs no run
        try:
            with open(args.baseline, encoding="utf-8") as handle:
                base = json.load(handle)
            float(base["mixed"]["rps"]), float(base["ceiling"]["rps"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            sys.exit(f"Không đọc được tệp số liệu gốc {args.baseline} (tạo bằng --save): {exc}")
    host = urllib.parse.urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost"):
        sys.exit("Chỉ chạy tải thử trên máy này (127.0.0.1).")
    setup_django()
    ctx = prepare()
    try:
        ceiling = run_phase(args.url, lambda i: ("GET", "/healthz", None, None), args.requests,
                            args.concurrency, args.max_seconds)
        rngs = threading.local()

        def make(i: int):
            if not hasattr(rngs, "rng"):
                rngs.rng = random.Random(args.seed + threading.get_ident())
            return mixed_requests(ctx, rngs.rng)

        mixed = run_phase(args.url, make, args.requests, args.concurrency, args.max_seconds)
    finally:
        cleanup(ctx)
    print(f"{'phase':<24}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in (("trivial GET /healthz", ceiling), ("mixed read/write", mixed)):
        print(f"{name:<24}{r['requests']:>9}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
              f"{r['errors']:>8}")
    ratio = mixed["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
    print(f"mixed / ceiling = {ratio:.1%} (goal ≥ 25%): {'met' if ratio >= 0.25 else 'NOT met'}, "
          f"concurrency {args.concurrency}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if base is not None:
        share = mixed["rps"] / base["mixed"]["rps"] if base["mixed"]["rps"] else 0.0
        print(f"mixed here / mixed on the baseline ({base['mixed']['rps']:.1f} req/s, ceiling "
              f"{base['ceiling']['rps']:.1f}) = {share:.1%} (goal ≥ 50%): {'met' if share >= 0.5 else 'NOT met'}")
    if args.save:
        with open(args.save, "w", encoding="utf-8") as handle:
            json.dump({"ceiling": ceiling, "mixed": mixed, "url": args.url}, handle, indent=1)
    for phase in (ceiling, mixed):
        for kind, count in phase["error_kinds"].items():
            print(f"  error: {kind} × {count}")


if __name__ == "__main__":
    main()
